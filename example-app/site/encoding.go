package site

import (
	"net/http"
	"strconv"
	"strings"
)

// negotiate picks the encoding to send from Accept-Encoding (RFC 9110 §12.5.3): of brotli and
// gzip, those the client accepts with a non-zero weight, the heavier first (brotli on a tie), the
// first this asset has; else identity. Only the form chosen is compressed, if it is made on demand.
func negotiate(header string, a *asset) string {
	accepted := map[string]float64{}
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		accepted[name] = q
	}
	weight := func(enc string) float64 {
		if q, ok := accepted[enc]; ok {
			return q
		}
		if q, ok := accepted["*"]; ok {
			return q
		}
		return 0
	}
	order := []string{"br", "gzip"}
	if weight("gzip") > weight("br") {
		order = []string{"gzip", "br"}
	}
	for _, enc := range order {
		if weight(enc) > 0 && a.body(enc) != nil {
			return enc
		}
	}
	return ""
}

// serveAsset writes a with the negotiated encoding, its ETag and cacheControl, answering
// If-None-Match with 304 and HEAD with the headers alone. Range is ignored, as RFC 9110 §14.2
// allows: the answer is a 200 with the whole representation and no Accept-Ranges is sent, so a
// client never asks for a range of compressed bytes it would take for a range of the file.
func serveAsset(w http.ResponseWriter, r *http.Request, a *asset, cacheControl string) {
	enc := negotiate(r.Header.Get("Accept-Encoding"), a)
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", cacheControl)
	h.Add("Vary", "Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	etag := a.etag(enc)
	h.Set("ETag", etag)
	if enc != "" {
		h.Set("Content-Encoding", enc)
	}
	if matchesETag(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.body(enc)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// matchesETag implements If-None-Match's weak comparison over a list (RFC 9110 §13.1.2).
func matchesETag(header, etag string) bool {
	if header == "" {
		return false
	}
	if strings.TrimSpace(header) == "*" {
		return true
	}
	for _, candidate := range strings.Split(header, ",") {
		if strings.TrimPrefix(strings.TrimSpace(candidate), "W/") == etag {
			return true
		}
	}
	return false
}
