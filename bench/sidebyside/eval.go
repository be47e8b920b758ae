package sidebyside

import (
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/moov-io/watchman/pkg/search"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/commonnames"
	"github.com/vigil-sec/vigil/internal/nameeval"
	"github.com/vigil-sec/vigil/match"
)

// Settings are the thresholds and sizes of a run.
type Settings struct {
	WatchmanCutoff float64 // watchman's reporting cut-off, in place of a threshold it does not define
	LogicV2Cutoff  float64 // logic-v2's threshold for the "at threshold" figures
	MinPrecision   float64 // the precision floor of "recall at precision"
	Goroutines     int     // per watchman search; Vigil's concurrent searches in the throughput test
}

// DefaultSettings: watchman at 0.75, the minMatch its README's examples use (equal to Vigil's Threshold);
// logic-v2 at 0.71, the threshold of its best F1 on the name bench (PROVENANCE.md); precision 0.90; two
// goroutines.
var DefaultSettings = Settings{WatchmanCutoff: 0.75, LogicV2Cutoff: 0.71, MinPrecision: 0.90, Goroutines: 2}

// NameBenchResult is the name-bench quality of the three scorers.
type NameBenchResult struct {
	Cases, LogicV2Pairs int
	Vigil, Watchman     [2]nameeval.Summary // all pairs, the pairs logic-v2 scored
	LogicV2             nameeval.Summary    // the pairs logic-v2 scored
}

// watchmanType is the watchman entity type of a name-bench schema.
func watchmanType(schema string) search.EntityType {
	switch schema {
	case "Person":
		return search.EntityPerson
	case "Organization":
		return search.EntityOrganization
	case "Vessel":
		return search.EntityVessel
	}
	return search.EntityBusiness // Company, LegalEntity
}

// RunNameBench scores every pair with match.Compare and with watchman's search.Similarity (name1 built as an
// API query of the pair's type, name2 as a list entity of that type), and summarises both with the frozen
// logic-v2 scores.
func RunNameBench(cases []nameeval.Case, s Settings) NameBenchResult {
	vs := make([]float64, len(cases))
	ws := make([]float64, len(cases))
	for i, c := range cases {
		vs[i], _ = match.Compare(c.Name1, c.Name2)
		typ := watchmanType(c.Schema)
		ws[i] = search.Similarity(Query(c.Name1, typ), Query(c.Name2, typ))
	}
	r := NameBenchResult{Cases: len(cases)}
	for i, keep := range []func(nameeval.Case) bool{nil, nameeval.HasLogicV2} {
		r.Vigil[i] = nameeval.Summarize(nameeval.Select(cases, vs, keep), match.Threshold, s.MinPrecision)
		r.Watchman[i] = nameeval.Summarize(nameeval.Select(cases, ws, keep), s.WatchmanCutoff, s.MinPrecision)
	}
	r.LogicV2 = nameeval.Summarize(nameeval.Select(cases, nameeval.LogicV2Scores(cases), nameeval.HasLogicV2), s.LogicV2Cutoff, s.MinPrecision)
	r.LogicV2Pairs = r.LogicV2.Pairs
	return r
}

// RecallCounts counts recall queries and how each screener did: found at all (at or above its threshold)
// and found ranked first: no entry scores higher, other than entries that list one of the entry's own
// names (after folding; the same person on another list, or namesakes), which no name matcher can rank
// apart. Ties count as first.
type RecallCounts struct {
	Queries                      int
	VigilFound, VigilFirst       int
	WatchmanFound, WatchmanFirst int
}

func (c *RecallCounts) add(o RecallCounts) {
	c.Queries += o.Queries
	c.VigilFound += o.VigilFound
	c.VigilFirst += o.VigilFirst
	c.WatchmanFound += o.WatchmanFound
	c.WatchmanFirst += o.WatchmanFirst
}

// RecallMiss is a query a screener did not find first.
type RecallMiss struct {
	Query     nameeval.RecallQuery
	Rank      int // 0 when not found at all
	Score     float64
	Best      EntryRef // the entry ranked first instead
	BestScore float64
}

// RecallResult is the recall set of one kind of entity.
type RecallResult struct {
	Kind      string
	Total     RecallCounts                       // strong, unambiguous queries
	ByVariant map[nameeval.Variant]*RecallCounts // the same, per variant
	Weak      RecallCounts                       // variants of low-quality aliases
	Ambiguous RecallCounts                       // variants equal to another entry's name
	VigilMiss []RecallMiss                       // strong, unambiguous queries Vigil did not rank first
	WatchMiss int
}

