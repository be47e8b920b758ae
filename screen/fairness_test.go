package screen

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/score"
)

// fairnessNames are ordinary names from many cultures, in Latin and native scripts. None is a name of the demo
// data or of any list: a name on a list matches, whatever its origin, and that is the point of screening.
var fairnessNames = []struct{ culture, name string }{
	{"Polish", "Katarzyna Wróblewska"},
	{"Korean", "Yoon Seo-jin"},
	{"Korean (Hangul)", "윤서진"},
	{"Chinese", "Guo Xiaoling"},
	{"Chinese (Han)", "郭晓玲"},
	{"Vietnamese", "Phạm Thu Hương"},
	{"Arabic", "Yasmin Abu-Zaid"},
	{"Arabic (Arabic script)", "ياسمين أبو زيد"},
	{"Yoruba", "Titilayo Adesanya"},
	{"Indian (Tamil)", "Lakshmi Venkataraman"},
	{"Russian", "Svetlana Belousova"},
	{"Russian (Cyrillic)", "Светлана Белоусова"},
	{"Spanish", "Inmaculada Ruiz Peña"},
	{"Japanese", "Haruka Nishimura"},
	{"Japanese (kanji)", "西村遥"},
	{"Turkish", "Ayşegül Çelik"},
	{"Greek", "Παναγιώτα Δημητρίου"},
	{"Amharic", "Meron Haile Gebremariam"},
}

// TestFairness screens one benign subject under names from many cultures against the real OFAC list and
// requires the same findings and the same score for all of them: no check but watchlist.name looks at a name,
// and a name that is on no list scores nothing, whatever its origin. The subject has findings of its own (a
// VoIP number, a shipping address in another city, a bank account shared with another subject) so that the
// comparison is between real findings, not between empty results.
func TestFairness(t *testing.T) {
	w := ofacWatchlist(t)
	policy := score.DefaultPolicy()
	screenAs := func(name string) ([]*vigil.Finding, score.Result) {
		s := benignSubject()
		s.Name = name
		s.Phones = []string{"+44 56 1234 5678"}
		s.Addresses = append(s.Addresses, vigil.Address{Use: "shipping", Line: "ul. Mariacka 3", City: "Katowice", Postcode: "40-014", Country: "PL"})
		iban := vigil.Identifier{Kind: vigil.IdentIBAN, Value: "PL61109010140000071219812874"}
		in := &Input{Subject: s, AsOf: asOf, Watchlist: w, Links: []*vigil.Link{
			{Identifier: iban, SubjectID: "ats-7", Name: "Jan Kowalski", BirthDate: "1990-01-01", Field: "bank_accounts[0].iban"},
		}}
		fs := Screen(in)
		return fs, policy.Score(fs)
	}
	wantFindings, wantScore := screenAs(fairnessNames[0].name)
	if len(wantFindings) != 3 || wantScore.Score == 0 {
		t.Fatalf("baseline has %d findings, score %d; want the three non-name findings", len(wantFindings), wantScore.Score)
	}
	for _, tt := range fairnessNames[1:] {
		t.Run(tt.culture, func(t *testing.T) {
			fs, res := screenAs(tt.name)
			if diff := cmp.Diff(wantFindings, fs); diff != "" {
				t.Errorf("name %q changes the findings (-%s +%s):\n%s", tt.name, fairnessNames[0].name, tt.name, diff)
			}
			if diff := cmp.Diff(wantScore, res); diff != "" {
				t.Errorf("name %q changes the score:\n%s", tt.name, diff)
			}
		})
	}
}

// TestFairness_NationalityOnlyForDocuments: stating another nationality changes nothing unless a document
// contradicts it or it is corroborating a sanctions match; DPRK documents aside, no nationality is scored.
func TestFairness_Nationality(t *testing.T) {
	var first []*vigil.Finding
	for i, nat := range []string{"PL", "KR", "CN", "VN", "NG", "IN", "RU", "SA", "JP", "MX"} {
		s := benignSubject()
		s.Nationalities = []string{nat}
		s.Documents = nil
		fs := Screen(&Input{Subject: s, AsOf: asOf, Watchlist: testWatchlist()})
		if i == 0 {
			first = fs
			continue
		}
		if diff := cmp.Diff(first, fs); diff != "" {
			t.Errorf("nationality %s changes the findings:\n%s", nat, diff)
		}
	}
}
