package match

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vigil-sec/vigil"
)

// typo applies one random edit (substitution, deletion, insertion, transposition) to a random word of name.
func typo(rng *rand.Rand, name string) string {
	words := strings.Fields(name)
	if len(words) == 0 {
		return name
	}
	w := rng.Intn(len(words))
	r := []rune(words[w])
	if len(r) < 3 {
		return name
	}
	i := rng.Intn(len(r) - 1)
	switch rng.Intn(4) {
	case 0:
		r[i] = rune('a' + rng.Intn(26))
	case 1:
		r = append(r[:i], r[i+1:]...)
	case 2:
		r = append(r[:i], append([]rune{rune('a' + rng.Intn(26))}, r[i:]...)...)
	case 3:
		r[i], r[i+1] = r[i+1], r[i]
	}
	words[w] = string(r)
	return strings.Join(words, " ")
}

// TestSearchAgreesWithFullScan checks the candidate index and the score bounds against scoring every name
// of the list: for queries made from list names with typos, reordering and gluing, Search at Threshold must
// return exactly the entities a full scan finds, with the same scores.
func TestSearchAgreesWithFullScan(t *testing.T) {
	if testing.Short() {
		t.Skip("full scans of the OFAC list take seconds")
	}
	entries, ix := loadOFAC(t)
	rng := rand.New(rand.NewSource(7))
	var queries []string
	for len(queries) < 120 {
		e := entries[rng.Intn(len(entries))]
		name := e.entity.Names[rng.Intn(len(e.entity.Names))]
		switch len(queries) % 4 {
		case 0:
			queries = append(queries, typo(rng, name))
		case 1:
			f := strings.Fields(name)
			rng.Shuffle(len(f), func(i, j int) { f[i], f[j] = f[j], f[i] })
			queries = append(queries, typo(rng, strings.Join(f, " ")))
		case 2:
			queries = append(queries, strings.Replace(name, " ", "", 1))
		case 3:
			queries = append(queries, typo(rng, typo(rng, name)))
		}
	}
	queries = append(queries, "Kim Jong Un", "Mohamed Ali", "Vladimir Putin", "Anna Kowalska", "J. Smith", "Al Qaida",
		"Gim Jeong-eun", "김정은", "Lee Kyung Sik", "Chon Yon Kun", "Park Chol", "Choi Ryong-hae", "Yi Sun Sin")
	var qt tokenList
	var al aligner
	agree := 0
	for _, q := range queries {
		got := map[int]float64{}
		for _, m := range ix.Search(Query{Name: q}, 0, Threshold) {
			got[m.Entity] = m.NameScore
		}
		want := map[int]float64{}
		qt.fold(q)
		for n := range ix.names {
			rec := &ix.names[n]
			al.org = !ix.entities[rec.entity].person
			if s := al.align(&qt.tokens, &rec.tokens, false); s >= Threshold && s > want[int(rec.entity)] {
				want[int(rec.entity)] = s
			}
		}
		if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })); diff != "" {
			// a weak alias equal to the query is found by Search only
			t.Errorf("query %q: Search differs from a full scan (-scan +search):\n%s", q, diff)
			continue
		}
		agree++
	}
	t.Logf("%d of %d queries agree with full scans of %d names", agree, len(queries), len(ix.names))
}

