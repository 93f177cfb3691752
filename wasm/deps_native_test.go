//go:build !js

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// forbidden are packages the module must never link: the bridge performs all I/O, so net/http
// (and the TLS and DNS machinery it would bring) has no business in it and would add hundreds
// of kilobytes to every page load. regexp, net/url and crypto/rand would work, but cost 50–125 KB
// gzipped each against the size budget; the host's RegExp and crypto.getRandomValues stand in.
//
// reflect, fmt and encoding/json (with os, which fmt brings) cost about 230 KB gzipped and their
// package initialisers run at every start: flowcore/fjson writes and reads JSON without
// reflection, and messages are built without fmt. github.com/tidwall/gjson links encoding/json
// through its pretty-printer; encoding/hex and encoding/binary stand for a few lines each.
var forbidden = []string{"net/http", "crypto/tls", "net", "os/exec", "regexp", "net/url", "crypto/rand", "crypto/sha256",
	"reflect", "fmt", "encoding/json", "os", "encoding/hex", "encoding/binary", "github.com/tidwall/gjson"}

func TestModuleDoesNotLinkForbiddenPackages(t *testing.T) {
	// The go command that runs this test, not whichever is first on PATH. In a test run on the
	// machine that built it, the deprecated runtime.GOROOT is exactly that.
	//lint:ignore SA1019 the test binary runs where it was built
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	cmd := exec.Command(goBin, "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := map[string]bool{}
	for _, d := range strings.Fields(string(out)) {
		deps[d] = true
	}
	if !deps["github.com/pingflow/pingflow/flowcore"] || !deps["syscall/js"] {
		t.Fatalf("go list -deps did not list the module's own imports:\n%s", out)
	}
	for _, f := range forbidden {
		if deps[f] {
			t.Errorf("the wasm module depends on %s", f)
		}
	}
}
