package score

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/vigil-sec/vigil"
)

// Result is a subject's score under a policy.
type Result struct {
	Score int
	Band  vigil.Band
	// Reason says in one sentence why the subject is in its band, for the case it may open.
	Reason string
	// Contributions lists every open finding in the order points were allocated: highest severity first, then
	// by key and check. Points is what the finding adds; Capped is what caps took away from it.
	Contributions []Contribution
}

// Contribution is what one open finding adds to the score.
type Contribution struct {
	Check    string
	Key      string
	Severity vigil.Severity
	Points   int
	Capped   int
}

// Score computes the score and band of a subject's findings and sets each finding's Score to the points it
// adds. Only open findings count (a finding without a status is taken as open). Points are allocated in a fixed
// order (highest severity first, then by key, then by check): a family with max_findings lets only that many
// findings add points, then the family's cap and finally MaxScore take what exceeds them. So the findings'
// scores always add up to the total, and the same findings get the same points whatever order they come in.
func (p *Policy) Score(findings []*vigil.Finding) Result {
	open := make([]*vigil.Finding, 0, len(findings))
	for _, f := range findings {
		f.Score = 0
		if f.Status == vigil.FindingOpen || f.Status == "" {
			open = append(open, f)
		}
	}
	slices.SortStableFunc(open, func(a, b *vigil.Finding) int {
		return cmp.Or(
			b.Severity.Rank()-a.Severity.Rank(),
			cmp.Compare(a.Key, b.Key),
			cmp.Compare(a.Check, b.Check),
		)
	})

	res := Result{Contributions: make([]Contribution, 0, len(open))}
	spent := map[string]int{}   // points allocated per cap group
	counted := map[string]int{} // findings that added points per max_findings group
	floor := vigil.BandLow
	var floorBy *vigil.Finding
	for _, f := range open {
		want := p.Points(f.Check, f.Severity)
		got := want
		countKey, maxFindings := p.countGroup(f.Check)
		if maxFindings >= 0 && counted[countKey] >= maxFindings {
			got = 0
		}
		capKey, limit := p.capGroup(f.Check)
		if limit >= 0 {
			got = min(got, limit-spent[capKey])
		}
		got = min(got, MaxScore-res.Score)
		spent[capKey] += got
		if got > 0 {
			counted[countKey]++
		}
		res.Score += got
		f.Score = got
		res.Contributions = append(res.Contributions, Contribution{
			Check: f.Check, Key: f.Key, Severity: f.Severity, Points: got, Capped: want - got,
		})
		if r := f.Severity.Rank(); r >= 0 {
			if b := p.floors[r]; b.Rank() > floor.Rank() {
				floor, floorBy = b, f
			}
		}
	}

	res.Band = vigil.BandLow
	for r := len(p.bands) - 1; r > 0; r-- {
		if res.Score >= p.bands[r] {
			res.Band = bandByRank[r]
			break
		}
	}
	switch {
	case floor.Rank() > res.Band.Rank():
		res.Band = floor
		res.Reason = fmt.Sprintf("band %s because of the open %s finding %s %s (score %d)",
			floor, floorBy.Severity, floorBy.Check, floorBy.Key, res.Score)
	case res.Band == vigil.BandLow:
		res.Reason = fmt.Sprintf("band low: score %d is below the medium threshold %d", res.Score, p.bands[1])
	default:
		res.Reason = fmt.Sprintf("band %s: score %d reaches the %s threshold %d", res.Band, res.Score, res.Band, p.bands[res.Band.Rank()])
	}
	return res
}