func TestSearchBirthDate(t *testing.T) {
	ix := NewIndex([]Entity{
		{Names: []string{"KIM, Yong Chol"}, Person: true, BirthDates: []vigil.BirthDate{{Date: "1946", Circa: true}}},
		{Names: []string{"KIM Yong Chol"}, Person: true, BirthDates: []vigil.BirthDate{{Date: "1962-07-15"}}},
		{Names: []string{"KIM Yong Chol"}, Person: true, BirthDates: []vigil.BirthDate{{Date: "1970", To: "1972"}}},
		{Names: []string{"KIM Yong Chol"}, Person: true},
		{Names: []string{"Kim Yong Chol Trading Company"}},
	})
	for _, tc := range []struct {
		date string
		want []DateVerdict // per entity 0..3
	}{
		{"", []DateVerdict{"", "", "", ""}},
		{"1962-07-15", []DateVerdict{"mismatch", "match", "mismatch", ""}},
		{"1962", []DateVerdict{"mismatch", "match", "mismatch", ""}},
		{"1963-01-02", []DateVerdict{"mismatch", "close", "mismatch", ""}},
		{"1947-05", []DateVerdict{"close", "mismatch", "mismatch", ""}},
		{"1971-02-03", []DateVerdict{"mismatch", "mismatch", "match", ""}},
		{"1973", []DateVerdict{"mismatch", "mismatch", "close", ""}},
		{"not a date", []DateVerdict{"", "", "", ""}},
	} {
		t.Run(tc.date, func(t *testing.T) {
			res := ix.Search(Query{Name: "Kim Yong-chol", BirthDate: tc.date, PersonOnly: true}, 0, 0.5)
			got := make([]DateVerdict, 4)
			for _, m := range res {
				if m.Entity == 4 {
					t.Errorf("PersonOnly query found the company")
					continue
				}
				got[m.Entity] = m.BirthDate
				want := m.NameScore
				switch m.BirthDate {
				case DateMatch:
					want = math.Min(1, m.NameScore+dateMatchBonus)
				case DateMismatch:
					want = m.NameScore - dateMismatchPenalty
				}
				if math.Abs(m.Score-want) > 1e-9 {
					t.Errorf("entity %d: score %.3f for name score %.3f and date %q", m.Entity, m.Score, m.NameScore, m.BirthDate)
				}
				if m.BirthDate != DateUnknown && !strings.Contains(m.Explanation, "birth date "+tc.date) {
					t.Errorf("entity %d: explanation %q does not explain the date", m.Entity, m.Explanation)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("verdicts (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("mismatch ranks below match", func(t *testing.T) {
		res := ix.Search(Query{Name: "Yong Chol Kim", BirthDate: "1962-07-15"}, 3, Threshold)
		if len(res) == 0 || res[0].Entity != 1 || res[0].Score != 1 {
			t.Fatalf("want entity 1 first with 1.0, got %+v", res)
		}
		if res[1].Entity != 3 || res[1].Score != 1 {
			t.Errorf("want entity 3 (no date) second with 1.0, got %+v", res[1])
		}
	})
}

func TestSearchWeakAlias(t *testing.T) {
	ix := NewIndex([]Entity{
		{Names: []string{"RECONNAISSANCE GENERAL BUREAU"}, WeakNames: []string{"RGB"}},
		{Names: []string{"KOREA MINING DEVELOPMENT TRADING CORPORATION"}, WeakNames: []string{"KOMID"}},
		{Names: []string{"RGB Holdings Limited"}},
	})
	res := ix.Search(Query{Name: "rgb"}, 0, Threshold)
	if len(res) != 1 || res[0].Entity != 0 || res[0].NameScore != weakNameScore || res[0].Name != "RGB" {
		t.Fatalf("weak alias equal to the query: got %+v", res)
	}
	if res := ix.Search(Query{Name: "KOMIDD"}, 0, 0.1); len(res) != 0 {
		t.Errorf("a weak alias matched a query it does not equal: %+v", res)
	}
	if res := ix.Search(Query{Name: "RGB Holdings Ltd"}, 0, Threshold); len(res) != 1 || res[0].Entity != 2 {
		t.Errorf("got %+v", res)
	}
}

func TestSearchOrderAndLimit(t *testing.T) {
	ents := []Entity{
		{Names: []string{"Ri Song Hyok"}, Person: true},
		{Names: []string{"Ri Song-hyok"}, Person: true},
		{Names: []string{"Ri Song Hyon"}, Person: true},
		{Names: []string{"Li Song Hyok"}, Person: true},
		{Names: []string{"Song Hyok Ri Trading"}},
	}
	ix := NewIndex(ents)
	if ix.Len() != len(ents) {
		t.Fatalf("Len %d", ix.Len())
	}
	all := ix.Search(Query{Name: "RI Song Hyok"}, 0, 0.3)
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if a.Score < b.Score || (a.Score == b.Score && a.Entity > b.Entity) {
			t.Errorf("results out of order at %d: %+v then %+v", i, a, b)
		}
	}
	if len(all) < 4 || all[0].Entity != 0 || all[1].Entity != 1 {
		t.Fatalf("want the two exact entities first, ties by index: %+v", all)
	}
	for limit := 1; limit <= len(all); limit++ {
		got := ix.Search(Query{Name: "RI Song Hyok"}, limit, 0.3)
		if diff := cmp.Diff(all[:limit], got); diff != "" {
			t.Errorf("limit %d is not a prefix of the full result (-want +got):\n%s", limit, diff)
		}
	}
}

// TestSearchConcurrent runs searches from many goroutines on one index; with -race it proves Search shares
// nothing mutable, and it checks every goroutine gets the same answers.
func TestSearchConcurrent(t *testing.T) {
	_, ix := loadOFAC(t)
	want := make([][]Match, len(benchQueries))
	for i, q := range benchQueries {
		want[i] = ix.Search(q, 5, 0.7)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(benchQueries))
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range benchQueries {
				i := (k + g) % len(benchQueries)
				if got := ix.Search(benchQueries[i], 5, 0.7); !cmp.Equal(want[i], got) {
					errs <- fmt.Sprintf("query %q differs between goroutines", benchQueries[i].Name)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestSearchHostile feeds names no list holds: huge, invalid UTF-8, control characters, thousands of tokens.
func TestSearchHostile(t *testing.T) {
	_, ix := loadOFAC(t)
	huge := strings.Repeat("Kim Jong Un ", 1_000_000)
	for name, q := range map[string]string{
		"10 MB":            huge[:10<<20],
		"invalid UTF-8":    "Kim\xff\xfe Jong\xc0 Un",
		"control":          "Kim\x00Jong\x07Un\x1b[31m",
		"many tokens":      strings.Repeat("a b ", 5000),
		"combining flood":  "K" + strings.Repeat("\u0301", 100000) + "im",
		"one long token":   strings.Repeat("x", 1<<20),
		"only punctuation": strings.Repeat("-'.,", 1000),
		"empty":            "",
		"bidi":             "\u202eKim Jong Un\u202c",
	} {
		t.Run(name, func(t *testing.T) {
			res := ix.Search(Query{Name: q, BirthDate: q}, 10, 0)
			for _, m := range res {
				if m.Score < 0 || m.Score > 1 || math.IsNaN(m.Score) {
					t.Errorf("score %v", m.Score)
				}
			}
			if n := len(Fold(q)); n > maxTokens {
				t.Errorf("Fold gave %d tokens", n)
			}
		})
	}
}

// TestSearchAllocatesNothing: a query that matches nothing, the common case in screening, allocates nothing
// once the index's scratch space is warm; results are the only allocation of a query that matches.
func TestSearchAllocatesNothing(t *testing.T) {
	ix := NewIndex([]Entity{
		{Names: []string{"KIM, Jong Un", "김정은"}, Person: true},
		{Names: []string{"CHO'N, Yo'n Ku'n", "JON, Yun Gun"}, Person: true},
		{Names: []string{"Korea Mining Development Trading Corporation", "KOMID"}},
		{Names: []string{"Mohammed Abdul Rahman Al-Hussaini"}, Person: true},
	})
	for _, q := range []Query{
		{Name: "Anna Kowalska"}, {Name: "Min-jun Kang", BirthDate: "1994"}, {Name: "Nguyen Van An"},
		{Name: "Open Joint Stock Company Forty-Four"}, {Name: "Jean-Pierre Dubois", Nationality: "FR"},
	} {
		ix.Search(q, 10, Threshold) // warm the pool
		if n := testing.AllocsPerRun(50, func() { ix.Search(q, 10, Threshold) }); n != 0 {
			t.Errorf("Search(%q) allocates %.0f times", q.Name, n)
		}
	}
}
