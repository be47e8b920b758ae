package sidebyside

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/vigil-sec/vigil/internal/nameeval"
	"github.com/vigil-sec/vigil/match"
)

// Environment describes where a run took place.
type Environment struct {
	Date       time.Time
	Machine    string // uname -m
	CPU        string // model name, when known
	NumCPU     int    // nproc
	GOMAXPROCS int
	GoVersion  string
	Watchman   string
	Quick      bool
	LoadBefore string // /proc/loadavg when the run started and ended: the machine may be shared
	LoadAfter  string
}

// Report is everything one run measured.
type Report struct {
	Env       Environment
	Settings  Settings
	Data      *Data
	NameBench NameBenchResult
	Recall    []RecallResult
	FP        FPResult
	FPRemoved int
	Speed     SpeedResult
	Misses    int // how many misses to list
}

func pct(n, d int) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
}

func ms(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	case d < 10*time.Second:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// WriteMarkdown writes the report as markdown for docs/benchmarks.md.
func (r *Report) WriteMarkdown(w io.Writer) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	e := r.Env
	p("## Name matching beside moov-io/watchman %s\n\n", e.Watchman)
	quick := ""
	if e.Quick {
		quick = " — **quick run: sampled sets, not for publication**"
	}
	p("Measured %s by `cd bench && go run ./cmd/matchbench`%s: %s, %d CPUs (`nproc`), GOMAXPROCS %d, %s",
		e.Date.UTC().Format("2006-01-02 15:04 UTC"), quick, e.Machine, e.NumCPU, e.GOMAXPROCS, e.GoVersion)
	if e.CPU != "" {
		p(", %s", e.CPU)
	}
	p(". Both screeners run in one process on the same list files.")
	if e.LoadBefore != "" {
		p(" Load average (1, 5, 15 min) at the start %s, at the end %s: other processes share the machine when these exceed the CPU count, and the timings suffer alike.", e.LoadBefore, e.LoadAfter)
	}
	p("\n\n")

	p("### Lists\n\n| list | entries (Vigil) | entities (watchman) |\n|---|---:|---:|\n")
	count := r.Data.Lists.Count()
	wcount := map[string]int{}
	for i := range r.Data.Watchman.Entities {
		wcount[r.Data.Watchman.Ref(i).List]++
	}
	names := make([]string, 0, len(count))
	for l := range count {
		names = append(names, l)
	}
	slices.Sort(names)
	total := 0
	for _, l := range names {
		p("| %s | %d | %d |\n", l, count[l], wcount[l])
		total += count[l]
	}
	p("| **all** | **%d** | **%d** |\n\n", total, len(r.Data.Watchman.Entities))
	p("Files: %s.\n\n", strings.Join(r.Data.Lists.Files, ", "))
	for _, n := range r.Data.WatchmanNotes {
		p("- %s\n", n)
	}
	p("- Build: Vigil's `source.Parse` of all files %s, then its index %s; watchman's reading and mapping %s.\n",
		ms(r.Data.ParseTime), ms(r.Data.VigilBuildTime), ms(r.Data.WatchmanBuildTime))
	if len(r.Data.Lists.Skipped) > 0 {
		p("\nNot read (rejected by `source.Parse`, or absent):\n\n")
		for _, s := range r.Data.Lists.Skipped {
			p("- %s\n", s)
		}
	}
	p("\n")

	nb := r.NameBench
	p("### Name bench (../shared/data/name-bench, %d labelled pairs; logic-v2 scored %d)\n\n", nb.Cases, nb.LogicV2Pairs)
	p("Vigil: `match.Compare`, threshold `match.Threshold` = %.2f. watchman: `search.Similarity` of name1 as an API query and name2 as a list entity of the pair's type, cut-off %.2f. logic-v2: OpenSanctions' frozen scores, threshold %.2f. \"Best F1\" is over every threshold; \"recall at P ≥ %.2f\" is the highest recall of any threshold whose precision reaches %.2f.\n\n",
		match.Threshold, r.Settings.WatchmanCutoff, r.Settings.LogicV2Cutoff, r.Settings.MinPrecision, r.Settings.MinPrecision)
	p("| scorer | pairs | F1 at threshold | P | R | best F1 (at) | recall at P ≥ %.2f (at) |\n|---|---:|---:|---:|---:|---:|---:|\n", r.Settings.MinPrecision)
	row := func(name string, s nameeval.Summary) {
		atp := "none"
		if s.AtPrecisionOK {
			atp = fmt.Sprintf("%.3f (%.3f)", s.AtPrecision.Recall, s.AtPrecision.Threshold)
		}
		p("| %s | %d | %.3f | %.3f | %.3f | %.3f (%.3f) | %s |\n", name, s.Pairs, s.AtThreshold.F1, s.AtThreshold.Precision,
			s.AtThreshold.Recall, s.Best.F1, s.Best.Threshold, atp)
	}
	row("Vigil, all pairs", nb.Vigil[0])
	row("watchman, all pairs", nb.Watchman[0])
	row("Vigil, pairs logic-v2 scored", nb.Vigil[1])
	row("watchman, pairs logic-v2 scored", nb.Watchman[1])
	row("logic-v2, pairs it scored", nb.LogicV2)
	p("\n")

	for _, rr := range r.Recall {
		p("### Recall set: %s of DPRK-programme entries\n\n", rr.Kind)
		p("Every name and alias of every %s listed under a DPRK programme, written another way (`nameeval.RecallSet`: its own romanisation table, not the matcher's). Found: the entry scores at or above the threshold (Vigil %.2f, watchman %.2f); first: no entry of all lists scores higher, other than entries that list one of the entry's own names after folding (the same person on another list, or a namesake: no name matcher can rank those apart); ties count as first.\n\n",
			strings.TrimSuffix(rr.Kind, "s"), match.Threshold, r.Settings.WatchmanCutoff)
		p("| variant | queries | Vigil found | Vigil first | watchman found | watchman first |\n|---|---:|---:|---:|---:|---:|\n")
		vars := make([]string, 0, len(rr.ByVariant))
		for v := range rr.ByVariant {
			vars = append(vars, string(v))
		}
		slices.Sort(vars)
		crow := func(name string, c RecallCounts) {
			p("| %s | %d | %s | %s | %s | %s |\n", name, c.Queries, pct(c.VigilFound, c.Queries), pct(c.VigilFirst, c.Queries),
				pct(c.WatchmanFound, c.Queries), pct(c.WatchmanFirst, c.Queries))
		}
		for _, v := range vars {
			crow(v, *rr.ByVariant[nameeval.Variant(v)])
		}
		crow("**all**", rr.Total)
		if rr.Weak.Queries > 0 {
			crow("low-quality aliases (apart)", rr.Weak)
		}
		if rr.Ambiguous.Queries > 0 {
			crow("equal to another entry's name (apart)", rr.Ambiguous)
		}
		p("\n")
		if len(rr.VigilMiss) > 0 && r.Misses > 0 {
			p("Vigil did not rank these first (%d; the first %d):\n\n", len(rr.VigilMiss), min(r.Misses, len(rr.VigilMiss)))
			p("| variant | query | listed as | rank | score (if not found: best match.Compare with its names) | first instead |\n|---|---|---|---:|---:|---|\n")
			for _, m := range rr.VigilMiss[:min(r.Misses, len(rr.VigilMiss))] {
				rank := "not found"
				if m.Rank > 0 {
					rank = fmt.Sprint(m.Rank)
				}
				best := ""
				if m.Best.ID != "" {
					best = fmt.Sprintf("%s %s (%.3f)", m.Best.List, m.Best.ID, m.BestScore)
				}
				p("| %s | %s | %s %s: %s | %s | %.3f | %s |\n", m.Query.Variant, m.Query.Query, m.Query.List, m.Query.EntryID,
					m.Query.Original, rank, m.Score, best)
			}
			p("\n")
		}
	}

	fp := r.FP
	p("### False positives: common names on no list\n\n")
	p("Common names of many cultures (`internal/commonnames`), less the %d equal to a listed name or alias after folding (`nameeval.FalsePositiveSet`); %d of them screened, each as a person against all lists. A hit is any entity at or above the threshold (Vigil %.2f, watchman %.2f).\n\n",
		r.FPRemoved, fp.Names, match.Threshold, r.Settings.WatchmanCutoff)
	p("| culture | names screened | removed as listed | Vigil hits | Vigil rate | watchman hits | watchman rate |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, rw := range fp.Rows {
		p("| %s | %d | %d | %d | %s | %d | %s |\n", rw.Culture, rw.Names, rw.Removed, rw.Vigil, pct(rw.Vigil, rw.Names), rw.Watchman, pct(rw.Watchman, rw.Names))
	}
	p("| **all** | **%d** | **%d** | **%d** | **%s** | **%d** | **%s** |\n\n", fp.Names, r.FPRemoved, fp.Vigil, pct(fp.Vigil, fp.Names), fp.Watchman, pct(fp.Watchman, fp.Names))
	if len(fp.VigilHits) > 0 && r.Misses > 0 {
		hits := slices.Clone(fp.VigilHits)
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
		p("Vigil's hits (the first %d by score):\n\n| culture | name | entry | score |\n|---|---|---|---:|\n", min(r.Misses, len(hits)))
		for _, h := range hits[:min(r.Misses, len(hits))] {
			p("| %s | %s | %s %s | %.3f |\n", h.Culture, h.Name, h.Hit.List, h.Hit.ID, h.Score)
		}
		p("\n")
	}

	sp := r.Speed
	p("### Throughput and latency\n\n")
	p("%d person queries, half recall-set variants (typos included), half common names, against all %d entities. Vigil: %d concurrent searches on one shared index, limit 10 at its threshold. watchman: one search at a time scoring every entity on %d goroutines as its service does, limit 10, minMatch 0 (its API defaults). Latency per search.\n\n",
		sp.Vigil.Queries, len(r.Data.Watchman.Entities), sp.Goroutines, sp.Goroutines)
	p("| screener | queries/s | p50 | p99 | max |\n|---|---:|---:|---:|---:|\n")
	p("| Vigil | %.0f | %s | %s | %s |\n", sp.Vigil.QPS, ms(sp.Vigil.P50), ms(sp.Vigil.P99), ms(sp.Vigil.Max))
	p("| watchman | %.1f | %s | %s | %s |\n\n", sp.Watchman.QPS, ms(sp.Watchman.P50), ms(sp.Watchman.P99), ms(sp.Watchman.Max))
	p("Vigil / watchman throughput: %.0f×.\n", sp.Ratio)
}
