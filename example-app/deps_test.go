package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The emulator and the engine agree only through the wire format: if the emulator imported
// flowcore (or the module's packages), a shared mistake would pass every test on both sides.
func TestEmulatorNeverImportsTheEngine(t *testing.T) {
	//lint:ignore SA1019 the go command that built this test, on the machine it runs on
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	for _, pkg := range []string{"./emulator/...", "."} {
		out, err := exec.Command(goBin, "list", "-deps", "-test", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 10 || !strings.Contains(string(out), "github.com/pingflow/pingflow/example-app/emulator") {
			t.Fatalf("go list -deps %s did not list the emulator itself:\n%s", pkg, out)
		}
		for _, d := range deps {
			if strings.HasPrefix(d, "github.com/pingflow/pingflow/flowcore") || strings.HasPrefix(d, "github.com/pingflow/pingflow/wasm") {
				t.Errorf("%s depends on %s; the emulator must not import the engine", pkg, d)
			}
		}
	}
}
