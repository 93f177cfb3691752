package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// asset is one file as served: its bytes, its compressed forms and its validator.
type asset struct {
	ctype string
	hash  string // hex SHA-256 of the raw bytes; the ETags and the module's URL derive from it
	raw   []byte
	br    *form // nil for a type that is not compressed
	gzip  *form
}

// form is one encoding of an asset: read from a precompressed sibling file (<file>.br,
// <file>.gz, made at build time and served as they are), or else compressed here the first time
// a client is sent it — never before, so start-up does not wait for a compressor.
type form struct {
	once  sync.Once
	make  func() []byte // compresses on demand; nil for a precompressed form
	bytes []byte        // nil when compressing does not pay
	etag  string
}

// sibling is a precompressed form's file next to the asset's, and its encoding.
var siblings = [...]struct{ suffix, encoding string }{{".br", "br"}, {".gz", "gzip"}}

// stamp is what a file's stat says about its content: a change of either means it changed.
type stamp struct {
	modTime time.Time
	size    int64
	exists  bool
}

func stampOf(info os.FileInfo) stamp {
	return stamp{modTime: info.ModTime(), size: info.Size(), exists: true}
}

// cached is an asset with the stamps of the files it was made from.
type cached struct {
	a        *asset
	file     stamp
	siblings [len(siblings)]stamp
}

// assetCache reads files from disk, keeping each until it or one of its precompressed siblings
// changes on disk (a rebuilt module or an edited page is picked up without a restart).
type assetCache struct {
	mu    sync.Mutex
	files map[string]*cached
}

func newAssetCache() *assetCache { return &assetCache{files: map[string]*cached{}} }

// get returns the asset for the file at name, reading it if it or a sibling is new or has changed
// since it was last read. A sibling is used when it is not older than the file (make wasm writes
// the module's after the module); an older one may hold another build's bytes, and is ignored.
func (c *assetCache) get(name string) (*asset, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, os.ErrNotExist
	}
	ctype := contentType(name)
	key := cached{file: stampOf(info)}
	if compressible(ctype) {
		for i, sib := range siblings {
			if st, err := os.Stat(name + sib.suffix); err == nil && st.Mode().IsRegular() {
				key.siblings[i] = stampOf(st)
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if got, ok := c.files[name]; ok && got.file == key.file && got.siblings == key.siblings {
		return got.a, nil
	}
	raw, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	a := newAsset(raw, ctype)
	for i, sib := range siblings {
		st := key.siblings[i]
		if !st.exists || st.modTime.Before(key.file.modTime) {
			continue // missing or stale: compressed on demand
		}
		if b, err := os.ReadFile(name + sib.suffix); err == nil {
			*a.formOf(sib.encoding) = precompressed(a.hash, sib.encoding, b)
		}
	}
	key.a = a
	c.files[name] = &key
	return a, nil
}

// newAsset hashes raw; for compressible types that are not tiny, gzip (best) and brotli forms are
// made on demand.
func newAsset(raw []byte, ctype string) *asset {
	sum := sha256.Sum256(raw)
	a := &asset{ctype: ctype, hash: hex.EncodeToString(sum[:]), raw: raw}
	if !compressible(ctype) || len(raw) < 256 {
		return a
	}
	a.gzip = onDemand(a.hash, "gzip", raw, gzipBytes)
	a.br = onDemand(a.hash, "br", raw, brotliBytes)
	return a
}

func (a *asset) formOf(encoding string) **form {
	if encoding == "br" {
		return &a.br
	}
	return &a.gzip
}

// precompressed is a form read from a file, served as it is. Its ETag names the raw content
// and, since another build of the same content may compress differently, the encoded bytes too.
func precompressed(hash, encoding string, b []byte) *form {
	sum := sha256.Sum256(b)
	return &form{bytes: b, etag: fmt.Sprintf("%q", hash[:32]+"-"+encoding+"-"+hex.EncodeToString(sum[:6]))}
}

// onDemand is a form compressed by this process when first needed.
func onDemand(hash, encoding string, raw []byte, compress func([]byte) []byte) *form {
	return &form{etag: fmt.Sprintf("%q", hash[:32]+"-"+encoding), make: func() []byte {
		return compressOnce(hash, encoding, raw, compress)
	}}
}

func (f *form) get() []byte {
	if f.make != nil {
		f.once.Do(func() { f.bytes = f.make() })
	}
	return f.bytes
}

// recentForms keeps the compressed forms of the last few contents this process compressed, by
// SHA-256 and encoding: a file touched but unchanged, or a second site in the same process (the
// tests start many), costs a lookup instead of another brotli pass. It holds at most
// maxRecentForms forms, so a long-running server that sees file after file edited does not grow.
var recentForms struct {
	sync.Mutex
	forms map[string][]byte // hash/encoding → bytes, nil when compressing does not pay
	order []string          // keys, oldest first
}

const maxRecentForms = 32

// compressOnce returns compress(raw), or nil when it does not pay, from recentForms if it is there.
func compressOnce(hash, encoding string, raw []byte, compress func([]byte) []byte) []byte {
	key := hash + "/" + encoding
	recentForms.Lock()
	b, ok := recentForms.forms[key]
	recentForms.Unlock()
	if ok {
		return b
	}
	if b = compress(raw); len(b) >= len(raw) {
		b = nil
	}
	recentForms.Lock()
	defer recentForms.Unlock()
	if recentForms.forms == nil {
		recentForms.forms = map[string][]byte{}
	}
	if _, ok := recentForms.forms[key]; !ok {
		recentForms.order = append(recentForms.order, key)
		if len(recentForms.order) > maxRecentForms {
			delete(recentForms.forms, recentForms.order[0])
			recentForms.order = recentForms.order[1:]
		}
	}
	recentForms.forms[key] = b
	return b
}

func gzipBytes(raw []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(raw)
	w.Close()
	return buf.Bytes()
}

// brotliQuality is for what is compressed on demand (pages, the bridge's modules, a module
// without a fresh .br): 11 is the smallest but several times slower on a multi-megabyte module,
// and make wasm writes the module's .br at 11 ahead of time.
const brotliQuality = 9

func brotliBytes(raw []byte) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotliQuality, LGWin: 22})
	w.Write(raw)
	w.Close()
	return buf.Bytes()
}

// etag is the strong validator of one representation (the encoding is part of it).
func (a *asset) etag(encoding string) string {
	if encoding == "" {
		return fmt.Sprintf("%q", a.hash[:32])
	}
	return (*a.formOf(encoding)).etag
}

// body returns the bytes for an encoding ("br", "gzip" or "" for identity), compressing them
// first if they are made on demand; nil when the asset has no such form.
func (a *asset) body(encoding string) []byte {
	switch encoding {
	case "br", "gzip":
		if f := *a.formOf(encoding); f != nil {
			return f.get()
		}
		return nil
	}
	return a.raw
}

var types = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".wasm": "application/wasm",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".ico":  "image/x-icon",
	".md":   "text/markdown; charset=utf-8",
	".ts":   "text/plain; charset=utf-8",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if strings.HasSuffix(name, ".d.ts") {
		ext = ".ts"
	}
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.HasPrefix(ctype, "application/json") ||
		ctype == "application/wasm" || ctype == "image/svg+xml"
}
