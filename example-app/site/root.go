package site

import (
	"errors"
	"os"
	"path/filepath"
)

// FindRoot returns the first of dir and its parents that holds web/index.html and bridge/ (the
// repository root), so the server works from the repository or from any folder inside it.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if isFile(filepath.Join(dir, "web", "index.html")) && isDir(filepath.Join(dir, "bridge")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("site: no folder holding web/index.html and bridge/ above the working directory; run from the repository")
		}
		dir = parent
	}
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
