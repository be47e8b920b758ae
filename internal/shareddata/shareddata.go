// Package shareddata finds the reference data in ../shared/data (real sanctions lists, name-matching pairs,
// Sigma rules …) for tests and benchmarks. The folder sits beside the project on development machines and in
// CI, never on a user's machine: there the tests that need it skip, naming it, unless CI=true, where its absence
// is a failure.
package shareddata

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

var (
	rootOnce sync.Once
	root     string
	rootErr  string
)

// Dir returns the absolute path of ../shared/data, resolved from the module root (the nearest directory above
// the working directory holding go.mod), or "" with a reason when it is absent.
func Dir() (string, string) {
	rootOnce.Do(func() {
		wd, err := os.Getwd()
		if err != nil {
			rootErr = err.Error()
			return
		}
		for dir := wd; ; dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				// bench/ is a module of its own inside the project; its module root is the project's child.
				if filepath.Base(dir) == "bench" {
					if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "go.mod")); err == nil {
						dir = filepath.Dir(dir)
					}
				}
				data := filepath.Join(filepath.Dir(dir), "shared", "data")
				if st, err := os.Stat(data); err == nil && st.IsDir() {
					root = data
				} else {
					rootErr = data + " does not exist"
				}
				return
			}
			if filepath.Dir(dir) == dir {
				rootErr = "no go.mod above " + wd
				return
			}
		}
	})
	return root, rootErr
}

// Path returns the path of a file or folder under ../shared/data, such as Path(t, "lists", "ofac-sdn-2024-05-03.csv").
// Without the folder the test is skipped, or fails when CI=true.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	dir, why := Dir()
	if dir == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("reference data ../shared/data is required in CI: %s", why)
		}
		tb.Skipf("skipping: reference data ../shared/data is not here (%s)", why)
	}
	p := filepath.Join(append([]string{dir}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("reference data file missing: %v", err)
	}
	return p
}
