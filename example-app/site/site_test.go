package site

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixture lays out a minimal repository: web/, bridge/ with a fake module.
func fixture(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	write("web/index.html", "<!doctype html><title>Sign on</title>"+strings.Repeat("<!-- padding -->", 40))
	write("web/js/element.js", "export const x = 1;\n"+strings.Repeat("// padding\n", 60))
	write("web/signon.css", "body{}")
	write("web/favicon.svg", "<svg/>")
	write("web/README.md", "# notes")
	write("web/test/unit.test.js", "test")
	write("bridge/pingflow.js", "export {};")
	write("bridge/assets.js", "export {};")
	write("bridge/pingflow.node.js", "export {};")
	write("bridge/scripts/prepack.mjs", "no")
	write("bridge/src/client.js", "export {};")
	write("bridge/test/secret.test.js", "no")
	write("bridge/package.json", "{}")
	write("bridge/pingflow.wasm", "\x00asm"+strings.Repeat("module bytes ", 5000))
	return root
}

func newSite(t *testing.T, root string, mutate ...func(*Config)) *Site {
	t.Helper()
	cfg := Config{Root: root, PublicURL: "http://localhost:8080", AuthPath: "http://localhost:8080",
		EnvID: "281f15cd-3029-4413-abb8-280c92062e95", ClientID: "client", InboxURL: "http://localhost:8080/_emulator/"}
	for _, m := range mutate {
		m(&cfg)
	}
	s, err := New(cfg)
	require.NoError(t, err)
	return s
}

func get(t *testing.T, h http.Handler, path string, headers ...string) *http.Response {
	t.Helper()
	return do(t, h, http.MethodGet, path, headers...)
}

func do(t *testing.T, h http.Handler, method, path string, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	req.Host = "localhost:8080"
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	return b
}

