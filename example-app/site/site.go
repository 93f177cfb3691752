// Package site serves pingflow's demo: the demo single-page app, the web/ sign-on page, the
// bridge and its WebAssembly module, each with the headers a real deployment would use
// (Content-Security-Policy on pages, compression and ETags on everything, a long cache for the
// content-addressed module). A file's precompressed siblings (<file>.br, <file>.gz, as make wasm
// writes for the module) are served as they are when they are not older than the file; other
// forms are compressed on first use. It sits beside the emulator in example-app, or in front of a real
// PingOne environment.
package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Config says where the files are and which environment and application the pages sign on to.
type Config struct {
	// Root is the directory that holds web/ and bridge/ (the repository root).
	Root string
	// PublicURL is scheme://host[:port] as browsers reach this server; the redirect URI is
	// PublicURL + "/callback" and the post-logout URI PublicURL + "/".
	PublicURL string
	// AuthPath is the authorization server: the emulator's base URL or https://auth.pingone.com.
	AuthPath string
	EnvID    string
	ClientID string
	// DaVinciClientID is an application with a DaVinci flow policy, for the demo's "Sign in with
	// DaVinci"; empty when there is none.
	DaVinciClientID string
	// Scope defaults to "openid profile email".
	Scope string
	// InboxURL is the emulator's inbox page, linked from the pages; empty for a real environment.
	InboxURL string
	// Canonical sends requests that name another host (127.0.0.1 for localhost, say) to
	// PublicURL's host: the emulator's session cookie belongs to one spelling only.
	Canonical bool
	// Sources serves the sign-on page's unbundled sources (web/index.html, web/js/, the bridge's
	// src/) even when the bundled page (web/dist/page/, make page) is there: for development.
	Sources bool
}

// Site is the demo's HTTP handler.
type Site struct {
	cfg    Config
	public *url.URL
	csp    string
	assets *assetCache
	spa    *embeddedFiles
	mux    *http.ServeMux
}

// wasmPath is the engine module inside Root.
var wasmPath = filepath.Join("bridge", "pingflow.wasm")

// New checks cfg, reads the module and the brotli-11 and gzip -9 files make wasm writes beside it
// (compressing nothing: a form without a fresh file is compressed when first asked for) and
// returns the handler. A missing module is not an error here: the pages say how to build it.
func New(cfg Config) (*Site, error) {
	if cfg.Scope == "" {
		cfg.Scope = "openid profile email"
	}
	public, err := url.Parse(strings.TrimSuffix(cfg.PublicURL, "/"))
	if err != nil || public.Scheme == "" || public.Host == "" {
		return nil, fmt.Errorf("site: PublicURL %q is not scheme://host[:port]", cfg.PublicURL)
	}
	for name, v := range map[string]string{"AuthPath": cfg.AuthPath, "EnvID": cfg.EnvID, "ClientID": cfg.ClientID} {
		if v == "" {
			return nil, fmt.Errorf("site: %s is required", name)
		}
	}
	if st, err := os.Stat(filepath.Join(cfg.Root, "web", "index.html")); err != nil || st.IsDir() {
		return nil, fmt.Errorf("site: %s does not hold web/index.html (set Root to the repository root)", cfg.Root)
	}
	cfg.PublicURL = public.String()
	csp, err := contentSecurityPolicy(public, cfg.AuthPath)
	if err != nil {
		return nil, err
	}
	s := &Site{cfg: cfg, public: public, csp: csp, assets: newAssetCache(), spa: newEmbeddedFiles()}
	if _, err := s.assets.get(filepath.Join(cfg.Root, wasmPath)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("site: reading the module: %w", err)
	}
	s.routes()
	return s, nil
}

// ModuleURL is the module's content-addressed path, or "" when it has not been built.
func (s *Site) ModuleURL() string {
	a, err := s.assets.get(filepath.Join(s.cfg.Root, wasmPath))
	if err != nil {
		return ""
	}
	return "/bridge/pingflow." + a.hash[:16] + ".wasm"
}

