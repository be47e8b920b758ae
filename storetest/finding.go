package storetest

import (
	"context"
	"testing"

	"github.com/vigil-sec/vigil"
)

var findingTests = []test{
	{"FindFindingByID", func(t *testing.T, s vigil.Store) {
		res := mustSave(t, s, screening(&vigil.Subject{ID: "a", Name: "Anna Kowalska"}, asOf, watchlistFinding("9", 60)))
		got, err := s.FindFindingByID(context.Background(), res.Findings[0].ID)
		noErr(t, err)
		diff(t, "finding", got, res.Findings[0])
		want := watchlistFinding("9", 60)
		want.ID, want.SubjectID, want.FirstSeen, want.LastSeen = got.ID, "a", asOf, asOf
		want.CreatedAt, want.UpdatedAt = got.CreatedAt, got.UpdatedAt
		diff(t, "finding as screened", got, want)
		isUTC(t, "finding times", got.FirstSeen, got.LastSeen, got.CreatedAt, got.UpdatedAt)
	}},
	{"FindFindingByIDNotFound", func(t *testing.T, s vigil.Store) {
		_, err := s.FindFindingByID(context.Background(), 404)
		wantCode(t, err, vigil.ENOTFOUND, "finding 404 not found")
	}},
	{"Filters", func(t *testing.T, s vigil.Store) {
		// b-subject first, so that IDs and subject order differ.
		mustSave(t, s, screening(&vigil.Subject{ID: "b", Name: "Piotr Nowak"}, at(-10),
			finding("phone.voip", "phone:1", vigil.SeverityLow, 5), watchlistFinding("1", 50)))
		ra := mustSave(t, s, screening(&vigil.Subject{ID: "a", Name: "Anna Kowalska"}, asOf,
			finding("phone.voip", "phone:2", vigil.SeverityLow, 5), watchlistFinding("2", 50), finding("email.disposable", "email:1", vigil.SeverityMedium, 10)))
		sc := screening(&vigil.Subject{ID: "a", Name: "Anna Kowalska"}, at(1), watchlistFinding("2", 50), finding("email.disposable", "email:1", vigil.SeverityMedium, 10))
		sc.Checks = append(sc.Checks, "phone.voip")
		mustSave(t, s, sc) // clears phone:2
		keys := func(fs []*vigil.Finding) []string {
			var out []string
			for _, f := range fs {
				out = append(out, f.SubjectID+"/"+f.Key)
			}
			return out
		}
		tests := []struct {
			name   string
			filter vigil.FindingFilter
			want   []string
			total  int
		}{
			{"All", vigil.FindingFilter{}, []string{"a/phone:2", "a/ofac-sdn:2", "a/email:1", "b/phone:1", "b/ofac-sdn:1"}, 5},
			{"ID", vigil.FindingFilter{ID: &ra.Findings[1].ID}, []string{"a/ofac-sdn:2"}, 1},
			{"Subject", vigil.FindingFilter{SubjectID: ptr("b")}, []string{"b/phone:1", "b/ofac-sdn:1"}, 2},
			{"Check", vigil.FindingFilter{Check: ptr("phone.voip")}, []string{"a/phone:2", "b/phone:1"}, 2},
			{"Status", vigil.FindingFilter{Status: ptr(vigil.FindingCleared)}, []string{"a/phone:2"}, 1},
			{"SeenBefore", vigil.FindingFilter{SeenBefore: ptr(at(1))}, []string{"a/phone:2", "b/phone:1", "b/ofac-sdn:1"}, 3},
			{"Combined", vigil.FindingFilter{SubjectID: ptr("a"), Status: ptr(vigil.FindingOpen)}, []string{"a/ofac-sdn:2", "a/email:1"}, 2},
			{"Limit", vigil.FindingFilter{Limit: 2}, []string{"a/phone:2", "a/ofac-sdn:2"}, 5},
			{"OffsetAndLimit", vigil.FindingFilter{Offset: 2, Limit: 2}, []string{"a/email:1", "b/phone:1"}, 5},
			{"OffsetPastEnd", vigil.FindingFilter{Offset: 5}, nil, 5},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, n, err := s.FindFindings(context.Background(), tt.filter)
				noErr(t, err)
				diff(t, "findings", keys(got), tt.want)
				if n != tt.total {
					t.Errorf("total = %d, want %d", n, tt.total)
				}
			})
		}
	}},
}