func TestPagesCarryTheContentSecurityPolicy(t *testing.T) {
	s := newSite(t, fixture(t))
	for _, path := range []string{"/", "/profile", "/callback", "/signon/", "/signon/index.html"} {
		r := get(t, s, path)
		require.Equal(t, http.StatusOK, r.StatusCode, path)
		csp := r.Header.Get("Content-Security-Policy")
		assert.True(t, strings.HasPrefix(csp, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"), "%s: %s", path, csp)
		assert.Contains(t, csp, "frame-ancestors 'none'")
		assert.Contains(t, csp, "; img-src 'self' data:;", "DaVinci QR codes arrive as data: URLs")
		assert.NotContains(t, csp, "https:", "no remote image or script host")
		assert.NotContains(t, csp, "connect-src", "the emulator is same-origin")
		assert.Equal(t, "no-referrer", r.Header.Get("Referrer-Policy"), path)
		assert.Equal(t, "text/html; charset=utf-8", r.Header.Get("Content-Type"), path)
	}
}

func TestARealEnvironmentIsAllowedInConnectSrc(t *testing.T) {
	s := newSite(t, fixture(t), func(c *Config) { c.AuthPath = "https://auth.pingone.eu" })
	csp := get(t, s, "/signon/").Header.Get("Content-Security-Policy")
	assert.Contains(t, csp, "connect-src 'self' https://auth.pingone.eu")
}

func TestTheModuleIsCompressedAndContentAddressed(t *testing.T) {
	root := fixture(t)
	s := newSite(t, root)
	raw, err := os.ReadFile(filepath.Join(root, "bridge", "pingflow.wasm"))
	require.NoError(t, err)
	url := s.ModuleURL()
	require.Regexp(t, `^/bridge/pingflow\.[0-9a-f]{16}\.wasm$`, url)

	br := get(t, s, url, "Accept-Encoding", "gzip, deflate, br")
	require.Equal(t, http.StatusOK, br.StatusCode)
	assert.Equal(t, "application/wasm", br.Header.Get("Content-Type"))
	assert.Equal(t, "br", br.Header.Get("Content-Encoding"))
	assert.Equal(t, "public, max-age=31536000, immutable", br.Header.Get("Cache-Control"))
	assert.Contains(t, br.Header.Values("Vary"), "Accept-Encoding")
	decoded, err := io.ReadAll(brotli.NewReader(bytes.NewReader(body(t, br))))
	require.NoError(t, err)
	assert.Equal(t, raw, decoded)

	gz := get(t, s, url, "Accept-Encoding", "gzip")
	assert.Equal(t, "gzip", gz.Header.Get("Content-Encoding"))
	zr, err := gzip.NewReader(bytes.NewReader(body(t, gz)))
	require.NoError(t, err)
	decoded, err = io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, raw, decoded)
	assert.NotEqual(t, br.Header.Get("ETag"), gz.Header.Get("ETag"), "each encoding is its own representation")

	plain := get(t, s, url)
	assert.Empty(t, plain.Header.Get("Content-Encoding"))
	assert.Equal(t, raw, body(t, plain))

	notModified := get(t, s, url, "Accept-Encoding", "br", "If-None-Match", br.Header.Get("ETag"))
	assert.Equal(t, http.StatusNotModified, notModified.StatusCode)
	assert.Empty(t, body(t, notModified))

	// The plain name is revalidated rather than cached for a year.
	assert.Equal(t, "no-cache", get(t, s, "/bridge/pingflow.wasm").Header.Get("Cache-Control"))
	// Another build's name is not answered with this build's bytes.
	assert.Equal(t, http.StatusNotFound, get(t, s, "/bridge/pingflow.0123456789abcdef.wasm").StatusCode)
}

func TestARebuiltModuleGetsANewName(t *testing.T) {
	root := fixture(t)
	s := newSite(t, root)
	before := s.ModuleURL()
	wasm := filepath.Join(root, "bridge", "pingflow.wasm")
	require.NoError(t, os.WriteFile(wasm, []byte("\x00asm rebuilt"), 0o644))
	later := time.Now().Add(2 * time.Second)
	require.NoError(t, os.Chtimes(wasm, later, later))
	assert.NotEqual(t, before, s.ModuleURL())
	assert.Equal(t, http.StatusNotFound, get(t, s, before).StatusCode)
	assert.Equal(t, http.StatusOK, get(t, s, s.ModuleURL()).StatusCode)
}

func TestAcceptEncodingWeights(t *testing.T) {
	a := newAsset(bytes.Repeat([]byte("compress me "), 200), "text/javascript; charset=utf-8")
	for header, want := range map[string]string{
		"":                         "",
		"br":                       "br",
		"gzip":                     "gzip",
		"gzip, br":                 "br",
		"br;q=0.5, gzip":           "gzip",
		"br;q=0, gzip;q=0":         "",
		"*":                        "br",
		"identity":                 "",
		"deflate, GZIP;q=0.8":      "gzip",
		"br ; q=0.9 , gzip ; q=.8": "br",
	} {
		assert.Equal(t, want, negotiate(header, a), "Accept-Encoding %q", header)
	}
	tiny := newAsset([]byte("x"), "text/css")
	assert.Equal(t, "", negotiate("br, gzip", tiny), "a tiny file is sent as is")
}

func TestConfigJSONNamesTheEnvironmentAndTheModule(t *testing.T) {
	s := newSite(t, fixture(t))
	for _, path := range []string{"/config.json", "/signon/config.json"} {
		r := get(t, s, path)
		require.Equal(t, http.StatusOK, r.StatusCode)
		assert.Equal(t, "no-cache", r.Header.Get("Cache-Control"))
		var cfg map[string]string
		require.NoError(t, json.Unmarshal(body(t, r), &cfg))
		assert.Equal(t, "http://localhost:8080", cfg["authPath"])
		assert.Equal(t, "281f15cd-3029-4413-abb8-280c92062e95", cfg["envId"])
		assert.Equal(t, "client", cfg["clientId"])
		assert.Equal(t, "http://localhost:8080/callback", cfg["redirectUri"])
		assert.Equal(t, "openid profile email", cfg["scope"])
		assert.Equal(t, s.ModuleURL(), cfg["wasmUrl"])
		assert.Equal(t, "http://localhost:8080/", cfg["restartUrl"])
		assert.Equal(t, "http://localhost:8080/_emulator/", cfg["inboxUrl"])
		assert.NotContains(t, cfg, "davinciClientId", "no DaVinci application was configured")
	}
}

func TestConfigJSONNamesTheDaVinciApplicationWhenThereIsOne(t *testing.T) {
	s := newSite(t, fixture(t), func(c *Config) { c.DaVinciClientID = "davinci-client" })
	var cfg map[string]string
	require.NoError(t, json.Unmarshal(body(t, get(t, s, "/config.json")), &cfg))
	assert.Equal(t, "davinci-client", cfg["davinciClientId"])
	assert.Equal(t, "client", cfg["clientId"], "the Flows API application stays the default")
}

func TestOnlyThePagesFilesAreServed(t *testing.T) {
	s := newSite(t, fixture(t))
	for path, want := range map[string]int{
		"/signon/js/element.js":       http.StatusOK,
		"/signon/signon.css":          http.StatusOK,
		"/signon/README.md":           http.StatusNotFound,
		"/signon/test/unit.test.js":   http.StatusNotFound,
		"/signon/.git/config":         http.StatusNotFound,
		"/bridge/pingflow.js":         http.StatusOK,
		"/bridge/src/client.js":       http.StatusOK,
		"/bridge/assets.js":           http.StatusOK,
		"/bridge/pingflow.node.js":    http.StatusNotFound,
		"/bridge/scripts/prepack.mjs": http.StatusNotFound,
		"/bridge/test/secret.test.js": http.StatusNotFound,
		"/bridge/package.json":        http.StatusNotFound,
		"/app/app.js":                 http.StatusOK,
		"/app/davinci.js":             http.StatusOK,
		"/app/index.html":             http.StatusNotFound,
		"/app/missing.js":             http.StatusNotFound,
		"/favicon.ico":                http.StatusOK,
	} {
		assert.Equal(t, want, get(t, s, path).StatusCode, path)
	}
	// Dot segments are cleaned by the mux (a redirect) and the clean path is not served.
	for _, path := range []string{"/signon/../go.mod", "/signon/js/../../bridge/test/secret.test.js"} {
		r := get(t, s, path)
		require.Equal(t, http.StatusTemporaryRedirect, r.StatusCode, path)
		assert.Equal(t, http.StatusNotFound, get(t, s, r.Header.Get("Location")).StatusCode, path)
	}
	js := get(t, s, "/signon/js/element.js", "Accept-Encoding", "gzip")
	assert.Equal(t, "text/javascript; charset=utf-8", js.Header.Get("Content-Type"))
	assert.Equal(t, "gzip", js.Header.Get("Content-Encoding"))
	assert.NotEmpty(t, js.Header.Get("ETag"))
}

func TestSignonWithoutSlashKeepsTheFlowID(t *testing.T) {
	s := newSite(t, fixture(t))
	r := get(t, s, "/signon?flowId=abc-123")
	assert.Equal(t, http.StatusMovedPermanently, r.StatusCode)
	assert.Equal(t, "/signon/?flowId=abc-123", r.Header.Get("Location"))
}

func TestCanonicalHostRedirect(t *testing.T) {
	s := newSite(t, fixture(t), func(c *Config) { c.Canonical = true })
	req := httptest.NewRequest(http.MethodGet, "/signon/?flowId=f1", nil)
	req.Host = "127.0.0.1:8080"
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusTemporaryRedirect, rec.Code)
	assert.Equal(t, "http://localhost:8080/signon/?flowId=f1", rec.Header().Get("Location"))
	assert.Equal(t, http.StatusOK, get(t, s, "/signon/").StatusCode, "the canonical host is served")
}