func (s *Site) routes() {
	m := http.NewServeMux()
	for _, p := range []string{"/{$}", "/profile", "/callback"} {
		m.HandleFunc("GET "+p, s.page(s.spaIndex))
	}
	m.HandleFunc("GET /app/{file}", s.spaFile)
	m.HandleFunc("GET /config.json", s.configJSON)
	m.HandleFunc("GET /signon/config.json", s.configJSON)
	m.HandleFunc("GET /signon/{$}", s.page(s.signonIndex))
	m.HandleFunc("GET /signon", func(w http.ResponseWriter, r *http.Request) {
		target := "/signon/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
	})
	m.HandleFunc("GET /signon/{path...}", s.signonFile)
	m.HandleFunc("GET /bridge/{path...}", s.bridgeFile)
	m.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		s.serveFile(w, r, filepath.Join("web", "favicon.svg"), cacheRevalidate)
	})
	s.mux = m
}

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Canonical && !strings.EqualFold(r.Host, s.public.Host) && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		u := *s.public
		u.Path, u.RawQuery = r.URL.Path, r.URL.RawQuery
		http.Redirect(w, r, u.String(), http.StatusTemporaryRedirect)
		return
	}
	s.mux.ServeHTTP(w, r)
}

const (
	cacheRevalidate = "no-cache"                            // use the copy after a 304
	cacheImmutable  = "public, max-age=31536000, immutable" // content-addressed
)

// page wraps an HTML handler with the security headers every page gets.
func (s *Site) page(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w.Header(), s.csp)
		// Every page signs on: the browser starts fetching the module with the page, while the
		// page's own modules, config.json and the bridge load, instead of after all of them.
		// The bridge fetches the same URL (config.json's wasmUrl) in cors mode without
		// credentials beyond same-origin, which is what `crossorigin` on the preload matches.
		if u := s.ModuleURL(); u != "" {
			w.Header().Add("Link", "<"+u+`>; rel=preload; as=fetch; type="application/wasm"; crossorigin`)
		}
		h(w, r)
	}
}

// builtPage is the bundled sign-on page inside Root, as web/scripts/build-page.mjs writes it
// (make page): index.html and files named by their content.
var builtPage = filepath.Join("web", "dist", "page")

// signonIndex serves the bundled page when there is one built for the module being served, else
// (no build, a build for another module, or Sources) the source page.
func (s *Site) signonIndex(w http.ResponseWriter, r *http.Request) {
	if a, ok := s.builtIndex(); ok {
		// Its one inline script (the module's early compile) is allowed by its hash.
		w.Header().Set("Content-Security-Policy", withScriptHashes(s.csp, inlineScripts(a.raw)))
		serveAsset(w, r, a, cacheRevalidate)
		return
	}
	s.serveFile(w, r, filepath.Join("web", "index.html"), cacheRevalidate)
}

// builtIndex is the bundled page's index.html, unless Sources is set, it has not been built, it
// preloads another module than the one served (the module was rebuilt since: its old name
// would not be found), or a source it bundles was edited after it was built.
func (s *Site) builtIndex() (*asset, bool) {
	if s.cfg.Sources {
		return nil, false
	}
	a, err := s.assets.get(filepath.Join(s.cfg.Root, builtPage, "index.html"))
	if err != nil {
		return nil, false
	}
	u := s.ModuleURL()
	if u == "" || !bytes.Contains(a.raw, []byte("/"+path.Base(u)+`"`)) {
		return nil, false
	}
	if s.sourcesNewerThan(filepath.Join(s.cfg.Root, builtPage, "index.html")) {
		return nil, false
	}
	return a, true
}

// bundledSources are what make page bundles, inside Root: a file or folder newer than the built
// page means the sources were edited since (the page would be stale; they are served instead
// until the next make page).
var bundledSources = []string{
	filepath.Join("web", "index.html"), filepath.Join("web", "page.css"), filepath.Join("web", "signon.css"),
	filepath.Join("web", "js"), filepath.Join("bridge", "pingflow.js"), filepath.Join("bridge", "assets.js"),
	filepath.Join("bridge", "src"),
}

// sourcesNewerThan reports whether any of bundledSources changed after the file built.
func (s *Site) sourcesNewerThan(built string) bool {
	st, err := os.Stat(built)
	if err != nil {
		return true
	}
	newer := false
	for _, src := range bundledSources {
		filepath.WalkDir(filepath.Join(s.cfg.Root, src), func(_ string, d fs.DirEntry, err error) error {
			if err != nil || newer {
				return filepath.SkipAll
			}
			if info, err := d.Info(); err == nil && !d.IsDir() && info.ModTime().After(st.ModTime()) {
				newer = true
			}
			return nil
		})
	}
	return newer
}