var decideMatchTests = []test{
	{"NotThisPersonDismisses", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		res := mustSave(t, s, screening(&vigil.Subject{ID: "a", Name: "Anna Kowalska"}, asOf, watchlistFinding("42", 60)))
		f := res.Findings[0]
		d := &vigil.MatchDecision{Outcome: vigil.OutcomeNotThisPerson, Rationale: "Born 30 years apart.", DecidedBy: "reviewer",
			SubjectFingerprint: "sf-1", EntryFingerprint: "ef-1"}
		got, err := s.DecideMatch(ctx, f.ID, d)
		noErr(t, err)
		if got.ID != f.ID || got.Status != vigil.FindingDismissed {
			t.Errorf("decided finding %d has status %q, want %d dismissed", got.ID, got.Status, f.ID)
		}
		if !got.UpdatedAt.After(f.UpdatedAt) {
			t.Errorf("finding UpdatedAt %v not after %v", got.UpdatedAt, f.UpdatedAt)
		}
		stored, err := s.FindFindingByID(ctx, f.ID)
		noErr(t, err)
		diff(t, "stored finding", stored, got)

		ds, err := s.FindMatchDecisions(ctx, "a")
		noErr(t, err)
		want := []*vigil.MatchDecision{{ID: d.ID, SubjectID: "a", List: "ofac-sdn", EntryID: "42", Outcome: vigil.OutcomeNotThisPerson,
			Rationale: "Born 30 years apart.", DecidedBy: "reviewer", DecidedAt: got.UpdatedAt, SubjectFingerprint: "sf-1", EntryFingerprint: "ef-1"}}
		diff(t, "decisions", ds, want)
		if d.ID == 0 || d.SubjectID != "a" || d.List != "ofac-sdn" || d.EntryID != "42" || !d.DecidedAt.Equal(got.UpdatedAt) {
			t.Errorf("decision not filled in: %+v", d)
		}
		isUTC(t, "decided at", ds[0].DecidedAt)

		events, _, err := s.FindAuditEvents(ctx, vigil.AuditFilter{Action: ptr("finding.decide")})
		noErr(t, err)
		if len(events) != 1 || events[0].Actor != "reviewer" || events[0].SubjectID != "a" {
			t.Errorf("audit events %+v, want one finding.decide by reviewer about a", events)
		}
	}},
	{"SamePersonConfirms", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		res := mustSave(t, s, screening(&vigil.Subject{ID: "a", Name: "Anna Kowalska"}, asOf, watchlistFinding("42", 60)))
		id := res.Findings[0].ID
		got, err := s.DecideMatch(ctx, id, &vigil.MatchDecision{Outcome: vigil.OutcomeSamePerson, Rationale: "Passport matches.", DecidedBy: "reviewer"})
		noErr(t, err)
		if got.Status != vigil.FindingOpen {
			t.Errorf("status %q after same_person, want open", got.Status)
		}
		// A later dismissal, then a confirmation again: the confirmation reopens it; decisions come newest first.
		_, err = s.DecideMatch(ctx, id, &vigil.MatchDecision{Outcome: vigil.OutcomeNotThisPerson, Rationale: "Wrong entry.", DecidedBy: "second"})
		noErr(t, err)
		got, err = s.DecideMatch(ctx, id, &vigil.MatchDecision{Outcome: vigil.OutcomeSamePerson, Rationale: "It is them after all.", DecidedBy: "third"})
		noErr(t, err)
		if got.Status != vigil.FindingOpen {
			t.Errorf("status %q after a confirmation of a dismissed match, want open", got.Status)
		}
		ds, err := s.FindMatchDecisions(ctx, "a")
		noErr(t, err)
		var by []string
		for _, d := range ds {
			by = append(by, d.DecidedBy)
		}
		diff(t, "decisions, newest first", by, []string{"third", "second", "reviewer"})
	}},
	{"Errors", func(t *testing.T, s vigil.Store) {
		res := mustSave(t, s, screening(&vigil.Subject{ID: "a", Name: "Anna Kowalska"}, asOf,
			watchlistFinding("42", 60), finding("phone.voip", "phone:1", vigil.SeverityLow, 5)))
		match, other := res.Findings[0].ID, res.Findings[1].ID
		valid := func() *vigil.MatchDecision {
			return &vigil.MatchDecision{Outcome: vigil.OutcomeNotThisPerson, Rationale: "Different person.", DecidedBy: "reviewer"}
		}
		tests := []struct {
			name    string
			finding int64
			change  func(d *vigil.MatchDecision) *vigil.MatchDecision
			code    string
			msg     string
		}{
			{"UnknownFinding", 9999, func(d *vigil.MatchDecision) *vigil.MatchDecision { return d }, vigil.ENOTFOUND, "finding 9999 not found"},
			{"NotAWatchListMatch", other, func(d *vigil.MatchDecision) *vigil.MatchDecision { return d }, vigil.EINVALID, "only watch-list matches can be decided"},
			{"UnknownOutcome", match, func(d *vigil.MatchDecision) *vigil.MatchDecision { d.Outcome = "maybe"; return d }, vigil.EINVALID, "outcome"},
			{"NoRationale", match, func(d *vigil.MatchDecision) *vigil.MatchDecision { d.Rationale = ""; return d }, vigil.EINVALID, "rationale"},
			{"NoReviewer", match, func(d *vigil.MatchDecision) *vigil.MatchDecision { d.DecidedBy = ""; return d }, vigil.EINVALID, "decided_by"},
			{"NoDecision", match, func(*vigil.MatchDecision) *vigil.MatchDecision { return nil }, vigil.EINVALID, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.DecideMatch(context.Background(), tt.finding, tt.change(valid()))
				wantCode(t, err, tt.code, tt.msg)
			})
		}
		if ds, err := s.FindMatchDecisions(context.Background(), "a"); err != nil || len(ds) != 0 {
			t.Errorf("failed decisions stored %d decisions (%v)", len(ds), err)
		}
		if f, err := s.FindFindingByID(context.Background(), match); err != nil || f.Status != vigil.FindingOpen {
			t.Errorf("failed decisions changed the finding: %+v (%v)", f, err)
		}
	}},
}
