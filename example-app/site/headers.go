package site

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// baseCSP is the policy the sign-on page is written for: scripts only from this origin (no
// inline script or style anywhere), and WebAssembly compilation allowed.
const baseCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"

// imgSrc lets images come from this origin and from data: URLs, the form DaVinci sends QR codes
// (and often images) in. data: images cannot run script; remote image hosts stay blocked.
const imgSrc = "img-src 'self' data:"

// contentSecurityPolicy extends baseCSP for this deployment: data: images (DaVinci QR codes),
// connections to the authorization server when it is on another origin, and no framing (a
// sign-on page must not be clickjacked).
func contentSecurityPolicy(public *url.URL, authPath string) (string, error) {
	auth, err := url.Parse(authPath)
	if err != nil || auth.Scheme == "" || auth.Host == "" {
		return "", fmt.Errorf("site: AuthPath %q is not an absolute URL", authPath)
	}
	parts := []string{baseCSP, imgSrc}
	if authOrigin := auth.Scheme + "://" + auth.Host; !strings.EqualFold(authOrigin, public.Scheme+"://"+public.Host) {
		parts = append(parts, "connect-src 'self' "+authOrigin)
	}
	parts = append(parts, "base-uri 'self'", "frame-ancestors 'none'")
	return strings.Join(parts, "; "), nil
}

// securityHeaders are set on every HTML page.
func securityHeaders(h http.Header, csp string) {
	h.Set("Content-Security-Policy", csp)
	// The page's address carries the flow id; it must not leak to other sites.
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
}

// inlineScript is an inline <script> without attributes (a src, a type) and its text.
var inlineScript = regexp.MustCompile(`<script>([^<]*)</script>`)

// inlineScripts are the texts of a page's inline scripts.
func inlineScripts(html []byte) [][]byte {
	var out [][]byte
	for _, m := range inlineScript.FindAllSubmatch(html, -1) {
		out = append(out, m[1])
	}
	return out
}

// withScriptHashes allows the given inline scripts in csp's script-src, each by its SHA-256
// ('sha256-<base64>'): those and no others run.
func withScriptHashes(csp string, scripts [][]byte) string {
	if len(scripts) == 0 {
		return csp
	}
	hashes := make([]string, len(scripts))
	for i, sc := range scripts {
		sum := sha256.Sum256(sc)
		hashes[i] = "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	return strings.Replace(csp, baseCSP, baseCSP+" "+strings.Join(hashes, " "), 1)
}
