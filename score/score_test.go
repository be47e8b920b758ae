package score

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
)

func finding(check, key string, sev vigil.Severity, status vigil.FindingStatus) *vigil.Finding {
	return &vigil.Finding{Check: check, Key: key, Severity: sev, Status: status}
}

func open(check, key string, sev vigil.Severity) *vigil.Finding {
	return finding(check, key, sev, vigil.FindingOpen)
}

func TestPolicy_Score(t *testing.T) {
	const (
		info     = vigil.SeverityInfo
		low      = vigil.SeverityLow
		medium   = vigil.SeverityMedium
		high     = vigil.SeverityHigh
		critical = vigil.SeverityCritical
	)
	tests := []struct {
		name       string
		findings   []*vigil.Finding
		wantScore  int
		wantBand   vigil.Band
		wantPoints []int // each finding's Score, in input order
	}{
		{"nothing", nil, 0, vigil.BandLow, nil},
		{"info adds nothing", []*vigil.Finding{open("phone", "a", info)}, 0, vigil.BandLow, []int{0}},
		{"one low", []*vigil.Finding{open("email", "a", low)}, 5, vigil.BandLow, []int{5}},
		{"one medium", []*vigil.Finding{open("email", "a", medium)}, 15, vigil.BandLow, []int{15}},
		{"two mediums of different families reach medium",
			[]*vigil.Finding{open("email", "a", medium), open("address.shipping", "b", medium)}, 30, vigil.BandMedium, []int{15, 15}},
		{"one high opens a case",
			[]*vigil.Finding{open("document.issuer", "a", high)}, 50, vigil.BandHigh, []int{50}},
		{"phone family capped at 10, highest severity then key first",
			[]*vigil.Finding{open("phone", "z", low), open("phone", "b", low), open("phone", "a", medium), open("phone", "c", low)},
			10, vigil.BandLow, []int{0, 0, 10, 0}},
		{"email cap keeps one disposable address whole",
			[]*vigil.Finding{open("email", "b", medium), open("email", "a", medium)}, 15, vigil.BandLow, []int{0, 15}},
		{"link.shared capped at 60",
			[]*vigil.Finding{open("link.shared", "iban:X", high), open("link.shared", "wallet:Y", high), open("link.shared", "phone:Z", medium)},
			60, vigil.BandHigh, []int{50, 10, 0}},
		{"watchlist.name counts only its best finding",
			[]*vigil.Finding{open("watchlist.name", "un:2", medium), open("watchlist.name", "ofac-sdn:1", high), open("watchlist.name", "ofac-sdn:3", medium)},
			50, vigil.BandHigh, []int{0, 50, 0}},
		{"many medium name matches are one",
			[]*vigil.Finding{open("watchlist.name", "ofac-sdn:1", medium), open("watchlist.name", "ofac-sdn:2", medium), open("watchlist.name", "ofac-sdn:3", medium), open("watchlist.name", "ofac-sdn:4", medium)},
			15, vigil.BandLow, []int{15, 0, 0, 0}},
		{"name matches the birth date contradicts add nothing",
			[]*vigil.Finding{open("watchlist.name", "ofac-sdn:1", low), open("watchlist.name", "ofac-sdn:2", low), open("email", "e", medium)},
			15, vigil.BandLow, []int{0, 0, 15}},
		{"the medium name match counts, not the low one",
			[]*vigil.Finding{open("watchlist.name", "ofac-sdn:1", low), open("watchlist.name", "ofac-sdn:2", medium)},
			15, vigil.BandLow, []int{0, 15}},
		{"critical identifier hit",
			[]*vigil.Finding{open("watchlist.identifier", "ofac-sdn:1", critical)}, 100, vigil.BandCritical, []int{100}},
		{"total capped at 100 in allocation order",
			[]*vigil.Finding{open("email", "e", medium), open("watchlist.identifier", "ofac-sdn:1", critical), open("link.shared", "iban:X", high)},
			100, vigil.BandCritical, []int{0, 100, 0}},
		{"high plus medium reaches critical threshold",
			[]*vigil.Finding{open("document.issuer", "doc", high), open("link.shared", "phone:1", medium), open("email", "e", medium)},
			80, vigil.BandCritical, []int{50, 15, 15}},
		{"dismissed scores nothing",
			[]*vigil.Finding{finding("watchlist.identifier", "ofac-sdn:1", critical, vigil.FindingDismissed)}, 0, vigil.BandLow, []int{0}},
		{"cleared and delisted score nothing",
			[]*vigil.Finding{finding("link.shared", "a", high, vigil.FindingCleared), finding("watchlist.name", "b", high, vigil.FindingDelisted), open("email", "c", low)},
			5, vigil.BandLow, []int{0, 0, 5}},
		{"dismissed does not use up a cap",
			[]*vigil.Finding{finding("phone", "a", medium, vigil.FindingDismissed), open("phone", "b", low), open("phone", "c", low)},
			10, vigil.BandLow, []int{0, 5, 5}},
		{"unknown severity adds nothing",
			[]*vigil.Finding{open("x", "a", "severe")}, 0, vigil.BandLow, []int{0}},
		{"unknown check gets the severity table",
			[]*vigil.Finding{open("rule.abc", "a", medium), open("rule.abc", "b", medium)}, 30, vigil.BandMedium, []int{15, 15}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := DefaultPolicy().Score(tt.findings)
			if res.Score != tt.wantScore || res.Band != tt.wantBand {
				t.Errorf("Score = %d %s, want %d %s (%s)", res.Score, res.Band, tt.wantScore, tt.wantBand, res.Reason)
			}
			got := make([]int, len(tt.findings))
			sum := 0
			for i, f := range tt.findings {
				got[i] = f.Score
				sum += f.Score
			}
			if len(tt.findings) == 0 {
				got = nil
			}
			if diff := cmp.Diff(tt.wantPoints, got); diff != "" {
				t.Errorf("finding scores (-want +got):\n%s", diff)
			}
			if sum != res.Score {
				t.Errorf("finding scores add up to %d, total is %d", sum, res.Score)
			}
		})
	}
}

