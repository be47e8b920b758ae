package match

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"sort"
	"testing"

	"github.com/vigil-sec/vigil/internal/shareddata"
)

// benchCase is one labelled pair of ../shared/data/name-bench/cases.csv.
type benchCase struct {
	group, schema, name1, name2, quality, category, notes string
	match                                                 bool
	logicV2                                               float64 // OpenSanctions logic-v2 score, NaN when absent
}

func readCSV(tb testing.TB, path string) [][]string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	recs, err := r.ReadAll()
	if err != nil {
		tb.Fatalf("read %s: %v", path, err)
	}
	return recs
}

func loadNameBench(tb testing.TB) []benchCase {
	tb.Helper()
	recs := readCSV(tb, shareddata.Path(tb, "name-bench", "cases.csv"))
	header := recs[0]
	want := []string{"case_group", "schema", "name1", "name2", "is_match", "quality", "category", "notes"}
	if fmt.Sprint(header) != fmt.Sprint(want) {
		tb.Fatalf("cases.csv header %v, want %v", header, want)
	}
	cases := make([]benchCase, 0, len(recs)-1)
	for n, r := range recs[1:] {
		if r[4] != "true" && r[4] != "false" {
			tb.Fatalf("cases.csv line %d: is_match %q", n+2, r[4])
		}
		cases = append(cases, benchCase{group: r[0], schema: r[1], name1: r[2], name2: r[3], match: r[4] == "true",
			quality: r[5], category: r[6], notes: r[7], logicV2: math.NaN()})
	}
	lv := readCSV(tb, shareddata.Path(tb, "name-bench", "logicv2-frozen.csv"))
	type key struct{ a, b, match string }
	scores := map[key]float64{}
	for n, r := range lv[1:] {
		var s float64
		if _, err := fmt.Sscan(r[9], &s); err != nil {
			tb.Fatalf("logicv2-frozen.csv line %d: score %q: %v", n+2, r[9], err)
		}
		scores[key{r[3], r[4], r[5]}] = s
	}
	for i := range cases {
		if s, ok := scores[key{cases[i].name1, cases[i].name2, fmt.Sprint(cases[i].match)}]; ok {
			cases[i].logicV2 = s
		}
	}
	return cases
}

type prf struct{ f1, precision, recall float64 }

func f1At(scores []float64, labels []bool, th float64) prf {
	var tp, fp, fn float64
	for i, s := range scores {
		switch {
		case s >= th && labels[i]:
			tp++
		case s >= th:
			fp++
		case labels[i]:
			fn++
		}
	}
	var r prf
	if tp+fp > 0 {
		r.precision = tp / (tp + fp)
	}
	if tp+fn > 0 {
		r.recall = tp / (tp + fn)
	}
	if r.precision+r.recall > 0 {
		r.f1 = 2 * r.precision * r.recall / (r.precision + r.recall)
	}
	return r
}

// recallAtPrecision is the best recall at any threshold (0.001 … 0.999) where precision is at least p.
func recallAtPrecision(scores []float64, labels []bool, p float64) (prf, float64) {
	var best prf
	var at float64
	for t := 1; t < 1000; t++ {
		th := float64(t) / 1000
		if r := f1At(scores, labels, th); r.precision >= p && r.recall > best.recall {
			best, at = r, th
		}
	}
	return best, at
}

// bestF1 scans thresholds 0.01 … 0.99.
func bestF1(scores []float64, labels []bool) (prf, float64) {
	var best prf
	var at float64
	for t := 1; t < 100; t++ {
		th := float64(t) / 100
		if r := f1At(scores, labels, th); r.f1 > best.f1 {
			best, at = r, th
		}
	}
	return best, at
}

// benchF1AtThreshold is F1 on all 826 pairs at Threshold when it was chosen; the test fails 0.02 below it.
// Measured then (match v2): F1 0.841, precision 0.922, recall 0.774 at 0.80; best F1 0.850 at 0.79; recall
// 0.805 at precision >= 0.90. OpenSanctions logic-v2 on the 810 pairs it scored: best F1 0.800 at 0.71.
const benchF1AtThreshold = 0.841

func TestNameBench(t *testing.T) {
	cases := loadNameBench(t)
	scores := make([]float64, len(cases))
	labels := make([]bool, len(cases))
	var subScores, subLV []float64
	var subLabels []bool
	for i, c := range cases {
		scores[i], _ = benchCompare(c)
		labels[i] = c.match
		if !math.IsNaN(c.logicV2) {
			subScores = append(subScores, scores[i])
			subLV = append(subLV, c.logicV2)
			subLabels = append(subLabels, c.match)
		}
	}
	at := f1At(scores, labels, Threshold)
	best, bestAt := bestF1(scores, labels)
	t.Logf("all %d pairs: at Threshold %.2f F1 %.3f precision %.3f recall %.3f; best F1 %.3f at %.2f (P %.3f R %.3f)",
		len(cases), Threshold, at.f1, at.precision, at.recall, best.f1, bestAt, best.precision, best.recall)
	r90, r90At := recallAtPrecision(scores, labels, 0.90)
	t.Logf("recall at precision >= 0.90: %.3f at %.3f (P %.3f)", r90.recall, r90At, r90.precision)
	subAt := f1At(subScores, subLabels, Threshold)
	subBest, subBestAt := bestF1(subScores, subLabels)
	lvAt := f1At(subLV, subLabels, 0.71)
	lvBest, lvBestAt := bestF1(subLV, subLabels)
	t.Logf("%d pairs scored by logic-v2: vigil at %.2f F1 %.3f P %.3f R %.3f, best %.3f at %.2f; logic-v2 at 0.71 F1 %.3f P %.3f R %.3f, best %.3f at %.2f",
		len(subLabels), Threshold, subAt.f1, subAt.precision, subAt.recall, subBest.f1, subBestAt,
		lvAt.f1, lvAt.precision, lvAt.recall, lvBest.f1, lvBestAt)
	for _, th := range []float64{0.70, 0.75, 0.80, 0.85, 0.90} {
		r := f1At(scores, labels, th)
		t.Logf("  at %.2f: F1 %.3f P %.3f R %.3f", th, r.f1, r.precision, r.recall)
	}
	if os.Getenv("VIGIL_NAMEBENCH_ERRORS") != "" {
		type miss struct {
			c benchCase
			s float64
		}
		var ms []miss
		for i, c := range cases {
			if (scores[i] >= Threshold) != c.match {
				ms = append(ms, miss{c, scores[i]})
			}
		}
		sort.Slice(ms, func(i, j int) bool { return ms[i].s > ms[j].s })
		for _, m := range ms {
			_, ex := benchCompare(m.c)
			t.Logf("%-5v %.3f lv2 %.2f %q | %q | %s | %s", m.c.match, m.s, m.c.logicV2, m.c.name1, m.c.name2, ex, m.c.notes)
		}
	}
	if r90.recall < 0.78 {
		t.Errorf("recall at precision >= 0.90 is %.3f; it was 0.805 when the threshold was chosen", r90.recall)
	}
	if at.f1 < benchF1AtThreshold-0.02 {
		t.Errorf("F1 at Threshold %.2f is %.3f, below the %.3f measured when it was chosen (minus 0.02)", Threshold, at.f1, benchF1AtThreshold)
	}
}

// benchCompare compares a pair as the schema says: people with Compare, everything else as organisations.
func benchCompare(c benchCase) (float64, string) {
	if c.schema == "Person" {
		return Compare(c.name1, c.name2)
	}
	return CompareOrganizations(c.name1, c.name2)
}