// RunRecall queries both screeners with every recall query. persons selects Vigil's PersonOnly and
// watchman's type=person, as an API user screening a person would.
func RunRecall(d *Data, kind string, qs []nameeval.RecallQuery, persons bool, s Settings, progress func(done int)) RecallResult {
	r := RecallResult{Kind: kind, ByVariant: map[nameeval.Variant]*RecallCounts{}}
	byRef := map[EntryRef][]int{}
	for i := range d.Watchman.Entities {
		ref := d.Watchman.Ref(i)
		byRef[ref] = append(byRef[ref], i)
	}
	typ := search.EntityType("")
	if persons {
		typ = search.EntityPerson
	}
	for n, q := range qs {
		target := EntryRef{q.List, q.EntryID}
		var c RecallCounts
		c.Queries = 1

		hits := d.Vigil.Search(q.Query, persons, 0, match.Threshold)
		vrank, vscore := d.rankOf(hits, target)
		if vrank > 0 {
			c.VigilFound = 1
			if vrank == 1 {
				c.VigilFirst = 1
			}
		}
		scores := d.Watchman.ScoreAll(Query(q.Query, typ), s.Goroutines)
		wscore := -1.0
		for _, i := range byRef[target] {
			wscore = max(wscore, scores[i])
		}
		if wscore >= s.WatchmanCutoff {
			c.WatchmanFound = 1
			first := true
			for i, sc := range scores {
				if sc > wscore && !d.sameName(d.Watchman.Ref(i), target) {
					first = false
					break
				}
			}
			if first {
				c.WatchmanFirst = 1
			}
		}

		switch {
		case q.Weak:
			r.Weak.add(c)
		case q.Ambiguous:
			r.Ambiguous.add(c)
		default:
			r.Total.add(c)
			if r.ByVariant[q.Variant] == nil {
				r.ByVariant[q.Variant] = &RecallCounts{}
			}
			r.ByVariant[q.Variant].add(c)
			if c.VigilFirst == 0 {
				m := RecallMiss{Query: q, Rank: vrank, Score: vscore}
				if vrank == 0 {
					// Below the threshold: the name score against the entry's own names says by how much.
					m.Score = nameScore(d.entry(target), q.Query)
				}
				if len(hits) > 0 {
					m.Best, m.BestScore = hits[0].Ref, hits[0].Score
				}
				r.VigilMiss = append(r.VigilMiss, m)
			}
			if c.WatchmanFirst == 0 {
				r.WatchMiss++
			}
		}
		if progress != nil {
			progress(n + 1)
		}
	}
	return r
}

// nameScore is the best match.Compare score of name against the entry's names.
func nameScore(e *vigil.ListEntry, name string) float64 {
	best := 0.0
	if e == nil {
		return 0
	}
	for _, n := range e.AllNames() {
		s, _ := match.Compare(name, n)
		best = max(best, s)
	}
	return best
}

// rankOf returns the rank of target among hits, 1 + the number of entries scoring strictly higher that do
// not list one of its names, and its score; or 0 when it is not among the hits.
func (d *Data) rankOf(hits []Hit, target EntryRef) (int, float64) {
	for _, h := range hits {
		if h.Ref != target {
			continue
		}
		rank := 1
		for _, o := range hits {
			if o.Score > h.Score && !d.sameName(o.Ref, target) {
				rank++
			}
		}
		return rank, h.Score
	}
	return 0, 0
}

// FPRow is the false-positive count of one culture.
type FPRow struct {
	Culture         string
	Names           int
	Removed         int // names dropped from the set because a list holds them
	Vigil, Watchman int // names with a hit at or above the threshold
}

// FPHit is a common name that a screener reported.
type FPHit struct {
	Culture, Name string
	Hit           EntryRef
	Score         float64
}

// FPResult is the false-positive set.
type FPResult struct {
	Rows                   []FPRow
	Names, Vigil, Watchman int
	VigilHits              []FPHit
	WatchmanHits           []FPHit
}

// RunFalsePositives screens each common name as a person with both screeners and counts the names each
// reports at or above its threshold.
func RunFalsePositives(d *Data, names []commonnames.Name, removed map[string]int, s Settings, progress func(done int)) FPResult {
	rows := map[string]*FPRow{}
	row := func(c string) *FPRow {
		if rows[c] == nil {
			rows[c] = &FPRow{Culture: c, Removed: removed[c]}
		}
		return rows[c]
	}
	for c := range removed {
		row(c)
	}
	var r FPResult
	for n, cn := range names {
		name := nameeval.FullName(cn)
		rw := row(cn.Culture)
		rw.Names++
		r.Names++
		if hits := d.Vigil.Search(name, true, 1, match.Threshold); len(hits) > 0 {
			rw.Vigil++
			r.Vigil++
			r.VigilHits = append(r.VigilHits, FPHit{cn.Culture, name, hits[0].Ref, hits[0].Score})
		}
		if hits := d.Watchman.Search(Query(name, search.EntityPerson), 1, s.WatchmanCutoff, s.Goroutines); len(hits) > 0 {
			rw.Watchman++
			r.Watchman++
			r.WatchmanHits = append(r.WatchmanHits, FPHit{cn.Culture, name, hits[0].Ref, hits[0].Score})
		}
		if progress != nil {
			progress(n + 1)
		}
	}
	for _, rw := range rows {
		r.Rows = append(r.Rows, *rw)
	}
	slices.SortFunc(r.Rows, func(a, b FPRow) int {
		switch {
		case a.Culture < b.Culture:
			return -1
		case a.Culture > b.Culture:
			return 1
		}
		return 0
	})
	return r
}