func TestPolicy_ScoreOverrides(t *testing.T) {
	p, err := ParsePolicy("p.yaml", []byte(minimal+`severity_floor: {high: high}
checks:
  link: {cap: 30, points: {medium: 10}}
  link.shared: {points: {high: 25}}
  rule: {cap: 0}
`))
	if err != nil {
		t.Fatal(err)
	}
	fs := []*vigil.Finding{
		open("link.shared", "a", vigil.SeverityHigh),   // 25 from link.shared, counted in link's cap
		open("link.shared", "b", vigil.SeverityMedium), // 10 from link (link.shared sets no medium)
		open("link.other", "c", vigil.SeverityMedium),  // 10 wanted, 5 left in the cap
		open("rule.sigma-1", "d", vigil.SeverityHigh),  // capped to nothing
	}
	res := p.Score(fs)
	want := Result{
		Score:  30,
		Band:   vigil.BandHigh,
		Reason: "band high because of the open high finding link.shared a (score 30)",
		Contributions: []Contribution{
			{Check: "link.shared", Key: "a", Severity: vigil.SeverityHigh, Points: 25},
			{Check: "rule.sigma-1", Key: "d", Severity: vigil.SeverityHigh, Points: 0, Capped: 40},
			{Check: "link.shared", Key: "b", Severity: vigil.SeverityMedium, Points: 5, Capped: 5},
			{Check: "link.other", Key: "c", Severity: vigil.SeverityMedium, Points: 0, Capped: 10},
		},
	}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("Score mismatch (-want +got):\n%s", diff)
	}
}

func TestPolicy_ScoreOrderIndependent(t *testing.T) {
	mk := func() []*vigil.Finding {
		return []*vigil.Finding{
			open("phone", "b", vigil.SeverityLow), open("phone", "a", vigil.SeverityLow), open("phone", "c", vigil.SeverityLow),
			open("link.shared", "x", vigil.SeverityHigh), open("link.shared", "y", vigil.SeverityHigh),
		}
	}
	a := mk()
	b := mk()
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	ra, rb := DefaultPolicy().Score(a), DefaultPolicy().Score(b)
	if diff := cmp.Diff(ra, rb); diff != "" {
		t.Errorf("order changes the result (-forward +reversed):\n%s", diff)
	}
	byKey := func(fs []*vigil.Finding) map[string]int {
		m := map[string]int{}
		for _, f := range fs {
			m[f.Check+" "+f.Key] = f.Score
		}
		return m
	}
	if diff := cmp.Diff(byKey(a), byKey(b)); diff != "" {
		t.Errorf("order changes finding scores:\n%s", diff)
	}
}

func ExamplePolicy_Score() {
	findings := []*vigil.Finding{
		{Check: "email", Key: "email:x@mailinator.com", Severity: vigil.SeverityMedium, Status: vigil.FindingOpen},
		{Check: "link.shared", Key: "iban:PL61109010140000071219812874", Severity: vigil.SeverityHigh, Status: vigil.FindingOpen},
		{Check: "phone", Key: "phone:+447000123456", Severity: vigil.SeverityLow, Status: vigil.FindingOpen},
		{Check: "watchlist.name", Key: "ofac-sdn:1", Severity: vigil.SeverityHigh, Status: vigil.FindingDismissed},
	}
	p := DefaultPolicy()
	res := p.Score(findings)
	fmt.Println(res.Score, res.Band, res.Band.Rank() >= p.CaseBand().Rank())
	fmt.Println(res.Reason)
	for _, c := range res.Contributions {
		fmt.Println(c.Check, c.Key, c.Points)
	}
	// Output:
	// 70 high true
	// band high: score 70 reaches the high threshold 50
	// link.shared iban:PL61109010140000071219812874 50
	// email email:x@mailinator.com 15
	// phone phone:+447000123456 5
}