func TestAMissingModuleSaysHowToBuildIt(t *testing.T) {
	root := fixture(t)
	require.NoError(t, os.Remove(filepath.Join(root, "bridge", "pingflow.wasm")))
	s := newSite(t, root)
	assert.Empty(t, s.ModuleURL())
	r := get(t, s, "/bridge/pingflow.wasm")
	assert.Equal(t, http.StatusNotFound, r.StatusCode)
	assert.Contains(t, string(body(t, r)), "make wasm")
}

func TestNewRefusesBadConfig(t *testing.T) {
	root := fixture(t)
	for name, mutate := range map[string]func(*Config){
		"no public url": func(c *Config) { c.PublicURL = "localhost" },
		"no client":     func(c *Config) { c.ClientID = "" },
		"bad auth path": func(c *Config) { c.AuthPath = "auth.pingone.com" },
		"wrong root":    func(c *Config) { c.Root = t.TempDir() },
	} {
		cfg := Config{Root: root, PublicURL: "http://localhost:8080", AuthPath: "http://localhost:8080", EnvID: "e", ClientID: "c"}
		mutate(&cfg)
		_, err := New(cfg)
		assert.Error(t, err, name)
	}
}

func TestFindRootWalksUp(t *testing.T) {
	root := fixture(t)
	deep := filepath.Join(root, "web", "js")
	got, err := FindRoot(deep)
	require.NoError(t, err)
	assert.Equal(t, root, got)
	_, err = FindRoot(t.TempDir())
	assert.Error(t, err)
}

