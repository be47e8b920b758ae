// Package sidebyside measures Vigil's name matcher beside moov-io/watchman v0.60.0 in one process, on the
// same list files and the same queries: name-bench quality, a recall set built from the DPRK entries of the
// lists, a false-positive set of common names, and throughput and latency. cmd/matchbench runs it and prints
// a report for docs/benchmarks.md.
package sidebyside

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/nameeval"
)

// Data is the lists loaded for both screeners, and the matchers built over them.
type Data struct {
	Lists         *nameeval.Lists
	Vigil         *Vigil
	Watchman      *Watchman
	WatchmanNotes []string // how each list reached watchman

	ParseTime, VigilBuildTime, WatchmanBuildTime time.Duration // source.Parse; match index; watchman's reader and mapping

	keysOnce sync.Once
	keys     map[EntryRef]map[string]bool // folded names of every entry
}

// sameName reports whether entries a and b list a name in common, after folding (nameeval.FoldKey).
func (d *Data) sameName(a, b EntryRef) bool {
	d.keysOnce.Do(func() {
		d.keys = make(map[EntryRef]map[string]bool, len(d.Lists.Entries))
		for _, e := range d.Lists.Entries {
			ref := EntryRef{e.List, e.ID}
			if d.keys[ref] == nil {
				d.keys[ref] = map[string]bool{}
			}
			for _, n := range e.AllNames() {
				if k := nameeval.FoldKey(n); k != "" {
					d.keys[ref][k] = true
				}
			}
		}
	})
	ka, kb := d.keys[a], d.keys[b]
	if len(ka) > len(kb) {
		ka, kb = kb, ka
	}
	for k := range ka {
		if kb[k] {
			return true
		}
	}
	return false
}

// ListDirs are the folders read: the real lists in ../shared/data/lists, then the hand-written EU, UK and
// OpenSanctions fixtures of Vigil's source packages (whichever exist).
func ListDirs(dataDir, repoRoot string) []string {
	return []string{
		filepath.Join(dataDir, "lists"),
		filepath.Join(repoRoot, "source", "eu", "testdata"),
		filepath.Join(repoRoot, "source", "uk", "testdata"),
		filepath.Join(repoRoot, "source", "opensanctions", "testdata"),
	}
}

// Load reads the list files in dirs with Vigil's source package and builds both matchers over them.
func Load(dirs []string) (*Data, error) {
	t := time.Now()
	lists, err := nameeval.LoadLists(dirs...)
	if err != nil {
		return nil, err
	}
	parsed := time.Since(t)
	files := map[string][]byte{}
	for _, r := range lists.Results {
		if !isOFAC(r) {
			continue
		}
		for _, f := range r.Files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("read %s for watchman: %w", f, err)
			}
			files[f] = b
		}
	}
	t = time.Now()
	w, notes, err := NewWatchman(lists.Results, files)
	if err != nil {
		return nil, err
	}
	if lists.Duplicates > 0 {
		// Vigil kept the first of each repeated entry; watchman must score the same set.
		w = w.dedupe()
	}
	wt := time.Since(t)
	t = time.Now()
	v := NewVigil(lists.Entries)
	return &Data{Lists: lists, Vigil: v, Watchman: w, WatchmanNotes: notes,
		ParseTime: parsed, VigilBuildTime: time.Since(t), WatchmanBuildTime: wt}, nil
}

// entry returns the list entry ref names, or nil.
func (d *Data) entry(ref EntryRef) *vigil.ListEntry {
	return d.Vigil.W.Entry(ref.List, ref.ID)
}

// dedupe keeps the first entity of each entry, as nameeval.LoadLists keeps the first entry.
func (w *Watchman) dedupe() *Watchman {
	out := &Watchman{}
	seen := map[EntryRef]bool{}
	for i, e := range w.Entities {
		if seen[w.refs[i]] {
			continue
		}
		seen[w.refs[i]] = true
		out.Entities = append(out.Entities, e)
		out.refs = append(out.refs, w.refs[i])
	}
	return out
}
