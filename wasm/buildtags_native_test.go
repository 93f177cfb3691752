//go:build !js

// The tests in the *_native_test.go files run on the build machine, not in the browser: they
// check how the module is built. They carry //go:build !js, the only files here that do not
// carry the js && wasm constraint.
package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const wasmConstraint = "//go:build js && wasm"

// TestEveryFileIsWasmOnly keeps the package out of native builds: a file without the constraint
// would be compiled by `go build ./...` on the host, where syscall/js does not exist, and would
// break every other package's build and test.
func TestEveryFileIsWasmOnly(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		want := wasmConstraint
		if strings.HasSuffix(f, "_native_test.go") {
			want = "//go:build !js"
		}
		if got := firstLine(t, f); got != want {
			t.Errorf("%s: first line is %q, want %q", f, got, want)
		}
		checked++
	}
	if checked < 5 {
		t.Fatalf("only %d Go files found; is the test running in wasm/?", checked)
	}
}

func firstLine(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	if !s.Scan() {
		return ""
	}
	return strings.TrimSpace(s.Text())
}
