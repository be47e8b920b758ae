package screen

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/vigil-sec/vigil"
)

// applyDecisions dismisses watch-list findings that a reviewer decided are not this person, as long as
// neither the subject's identity fields nor the list entry changed since the decision (their fingerprints
// are equal): a changed name, birth date or document, or a re-published entry, asks for a new decision. Only
// the newest decision per list entry counts, so a later same_person decision overrides an earlier dismissal.
func applyDecisions(findings []*vigil.Finding, in *Input) {
	if len(in.Decisions) == 0 {
		return
	}
	decisions := slices.Clone(in.Decisions)
	slices.SortStableFunc(decisions, func(a, b *vigil.MatchDecision) int {
		return cmp.Or(b.DecidedAt.Compare(a.DecidedAt), cmp.Compare(b.ID, a.ID))
	})
	newest := map[[2]string]*vigil.MatchDecision{}
	for _, d := range decisions {
		if d == nil {
			continue
		}
		k := [2]string{d.List, d.EntryID}
		if _, ok := newest[k]; !ok {
			newest[k] = d
		}
	}
	subjectFP := ""
	for _, f := range findings {
		if f.List == "" {
			continue
		}
		d := newest[[2]string{f.List, f.EntryID}]
		if d == nil || d.Outcome != vigil.OutcomeNotThisPerson {
			continue
		}
		entry := in.Watchlist.Entry(f.List, f.EntryID)
		if entry == nil {
			continue
		}
		if subjectFP == "" {
			subjectFP = SubjectFingerprint(in.Subject)
		}
		if d.SubjectFingerprint != subjectFP || d.EntryFingerprint != EntryFingerprint(entry) {
			f.Evidence = append(f.Evidence, vigil.Evidence{
				Kind:   "decision",
				Ref:    fmt.Sprintf("decision:%d", d.ID),
				Detail: fmt.Sprintf("%s dismissed this match as not this person on %s, but %s changed since, so it is open again", quote(d.DecidedBy), d.DecidedAt.UTC().Format("2006-01-02"), changed(d, subjectFP, EntryFingerprint(entry))),
			})
			continue
		}
		f.Status = vigil.FindingDismissed
		f.Evidence = append(f.Evidence, vigil.Evidence{
			Kind:   "decision",
			Ref:    fmt.Sprintf("decision:%d", d.ID),
			Detail: fmt.Sprintf("%s decided on %s that this is not the listed person: %s", quote(d.DecidedBy), d.DecidedAt.UTC().Format("2006-01-02"), quoteLong(d.Rationale)),
		})
	}
}

func changed(d *vigil.MatchDecision, subjectFP, entryFP string) string {
	switch {
	case d.SubjectFingerprint != subjectFP && d.EntryFingerprint != entryFP:
		return "both the subject's identity fields and the list entry have"
	case d.SubjectFingerprint != subjectFP:
		return "the subject's identity fields (names, birth date, nationalities, documents or identifiers) have"
	default:
		return "the list entry has"
	}
}