func TestLocateRoot(t *testing.T) {
	root := fixture(t)
	elsewhere := t.TempDir()

	got, err := LocateRoot(root, elsewhere, "", "")
	require.NoError(t, err)
	assert.Equal(t, root, got, "-root")
	_, err = LocateRoot(elsewhere, root, "", "")
	require.Error(t, err, "-root without web/ and bridge/ is an error, not a fallback")
	assert.Contains(t, err.Error(), "-root "+elsewhere)

	got, err = LocateRoot("", filepath.Join(root, "web"), "", "")
	require.NoError(t, err)
	assert.Equal(t, root, got, "above the working directory")
	got, err = LocateRoot("", elsewhere, filepath.Join(root, "bin", "example-app"), "")
	require.NoError(t, err)
	assert.Equal(t, root, got, "above the binary")
	got, err = LocateRoot("", elsewhere, filepath.Join(elsewhere, "example-app"), filepath.Join(root, "example-app", "site"))
	require.NoError(t, err)
	assert.Equal(t, root, got, "above the source")

	_, err = LocateRoot("", elsewhere, filepath.Join(elsewhere, "example-app"), "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "-root")
	assert.Contains(t, err.Error(), elsewhere)
}

func TestSourceDirIsThisPackage(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	assert.Equal(t, wd, SourceDir())
}

func TestRequestLogRedactsSecrets(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	h := LogRequests(logger, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		w.Write([]byte("12345"))
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost,
		"/cb?code=c1&state=s1&continueToken=t1&id_token_hint=h1&flowId=f1&x=1", nil))
	line := buf.String()
	assert.Equal(t, 1, strings.Count(line, "\n"))
	for _, want := range []string{"msg=request", "method=POST",
		`path="/cb?code=REDACTED&state=REDACTED&continueToken=REDACTED&id_token_hint=REDACTED&flowId=f1&x=1"`,
		"status=418", "bytes=5", "duration="} {
		assert.Contains(t, line, want)
	}
	for _, secret := range []string{"c1", "s1", "t1", "h1"} {
		assert.NotContains(t, line, "="+secret)
	}

	buf.Reset()
	h = LogRequests(logger, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Contains(t, buf.String(), "path=/ status=200 duration=")
	assert.Contains(t, buf.String(), "bytes=0")
}

// The compressed forms kept for reuse are bounded: a server that sees many contents keeps only
// the last maxRecentForms, and a content seen again is served from them.
func TestRecentFormsAreBounded(t *testing.T) {
	first := newAsset(bytes.Repeat([]byte("first content "), 100), "text/css")
	first.body("gzip")
	first.body("br")
	for i := 0; i < 2*maxRecentForms; i++ {
		a := newAsset(bytes.Repeat([]byte(fmt.Sprintf("content %d ", i)), 100), "text/css")
		a.body("gzip")
		a.body("br")
	}
	recentForms.Lock()
	n := len(recentForms.forms)
	_, kept := recentForms.forms[first.hash+"/gzip"]
	recentForms.Unlock()
	if n > maxRecentForms || kept {
		t.Fatalf("%d forms kept (at most %d), the oldest still there: %v", n, maxRecentForms, kept)
	}
	again := newAsset(bytes.Repeat([]byte("first content "), 100), "text/css")
	if !bytes.Equal(again.body("gzip"), first.body("gzip")) || !bytes.Equal(again.body("br"), first.body("br")) {
		t.Fatal("a content compressed again gives the same forms")
	}
}

// precompress writes the module's .br and .gz as make wasm would, but at other levels than the
// site's own (brotli 2, gzip 1), so that bytes served as they are can be told from bytes the site
// compressed, and stamps them at the given time. It returns their bytes.
func precompress(t *testing.T, root string, at time.Time) (br, gz []byte) {
	t.Helper()
	wasm := filepath.Join(root, "bridge", "pingflow.wasm")
	raw, err := os.ReadFile(wasm)
	require.NoError(t, err)
	var b bytes.Buffer
	bw := brotli.NewWriterLevel(&b, 2)
	bw.Write(raw)
	require.NoError(t, bw.Close())
	br = bytes.Clone(b.Bytes())
	b.Reset()
	gw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	gw.Write(raw)
	require.NoError(t, gw.Close())
	gz = bytes.Clone(b.Bytes())
	require.NotEqual(t, brotliBytes(raw), br, "the fixture's brotli must differ from the site's")
	require.NotEqual(t, gzipBytes(raw), gz, "the fixture's gzip must differ from the site's")
	for name, data := range map[string][]byte{wasm + ".br": br, wasm + ".gz": gz} {
		require.NoError(t, os.WriteFile(name, data, 0o644))
		require.NoError(t, os.Chtimes(name, at, at))
	}
	return br, gz
}

// stampModule sets the module's time.
func stampModule(t *testing.T, root string, at time.Time) {
	t.Helper()
	require.NoError(t, os.Chtimes(filepath.Join(root, "bridge", "pingflow.wasm"), at, at))
}

// compressedHere says whether this process compressed content with this hash in encoding.
func compressedHere(hash, encoding string) bool {
	recentForms.Lock()
	defer recentForms.Unlock()
	_, ok := recentForms.forms[hash+"/"+encoding]
	return ok
}

func decodeBrotli(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(b)))
	require.NoError(t, err)
	return out
}

