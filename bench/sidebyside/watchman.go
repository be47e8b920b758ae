package sidebyside

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/moov-io/watchman/pkg/download"
	"github.com/moov-io/watchman/pkg/search"
	"github.com/moov-io/watchman/pkg/sources/ofac"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source"
)

// Watchman is moov-io/watchman v0.60.0's matcher over the same lists: its entities, scored the way its
// search service scores them (internal/search.service.performSearch): every entity, on a fixed number of
// goroutines, with search.Similarity, keeping the best few above minMatch under a mutex.
type Watchman struct {
	Entities []search.Entity[search.Value]
	refs     []EntryRef // Entities[i] is the Vigil entry refs[i]
}

// EntryRef names a list entry across both screeners.
type EntryRef struct{ List, ID string }

// ofacFileNames are the names watchman's ofac.Read dispatches on, by the format Vigil detected.
var ofacFileNames = map[source.Format]string{
	source.FormatOFACSDN:      "sdn.csv",
	source.FormatOFACAlt:      "alt.csv",
	source.FormatOFACAdd:      "add.csv",
	source.FormatOFACComments: "sdn_comments.csv",
}

// NewWatchman builds watchman's entities from the lists Vigil read. OFAC's legacy CSV files go through
// watchman's own reader and mapper (ofac.Read, ofac.GroupIntoEntities), as its service loads them. v0.60.0
// has no reader for the UN XML, the EU's XML or the UK's new list, so the entries Vigil parsed from those are
// mapped field by field (mapEntry); data maps it reads the same OFAC files from the paths in results.
func NewWatchman(results []source.Result, data map[string][]byte) (*Watchman, []string, error) {
	w := &Watchman{}
	var notes []string
	for _, r := range results {
		if isOFAC(r) {
			files := download.Files{}
			for i, name := range r.Files {
				base, ok := ofacFileNames[r.Format[i]]
				if !ok {
					return nil, nil, fmt.Errorf("watchman: %s: OFAC format %s has no watchman reader", name, r.Format[i])
				}
				b, ok := data[name]
				if !ok {
					return nil, nil, fmt.Errorf("watchman: %s: the file's content was not given", name)
				}
				files[base] = io.NopCloser(bytes.NewReader(b))
			}
			res, err := ofac.Read(files)
			if err != nil {
				return nil, nil, fmt.Errorf("watchman: read OFAC files %s: %w", strings.Join(r.Files, ", "), err)
			}
			ents := ofac.GroupIntoEntities(res.SDNs, res.Addresses, res.SDNComments, res.AlternateIdentities)
			for _, e := range ents {
				w.Entities = append(w.Entities, e)
				w.refs = append(w.refs, EntryRef{r.List, e.SourceID})
			}
			note := fmt.Sprintf("%s: watchman's own OFAC CSV reader and mapper (ofac.Read, ofac.GroupIntoEntities), %d entities", r.List, len(ents))
			if len(ents) != len(r.Entries) {
				note += fmt.Sprintf(" (Vigil read %d entries from the same files)", len(r.Entries))
			}
			notes = append(notes, note)
			continue
		}
		for _, e := range r.Entries {
			w.Entities = append(w.Entities, mapEntry(e))
			w.refs = append(w.refs, EntryRef{e.List, e.ID})
		}
		notes = append(notes, fmt.Sprintf("%s (%s): Vigil's parse mapped to watchman entities (v0.60.0 has no reader for it), %d entities",
			r.List, formats(r), len(r.Entries)))
	}
	return w, notes, nil
}

func isOFAC(r source.Result) bool {
	for _, f := range r.Format {
		if _, ok := ofacFileNames[f]; !ok {
			return false
		}
	}
	return len(r.Format) > 0
}

func formats(r source.Result) string {
	seen := map[source.Format]bool{}
	var out []string
	for _, f := range r.Format {
		if !seen[f] {
			seen[f] = true
			out = append(out, string(f))
		}
	}
	return strings.Join(out, ", ")
}

// surnameFirst is the shape watchman's OFAC mapper reorders ("MADURO MOROS, Nicolas" → "Nicolas MADURO
// MOROS", internal/prepare.ReorderSDNName): applied here to the names of other lists' persons so that they
// reach watchman as its own mappers would give them.
var surnameFirst = regexp.MustCompile(`,(?:\s+)?([\p{L}\p{M}'’\-\.\s]+)$`)

func reorder(name string) string {
	m := surnameFirst.FindStringSubmatch(name)
	if len(m) < 2 {
		return name
	}
	return strings.TrimSpace(strings.TrimSpace(m[1]) + " " + strings.TrimSpace(strings.TrimSuffix(name, m[0])))
}

