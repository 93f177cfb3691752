package site

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"sync"
)

// The demo app's own files are built into the binary: unlike web/ and bridge/ they are not
// meant to be hosted elsewhere.
//
//go:embed spa
var spaFS embed.FS

// embeddedFiles serves the embedded app, each file hashed and compressed on first use.
type embeddedFiles struct {
	mu    sync.Mutex
	cache map[string]*asset
}

func newEmbeddedFiles() *embeddedFiles { return &embeddedFiles{cache: map[string]*asset{}} }

func (e *embeddedFiles) get(name string) (*asset, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if a, ok := e.cache[name]; ok {
		return a, true
	}
	raw, err := fs.ReadFile(spaFS, path.Join("spa", name))
	if err != nil {
		return nil, false
	}
	a := newAsset(raw, contentType(name))
	e.cache[name] = a
	return a, true
}

func (s *Site) spaIndex(w http.ResponseWriter, r *http.Request) {
	a, _ := s.spa.get("index.html")
	serveAsset(w, r, a, cacheRevalidate)
}

func (s *Site) spaFile(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if name == "index.html" {
		http.NotFound(w, r)
		return
	}
	a, ok := s.spa.get(name)
	if !ok {
		http.NotFound(w, r)
		return
	}
	serveAsset(w, r, a, cacheRevalidate)
}