func TestPrecompressedFilesAreServedAsTheyAre(t *testing.T) {
	root := fixture(t)
	// A module of its own: recentForms is shared by the package's tests.
	require.NoError(t, os.WriteFile(filepath.Join(root, "bridge", "pingflow.wasm"),
		[]byte("\x00asm"+strings.Repeat("precompressed module ", 4000)), 0o644))
	built := time.Now().Add(-time.Hour)
	stampModule(t, root, built)
	br, gz := precompress(t, root, built.Add(time.Second))
	raw, err := os.ReadFile(filepath.Join(root, "bridge", "pingflow.wasm"))
	require.NoError(t, err)
	s := newSite(t, root)
	a, err := s.assets.get(filepath.Join(root, "bridge", "pingflow.wasm"))
	require.NoError(t, err)

	for _, path := range []string{s.ModuleURL(), "/bridge/pingflow.wasm"} {
		for accept, want := range map[string]string{
			"gzip, deflate, br":         "br",
			"br;q=0.9, gzip;q=0.8":      "br",
			"gzip, br;q=0.5":            "gzip",
			"gzip":                      "gzip",
			"*":                         "br",
			"deflate":                   "",
			"br;q=0, gzip;q=0, *;q=0.1": "",
			"identity":                  "",
			"":                          "",
		} {
			r := get(t, s, path, "Accept-Encoding", accept)
			require.Equal(t, http.StatusOK, r.StatusCode, "%s %q", path, accept)
			got := body(t, r)
			assert.Equal(t, want, r.Header.Get("Content-Encoding"), "%s %q", path, accept)
			assert.Equal(t, "application/wasm", r.Header.Get("Content-Type"))
			assert.Contains(t, r.Header.Values("Vary"), "Accept-Encoding")
			assert.Equal(t, strconv.Itoa(len(got)), r.Header.Get("Content-Length"))
			switch want {
			case "br":
				assert.Equal(t, br, got, "%s %q: the .br file byte for byte", path, accept)
			case "gzip":
				assert.Equal(t, gz, got, "%s %q: the .gz file byte for byte", path, accept)
			default:
				assert.Equal(t, raw, got, "%s %q", path, accept)
			}
		}
	}
	assert.False(t, compressedHere(a.hash, "br") || compressedHere(a.hash, "gzip"), "nothing was compressed here")

	// Each representation its own ETag, and the precompressed ones not those of forms compressed
	// here (other bytes); each revalidates.
	etags := map[string]string{}
	for _, enc := range []string{"br", "gzip", "identity"} {
		r := get(t, s, s.ModuleURL(), "Accept-Encoding", enc)
		etags[enc] = r.Header.Get("ETag")
		again := get(t, s, s.ModuleURL(), "Accept-Encoding", enc, "If-None-Match", etags[enc])
		assert.Equal(t, http.StatusNotModified, again.StatusCode, enc)
		assert.Empty(t, body(t, again))
	}
	assert.Len(t, map[string]bool{etags["br"]: true, etags["gzip"]: true, etags["identity"]: true}, 3)
	assert.Equal(t, fmt.Sprintf("%q", a.hash[:32]), etags["identity"])
	assert.NotEqual(t, fmt.Sprintf("%q", a.hash[:32]+"-br"), etags["br"])
	assert.Equal(t, http.StatusOK, get(t, s, s.ModuleURL(), "Accept-Encoding", "gzip", "If-None-Match", etags["br"]).StatusCode)

	// HEAD: the headers of the .br answer, no body.
	head := do(t, s, http.MethodHead, s.ModuleURL(), "Accept-Encoding", "br")
	assert.Equal(t, http.StatusOK, head.StatusCode)
	assert.Equal(t, "br", head.Header.Get("Content-Encoding"))
	assert.Equal(t, strconv.Itoa(len(br)), head.Header.Get("Content-Length"))
	assert.Equal(t, etags["br"], head.Header.Get("ETag"))
	assert.Empty(t, body(t, head))

	// A range is not served (of the encoded bytes or of the file): the whole representation is.
	ranged := get(t, s, s.ModuleURL(), "Accept-Encoding", "br", "Range", "bytes=0-9")
	assert.Equal(t, http.StatusOK, ranged.StatusCode)
	assert.Empty(t, ranged.Header.Get("Content-Range"))
	assert.Empty(t, ranged.Header.Get("Accept-Ranges"))
	assert.Equal(t, br, body(t, ranged))

	// The files themselves are not served.
	for _, path := range []string{"/bridge/pingflow.wasm.br", "/bridge/pingflow.wasm.gz"} {
		assert.Equal(t, http.StatusNotFound, get(t, s, path).StatusCode, path)
	}
}

