package nameeval

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
)

func TestIsDPRK(t *testing.T) {
	for _, tc := range []struct {
		programs []string
		want     bool
	}{
		{[]string{"DPRK3"}, true},
		{[]string{"SDGT", "DPRK-NKSPEA"}, true},
		{[]string{"NPWMD", "DPRK2"}, true},
		{[]string{"DPRK", "KP"}, true},                            // UN list type and regime
		{[]string{"kp"}, true},                                    // case
		{[]string{"PRK"}, true},                                   // EU
		{[]string{"DPR"}, true},                                   // UK regime code
		{[]string{"Democratic People's Republic of Korea"}, true}, // UK regime
		{[]string{"Democratic People’s Republic of Korea"}, true}, // typographic apostrophe
		{[]string{"North Korea"}, true},
		{[]string{"Republic of Korea"}, false},
		{[]string{"KOR"}, false},
		{[]string{"SDGT", "IRAN"}, false},
		{nil, false},
	} {
		if got := IsDPRK(&vigil.ListEntry{Programs: tc.programs}); got != tc.want {
			t.Errorf("IsDPRK(%q) = %v, want %v", tc.programs, got, tc.want)
		}
	}
}

func TestParseSyllable(t *testing.T) {
	for _, tc := range []struct {
		in   string
		ok   bool
		want syllable
	}{
		{"kim", true, syllable{"k", "i", "m"}},
		{"yo'n", true, syllable{"", "yo'", "n"}},
		{"ch'o'l", true, syllable{"ch'", "o'", "l"}},
		{"kwang", true, syllable{"k", "wa", "ng"}},
		{"hyok", true, syllable{"h", "yo", "k"}},
		{"young", true, syllable{"", "you", "ng"}},
		{"choe", true, syllable{"ch", "oe", ""}},
		{"u", true, syllable{"", "u", ""}},
		{"jjang", true, syllable{"jj", "a", "ng"}},
		{"leonard", false, syllable{}},
		{"tsang", false, syllable{}},
		{"yuan", false, syllable{}},
		{"", false, syllable{}},
	} {
		got, ok := parseSyllable(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("parseSyllable(%q) = %+v %v, want %+v %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSyllableSpellings(t *testing.T) {
	for _, tc := range []struct {
		in            string
		alts          []string
		revised, dprk string
	}{
		{"chol", []string{"jol", "cheol", "chul"}, "jol", "jol"},
		{"ch'o'l", []string{"ch'eol", "ch'ul"}, "cheol", "chol"}, // "chol" differs by apostrophes only
		{"yo'n", []string{"yeon", "yun", "youn"}, "yeon", "yon"},
		{"ku'n", []string{"gu'n", "keun"}, "geun", "kun"},
		{"gun", []string{"kun", "geun", "goon"}, "gun", "kun"},
		{"p'yo'ng", []string{"phyo'ng", "p'yeong", "p'yung", "p'young"}, "pyeong", "pyong"},
		{"sang", nil, "sang", "sang"},
	} {
		s, ok := parseSyllable(tc.in)
		if !ok {
			t.Fatalf("parseSyllable(%q) failed", tc.in)
		}
		if diff := cmp.Diff(tc.alts, s.alternatives()); diff != "" {
			t.Errorf("%q alternatives (-want +got):\n%s", tc.in, diff)
		}
		if got := s.revised(); got != tc.revised {
			t.Errorf("%q revised %q, want %q", tc.in, got, tc.revised)
		}
		if got := s.dprk(); got != tc.dprk {
			t.Errorf("%q dprk %q, want %q", tc.in, got, tc.dprk)
		}
	}
}

// TestSurnameGroupsDisjoint: a spelling in two groups would make one family name a variant of another.
func TestSurnameGroupsDisjoint(t *testing.T) {
	seen := map[string]int{}
	for g, forms := range surnameGroups {
		for _, f := range forms {
			k := strings.ToLower(f)
			if prev, dup := seen[k]; dup {
				t.Errorf("%q is in group %v and %v", f, surnameGroups[prev], forms)
			}
			seen[k] = g
		}
	}
	for _, tc := range [][2]string{{"Lee", "RI"}, {"CH’OE", "Choi"}, {"Chŏn", "Jeon"}, {"ryang", "Yang"}} {
		if a, b := surnameGroup(tc[0]), surnameGroup(tc[1]); a < 0 || a != b {
			t.Errorf("%q and %q: groups %d and %d", tc[0], tc[1], a, b)
		}
	}
	if surnameGroup("Smith") >= 0 {
		t.Error("Smith is a Korean surname")
	}
}

// recallEntries is a fixed set of entries: DPRK persons written the OFAC way (with McCune–Reischauer marks)
// and the UN way, a non-Korean DPRK person, a DPRK organisation, a person under another programme, and one
// whose name is a variant of a DPRK person's.
var recallEntries = []*vigil.ListEntry{
	{List: "ofac-sdn", ID: "1", Kind: vigil.EntryPerson, Programs: []string{"DPRK3"}, Name: "CHO'N, Yo'n Ku'n",
		Aliases: []vigil.Alias{{Name: "JON, Yun Gun"}}},
	{List: "un", ID: "2", Kind: vigil.EntryPerson, Programs: []string{"DPRK", "KP"}, Name: "KIM SANG-MAN"},
	{List: "eu", ID: "3", Kind: vigil.EntryPerson, Programs: []string{"PRK"}, Name: "Leonard LAI"},
	{List: "eu", ID: "4", Kind: vigil.EntryOrganization, Programs: []string{"PRK"}, Name: "Korea Kumryong Trading Co., Ltd.",
		Aliases: []vigil.Alias{{Name: "KKTC", Weak: true}}},
	{List: "ofac-sdn", ID: "5", Kind: vigil.EntryPerson, Programs: []string{"SDGT"}, Name: "KIM, Yong Chol"},
	{List: "ofac-sdn", ID: "6", Kind: vigil.EntryPerson, Programs: []string{"SDGT"}, Name: "GIM, Sang Man"},
}

func TestRecallSet(t *testing.T) {
	got := RecallSet(recallEntries)
	type row struct{ list, id, original, query, variant string }
	var rows []row
	for _, q := range got {
		if q.EntryID == "1" && q.Original == "CHO'N, Yo'n Ku'n" {
			rows = append(rows, row{q.List, q.EntryID, q.Original, q.Query, string(q.Variant)})
		}
	}
	o := "CHO'N, Yo'n Ku'n"
	want := []row{
		{"ofac-sdn", "1", o, "Yo'n Ku'n CHO'N", "reorder"},
		{"ofac-sdn", "1", o, "JON, Yo'n Ku'n", "surname"},
		{"ofac-sdn", "1", o, "JEON, Yo'n Ku'n", "surname"},
		{"ofac-sdn", "1", o, "CHUN, Yo'n Ku'n", "surname"},
		{"ofac-sdn", "1", o, "CHO'N, Yeon Ku'n", "given"},
		{"ofac-sdn", "1", o, "CHO'N, Yun Ku'n", "given"},
		{"ofac-sdn", "1", o, "CHO'N, Youn Ku'n", "given"},
		{"ofac-sdn", "1", o, "CHO'N, Yo'n Gu'n", "given"},
		{"ofac-sdn", "1", o, "CHO'N, Yo'n Keun", "given"},
		{"ofac-sdn", "1", o, "CHO'N, Yeon Geun", "given-rr"},
		{"ofac-sdn", "1", o, "CHO'N, Yon Kun", "given-dprk"},
		{"ofac-sdn", "1", o, "CHON, Yon Kun", "apostrophe"},
		{"ofac-sdn", "1", o, "CHŎN, Yŏn Kŭn", "breve"},
		{"ofac-sdn", "1", o, "CHO'N, Yo'n-ku'n", "hyphenated"},
		{"ofac-sdn", "1", o, "CHO'N, Yo'nku'n", "glued"},
		{"ofac-sdn", "1", o, "Yeongeun JON", "mixed"},
		{"ofac-sdn", "1", o, "CHO'N, Yi'n Ku'n", "typo"},
	}
	if diff := cmp.Diff(want, rows, cmp.AllowUnexported(row{})); diff != "" {
		t.Errorf("variants of %q (-want +got):\n%s", o, diff)
	}

	byQuery := map[string]RecallQuery{}
	for _, q := range got {
		byQuery[q.Query] = q
	}
	for _, tc := range []struct {
		query   string
		variant Variant
	}{
		{"Yun Gun JON", VariantReorder},    // the alias varied too
		{"CHO'N, Yun Gun", VariantSurname}, // back to OFAC's spelling of the family name
		{"SANG-MAN KIM", VariantReorder},   // UN names: family name first, no comma
		{"KIM SANG MAN", VariantUnhyphen},
		{"KIM SANGMAN", VariantGlued},
		{"LAI Leonard", VariantReorder}, // not Korean: no romanisation variants
	} {
		q, ok := byQuery[tc.query]
		if !ok || q.Variant != tc.variant {
			t.Errorf("query %q: %+v %v, want variant %s", tc.query, q, ok, tc.variant)
		}
	}
	if q := byQuery["GIM SANG-MAN"]; !q.Ambiguous {
		t.Errorf("GIM SANG-MAN is entry 6's name, but not marked ambiguous: %+v", q)
	}
	if q := byQuery["SANG-MAN KIM"]; q.Ambiguous {
		t.Errorf("a reordering is the same name, not another entry's: %+v", q)
	}
	for _, q := range got {
		switch {
		case q.EntryID == "4" || q.EntryID == "5" || q.EntryID == "6":
			t.Errorf("query for an organisation or a non-DPRK entry: %+v", q)
		case q.Query == q.Original:
			t.Errorf("query equal to its original: %+v", q)
		case q.Variant == VariantTypo && !oneEdit(q.Original, q.Query):
			t.Errorf("typo %q of %q is not one edit away, or touches a word's first letter", q.Query, q.Original)
		}
	}
	if again := RecallSet(recallEntries); !slices.Equal(got, again) {
		t.Error("RecallSet is not deterministic")
	}
}

func TestOrganizationRecallSet(t *testing.T) {
	got := OrganizationRecallSet(recallEntries)
	want := []RecallQuery{
		{List: "eu", EntryID: "4", Original: "Korea Kumryong Trading Co., Ltd.", Query: "Korea Kumryong Trading Company, Limited", Variant: VariantLegalForm},
		{List: "eu", EntryID: "4", Original: "Korea Kumryong Trading Co., Ltd.", Query: "Korea Kumryong Tradin Co., Ltd.", Variant: VariantTypo},
		{List: "eu", EntryID: "4", Original: "KKTC", Query: "KKT", Variant: VariantTypo, Weak: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSwapLegalForms(t *testing.T) {
	for in, want := range map[string]string{
		"KOREA MINING CORPORATION":             "KOREA MINING CORP.",
		"Acme Co., Ltd.":                       "Acme Company, Limited",
		"Green Pine Limited Liability Company": "Green Pine LLC",
		"OFFICE 39":                            "OFFICE 39",
		"korea tangun trading company limited": "korea tangun trading co. ltd.",
	} {
		if got := swapLegalForms(in); got != want {
			t.Errorf("swapLegalForms(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTypo(t *testing.T) {
	for _, in := range []string{"KIM, Yong Chol", "Korea Kumryong Trading", "CHO'N, Yo'n Ku'n", "Müller-Weiß", "Ab Cd Efg"} {
		for _, seed := range []string{"a", "b", "c", "d", "e", "f", "g"} {
			got := typo(in, seed)
			if !oneEdit(in, got) {
				t.Errorf("typo(%q, %q) = %q: not one edit away from a non-initial letter", in, seed, got)
			}
			if typo(in, seed) != got {
				t.Errorf("typo(%q, %q) is not deterministic", in, seed)
			}
		}
	}
	for _, in := range []string{"", "Ri U", "O, U", "---"} {
		if got := typo(in, "x"); got != "" {
			t.Errorf("typo(%q) = %q, want none: no word of three letters", in, got)
		}
	}
}

// oneEdit reports whether b is a substitution, deletion or adjacent transposition of one letter of a, none at
// the first letter of a word.
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	first := func(i int) bool { return i == 0 || !unicode.IsLetter(ra[i-1]) }
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	if i == len(ra) || first(i) {
		return false
	}
	switch {
	case len(ra) == len(rb) && string(ra[i+1:]) == string(rb[i+1:]):
		return unicode.IsLetter(rb[i]) // substitution
	case len(ra) == len(rb)+1:
		return string(ra[i+1:]) == string(rb[i:]) // deletion
	case len(ra) == len(rb) && i+1 < len(ra):
		return ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:]) // transposition
	}
	return false
}
