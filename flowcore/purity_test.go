package flowcore

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// flowcore performs no I/O and touches no JavaScript: those packages must not be among its
// dependencies (its tests may use them; the package may not).
func TestNoIOPackages(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	require.NoError(t, err, string(out))
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/pingflow/pingflow/flowcore/fjson", "the dependency list was read")
	for _, forbidden := range []string{"net/http", "syscall/js", "os/exec", "net"} {
		require.NotContains(t, deps, forbidden)
	}
	// These would fit, but each costs the browser module 45–125 KB gzipped against its budget:
	// urls.go, sha256.go and Options.MatchPattern stand in for them.
	// gjson's pretty-printer links encoding/json (and reflect): fjson stands in.
	for _, heavy := range []string{"regexp", "net/url", "crypto/sha256", "crypto/rand", "github.com/tidwall/gjson"} {
		require.NotContains(t, deps, heavy)
	}
}

// Time and randomness are inputs: no file of the package reads the clock or a global random source.
func TestNoClockOrGlobalRandom(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{join .GoFiles " "}}`, ".").Output()
	require.NoError(t, err)
	files := strings.Fields(string(out))
	require.NotEmpty(t, files)
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, banned := range []string{"time.Now(", "time.Since(", "time.Until(", `"math/rand`, `"crypto/rand"`} {
			require.NotContains(t, string(src), banned, f)
		}
	}
}