// A .br or .gz older than the module may be another build's: it is not served, the site
// compresses the module itself when it is first asked for (not at start-up), and a fresh file
// written later is served.
func TestAStaleSiblingIsNotServed(t *testing.T) {
	root := fixture(t)
	wasm := filepath.Join(root, "bridge", "pingflow.wasm")
	require.NoError(t, os.WriteFile(wasm, []byte("\x00asm"+strings.Repeat("stale sibling module ", 4000)), 0o644))
	built := time.Now().Add(-time.Hour)
	staleBr, staleGz := precompress(t, root, built)
	stampModule(t, root, built.Add(time.Second))
	raw, err := os.ReadFile(wasm)
	require.NoError(t, err)
	s := newSite(t, root)
	a, err := s.assets.get(wasm)
	require.NoError(t, err)
	assert.False(t, compressedHere(a.hash, "br") || compressedHere(a.hash, "gzip"), "nothing is compressed at start-up")

	for _, path := range []string{s.ModuleURL(), "/bridge/pingflow.wasm"} {
		r := get(t, s, path, "Accept-Encoding", "br, gzip")
		got := body(t, r)
		assert.Equal(t, "br", r.Header.Get("Content-Encoding"))
		assert.NotEqual(t, staleBr, got, "%s: the stale .br", path)
		assert.Equal(t, raw, decodeBrotli(t, got), path)
		assert.Equal(t, fmt.Sprintf("%q", a.hash[:32]+"-br"), r.Header.Get("ETag"))
		gzr := get(t, s, path, "Accept-Encoding", "gzip")
		assert.NotEqual(t, staleGz, body(t, gzr), "%s: the stale .gz", path)
	}
	assert.True(t, compressedHere(a.hash, "br"), "compressed on demand")

	// make wasm writes them again: they are served from the next request on.
	freshBr, freshGz := precompress(t, root, built.Add(2*time.Second))
	assert.Equal(t, freshBr, body(t, get(t, s, s.ModuleURL(), "Accept-Encoding", "br")))
	assert.Equal(t, freshGz, body(t, get(t, s, s.ModuleURL(), "Accept-Encoding", "gzip")))
	// A sibling stamped the same time as the module is not older: it is served.
	stampModule(t, root, built.Add(2*time.Second))
	assert.Equal(t, freshBr, body(t, get(t, s, s.ModuleURL(), "Accept-Encoding", "br")))

	// The module rebuilt after them: they are stale again, the new content is compressed here.
	rebuilt := []byte("\x00asm" + strings.Repeat("rebuilt module ", 4000))
	require.NoError(t, os.WriteFile(wasm, rebuilt, 0o644))
	stampModule(t, root, built.Add(3*time.Second))
	r := get(t, s, s.ModuleURL(), "Accept-Encoding", "br")
	assert.Equal(t, rebuilt, decodeBrotli(t, body(t, r)))
	r = get(t, s, "/bridge/pingflow.wasm", "Accept-Encoding", "gzip")
	zr, err := gzip.NewReader(bytes.NewReader(body(t, r)))
	require.NoError(t, err)
	decoded, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, rebuilt, decoded)
}

