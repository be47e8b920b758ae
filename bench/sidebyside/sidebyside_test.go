package sidebyside

import (
	"math"
	"strings"
	"testing"

	"github.com/moov-io/watchman/pkg/search"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/commonnames"
	"github.com/vigil-sec/vigil/internal/nameeval"
	"github.com/vigil-sec/vigil/source"
)

// TestSmoke runs every section of the benchmark on the hand-written fixtures of testdata/ and one mapped UN
// entry: both screeners load the same entries under the same IDs, find an exact name first, and the report
// renders.
func TestSmoke(t *testing.T) {
	d, err := Load([]string{"testdata"})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Lists.Entries) != 4 || len(d.Watchman.Entities) != 4 {
		t.Fatalf("%d Vigil entries, %d watchman entities; want 4 each (skipped: %v)", len(d.Lists.Entries), len(d.Watchman.Entities), d.Lists.Skipped)
	}
	// A UN entry reaches watchman through mapEntry.
	un := &vigil.ListEntry{List: "un", ID: "KPi.999", Kind: vigil.EntryPerson, Name: "RI, Chol Man", Programs: []string{"KP"},
		Aliases: []vigil.Alias{{Name: "Ri Cholman"}}, BirthDates: []vigil.BirthDate{{Date: "1960-01-02"}}, Gender: "male"}
	w, notes, err := NewWatchman(append(d.Lists.Results, source.Result{List: "un", Format: []source.Format{source.FormatUN}, Entries: []*vigil.ListEntry{un}}), nil)
	if err == nil {
		t.Fatalf("OFAC files not given: no error (%v)", notes)
	}
	w, notes, err = NewWatchman([]source.Result{{List: "un", Format: []source.Format{source.FormatUN}, Entries: []*vigil.ListEntry{un}}}, nil)
	if err != nil || len(w.Entities) != 1 || len(notes) != 1 {
		t.Fatalf("mapped UN entry: %v %d %v", err, len(w.Entities), notes)
	}
	if e := w.Entities[0]; e.Name != "Chol Man RI" || e.Person == nil || e.Person.BirthDate == nil || e.Person.Gender != search.GenderMale || e.SourceID != "KPi.999" {
		t.Errorf("mapped UN entry: %+v", e)
	}
	d.Watchman.Entities = append(d.Watchman.Entities, w.Entities...)
	d.Watchman.refs = append(d.Watchman.refs, w.refs...)

	for _, tc := range []struct {
		name   string
		person bool
		want   EntryRef
	}{
		{"PAK, Song Il", true, EntryRef{"ofac-sdn", "9001"}},
		{"KORYO SAMPLE TRADING CORPORATION", false, EntryRef{"ofac-sdn", "9003"}},
		{"Chol Man Ri", true, EntryRef{"un", "KPi.999"}},
	} {
		typ := search.EntityType("")
		if tc.person {
			typ = search.EntityPerson
		}
		hits := d.Watchman.Search(Query(tc.name, typ), 3, 0, 2)
		if len(hits) == 0 || hits[0].Ref != tc.want {
			t.Errorf("watchman %q: %+v, want %v first", tc.name, hits, tc.want)
		}
		if tc.want.List == "un" {
			continue // not in Vigil's index here
		}
		if vh := d.Vigil.Search(tc.name, tc.person, 3, 0.75); len(vh) == 0 || vh[0].Ref != tc.want {
			t.Errorf("Vigil %q: %+v, want %v first", tc.name, vh, tc.want)
		}
	}

	// An entry listing one of the target's names does not push it down; another does.
	pak, cho, koryo := EntryRef{"ofac-sdn", "9001"}, EntryRef{"ofac-sdn", "9002"}, EntryRef{"ofac-sdn", "9003"}
	if !d.sameName(pak, pak) || d.sameName(pak, cho) {
		t.Error("sameName")
	}
	if rank, _ := d.rankOf([]Hit{{koryo, 0.9}, {cho, 0.8}, {pak, 0.8}}, pak); rank != 2 {
		t.Errorf("rank %d, want 2: one entry scores higher, one ties", rank)
	}
	if rank, _ := d.rankOf([]Hit{{cho, 0.9}}, pak); rank != 0 {
		t.Errorf("rank %d of an entry not found, want 0", rank)
	}

	cases := []nameeval.Case{
		{Schema: "Person", Name1: "Kim Sang-man", Name2: "KIM, Sang Man", Match: true, LogicV2: 0.9},
		{Schema: "Person", Name1: "Kim Sang-hoon", Name2: "KIM, Sang Man", Match: false, LogicV2: 0.8},
		{Schema: "Company", Name1: "Acme Ltd", Name2: "Acme Limited", Match: true, LogicV2: math.NaN()},
	}
	nb := RunNameBench(cases, DefaultSettings)
	if nb.Vigil[0].Pairs != 3 || nb.Vigil[1].Pairs != 2 || nb.LogicV2.Pairs != 2 || nb.Watchman[0].Matches != 2 {
		t.Errorf("name bench: %+v", nb)
	}

	persons := nameeval.RecallSet(d.Lists.Entries)
	rr := RunRecall(d, "persons", persons, true, DefaultSettings, nil)
	if rr.Total.Queries+rr.Weak.Queries+rr.Ambiguous.Queries != len(persons) || rr.ByVariant[nameeval.VariantReorder] == nil {
		t.Errorf("recall: %d queries counted of %d: %+v", rr.Total.Queries, len(persons), rr)
	}
	for _, q := range persons {
		if q.EntryID == "9004" {
			t.Errorf("a non-DPRK entry in the recall set: %+v", q)
		}
	}
	orgs := RunRecall(d, "organisations", nameeval.OrganizationRecallSet(d.Lists.Entries), false, DefaultSettings, nil)

	names := []commonnames.Name{{Culture: "english", Full: "Mary Jones"}, {Culture: "korean", Full: "Pak Song-il"}}
	kept, removed := nameeval.FilterUnlisted(names, d.Lists.Entries)
	if len(kept) != 1 || removed["korean"] != 1 {
		t.Errorf("the listed name was not removed: %v %v", kept, removed)
	}
	fp := RunFalsePositives(d, kept, removed, DefaultSettings, nil)
	if fp.Names != 1 || len(fp.Rows) != 2 {
		t.Errorf("false positives: %+v", fp)
	}

	sp := RunSpeed(d, SpeedQueries(persons, names, 4), DefaultSettings, nil)
	if sp.Vigil.Queries != 4 || sp.Watchman.Queries != 4 || sp.Vigil.QPS <= 0 || sp.Watchman.P99 <= 0 {
		t.Errorf("speed: %+v", sp)
	}

	rep := &Report{Env: Environment{Machine: "x86_64", NumCPU: 2, GOMAXPROCS: 2, GoVersion: "go", Watchman: "v0.60.0"},
		Settings: DefaultSettings, Data: d, NameBench: nb, Recall: []RecallResult{rr, orgs}, FP: fp, Speed: sp, Misses: 5}
	var b strings.Builder
	rep.WriteMarkdown(&b)
	for _, want := range []string{"## Name matching beside moov-io/watchman v0.60.0", "| ofac-sdn | 4 | 4 |", "### Name bench",
		"### Recall set: persons", "### Recall set: organisations", "| reorder |", "### False positives", "| korean | 0 | 1 |",
		"### Throughput and latency"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

func TestSample(t *testing.T) {
	xs := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	if got := Sample(xs, 4); len(got) != 4 || got[0] != 0 || got[1] != 2 || got[2] != 5 || got[3] != 7 {
		t.Errorf("Sample(10, 4) = %v", got)
	}
	if got := Sample(xs, 0); len(got) != 10 {
		t.Errorf("Sample(10, 0) = %v", got)
	}
	if got := Sample(xs, 20); len(got) != 10 {
		t.Errorf("Sample(10, 20) = %v", got)
	}
}

func TestPercentileIndex(t *testing.T) {
	for _, tc := range [][3]float64{{100, 0.99, 98}, {100, 0.5, 49}, {1, 0.99, 0}, {10, 0.99, 9}, {3, 0.5, 1}} {
		if got := percentileIndex(int(tc[0]), tc[1]); got != int(tc[2]) {
			t.Errorf("percentileIndex(%v, %v) = %d, want %v", tc[0], tc[1], got, tc[2])
		}
	}
}

func TestReorder(t *testing.T) {
	for in, want := range map[string]string{
		"MADURO MOROS, Nicolas": "Nicolas MADURO MOROS",
		"CHO'N, Yo'n Ku'n":      "Yo'n Ku'n CHO'N",
		"KIM JONG UN":           "KIM JONG UN",
		"ACME, 123":             "ACME, 123",
	} {
		if got := reorder(in); got != want {
			t.Errorf("reorder(%q) = %q, want %q", in, got, want)
		}
	}
}
