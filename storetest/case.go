package storetest

import (
	"context"
	"testing"

	"github.com/vigil-sec/vigil"
)

// mustCase screens a new subject at band high, which opens a case, and returns the case.
func mustCase(t *testing.T, s vigil.Store, subjectID string, band vigil.Band) *vigil.Case {
	t.Helper()
	sc := screening(&vigil.Subject{ID: subjectID, Name: "Subject " + subjectID}, asOf, watchlistFinding("1", 60))
	sc.Score, sc.Band, sc.CaseBand, sc.CaseReason = 60, band, vigil.BandMedium, "watch-list match"
	res := mustSave(t, s, sc)
	if res.Case == nil {
		t.Fatalf("screening %s at band %s opened no case", subjectID, band)
	}
	return res.Case
}

var caseTests = []test{
	{"FindCaseByIDNotFound", func(t *testing.T, s vigil.Store) {
		_, err := s.FindCaseByID(context.Background(), 77)
		wantCode(t, err, vigil.ENOTFOUND, "case 77 not found")
	}},
	{"Filters", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		c1 := mustCase(t, s, "a", vigil.BandHigh)
		c2 := mustCase(t, s, "b", vigil.BandCritical)
		c3 := mustCase(t, s, "c", vigil.BandHigh)
		_, err := s.UpdateCase(ctx, c2.ID, vigil.CaseUpdate{Status: ptr(vigil.CaseInReview)}, actor)
		noErr(t, err)
		_, err = s.UpdateCase(ctx, c3.ID, vigil.CaseUpdate{Decision: ptr(vigil.DecisionConfirmed), Rationale: ptr("Confirmed.")}, actor)
		noErr(t, err)
		ids := func(cs []*vigil.Case) []int64 {
			var out []int64
			for _, c := range cs {
				out = append(out, c.ID)
			}
			return out
		}
		tests := []struct {
			name   string
			filter vigil.CaseFilter
			want   []int64
			total  int
		}{
			{"AllNewestFirst", vigil.CaseFilter{}, []int64{c3.ID, c2.ID, c1.ID}, 3},
			{"ID", vigil.CaseFilter{ID: &c2.ID}, []int64{c2.ID}, 1},
			{"Subject", vigil.CaseFilter{SubjectID: ptr("a")}, []int64{c1.ID}, 1},
			{"Status", vigil.CaseFilter{Status: ptr(vigil.CaseClosed)}, []int64{c3.ID}, 1},
			{"Band", vigil.CaseFilter{Band: ptr(vigil.BandHigh)}, []int64{c3.ID, c1.ID}, 2},
			{"OpenedSince", vigil.CaseFilter{OpenedSince: &c2.OpenedAt}, []int64{c3.ID, c2.ID}, 2},
			{"Limit", vigil.CaseFilter{Limit: 1}, []int64{c3.ID}, 3},
			{"Offset", vigil.CaseFilter{Offset: 1}, []int64{c2.ID, c1.ID}, 3},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, n, err := s.FindCases(ctx, tt.filter)
				noErr(t, err)
				diff(t, "case IDs", ids(got), tt.want)
				if n != tt.total {
					t.Errorf("total = %d, want %d", n, tt.total)
				}
			})
		}
	}},
}

