// Package engine runs Vigil's screening work against a store: it compiles the imported lists into a watch-list,
// screens subjects with the pure checks of screen/, scores them under a policy, and stores subjects, findings and
// cases. The CLI and the HTTP API both drive it; it holds no state of its own but the compiled watch-list.
package engine

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/match"
	"github.com/vigil-sec/vigil/score"
	"github.com/vigil-sec/vigil/screen"
)

// Engine screens subjects against the lists in Store. Create it with New; it is safe for concurrent use.
type Engine struct {
	Store  vigil.Store
	Policy *score.Policy
	Now    func() time.Time
	Logger *slog.Logger

	listMu    sync.Mutex // serialises list imports and watch-list rebuilds
	watchlist atomic.Pointer[screen.Watchlist]
}

// New returns an engine over store scoring under policy (the embedded default when nil). Call LoadWatchlist
// before screening.
func New(store vigil.Store, policy *score.Policy) *Engine {
	if policy == nil {
		policy = score.DefaultPolicy()
	}
	e := &Engine{Store: store, Policy: policy, Now: time.Now, Logger: slog.New(slog.DiscardHandler)}
	e.watchlist.Store(screen.NewWatchlist(nil, nil))
	return e
}

// LoadWatchlist compiles the active list versions of the store into the watch-list used by every screening
// from now on. Screenings already running finish on the previous one.
func (e *Engine) LoadWatchlist(ctx context.Context) error {
	e.listMu.Lock()
	defer e.listMu.Unlock()
	_, err := e.loadWatchlist(ctx)
	return err
}

func (e *Engine) loadWatchlist(ctx context.Context) (*screen.Watchlist, error) {
	active := true
	versions, err := e.Store.FindListVersions(ctx, vigil.ListVersionFilter{Active: &active})
	if err != nil {
		return nil, fmt.Errorf("load list versions: %w", err)
	}
	entries, err := e.Store.FindListEntries(ctx, vigil.ListEntryFilter{})
	if err != nil {
		return nil, fmt.Errorf("load list entries: %w", err)
	}
	start := time.Now()
	wl := screen.NewWatchlist(versions, entries)
	e.watchlist.Store(wl)
	e.Logger.Info("watch-list compiled", "lists", len(versions), "entries", len(entries), "took", time.Since(start))
	return wl, nil
}

// Watchlist returns the compiled watch-list last loaded.
func (e *Engine) Watchlist() *screen.Watchlist { return e.watchlist.Load() }

// current returns the watch-list of the lists active in the store now, compiling it again when another process
// (a `vigil lists update` beside `vigil serve`, another worker on PostgreSQL) imported a new version. Checking
// costs one small query; judging against a stale list would report live sanctions hits as delisted.
func (e *Engine) current(ctx context.Context) (*screen.Watchlist, error) {
	active := true
	versions, err := e.Store.FindListVersions(ctx, vigil.ListVersionFilter{Active: &active})
	if err != nil {
		return nil, fmt.Errorf("find active list versions: %w", err)
	}
	if wl := e.Watchlist(); sameVersions(wl.Versions(), versions) {
		return wl, nil
	}
	e.listMu.Lock()
	defer e.listMu.Unlock()
	if wl := e.Watchlist(); sameVersions(wl.Versions(), versions) {
		return wl, nil // another goroutine reloaded it meanwhile
	}
	return e.loadWatchlist(ctx)
}

func sameVersions(a, b []*vigil.ListVersion) bool {
	if len(a) != len(b) {
		return false
	}
	ids := make(map[int64]bool, len(a))
	for _, v := range a {
		ids[v.ID] = true
	}
	for _, v := range b {
		if !ids[v.ID] {
			return false
		}
	}
	return true
}

// errNoLists is returned instead of a silent all-clear when nothing has been imported.
func errNoLists() error {
	return vigil.Errorf(vigil.ENOLISTS, "no watch-list is imported, so screening would prove nothing: import lists first with `vigil lists import FILE…` (OFAC sdn/alt/add CSVs, the UN consolidated XML) or `vigil lists update`, or try `vigil demo`")
}

// SearchHit is one ranked list match of a name search.
type SearchHit struct {
	List        string           `json:"list"`
	EntryID     string           `json:"entry_id"`
	Name        string           `json:"name"`
	Score       float64          `json:"score"`
	Explanation string           `json:"explanation"`
	Nationality match.Verdict    `json:"-"` // how a stated nationality compares (explained, not scored)
	Gender      match.Verdict    `json:"-"`
	Entry       *vigil.ListEntry `json:"entry,omitempty"`
}

// Search returns the list entries whose names match q, best first.
func (e *Engine) Search(ctx context.Context, q match.Query, limit int, minScore float64) ([]SearchHit, error) {
	search, err := e.Searcher(ctx)
	if err != nil {
		return nil, err
	}
	if len(q.Name) > maxSearchNameBytes {
		return nil, vigil.Errorf(vigil.EINVALID, "name is %d bytes; at most %d are allowed", len(q.Name), maxSearchNameBytes)
	}
	return search(q, limit, minScore), nil
}

// maxSearchNameBytes bounds a searched name; the matcher reads no more than its first 512 bytes anyway.
const maxSearchNameBytes = 1024

// Searcher returns a search over the lists active now, for many queries in a row (a batch) without asking
// the store each time which lists are active. It is safe for concurrent use; names longer than 1,024 bytes
// are the caller's to refuse.
func (e *Engine) Searcher(ctx context.Context) (func(q match.Query, limit int, minScore float64) []SearchHit, error) {
	wl, err := e.current(ctx)
	if err != nil {
		return nil, err
	}
	if wl.Empty() {
		return nil, errNoLists()
	}
	return func(q match.Query, limit int, minScore float64) []SearchHit {
		hits := wl.Search(q, limit, minScore)
		out := make([]SearchHit, 0, len(hits))
		for _, h := range hits {
			out = append(out, SearchHit{
				List: h.Entry.List, EntryID: h.Entry.ID, Name: h.Name, Score: round3(h.Score),
				Explanation: h.Explanation, Nationality: h.Nationality, Gender: h.Gender, Entry: h.Entry,
			})
		}
		return out
	}, nil
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// listRefs names the lists of a watch-list in a report, in a fixed order.
func listRefs(wl *screen.Watchlist) []vigil.VersionRef {
	refs := make([]vigil.VersionRef, 0)
	for _, v := range wl.Versions() {
		refs = append(refs, v.Ref())
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].Name < refs[j].Name })
	return refs
}
