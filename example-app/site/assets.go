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

// asset is one file as served: its bytes, its precompressed forms and its validator.
type asset struct {
	ctype   string
	hash    string // hex SHA-256 of the raw bytes; the ETag and the module's URL derive from it
	modTime time.Time
	size    int64
	raw     []byte
	gzip    []byte // nil when compression does not pay (or the type is not compressible)
	br      []byte
}

// assetCache reads files from disk and compresses each once, keeping the result until the file
// changes on disk (a rebuilt module or an edited page is picked up without a restart).
type assetCache struct {
	mu    sync.Mutex
	files map[string]*asset
}

func newAssetCache() *assetCache { return &assetCache{files: map[string]*asset{}} }

// get returns the asset for the file at name, reading and compressing it if it is new or has
// changed since it was last read.
func (c *assetCache) get(name string) (*asset, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, os.ErrNotExist
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if a, ok := c.files[name]; ok && a.modTime.Equal(info.ModTime()) && a.size == info.Size() {
		return a, nil
	}
	raw, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	a := newAsset(raw, contentType(name))
	a.modTime, a.size = info.ModTime(), info.Size()
	c.files[name] = a
	return a, nil
}

// newAsset hashes and, for compressible types, compresses raw with gzip (best) and brotli.
func newAsset(raw []byte, ctype string) *asset {
	sum := sha256.Sum256(raw)
	a := &asset{ctype: ctype, hash: hex.EncodeToString(sum[:]), raw: raw, size: int64(len(raw))}
	if !compressible(ctype) || len(raw) < 256 {
		return a
	}
	a.gzip, a.br = compress(a.hash, raw)
	return a
}

// recentForms keeps the compressed forms of the last few contents this process compressed, by
// SHA-256: a file touched but unchanged, or a second site in the same process (the tests start
// many), costs a lookup instead of another brotli pass over the module. It holds at most
// maxRecentForms contents, so a long-running server that sees file after file edited does not grow.
var recentForms struct {
	sync.Mutex
	forms map[string][2][]byte // hash → {gzip, brotli}
	order []string             // hashes, oldest first
}

const maxRecentForms = 32

// compress returns the gzip and brotli forms of raw, each nil when it does not pay.
func compress(hash string, raw []byte) (gz, br []byte) {
	recentForms.Lock()
	forms, ok := recentForms.forms[hash]
	recentForms.Unlock()
	if ok {
		return forms[0], forms[1]
	}
	if b := gzipBytes(raw); len(b) < len(raw) {
		gz = b
	}
	if b := brotliBytes(raw); len(b) < len(raw) {
		br = b
	}
	recentForms.Lock()
	defer recentForms.Unlock()
	if recentForms.forms == nil {
		recentForms.forms = map[string][2][]byte{}
	}
	if _, ok := recentForms.forms[hash]; !ok {
		recentForms.order = append(recentForms.order, hash)
		if len(recentForms.order) > maxRecentForms {
			delete(recentForms.forms, recentForms.order[0])
			recentForms.order = recentForms.order[1:]
		}
	}
	recentForms.forms[hash] = [2][]byte{gz, br}
	return gz, br
}

func gzipBytes(raw []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(raw)
	w.Close()
	return buf.Bytes()
}

// brotliQuality trades start-up time for size: 11 is the smallest but several times slower on
// a multi-megabyte module; 9 is within a few percent of it.
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
	return fmt.Sprintf("%q", a.hash[:32]+"-"+encoding)
}

// body returns the bytes for an encoding ("br", "gzip" or "" for identity).
func (a *asset) body(encoding string) []byte {
	switch encoding {
	case "br":
		return a.br
	case "gzip":
		return a.gzip
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