// Speed is the throughput and latency of one screener.
type Speed struct {
	Queries  int
	Elapsed  time.Duration
	QPS      float64
	P50, P99 time.Duration
	Max      time.Duration
}

// SpeedResult compares the two screeners on the same queries.
type SpeedResult struct {
	Goroutines      int
	Vigil, Watchman Speed
	Ratio           float64 // Vigil's queries/s over watchman's
}

// RunSpeed screens every name as a person with both screeners. Vigil runs goroutines searches at a time (its
// index is shared read-only), each as `vigil search` does (limit 10, at Threshold); watchman runs one
// search at a time, each scoring every entity on goroutines goroutines as its service does (limit 10,
// minMatch 0, its API's defaults). Latency is per search, from call to return.
func RunSpeed(d *Data, names []string, s Settings, progress func(done int)) SpeedResult {
	r := SpeedResult{Goroutines: s.Goroutines}
	// Warm both up: pools, caches, the first allocations.
	for _, n := range names[:min(len(names), 20)] {
		d.Vigil.Search(n, true, 10, match.Threshold)
	}
	for _, n := range names[:min(len(names), 2)] {
		d.Watchman.Search(Query(n, search.EntityPerson), 10, 0, s.Goroutines)
	}

	lat := make([]time.Duration, len(names))
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for g := 0; g < max(1, s.Goroutines); g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(names) {
					return
				}
				t := time.Now()
				d.Vigil.Search(names[i], true, 10, match.Threshold)
				lat[i] = time.Since(t)
			}
		}()
	}
	wg.Wait()
	r.Vigil = speedOf(lat, time.Since(start))

	lat = make([]time.Duration, len(names))
	start = time.Now()
	for i, n := range names {
		t := time.Now()
		d.Watchman.Search(Query(n, search.EntityPerson), 10, 0, s.Goroutines)
		lat[i] = time.Since(t)
		if progress != nil {
			progress(i + 1)
		}
	}
	r.Watchman = speedOf(lat, time.Since(start))
	if r.Watchman.QPS > 0 {
		r.Ratio = r.Vigil.QPS / r.Watchman.QPS
	}
	return r
}

func speedOf(lat []time.Duration, elapsed time.Duration) Speed {
	s := Speed{Queries: len(lat), Elapsed: elapsed}
	if len(lat) == 0 || elapsed <= 0 {
		return s
	}
	s.QPS = float64(len(lat)) / elapsed.Seconds()
	sorted := slices.Clone(lat)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	s.P50 = sorted[percentileIndex(len(sorted), 0.50)]
	s.P99 = sorted[percentileIndex(len(sorted), 0.99)]
	s.Max = sorted[len(sorted)-1]
	return s
}

// percentileIndex is the nearest-rank index of percentile p among n sorted values.
func percentileIndex(n int, p float64) int {
	i := int(float64(n)*p+0.999999999) - 1
	return min(max(i, 0), n-1)
}

// Sample returns every k-th element of xs so that at most n remain (all when n <= 0 or xs is shorter),
// spreading the sample over the whole slice so that every kind of query keeps its share.
func Sample[T any](xs []T, n int) []T {
	if n <= 0 || len(xs) <= n {
		return xs
	}
	out := make([]T, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, xs[i*len(xs)/n])
	}
	return out
}

// SpeedQueries interleaves person recall queries (every variant, typos included) and common names, half and
// half, n in all (fewer when either set is smaller).
func SpeedQueries(recall []nameeval.RecallQuery, names []commonnames.Name, n int) []string {
	a := Sample(recall, (n+1)/2)
	b := Sample(names, n/2)
	out := make([]string, 0, len(a)+len(b))
	for i := 0; i < max(len(a), len(b)); i++ {
		if i < len(a) {
			out = append(out, a[i].Query)
		}
		if i < len(b) {
			out = append(out, nameeval.FullName(b[i]))
		}
	}
	return out
}