// TestPagesPreloadTheModule: every page starts the module's fetch with its own response (a Link
// preload of the content-addressed URL the bridge then fetches), so it does not wait for the
// page's scripts, config.json and the bridge; other responses carry no preload.
func TestPagesPreloadTheModule(t *testing.T) {
	s := newSite(t, fixture(t))
	want := "<" + s.ModuleURL() + `>; rel=preload; as=fetch; type="application/wasm"; crossorigin`
	require.Regexp(t, `^/bridge/pingflow\.[0-9a-f]{16}\.wasm$`, s.ModuleURL())
	for _, path := range []string{"/", "/profile", "/callback", "/signon/"} {
		assert.Equal(t, []string{want}, get(t, s, path).Header.Values("Link"), path)
	}
	for _, path := range []string{"/config.json", "/signon/js/element.js", "/bridge/pingflow.js"} {
		assert.Empty(t, get(t, s, path).Header.Values("Link"), path)
	}
}

// buildPage writes a bundled page into root's web/dist/page/ as web/scripts/build-page.mjs does:
// index.html preloading moduleURL with an inline script, and a content-named bundle.
func buildPage(t *testing.T, root, moduleURL string) {
	t.Helper()
	dir := filepath.Join(root, "web", "dist", "page")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	html := `<!doctype html><title>Sign on (built)</title><link rel="preload" href="..` + moduleURL +
		`" as="fetch" type="application/wasm" crossorigin><script>early()</script>` +
		`<script type="module" src="signon.ABCD2345.js"></script>`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "index.html"), []byte(html), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "signon.ABCD2345.js"), []byte("export {};"+strings.Repeat(" ", 300)), 0o644))
}