// signonFile serves /signon/<name>: the page (index.html), a content-named file of the bundled
// page, cached for a year, or else one of web/'s files.
func (s *Site) signonFile(w http.ResponseWriter, r *http.Request) {
	rel := r.PathValue("path")
	if rel == "index.html" {
		s.page(s.signonIndex)(w, r)
		return
	}
	if !s.cfg.Sources && !strings.Contains(rel, "/") {
		if name, ok := cleanRel(rel); ok && webTypes[strings.ToLower(path.Ext(name))] {
			if a, err := s.assets.get(filepath.Join(s.cfg.Root, builtPage, name)); err == nil {
				serveAsset(w, r, a, cacheImmutable)
				return
			}
		}
	}
	s.dir("web", webFile)(w, r)
}

// dir serves files under Root/sub that allow accepts.
func (s *Site) dir(sub string, allow func(string) bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, ok := cleanRel(r.PathValue("path"))
		if !ok || !allow(rel) {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(rel, ".html") {
			securityHeaders(w.Header(), s.csp)
		}
		s.serveFile(w, r, filepath.Join(sub, filepath.FromSlash(rel)), cacheRevalidate)
	}
}

// bridgeFile serves the bridge's modules and the engine, the engine also under its
// content-addressed name with a year-long cache.
func (s *Site) bridgeFile(w http.ResponseWriter, r *http.Request) {
	rel, ok := cleanRel(r.PathValue("path"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	if strings.HasPrefix(rel, "pingflow.") && strings.HasSuffix(rel, ".wasm") && rel != "pingflow.wasm" {
		a, err := s.assets.get(filepath.Join(s.cfg.Root, wasmPath))
		if err != nil || rel != "pingflow."+a.hash[:16]+".wasm" {
			http.NotFound(w, r) // an old build's name: better a miss than a year of the wrong bytes
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", "*")
		serveAsset(w, r, a, cacheImmutable)
		return
	}
	if !bridgeFileAllowed(rel) {
		http.NotFound(w, r)
		return
	}
	s.serveFile(w, r, filepath.Join("bridge", filepath.FromSlash(rel)), cacheRevalidate)
}

func (s *Site) serveFile(w http.ResponseWriter, r *http.Request, rel string, cacheControl string) {
	a, err := s.assets.get(filepath.Join(s.cfg.Root, rel))
	if err != nil {
		if rel == wasmPath {
			http.Error(w, "the pingflow module is not built yet: run `make wasm`", http.StatusNotFound)
			return
		}
		http.NotFound(w, r)
		return
	}
	serveAsset(w, r, a, cacheControl)
}

// cleanRel checks a URL path below a mounted directory: no "..", no hidden files, no
// backslashes. It returns the cleaned slash-separated relative path.
func cleanRel(p string) (string, bool) {
	if p == "" || strings.Contains(p, "\\") || strings.Contains(p, "\x00") {
		return "", false
	}
	clean := path.Clean("/" + p)[1:]
	if clean == "" || clean != p {
		return "", false
	}
	for _, seg := range strings.Split(clean, "/") {
		if seg == ".." || strings.HasPrefix(seg, ".") || seg == "node_modules" {
			return "", false
		}
	}
	return clean, true
}

var webTypes = map[string]bool{".html": true, ".js": true, ".css": true, ".svg": true, ".png": true}

// webFile allows the sign-on page's own files (not its tests or notes).
func webFile(rel string) bool {
	if strings.HasPrefix(rel, "test/") {
		return false
	}
	return webTypes[strings.ToLower(path.Ext(rel))]
}

// bridgeFileAllowed allows what a page loads from the bridge: its modules (the browser entry,
// assets.js, src/, the one-file pingflow.min.js), Go's wasm_exec.js and the module itself —
// not the Node entry, tests or scripts.
func bridgeFileAllowed(rel string) bool {
	switch rel {
	case "pingflow.js", "pingflow.min.js", "assets.js", "pingflow.d.ts", "wasm_exec.js", "pingflow.wasm":
		return true
	}
	return strings.HasPrefix(rel, "src/") && strings.HasSuffix(rel, ".js")
}
