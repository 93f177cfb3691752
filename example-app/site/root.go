package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// FindRoot returns the first of dir and its parents that holds web/index.html and bridge/ (the
// repository root), so the server works from the repository or from any folder inside it.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if isRoot(dir) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("site: no folder holding web/index.html and bridge/ above the working directory; run from the repository")
		}
		dir = parent
	}
}

// isRoot reports whether dir holds web/index.html and bridge/.
func isRoot(dir string) bool {
	return isFile(filepath.Join(dir, "web", "index.html")) && isDir(filepath.Join(dir, "bridge"))
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// LocateRoot finds the folder web/ and bridge/ are served from. An explicit root (the -root
// flag) must hold them; otherwise the working directory and its parents are tried, then the
// folder of the running binary and its parents, then the module the binary was built from
// (source, the path of this package's source at build time). The error lists where it looked.
func LocateRoot(explicit, workDir, executable, source string) (string, error) {
	if explicit != "" {
		dir, err := filepath.Abs(explicit)
		if err != nil {
			return "", err
		}
		if !isRoot(dir) {
			return "", fmt.Errorf("-root %s: no web/index.html and bridge/ there (give the pingflow repository's folder)", explicit)
		}
		return dir, nil
	}
	var tried []string
	for _, start := range []string{workDir, filepath.Dir(executable), source} {
		if start == "" || start == "." {
			continue
		}
		if dir, err := FindRoot(start); err == nil {
			return dir, nil
		}
		tried = append(tried, start)
	}
	return "", fmt.Errorf("site: web/index.html and bridge/ not found in or above %s; run from the pingflow repository or give -root <its folder>",
		strings.Join(tried, ", "))
}

// SourceDir is the folder this package was compiled from, when the binary runs on the machine
// that built it (go run, go build in a checkout), or "".
func SourceDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	return filepath.Dir(file)
}