func TestTheBundledPageIsServedWhenBuilt(t *testing.T) {
	root := fixture(t)
	s := newSite(t, root)
	buildPage(t, root, s.ModuleURL())
	// 'sha256-' of "early()" (openssl dgst -sha256 -binary | base64), the inline script: allowed, and no other inline script.
	const hash = "'sha256-" + "G2Y/0fpEoq/QMzbid/byF0KE5sX9e6ar19Om2+xoMnU=" + "'"
	for _, path := range []string{"/signon/", "/signon/index.html"} {
		r := get(t, s, path)
		require.Equal(t, http.StatusOK, r.StatusCode, path)
		assert.Contains(t, string(body(t, r)), "Sign on (built)", path)
		assert.Equal(t, "no-cache", r.Header.Get("Cache-Control"), path)
		assert.Equal(t, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' "+hash+"; img-src 'self' data:; base-uri 'self'; frame-ancestors 'none'",
			r.Header.Get("Content-Security-Policy"), path)
		assert.Len(t, r.Header.Values("Link"), 1, path)
	}
	r := get(t, s, "/signon/signon.ABCD2345.js")
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Equal(t, "public, max-age=31536000, immutable", r.Header.Get("Cache-Control"))
	assert.Equal(t, "text/javascript; charset=utf-8", r.Header.Get("Content-Type"))
	// The sources are still there (the demo app imports them), revalidated.
	r = get(t, s, "/signon/js/element.js")
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Equal(t, "no-cache", r.Header.Get("Cache-Control"))
	assert.Equal(t, http.StatusNotFound, get(t, s, "/signon/README.md").StatusCode)
}

func TestSourcesServesTheUnbundledPage(t *testing.T) {
	root := fixture(t)
	s := newSite(t, root, func(c *Config) { c.Sources = true })
	buildPage(t, root, s.ModuleURL())
	r := get(t, s, "/signon/")
	assert.NotContains(t, string(body(t, r)), "(built)")
	assert.NotContains(t, r.Header.Get("Content-Security-Policy"), "sha256-")
	assert.Equal(t, http.StatusNotFound, get(t, s, "/signon/signon.ABCD2345.js").StatusCode)
}

func TestAPageBuiltForAnotherModuleIsNotServed(t *testing.T) {
	root := fixture(t)
	s := newSite(t, root)
	buildPage(t, root, "/bridge/pingflow.0123456789abcdef.wasm")
	r := get(t, s, "/signon/")
	assert.NotContains(t, string(body(t, r)), "(built)", "its preload would miss and its bridge expect another module")
	assert.NotContains(t, r.Header.Get("Content-Security-Policy"), "sha256-")
}

func TestAPageOlderThanItsSourcesIsNotServed(t *testing.T) {
	root := fixture(t)
	s := newSite(t, root)
	buildPage(t, root, s.ModuleURL())
	built := time.Now().Add(-time.Minute)
	require.NoError(t, os.Chtimes(filepath.Join(root, "web", "dist", "page", "index.html"), built, built))
	src := filepath.Join(root, "web", "js", "element.js")
	before := built.Add(-time.Minute)
	for _, f := range []string{"web/index.html", "web/js/element.js", "web/signon.css", "bridge/pingflow.js", "bridge/assets.js", "bridge/src/client.js"} {
		require.NoError(t, os.Chtimes(filepath.Join(root, filepath.FromSlash(f)), before, before))
	}
	assert.Contains(t, string(body(t, get(t, s, "/signon/"))), "(built)")
	edited := time.Now()
	require.NoError(t, os.Chtimes(src, edited, edited))
	assert.NotContains(t, string(body(t, get(t, s, "/signon/"))), "(built)", "an edited source: the sources until make page")
}
