package site

import (
	"net/http"
	"strconv"
	"strings"
)

// negotiate picks the encoding to send from Accept-Encoding (RFC 9110 §12.5.3): brotli, then
// gzip, then identity, among those the client accepts with a non-zero weight and this asset has.
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
	best, bestQ := "", 0.0
	for _, enc := range []string{"br", "gzip"} {
		if a.body(enc) == nil {
			continue
		}
		if q := weight(enc); q > bestQ {
			best, bestQ = enc, q
		}
	}
	return best
}

// serveAsset writes a with the negotiated encoding, its ETag and cacheControl, answering
// If-None-Match with 304.
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