// mapEntry maps a Vigil list entry to a watchman entity the way watchman's own list mappers do: the names of
// persons given-names first, every alias an alternate name, the gender and first exact birth date of a
// person. Addresses and identifiers are left out: the benchmark queries carry only names.
func mapEntry(e *vigil.ListEntry) search.Entity[search.Value] {
	out := search.Entity[search.Value]{Name: e.Name, Source: search.SourceList(e.List), SourceID: e.ID}
	var alts []string
	for _, a := range e.Aliases {
		alts = append(alts, a.Name)
	}
	switch e.Kind {
	case vigil.EntryPerson:
		out.Name = reorder(e.Name)
		for i := range alts {
			alts[i] = reorder(alts[i])
		}
		out.Type = search.EntityPerson
		p := &search.Person{Name: out.Name, AltNames: alts}
		switch e.Gender {
		case "male":
			p.Gender = search.GenderMale
		case "female":
			p.Gender = search.GenderFemale
		}
		for _, b := range e.BirthDates {
			if t, err := time.Parse(time.DateOnly, b.Date); err == nil && b.To == "" && !b.Circa {
				p.BirthDate = &t
				break
			}
		}
		out.Person = p
	case vigil.EntryVessel:
		out.Type = search.EntityVessel
		out.Vessel = &search.Vessel{Name: e.Name, AltNames: alts}
	case vigil.EntryAircraft:
		out.Type = search.EntityAircraft
		out.Aircraft = &search.Aircraft{Name: e.Name, AltNames: alts}
	default: // organisations: watchman's OFAC mapper makes them businesses
		out.Type = search.EntityBusiness
		out.Business = &search.Business{Name: e.Name, AltNames: alts}
	}
	return out.Normalize()
}

// Query builds a watchman query entity as its HTTP API does for ?name=…&type=… (readSearchRequest): the
// name, the type (none when empty) and Normalize.
func Query(name string, typ search.EntityType) search.Entity[search.Value] {
	q := search.Entity[search.Value]{Name: strings.TrimSpace(name), Type: typ, Source: search.SourceAPIRequest}
	switch typ {
	case search.EntityPerson:
		q.Person = &search.Person{Name: q.Name}
	case search.EntityBusiness:
		q.Business = &search.Business{Name: q.Name}
	case search.EntityOrganization:
		q.Organization = &search.Organization{Name: q.Name}
	case search.EntityVessel:
		q.Vessel = &search.Vessel{Name: q.Name}
	case search.EntityAircraft:
		q.Aircraft = &search.Aircraft{Name: q.Name}
	}
	return q.Normalize()
}

// Hit is an entity a search found, with its score.
type Hit struct {
	Ref   EntryRef
	Score float64
}

// Search scores every entity against q as watchman's service does on goroutines goroutines, and returns the
// best limit entities scoring at least minMatch, best first. Like the service (indices.ProcessSliceFn), it
// splits the entities into chunks of len/goroutines and scores each chunk on a goroutine of its own, and
// offers every score to one shared top-limit list under a mutex (largest.Items, which raises a minMatch of
// 0.001 or less to 0.01).
func (w *Watchman) Search(q search.Entity[search.Value], limit int, minMatch float64, goroutines int) []Hit {
	if minMatch <= 0.001 {
		minMatch = 0.01
	}
	if limit <= 0 || limit > 100 {
		limit = 100 // largest.Items' maxCapacity; the API caps limit at 100 too
	}
	top := &topItems{cap: limit, min: minMatch}
	n := len(w.Entities)
	if goroutines < 1 || n < goroutines {
		for i := range w.Entities {
			top.add(i, search.Similarity(q, w.Entities[i]))
		}
	} else {
		chunk := n / goroutines
		var wg sync.WaitGroup
		for start := 0; start < n; start += chunk {
			end := min(start+chunk, n)
			wg.Add(1)
			go func(start, end int) {
				defer wg.Done()
				for i := start; i < end; i++ {
					top.add(i, search.Similarity(q, w.Entities[i]))
				}
			}(start, end)
		}
		wg.Wait()
	}
	out := make([]Hit, 0, len(top.items))
	for _, it := range top.items {
		if w.Entities[it.idx].SourceID == "" || it.score <= 0.001 {
			continue
		}
		out = append(out, Hit{w.refs[it.idx], it.score})
	}
	return out
}

// ScoreAll returns the score of every entity against q, in the order of Entities, computed on goroutines
// goroutines in the same chunks as Search.
func (w *Watchman) ScoreAll(q search.Entity[search.Value], goroutines int) []float64 {
	scores := make([]float64, len(w.Entities))
	n := len(w.Entities)
	chunk := max(1, n/max(1, goroutines))
	var wg sync.WaitGroup
	for start := 0; start < n; start += chunk {
		end := min(start+chunk, n)
		wg.Add(1)
		go func(start, end int) {
			defer wg.Done()
			for i := start; i < end; i++ {
				scores[i] = search.Similarity(q, w.Entities[i])
			}
		}(start, end)
	}
	wg.Wait()
	return scores
}

// Ref returns the entry of entity i.
func (w *Watchman) Ref(i int) EntryRef { return w.refs[i] }

type topItem struct {
	idx   int
	score float64
}

// topItems keeps the best cap items at or above min, best first, as watchman's largest.Items does.
type topItems struct {
	mu    sync.Mutex
	cap   int
	min   float64
	items []topItem
}

func (t *topItems) add(idx int, score float64) {
	if score < t.min {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.items) >= t.cap {
		if score <= t.items[len(t.items)-1].score {
			return
		}
		t.items = t.items[:len(t.items)-1]
	}
	i := sort.Search(len(t.items), func(i int) bool { return t.items[i].score < score })
	t.items = append(t.items, topItem{})
	copy(t.items[i+1:], t.items[i:])
	t.items[i] = topItem{idx, score}
}
