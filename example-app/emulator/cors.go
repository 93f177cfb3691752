package emulator

import (
	"net/http"
	"strings"
)

// allowOrigin reports whether a cross-origin caller at origin may read the response to r.
type allowOrigin func(r *http.Request, origin string) bool

// anyOrigin is the rule for endpoints authenticated by a token or by nothing secret (token,
// revoke, introspect, userinfo, jwks, discovery): PingOne trusts every origin there. The
// origin is still reflected rather than answered with "*", so credentialed fetches work too.
func anyOrigin(*http.Request, string) bool { return true }

// appOrigins is the rule for the endpoints that read the ST session cookie (authorize, flows,
// resume, signoff): only the origins in the concerned application's corsSettings may read
// them. When the request names no known application (an unknown flow, say) the origins of
// every application in the environment apply, so a legitimate page can still read the error.
func (s *Server) appOrigins(appOf func(*http.Request) *Application) allowOrigin {
	return func(r *http.Request, origin string) bool {
		if app := appOf(r); app != nil {
			return originAllowed(app.CORSSettings, origin)
		}
		for _, app := range s.apps {
			if originAllowed(app.CORSSettings, origin) {
				return true
			}
		}
		return false
	}
}

func originAllowed(c CORSSettings, origin string) bool {
	if c.Behavior != CORSAllowSpecific {
		return false
	}
	for _, pattern := range c.Origins {
		if matchOrigin(pattern, origin) {
			return true
		}
	}
	return false
}

// matchOrigin compares origins case-insensitively. A pattern host starting with "*." matches
// any sub-domain of the rest (but not the bare domain), as PingOne's corsSettings allow.
func matchOrigin(pattern, origin string) bool {
	pattern, origin = strings.ToLower(pattern), strings.ToLower(origin)
	if pattern == origin {
		return true
	}
	scheme, domain, wildcard := strings.Cut(pattern, "://*.")
	oscheme, ohost, ok := strings.Cut(origin, "://")
	return wildcard && ok && scheme == oscheme && strings.HasSuffix(ohost, "."+domain)
}

// withCORS answers preflights and adds the CORS response headers. A disallowed origin gets no
// Access-Control-* header at all, which is how the browser learns it is blocked (and how a
// misconfigured page fails against real PingOne too).
func (s *Server) withCORS(allow allowOrigin, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		w.Header().Add("Vary", "Origin")
		origin := r.Header.Get("Origin")
		allowed := origin != "" && allow(r, origin)
		if allowed {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
		}
		if r.Method != http.MethodOptions {
			h(w, r)
			return
		}
		w.Header().Add("Vary", "Access-Control-Request-Method, Access-Control-Request-Headers")
		if allowed && r.Header.Get("Access-Control-Request-Method") != "" {
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			if headers := r.Header.Get("Access-Control-Request-Headers"); headers != "" {
				w.Header().Set("Access-Control-Allow-Headers", headers)
			}
			w.Header().Set("Access-Control-Max-Age", "600")
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// maxBody caps request bodies; nothing the emulator accepts comes close.
const maxBody = 64 << 10

// sameSiteOnly guards the dev routes that change state (approving a push, a reset): CORS only
// keeps another site from reading the answer, not a form or a simple fetch from making the
// change. A request a browser sends from another origin is refused unless that origin is the
// emulator's own or one the applications allow; requests with neither Origin nor
// Sec-Fetch-Site (tests, curl, the bridge in Node) are not a browser's and pass.
func sameSiteOnly(allow allowOrigin, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		origin, site := r.Header.Get("Origin"), r.Header.Get("Sec-Fetch-Site")
		own := origin == "http://"+r.Host || origin == "https://"+r.Host
		switch {
		case r.Method == http.MethodOptions, site == "same-origin", site == "none",
			origin == "" && site == "", own, origin != "" && allow(r, origin):
			h(w, r)
		default:
			from := origin
			if from == "" {
				from = "another site"
			}
			writeAPIError(w, &apiError{status: http.StatusForbidden, Code: "ACCESS_FAILED",
				Message: "The emulator's dev routes refuse requests from " + from + "; call them from the emulator's own pages, an application origin it allows (-app-origin), or outside a browser."})
		}
	}
}
