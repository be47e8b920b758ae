package match

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vigil-sec/vigil"
)

func fuzzSeeds(f *testing.F, arity int) {
	seeds := []string{
		"KIM, Jong Un", "Jong-un Kim", "CHO'N, Yo'n Ku'n", "Chon Yonkun", "Müller", "Łukasz Żółć",
		"Nguyễn Văn An", "Mohammed", "Muhammad", "J. Smith", "Владимир Путин", "김정은", "バラク・オバマ",
		"P-532", "HWANG GUM SAN 2", "Acme Ltd.", "", "\xff\xfe", "a b c d e f g h i j k l m n o p q r s",
		strings.Repeat("x", 600), "K\u0301\u0301\u0301im", "\u202eKim\u200d", "ـــ", "ǅ", "ﬁ", "ΐ",
	}
	for i, s := range seeds {
		if arity == 1 {
			f.Add(s)
		} else {
			f.Add(s, seeds[(i+1)%len(seeds)])
		}
	}
}

func FuzzFold(f *testing.F) {
	fuzzSeeds(f, 1)
	f.Fuzz(func(t *testing.T, name string) {
		toks := Fold(name)
		if len(toks) > maxTokens {
			t.Fatalf("%d tokens", len(toks))
		}
		for _, tok := range toks {
			if tok == "" || !utf8.ValidString(tok) || strings.ContainsAny(tok, " \t\n'-") {
				t.Fatalf("bad token %q", tok)
			}
		}
	})
}

func FuzzCompare(f *testing.F) {
	fuzzSeeds(f, 2)
	f.Fuzz(func(t *testing.T, a, b string) {
		s, ex := Compare(a, b)
		if math.IsNaN(s) || s < 0 || s > 1 {
			t.Fatalf("Compare(%q, %q) = %v", a, b, s)
		}
		if ex == "" || !utf8.ValidString(ex) {
			t.Fatalf("explanation %q", ex)
		}
		r, _ := Compare(b, a)
		if math.Abs(r-s) > 0.02 {
			t.Fatalf("asymmetric: Compare(%q, %q) = %.3f, reversed %.3f", a, b, s, r)
		}
		if len(Fold(a)) > 0 {
			if self, ex := Compare(a, a); self != 1 {
				t.Fatalf("Compare(%q, itself) = %v: %s", a, self, ex)
			}
		}
	})
}

var fuzzIndex = NewIndex([]Entity{
	{Names: []string{"KIM, Jong Un", "Kim Jong-un"}, Person: true, BirthDates: []vigil.BirthDate{{Date: "1984-01-08"}}},
	{Names: []string{"CHO'N, Yo'n Ku'n"}, Person: true, BirthDates: []vigil.BirthDate{{Date: "1950", To: "1952"}, {Date: "1947", Circa: true}}},
	{Names: []string{"KOREA MINING DEVELOPMENT TRADING CORPORATION"}, WeakNames: []string{"KOMID"}},
	{Names: []string{"HWANG GUM SAN 2", "P-532"}},
	{Names: []string{"Muhammad Ali Hassan", "Mohammed Ali"}, Person: true, BirthDates: []vigil.BirthDate{{Date: "bad"}}},
	{Names: []string{"", "\xff"}, WeakNames: []string{""}},
})

func FuzzSearch(f *testing.F) {
	for i, s := range []string{"Kim Jong Un", "Chon Yonkun", "KOMID", "P532", "Mohamed Ali", "", "\xff", "Kim Jong Un Kim Jong Un"} {
		f.Add(s, []string{"", "1984-01-08", "1951", "1984-02-30", "19x4"}[i%5], i%2 == 0, i%4, 0.5)
	}
	f.Fuzz(func(t *testing.T, name, date string, personOnly bool, limit int, minScore float64) {
		res := fuzzIndex.Search(Query{Name: name, BirthDate: date, PersonOnly: personOnly}, limit%20, minScore)
		if limit%20 > 0 && len(res) > limit%20 {
			t.Fatalf("%d results for limit %d", len(res), limit%20)
		}
		for i, m := range res {
			if math.IsNaN(m.Score) || m.Score < 0 || m.Score > 1 || m.NameScore < 0 || m.NameScore > 1 {
				t.Fatalf("scores %+v", m)
			}
			if m.Score < minScore {
				t.Fatalf("score %v below minScore %v", m.Score, minScore)
			}
			if i > 0 && (res[i-1].Score < m.Score || (res[i-1].Score == m.Score && res[i-1].Entity >= m.Entity)) {
				t.Fatalf("out of order: %+v then %+v", res[i-1], m)
			}
			if m.Entity < 0 || m.Entity >= fuzzIndex.Len() || m.Explanation == "" {
				t.Fatalf("match %+v", m)
			}
		}
	})
}
