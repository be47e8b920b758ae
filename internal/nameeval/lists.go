package nameeval

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source"
)

// Lists is what LoadLists read: every list file that Vigil's source package accepts in the folders given.
type Lists struct {
	Results    []source.Result    // one per list read, in the order of the folders and files
	Entries    []*vigil.ListEntry // the entries of all results; an entry repeated under the same list and ID kept once
	Files      []string           // every file read into a result
	Skipped    []string           // "path: reason" for every file or folder not read
	Duplicates int                // entries dropped as repeats of an earlier one with the same list and ID
}

// Count returns the number of entries per list name.
func (l *Lists) Count() map[string]int {
	m := map[string]int{}
	for _, e := range l.Entries {
		m[e.List]++
	}
	return m
}

// LoadLists reads every regular file directly in each folder (subfolders, such as fuzz corpora, and *.md files
// are not read) with source.Parse: the files Parse detects as OFAC legacy CSV together, as one publication,
// every other file on its own. A file Parse rejects is skipped and named in Skipped with the reason, so that
// test fixtures of malformed input in a folder do no harm; so is a folder that does not exist. It fails only
// when a folder cannot be read, or when nothing at all was read.
func LoadLists(dirs ...string) (*Lists, error) {
	l := &Lists{}
	seen := map[entryRef]bool{}
	for _, dir := range dirs {
		des, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			l.Skipped = append(l.Skipped, dir+": no such folder")
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read list folder: %w", err)
		}
		var ofac, others []source.File
		for _, de := range des {
			if !de.Type().IsRegular() || strings.HasSuffix(strings.ToLower(de.Name()), ".md") {
				continue
			}
			path := filepath.Join(dir, de.Name())
			data, err := readLimited(path, source.MaxFileBytes)
			if err != nil {
				l.Skipped = append(l.Skipped, path+": "+err.Error())
				continue
			}
			f := source.File{Name: path, Data: data}
			format, err := source.Detect(f)
			switch {
			case err != nil:
				l.Skipped = append(l.Skipped, path+": "+oneLine(err))
			case strings.HasPrefix(string(format), "ofac-") && strings.HasSuffix(string(format), "-csv"):
				ofac = append(ofac, f)
			default:
				others = append(others, f)
			}
		}
		groups := make([][]source.File, 0, 1+len(others))
		if len(ofac) > 0 {
			groups = append(groups, ofac)
		}
		for _, f := range others {
			groups = append(groups, []source.File{f})
		}
		for _, g := range groups {
			res, err := source.Parse(g, "")
			if err != nil {
				for _, f := range g {
					l.Skipped = append(l.Skipped, f.Name+": "+oneLine(err))
				}
				continue
			}
			for _, f := range g {
				l.Files = append(l.Files, f.Name)
			}
			for _, r := range res {
				l.Results = append(l.Results, r)
				for _, e := range r.Entries {
					if e == nil {
						continue
					}
					ref := entryRef{e.List, e.ID}
					if seen[ref] {
						l.Duplicates++
						continue
					}
					seen[ref] = true
					l.Entries = append(l.Entries, e)
				}
			}
		}
	}
	if len(l.Entries) == 0 {
		return nil, fmt.Errorf("no list entries read from %s (skipped: %s)", strings.Join(dirs, ", "), strings.Join(l.Skipped, "; "))
	}
	slices.Sort(l.Files)
	return l, nil
}

func readLimited(path string, limit int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return data, nil
}

// oneLine shortens an error to its first line, for the Skipped notes.
func oneLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