var updateCaseTests = []test{
	{"AssignAndReview", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		c := mustCase(t, s, "a", vigil.BandHigh)
		got, err := s.UpdateCase(ctx, c.ID, vigil.CaseUpdate{Status: ptr(vigil.CaseInReview), Assignee: ptr("alice")}, "lead")
		noErr(t, err)
		want := *c
		want.Status, want.Assignee, want.UpdatedAt = vigil.CaseInReview, "alice", got.UpdatedAt
		diff(t, "updated case", got, &want)
		if !got.UpdatedAt.After(c.UpdatedAt) {
			t.Errorf("UpdatedAt %v not after %v", got.UpdatedAt, c.UpdatedAt)
		}
		stored, err := s.FindCaseByID(ctx, c.ID)
		noErr(t, err)
		diff(t, "stored case", stored, got)

		got, err = s.UpdateCase(ctx, c.ID, vigil.CaseUpdate{Assignee: ptr("")}, "lead")
		noErr(t, err)
		if got.Assignee != "" {
			t.Errorf("assignee %q, want none", got.Assignee)
		}
		events, _, err := s.FindAuditEvents(ctx, vigil.AuditFilter{Action: ptr("case.update"), Actor: ptr("lead")})
		noErr(t, err)
		if len(events) != 2 || events[0].SubjectID != "a" {
			t.Errorf("audit events %+v, want two case.update by lead about a", events)
		}
	}},
	{"DecisionClosesCase", func(t *testing.T, s vigil.Store) {
		for _, decision := range []string{vigil.DecisionCleared, vigil.DecisionConfirmed} {
			t.Run(decision, func(t *testing.T) {
				c := mustCase(t, s, "s-"+decision, vigil.BandHigh)
				got, err := s.UpdateCase(context.Background(), c.ID, vigil.CaseUpdate{Decision: &decision, Rationale: ptr("Reviewed documents.")}, "reviewer")
				noErr(t, err)
				if got.Status != vigil.CaseClosed || got.Decision != decision || got.Rationale != "Reviewed documents." || got.DecidedBy != "reviewer" {
					t.Errorf("decided case = %+v", got)
				}
				if got.DecidedAt == nil || !got.DecidedAt.Equal(got.UpdatedAt) {
					t.Errorf("DecidedAt = %v, want the update's time %v", got.DecidedAt, got.UpdatedAt)
				} else {
					isUTC(t, "decided at", *got.DecidedAt)
				}
			})
		}
	}},
	{"DecisionRecordsReviewedFindings", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		voip := finding("phone.voip", "phone.voip:+447700900123", vigil.SeverityLow, 10)
		dismissed := watchlistFinding("9", 60)
		dismissed.Status = vigil.FindingDismissed
		sc := screening(&vigil.Subject{ID: "a", Name: "Subject a"}, asOf, watchlistFinding("1", 60), voip, dismissed,
			finding("link.shared", "link.shared:iban:GB29NWBK60161331926819", vigil.SeverityHigh, 50))
		sc.Score, sc.Band, sc.CaseReason = 60, vigil.BandHigh, "watch-list match"
		c := mustSave(t, s, sc).Case
		if c.Reviewed != nil {
			t.Errorf("undecided case has reviewed findings %+v", c.Reviewed)
		}
		// The phone finding is closed before the decision: the reviewer did not have it before them.
		sc = screening(&vigil.Subject{ID: "a", Name: "Subject a"}, at(1), watchlistFinding("1", 60), dismissed,
			finding("link.shared", "link.shared:iban:GB29NWBK60161331926819", vigil.SeverityHigh, 50))
		sc.Checks = append(sc.Checks, voip.Check)
		sc.Score, sc.Band, sc.CaseReason = 60, vigil.BandHigh, "watch-list match"
		mustSave(t, s, sc)

		got, err := s.UpdateCase(ctx, c.ID, vigil.CaseUpdate{Decision: ptr(vigil.DecisionConfirmed), Rationale: ptr("Same person.")}, "reviewer")
		noErr(t, err)
		want := []vigil.ReviewedFinding{ // open ones, sorted by key
			{Key: "link.shared:iban:GB29NWBK60161331926819", Severity: vigil.SeverityHigh},
			{Key: "ofac-sdn:1", Severity: watchlistFinding("1", 60).Severity},
		}
		diff(t, "reviewed findings", got.Reviewed, want)
		stored, err := s.FindCaseByID(ctx, c.ID)
		noErr(t, err)
		diff(t, "stored case", stored, got)
		listed, _, err := s.FindCases(ctx, vigil.CaseFilter{ID: &c.ID})
		noErr(t, err)
		diff(t, "listed reviewed findings", listed[0].Reviewed, want)

		// Reopened, the decision no longer stands, nor what it reviewed.
		got, err = s.UpdateCase(ctx, c.ID, vigil.CaseUpdate{Status: ptr(vigil.CaseOpen)}, "lead")
		noErr(t, err)
		if got.Reviewed != nil {
			t.Errorf("reopened case keeps reviewed findings %+v", got.Reviewed)
		}
		// Escalated, it stays open: nothing is decided yet.
		got, err = s.UpdateCase(ctx, c.ID, vigil.CaseUpdate{Decision: ptr(vigil.DecisionEscalated), Rationale: ptr("Legal.")}, "lead")
		noErr(t, err)
		if got.Reviewed != nil || got.Status != vigil.CaseOpen {
			t.Errorf("escalated case = %+v, want open without reviewed findings", got)
		}
		// Cleared after the escalation: a new screening with the same findings opens nothing.
		_, err = s.UpdateCase(ctx, c.ID, vigil.CaseUpdate{Decision: ptr(vigil.DecisionCleared), Rationale: ptr("Legal cleared it.")}, "legal")
		noErr(t, err)
		sc.AsOf = at(2)
		if res := mustSave(t, s, sc); res.Case != nil {
			t.Errorf("re-screen after the escalated case was cleared opened case %+v", res.Case)
		}
	}},
	{"EscalationKeepsCaseOpen", func(t *testing.T, s vigil.Store) {
		c := mustCase(t, s, "a", vigil.BandHigh)
		got, err := s.UpdateCase(context.Background(), c.ID, vigil.CaseUpdate{Decision: ptr(vigil.DecisionEscalated), Rationale: ptr("Needs legal review.")}, "reviewer")
		noErr(t, err)
		if got.Status != vigil.CaseOpen || got.Decision != vigil.DecisionEscalated || got.DecidedBy != "reviewer" || got.DecidedAt == nil {
			t.Errorf("escalated case = %+v, want open with the decision recorded", got)
		}
	}},
	{"NotesAppend", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		c := mustCase(t, s, "a", vigil.BandHigh)
		_, err := s.UpdateCase(ctx, c.ID, vigil.CaseUpdate{Note: ptr("Asked for a video call.")}, "alice")
		noErr(t, err)
		got, err := s.UpdateCase(ctx, c.ID, vigil.CaseUpdate{Note: ptr("Camera refused twice."), Status: ptr(vigil.CaseInReview)}, "bob")
		noErr(t, err)
		if len(got.Notes) != 2 {
			t.Fatalf("%d notes, want 2", len(got.Notes))
		}
		want := []vigil.CaseNote{
			{Author: "alice", Text: "Asked for a video call.", CreatedAt: got.Notes[0].CreatedAt},
			{Author: "bob", Text: "Camera refused twice.", CreatedAt: got.UpdatedAt},
		}
		diff(t, "notes", got.Notes, want)
		if !got.Notes[1].CreatedAt.After(got.Notes[0].CreatedAt) {
			t.Errorf("notes not in order of writing")
		}
		isUTC(t, "note time", got.Notes[0].CreatedAt)
		stored, err := s.FindCaseByID(ctx, c.ID)
		noErr(t, err)
		diff(t, "stored notes", stored.Notes, want)
	}},
	{"ReopenClearsDecision", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		c := mustCase(t, s, "a", vigil.BandHigh)
		_, err := s.UpdateCase(ctx, c.ID, vigil.CaseUpdate{Decision: ptr(vigil.DecisionCleared), Rationale: ptr("Fine.")}, "reviewer")
		noErr(t, err)
		got, err := s.UpdateCase(ctx, c.ID, vigil.CaseUpdate{Status: ptr(vigil.CaseOpen)}, "lead")
		noErr(t, err)
		if got.Status != vigil.CaseOpen || got.Decision != "" || got.Rationale != "" || got.DecidedBy != "" || got.DecidedAt != nil {
			t.Errorf("reopened case = %+v, want open without the withdrawn decision", got)
		}
	}},
	{"ReopenConflictsWithOpenCase", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		first := mustCase(t, s, "a", vigil.BandHigh)
		_, err := s.UpdateCase(ctx, first.ID, vigil.CaseUpdate{Decision: ptr(vigil.DecisionCleared), Rationale: ptr("Fine.")}, "reviewer")
		noErr(t, err)
		sc := screening(&vigil.Subject{ID: "a", Name: "Subject a"}, at(1), watchlistFinding("1", 60), watchlistFinding("2", 60))
		sc.Score, sc.Band, sc.CaseBand, sc.CaseReason = 60, vigil.BandHigh, vigil.BandMedium, "new watch-list match"
		second := mustSave(t, s, sc).Case
		if second == nil || second.ID == first.ID {
			t.Fatal("no new case for a new finding after the first was closed")
		}
		_, err = s.UpdateCase(ctx, first.ID, vigil.CaseUpdate{Status: ptr(vigil.CaseInReview)}, "lead")
		wantCode(t, err, vigil.ECONFLICT, "open case")
		if c, err := s.FindCaseByID(ctx, first.ID); err != nil || c.Status != vigil.CaseClosed {
			t.Errorf("first case = %+v (%v), want still closed", c, err)
		}
	}},
	{"Errors", func(t *testing.T, s vigil.Store) {
		c := mustCase(t, s, "a", vigil.BandHigh)
		tests := []struct {
			name  string
			id    int64
			upd   vigil.CaseUpdate
			actor string
			code  string
			msg   string
		}{
			{"Empty", c.ID, vigil.CaseUpdate{}, actor, vigil.EINVALID, "changes nothing"},
			{"UnknownStatus", c.ID, vigil.CaseUpdate{Status: ptr(vigil.CaseStatus("pending"))}, actor, vigil.EINVALID, "status"},
			{"DecisionWithoutRationale", c.ID, vigil.CaseUpdate{Decision: ptr(vigil.DecisionCleared)}, actor, vigil.EINVALID, "rationale"},
			{"UnknownDecision", c.ID, vigil.CaseUpdate{Decision: ptr("fire"), Rationale: ptr("x")}, actor, vigil.EINVALID, "decision"},
			{"StatusContradictsDecision", c.ID, vigil.CaseUpdate{Status: ptr(vigil.CaseOpen), Decision: ptr(vigil.DecisionCleared), Rationale: ptr("x")}, actor, vigil.EINVALID, "status"},
			{"NoActor", c.ID, vigil.CaseUpdate{Note: ptr("x")}, "", vigil.EINVALID, "actor"},
			{"UnknownCase", 9999, vigil.CaseUpdate{Note: ptr("x")}, actor, vigil.ENOTFOUND, "case 9999 not found"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.UpdateCase(context.Background(), tt.id, tt.upd, tt.actor)
				wantCode(t, err, tt.code, tt.msg)
			})
		}
		got, err := s.FindCaseByID(context.Background(), c.ID)
		noErr(t, err)
		diff(t, "case after failed updates", got, c)
	}},
}
