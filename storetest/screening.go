package storetest

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vigil-sec/vigil"
)

// fullSubject has every field of the subject document set, so that nothing can be lost on the way through a
// store unnoticed.
func fullSubject(id string) *vigil.Subject {
	managed := true
	years := 9.5
	hired, left := "2025-01-06", "2026-02-27T17:30:00Z"
	return &vigil.Subject{
		ID: id, Kind: vigil.KindEmployee,
		Name: "Mateusz Nowak", OtherNames: []string{"Matt Nowak", "Матеуш Новак"}, BirthDate: "1994-03-07",
		Nationalities: []string{"PL", "DE"},
		Residence:     &vigil.Residence{Country: "PL", City: "Kraków", Timezone: "Europe/Warsaw"},
		Emails:        []string{"m.nowak.dev@example.com", "Mateusz.Nowak+jobs@gmail.com"},
		Phones:        []string{"+48 512 345 678"},
		Addresses: []vigil.Address{
			{Use: vigil.AddressHome, Line: "ul. Długa 5", City: "Kraków", Postcode: "31-147", Country: "PL"},
			{Use: vigil.AddressShipping, Line: "4410 Harbor Way", City: "Tacoma", Postcode: "98421", Country: "US"},
		},
		Documents: []vigil.Document{{Type: vigil.DocPassport, Number: "EA 1234567", Issuer: "POL", Expires: "2031-01-01",
			MRZ: "P<POLNOWAK<<MATEUSZ<<<<<<<<<<<<<<<<<<<<<<<<<\nEA12345670POL9403074M3101019<<<<<<<<<<<<<<02"}},
		BankAccounts: []vigil.BankAccount{{IBAN: "PL61 1090 1014 0000 0712 1981 2874", BIC: "WBKPPLPP", Holder: "Mateusz Nowak"}},
		Wallets:      []vigil.Wallet{{Chain: "ETH", Address: "0x7F367cC41522cE07553e823bf3be79A889DEbe1B"}},
		Profiles:     []vigil.Profile{{URL: "https://github.com/mnowak-dev", Created: "2025-02-01"}},
		Languages:    []string{"pl", "en"},
		Accounts:     []vigil.Account{{System: "okta", ID: "00u1abcd", Username: "m.nowak@corp.example"}},
		Devices:      []vigil.Device{{ID: "LAPTOP-4F2K", Serial: "PF3ABC12", Managed: &managed}},
		Application: &vigil.Application{Received: "2026-10-01T09:12:00Z", IP: "203.0.113.7", Channel: "job-board",
			ResumeText: "Senior engineer.\n\tNext.js, Go & \"quotes\" <b>not HTML</b> — ünïcödé 漢字 🙂", PhotoPHash: "d1c4f0e0e0f0c4d1"},
		Skills: []vigil.Skill{{Name: "Next.js", Years: &years}, {Name: "Go"}},
		Employment: []vigil.Employment{{Employer: "Acme Sp. z o.o.", Title: "Developer", From: "2015-01", To: "2019-06",
			Reference: &vigil.Reference{Name: "Anna Kowalska", Email: "anna@acme.example", Phone: "+48 601 234 567"}}},
		Hired: &hired, Left: &left,
	}
}

var subjectIDPattern = regexp.MustCompile(`^s-[a-z2-7]{12}$`)

var saveScreeningTests = []test{
	{"CreatesSubjectWithNewID", func(t *testing.T, s vigil.Store) {
		in := &vigil.Subject{Name: "Jan Kowalski"}
		res := mustSave(t, s, screening(in, asOf))
		if !res.Created {
			t.Error("Created = false for a new subject")
		}
		if !subjectIDPattern.MatchString(res.Subject.ID) {
			t.Errorf("new subject ID %q does not match %s", res.Subject.ID, subjectIDPattern)
		}
		if in.ID != "" {
			t.Errorf("the screening's subject was changed: ID = %q", in.ID)
		}
		other := mustSave(t, s, screening(&vigil.Subject{Name: "Jan Kowalski"}, asOf))
		if other.Subject.ID == res.Subject.ID {
			t.Errorf("two new subjects got the same ID %q", res.Subject.ID)
		}
		got, err := s.FindSubjectByID(context.Background(), res.Subject.ID)
		noErr(t, err)
		diff(t, "stored subject", got, res.Subject)
	}},
	{"RoundTripsEveryField", func(t *testing.T, s vigil.Store) {
		in := fullSubject("ats-1042")
		res := mustSave(t, s, screening(in, asOf))
		want := fullSubject("ats-1042")
		want.CreatedAt, want.UpdatedAt, want.ScreenedAt = res.Subject.CreatedAt, res.Subject.UpdatedAt, res.Subject.ScreenedAt
		diff(t, "result subject", res.Subject, want)
		got, err := s.FindSubjectByID(context.Background(), "ats-1042")
		noErr(t, err)
		diff(t, "stored subject", got, want)
		if !got.ScreenedAt.Equal(asOf) {
			t.Errorf("ScreenedAt = %v, want the screening's as-of %v", got.ScreenedAt, asOf)
		}
		isUTC(t, "subject times", got.CreatedAt, got.UpdatedAt, got.ScreenedAt)
	}},
	{"ReplacesDocumentOfKnownID", func(t *testing.T, s vigil.Store) {
		first := mustSave(t, s, screening(fullSubject("ats-7"), asOf))
		if !first.Created {
			t.Error("Created = false for a subject with a new ID")
		}
		changed := &vigil.Subject{ID: "ats-7", Kind: vigil.KindCandidate, Name: "Mateusz Nowak-Wiśniewski"}
		second := mustSave(t, s, screening(changed, at(1)))
		if second.Created {
			t.Error("Created = true for a known ID")
		}
		got, err := s.FindSubjectByID(context.Background(), "ats-7")
		noErr(t, err)
		want := &vigil.Subject{ID: "ats-7", Kind: vigil.KindCandidate, Name: "Mateusz Nowak-Wiśniewski",
			CreatedAt: first.Subject.CreatedAt, UpdatedAt: second.Subject.UpdatedAt, ScreenedAt: at(1)}
		diff(t, "replaced subject", got, want)
		if !got.UpdatedAt.After(got.CreatedAt) {
			t.Errorf("UpdatedAt %v is not after CreatedAt %v", got.UpdatedAt, got.CreatedAt)
		}
	}},
	{"Invalid", func(t *testing.T, s vigil.Store) {
		valid := func() *vigil.Screening {
			return screening(&vigil.Subject{Name: "Jan Kowalski"}, asOf, finding("phone.voip", "phone:1", vigil.SeverityLow, 5))
		}
		tests := []struct {
			name   string
			change func(sc *vigil.Screening)
			msg    string
		}{
			{"NoSubject", func(sc *vigil.Screening) { sc.Subject = nil }, "subject"},
			{"InvalidSubject", func(sc *vigil.Screening) { sc.Subject.Name = "" }, "name"},
			{"InvalidSubjectID", func(sc *vigil.Screening) { sc.Subject.ID = "a b" }, "id"},
			{"NoAsOf", func(sc *vigil.Screening) { sc.AsOf = time.Time{} }, "as_of"},
			{"NULInSubject", func(sc *vigil.Screening) { sc.Subject.Application = &vigil.Application{IP: "fe80::1%\x00"} }, "application.ip"},
			{"NULInFinding", func(sc *vigil.Screening) { sc.Findings[0].Evidence[0].Detail = "a\x00b" }, "findings[0].evidence[0].detail"},
			{"InvalidUTF8InFinding", func(sc *vigil.Screening) { sc.Findings[0].Summary = "\xff" }, "findings[0].summary"},
			{"UnknownBand", func(sc *vigil.Screening) { sc.Band = "severe" }, "band"},
			{"NoCaseBand", func(sc *vigil.Screening) { sc.CaseBand = "" }, "case_band"},
			{"NoActor", func(sc *vigil.Screening) { sc.Actor = "" }, "actor"},
			{"FindingWithoutKey", func(sc *vigil.Screening) { sc.Findings[0].Key = "" }, "findings[0].key"},
			{"FindingWithoutCheck", func(sc *vigil.Screening) { sc.Findings[0].Check = "" }, "findings[0].check"},
			{"UnknownSeverity", func(sc *vigil.Screening) { sc.Findings[0].Severity = "grave" }, "findings[0].severity"},
			{"ClosedStatusInFindings", func(sc *vigil.Screening) { sc.Findings[0].Status = vigil.FindingCleared }, "findings[0].status"},
			{"NullFinding", func(sc *vigil.Screening) { sc.Findings = append(sc.Findings, nil) }, "findings[1]"},
			{"DuplicateKey", func(sc *vigil.Screening) {
				sc.Findings = append(sc.Findings, finding("phone.voip", "phone:1", vigil.SeverityLow, 5))
			}, "findings[1].key"},
			{"OpenAsClosedStatus", func(sc *vigil.Screening) {
				sc.Closed = map[string]vigil.FindingStatus{"phone:9": vigil.FindingOpen}
			}, "closed"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				sc := valid()
				tt.change(sc)
				_, err := s.SaveScreening(context.Background(), sc)
				wantCode(t, err, vigil.EINVALID, tt.msg)
			})
		}
		subjects, n, err := s.FindSubjects(context.Background(), vigil.SubjectFilter{})
		noErr(t, err)
		if n != 0 || len(subjects) != 0 {
			t.Errorf("invalid screenings stored %d subjects", n)
		}
	}},
	{"RescreenKeepsTheStoredDocument", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		stored := mustSave(t, s, screening(&vigil.Subject{ID: "r-1", Name: "Anna Kowalska", Emails: []string{"anna@example.com"}}, asOf)).Subject
		// A re-screen of the subject as read: its findings are stored, its document and age are not touched.
		again := *stored
		again.Emails = []string{"stale@example.com"} // what a re-screen must never write back
		sc := screening(&again, at(1), finding("phone", "phone:1", vigil.SeverityLow, 5))
		sc.Rescreen = true
		res := mustSave(t, s, sc)
		got, err := s.FindSubjectByID(ctx, "r-1")
		noErr(t, err)
		if len(got.Emails) != 1 || got.Emails[0] != "anna@example.com" || !got.UpdatedAt.Equal(stored.UpdatedAt) || !got.ScreenedAt.Equal(at(1)) {
			t.Errorf("after a re-screen: emails %q, updated %v (was %v), screened %v", got.Emails, got.UpdatedAt, stored.UpdatedAt, got.ScreenedAt)
		}
		if len(res.Findings) != 1 || res.Created {
			t.Errorf("re-screen result %+v", res)
		}
		// Someone updates the subject; a re-screen of the copy read before must not undo it.
		mustSave(t, s, screening(&vigil.Subject{ID: "r-1", Name: "Anna Kowalska", Emails: []string{"new@example.com"}}, at(2)))
		sc = screening(stored, at(3))
		sc.Rescreen = true
		_, err = s.SaveScreening(ctx, sc)
		wantCode(t, err, vigil.ECONFLICT, "updated")
		if got, _ := s.FindSubjectByID(ctx, "r-1"); got.Emails[0] != "new@example.com" {
			t.Errorf("a stale re-screen undid an update: %q", got.Emails)
		}
		// Erased meanwhile: a re-screen must not bring it back.
		_, err = s.DeleteSubject(ctx, "r-1", "dpo")
		noErr(t, err)
		sc = screening(stored, at(4), finding("phone", "phone:1", vigil.SeverityLow, 5))
		sc.Rescreen = true
		_, err = s.SaveScreening(ctx, sc)
		wantCode(t, err, vigil.ENOTFOUND, "erased")
		if _, err := s.FindSubjectByID(ctx, "r-1"); vigil.ErrorCode(err) != vigil.ENOTFOUND {
			t.Errorf("a re-screen brought an erased subject back: %v", err)
		}
	}},
	{"ReconcilesFindings", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		subj := &vigil.Subject{ID: "ats-1", Name: "Jan Kowalski"}
		match := watchlistFinding("12345", 60)
		shared := finding("link.shared", "link:phone:+48512345678", vigil.SeverityMedium, 20)
		voip := finding("phone.voip", "phone:+48512345678", vigil.SeverityLow, 5)
		gone := watchlistFinding("777", 40)
		first := mustSave(t, s, screening(subj, asOf, match, shared, voip, gone))
		if len(first.Findings) != 4 {
			t.Fatalf("first screening stored %d open findings, want 4", len(first.Findings))
		}
		before := byKey(first.Findings)

		// Second screening: the watch-list and link checks ran; the phone check did not. The match changed,
		// the shared phone is gone, entry 777 was delisted, and a new fact appeared.
		match2 := watchlistFinding("12345", 75)
		match2.Severity, match2.Summary, match2.Count = vigil.SeverityCritical, "Name and birth date match OFAC SDN entry 12345", 2
		match2.Evidence = append(match2.Evidence, vigil.Evidence{Kind: "list_entry", Ref: "ofac-sdn:12345", Detail: "birth date 1994-03-07"})
		fresh := finding("link.shared", "link:email:x@example.com", vigil.SeverityMedium, 15)
		sc := screening(subj, at(7), match2, fresh)
		sc.Checks = []string{"watchlist.name", "link.shared"}
		sc.Closed = map[string]vigil.FindingStatus{"ofac-sdn:777": vigil.FindingDelisted}
		second := mustSave(t, s, sc)

		got := byKey(findingsOf(t, s, "ats-1"))
		if len(got) != 5 {
			t.Fatalf("stored %d findings, want 5", len(got))
		}
		wantMatch := *match2
		wantMatch.ID, wantMatch.SubjectID = before["ofac-sdn:12345"].ID, "ats-1"
		wantMatch.FirstSeen, wantMatch.LastSeen = asOf, at(7)
		diff(t, "updated finding", got["ofac-sdn:12345"], &wantMatch, cmpopts.IgnoreFields(vigil.Finding{}, "CreatedAt", "UpdatedAt"))
		if u := got["ofac-sdn:12345"]; !u.UpdatedAt.After(u.CreatedAt) || !u.CreatedAt.Equal(before["ofac-sdn:12345"].CreatedAt) {
			t.Errorf("updated finding: CreatedAt %v → %v, UpdatedAt %v", before["ofac-sdn:12345"].CreatedAt, u.CreatedAt, u.UpdatedAt)
		}
		for key, want := range map[string]vigil.FindingStatus{
			"link:phone:+48512345678":  vigil.FindingCleared,  // its check ran and no longer sees it
			"ofac-sdn:777":             vigil.FindingDelisted, // closed as Closed says
			"phone:+48512345678":       vigil.FindingOpen,     // its check did not run: untouched
			"link:email:x@example.com": vigil.FindingOpen,
		} {
			if got[key].Status != want {
				t.Errorf("finding %s: status %q, want %q", key, got[key].Status, want)
			}
		}
		if f := got["phone:+48512345678"]; !f.LastSeen.Equal(asOf) || !f.UpdatedAt.Equal(before[f.Key].UpdatedAt) {
			t.Errorf("finding of a check that did not run was touched: last seen %v, updated %v", f.LastSeen, f.UpdatedAt)
		}
		if f := got["link:phone:+48512345678"]; !f.LastSeen.Equal(asOf) {
			t.Errorf("closed finding: last seen %v, want %v (when it was last seen)", f.LastSeen, asOf)
		}
		if f := got["link:email:x@example.com"]; !f.FirstSeen.Equal(at(7)) || !f.LastSeen.Equal(at(7)) {
			t.Errorf("new finding: first seen %v, last seen %v, want both %v", f.FirstSeen, f.LastSeen, at(7))
		}

		// The result holds the open and dismissed findings, by ID.
		var keys []string
		for _, f := range second.Findings {
			keys = append(keys, f.Key)
		}
		diff(t, "result findings", keys, []string{"ofac-sdn:12345", "phone:+48512345678", "link:email:x@example.com"})

		// Third screening: the shared phone is back. It reopens with its ID and first sighting.
		third := mustSave(t, s, screening(subj, at(9), shared))
		reopened := byKey(third.Findings)["link:phone:+48512345678"]
		if reopened == nil || reopened.ID != before[shared.Key].ID || reopened.Status != vigil.FindingOpen || !reopened.FirstSeen.Equal(asOf) {
			t.Errorf("reappearing finding = %+v, want ID %d, open, first seen %v", reopened, before[shared.Key].ID, asOf)
		}
		if _, n, err := s.FindFindings(ctx, vigil.FindingFilter{}); err != nil || n != 5 {
			t.Errorf("FindFindings total = %d (%v), want 5: reconciling must not add rows for known keys", n, err)
		}
	}},
	{"FirstSeenFromFinding", func(t *testing.T, s vigil.Store) {
		f := finding("detector.impossible_travel", "travel:1", vigil.SeverityHigh, 30)
		f.FirstSeen = at(-3)
		res := mustSave(t, s, screening(&vigil.Subject{Name: "Jan Kowalski"}, asOf, f))
		if got := res.Findings[0].FirstSeen; !got.Equal(at(-3)) {
			t.Errorf("first seen %v, want the finding's own %v", got, at(-3))
		}
		if got := res.Findings[0].LastSeen; !got.Equal(asOf) {
			t.Errorf("last seen %v, want the as-of time %v", got, asOf)
		}
	}},
	{"KeepsDismissedWhileStillDismissed", func(t *testing.T, s vigil.Store) {
		subj := &vigil.Subject{ID: "ats-2", Name: "Jan Kowalski"}
		res := mustSave(t, s, screening(subj, asOf, watchlistFinding("1", 60)))
		id := res.Findings[0].ID
		_, err := s.DecideMatch(context.Background(), id, &vigil.MatchDecision{
			Outcome: vigil.OutcomeNotThisPerson, Rationale: "Different birth date and nationality.", DecidedBy: "reviewer"})
		noErr(t, err)

		dismissed := watchlistFinding("1", 60)
		dismissed.Status = vigil.FindingDismissed
		res = mustSave(t, s, screening(subj, at(1), dismissed))
		if len(res.Findings) != 1 || res.Findings[0].ID != id || res.Findings[0].Status != vigil.FindingDismissed {
			t.Fatalf("after a suppressed re-screen: %+v, want finding %d dismissed", res.Findings, id)
		}
		// The decision no longer suppresses it (the subject or entry changed): open again.
		res = mustSave(t, s, screening(subj, at(2), watchlistFinding("1", 60)))
		if res.Findings[0].Status != vigil.FindingOpen {
			t.Errorf("status %q after an unsuppressed re-screen, want open", res.Findings[0].Status)
		}
	}},
	{"DismissedFindingIsNotClosed", func(t *testing.T, s vigil.Store) {
		subj := &vigil.Subject{ID: "ats-3", Name: "Jan Kowalski"}
		f := watchlistFinding("1", 60)
		f.Status = vigil.FindingDismissed
		mustSave(t, s, screening(subj, asOf, f))
		sc := screening(subj, at(1))
		sc.Checks = []string{"watchlist.name"}
		res := mustSave(t, s, sc)
		if len(res.Findings) != 1 || res.Findings[0].Status != vigil.FindingDismissed {
			t.Errorf("findings %+v, want the dismissed one kept: only open findings are closed", res.Findings)
		}
	}},
	{"OpensCaseFromCaseBand", func(t *testing.T, s vigil.Store) {
		tests := []struct {
			band     vigil.Band
			wantCase bool
		}{
			{vigil.BandLow, false}, {vigil.BandMedium, false}, {vigil.BandHigh, true}, {vigil.BandCritical, true},
		}
		for _, tt := range tests {
			t.Run(string(tt.band), func(t *testing.T) {
				sc := screening(&vigil.Subject{Name: "Jan Kowalski"}, asOf, watchlistFinding("1", 70))
				sc.Score, sc.Band, sc.CaseBand, sc.CaseReason = 70, tt.band, vigil.BandHigh, "OFAC SDN name match"
				res := mustSave(t, s, sc)
				if (res.Case != nil) != tt.wantCase {
					t.Fatalf("case %+v, want a case: %v", res.Case, tt.wantCase)
				}
				if !tt.wantCase {
					return
				}
				want := &vigil.Case{ID: res.Case.ID, SubjectID: res.Subject.ID, Status: vigil.CaseOpen, Score: 70, Band: tt.band,
					Reason: "OFAC SDN name match", OpenedAt: res.Subject.UpdatedAt, UpdatedAt: res.Subject.UpdatedAt}
				diff(t, "opened case", res.Case, want)
				got, err := s.FindCaseByID(context.Background(), res.Case.ID)
				noErr(t, err)
				diff(t, "stored case", got, want)
			})
		}
	}},
	{"UpdatesActiveCase", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		subj := &vigil.Subject{ID: "ats-4", Name: "Jan Kowalski"}
		sc := screening(subj, asOf)
		sc.Score, sc.Band, sc.CaseReason = 80, vigil.BandCritical, "first"
		opened := mustSave(t, s, sc).Case
		if opened == nil {
			t.Fatal("no case opened at band critical")
		}
		_, err := s.UpdateCase(ctx, opened.ID, vigil.CaseUpdate{Status: ptr(vigil.CaseInReview)}, "reviewer")
		noErr(t, err)

		// A lower band does not open a case, but updates the one under review.
		sc = screening(subj, at(1))
		sc.Score, sc.Band, sc.CaseReason = 10, vigil.BandLow, "second"
		res := mustSave(t, s, sc)
		if res.Case == nil || res.Case.ID != opened.ID {
			t.Fatalf("case %+v, want case %d updated", res.Case, opened.ID)
		}
		if res.Case.Score != 10 || res.Case.Band != vigil.BandLow || res.Case.Status != vigil.CaseInReview || res.Case.Reason != "second" {
			t.Errorf("updated case = %+v, want score 10, band low, still in review, second reason", res.Case)
		}
		if !res.Case.UpdatedAt.After(opened.UpdatedAt) {
			t.Errorf("case UpdatedAt %v not after %v", res.Case.UpdatedAt, opened.UpdatedAt)
		}

		// Once decided, the next screening at the case band that sees something new opens a new case.
		_, err = s.UpdateCase(ctx, opened.ID, vigil.CaseUpdate{Decision: ptr(vigil.DecisionCleared), Rationale: ptr("Verified in person.")}, "reviewer")
		noErr(t, err)
		sc = screening(subj, at(2), watchlistFinding("1", 90))
		sc.Score, sc.Band, sc.CaseReason = 90, vigil.BandCritical, "third"
		res = mustSave(t, s, sc)
		if res.Case == nil || res.Case.ID == opened.ID || res.Case.Status != vigil.CaseOpen {
			t.Fatalf("case %+v, want a new open case", res.Case)
		}
		cases, n, err := s.FindCases(ctx, vigil.CaseFilter{SubjectID: ptr("ats-4")})
		noErr(t, err)
		if n != 2 || cases[0].ID != res.Case.ID {
			t.Errorf("subject has %d cases, newest %d; want 2, newest %d", n, cases[0].ID, res.Case.ID)
		}
	}},
	{"ActiveCaseFollowsScreening", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		subj := &vigil.Subject{ID: "ats-5", Name: "Jan Kowalski"}
		match := watchlistFinding("1", 80)
		match.Severity = vigil.SeverityCritical
		voip := finding("phone.voip", "phone:1", vigil.SeverityMedium, 40)
		sc := screening(subj, asOf, match, voip)
		sc.Score, sc.Band, sc.CaseReason = 120, vigil.BandCritical, "band critical (score 120): watchlist.name (critical), phone.voip (medium)"
		opened := mustSave(t, s, sc).Case
		if opened == nil {
			t.Fatal("no case opened at band critical")
		}

		// The entry was delisted: the band drops and the case must no longer read "critical".
		sc = screening(subj, at(1), voip)
		sc.Checks = []string{"watchlist.name", "phone.voip"}
		sc.Closed = map[string]vigil.FindingStatus{match.Key: vigil.FindingDelisted}
		sc.Score, sc.Band, sc.CaseReason = 40, vigil.BandHigh, "band high (score 40): phone.voip (medium)"
		res := mustSave(t, s, sc)
		want := *opened
		want.Score, want.Band, want.Reason, want.UpdatedAt = 40, vigil.BandHigh, "band high (score 40): phone.voip (medium)", res.Case.UpdatedAt
		diff(t, "case after the band changed", res.Case, &want)
		stored, err := s.FindCaseByID(ctx, opened.ID)
		noErr(t, err)
		diff(t, "stored case", stored, &want)

		// Another score in the same band: the reason follows too, it says what the case stands on now.
		sc = screening(subj, at(2), voip)
		sc.Score, sc.Band, sc.CaseReason = 45, vigil.BandHigh, "band high (score 45): phone.voip (medium)"
		res = mustSave(t, s, sc)
		if res.Case.Score != 45 || res.Case.Reason != sc.CaseReason {
			t.Errorf("case = %+v, want score 45 and the reason %q", res.Case, sc.CaseReason)
		}
		// A screening without a reason leaves the case's.
		sc = screening(subj, at(3), voip)
		sc.Score, sc.Band, sc.CaseReason = 45, vigil.BandHigh, ""
		if res = mustSave(t, s, sc); res.Case.Reason != "band high (score 45): phone.voip (medium)" {
			t.Errorf("an empty reason replaced the case's: %q", res.Case.Reason)
		}
	}},
	{"DecisionStands", func(t *testing.T, s vigil.Store) {
		for _, decision := range []string{vigil.DecisionCleared, vigil.DecisionConfirmed} {
			t.Run(decision, func(t *testing.T) {
				ctx := context.Background()
				subj := &vigil.Subject{ID: "ats-" + decision, Name: "Jan Kowalski"}
				iban := finding("link.shared", "link.shared:iban:GB29NWBK60161331926819", vigil.SeverityHigh, 50)
				voip := finding("phone.voip", "phone.voip:+447700900123", vigil.SeverityLow, 10)
				save := func(day int, fs ...*vigil.Finding) *vigil.ScreeningResult {
					t.Helper()
					sc := screening(subj, at(day), fs...)
					sc.Checks = []string{"link.shared", "phone.voip", "watchlist.name"}
					sc.Score, sc.Band, sc.CaseReason = 70, vigil.BandHigh, "band high (score 70)"
					return mustSave(t, s, sc)
				}
				first := save(0, iban, voip).Case
				if first == nil {
					t.Fatal("no case opened at band high")
				}
				decided, err := s.UpdateCase(ctx, first.ID, vigil.CaseUpdate{Decision: &decision, Rationale: ptr("Shared payroll account of a known agency.")}, "reviewer")
				noErr(t, err)
				diff(t, "reviewed findings", decided.Reviewed, []vigil.ReviewedFinding{{Key: iban.Key, Severity: iban.Severity}, {Key: voip.Key, Severity: voip.Severity}})

				// The same findings again, or fewer: the decision stands, no case.
				for day, fs := range [][]*vigil.Finding{{iban, voip}, {iban}} {
					res := save(1+day, fs...)
					if res.Case != nil {
						t.Fatalf("re-screen %d with reviewed findings opened case %+v", day, res.Case)
					}
				}
				if _, n, err := s.FindCases(ctx, vigil.CaseFilter{SubjectID: &subj.ID}); err != nil || n != 1 {
					t.Fatalf("%d cases (%v), want only the decided one", n, err)
				}
				if e := auditOf(t, s, subj.ID)[0]; !strings.Contains(e.Detail, fmt.Sprintf("nothing new since case %d was %s", first.ID, decision)) {
					t.Errorf("audit detail %q does not say why no case was opened", e.Detail)
				}
				// A dismissed finding is not a new one either.
				dismissed := watchlistFinding("9", 60)
				dismissed.Status = vigil.FindingDismissed
				if res := save(3, iban, voip, dismissed); res.Case != nil {
					t.Fatalf("a dismissed finding opened case %+v", res.Case)
				}

				// Something new: a case whose reason says what.
				match := watchlistFinding("12345", 60)
				res := save(4, iban, voip, match)
				if res.Case == nil || res.Case.ID == first.ID {
					t.Fatalf("case %+v, want a new one for the new finding", res.Case)
				}
				wantReason := fmt.Sprintf("new since case %d was %s: ofac-sdn:12345; band high (score 70)", first.ID, decision)
				if res.Case.Reason != wantReason {
					t.Errorf("reason %q, want %q", res.Case.Reason, wantReason)
				}

				// The latest decision is the one that stands: it reviewed the match too.
				_, err = s.UpdateCase(ctx, res.Case.ID, vigil.CaseUpdate{Decision: &decision, Rationale: ptr("Reviewed the match.")}, "reviewer")
				noErr(t, err)
				if res := save(5, iban, voip, match); res.Case != nil {
					t.Errorf("re-screen after the second decision opened case %+v", res.Case)
				}
			})
		}
	}},
	{"NewSinceDecisionNamesThreeKeys", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		subj := &vigil.Subject{ID: "ats-6", Name: "Jan Kowalski"}
		save := func(day int, fs ...*vigil.Finding) *vigil.ScreeningResult {
			t.Helper()
			sc := screening(subj, at(day), fs...)
			sc.Score, sc.Band, sc.CaseReason = 70, vigil.BandHigh, "band high (score 70)"
			return mustSave(t, s, sc)
		}
		reviewed := finding("phone.voip", "phone.voip:1", vigil.SeverityLow, 10)
		first := save(0, reviewed).Case
		_, err := s.UpdateCase(ctx, first.ID, vigil.CaseUpdate{Decision: ptr(vigil.DecisionCleared), Rationale: ptr("Known VoIP provider.")}, "reviewer")
		noErr(t, err)
		res := save(1, reviewed,
			finding("device.serial", "device:a", vigil.SeverityLow, 5),
			finding("link.shared", "link.shared:iban:x", vigil.SeverityHigh, 50),
			finding("device.serial", "device:b", vigil.SeverityMedium, 20),
			watchlistFinding("7", 80),
			finding("device.serial", "device:c", vigil.SeverityLow, 5),
		)
		if res.Case == nil {
			t.Fatal("no case for five new findings")
		}
		// The most severe first, then the highest scored.
		want := fmt.Sprintf("new since case %d was cleared: ofac-sdn:7, link.shared:iban:x, device:b and 2 more; band high (score 70)", first.ID)
		if res.Case.Reason != want {
			t.Errorf("reason\n%q, want\n%q", res.Case.Reason, want)
		}
		// The next screening updates the reason and keeps what was new at its head.
		sc := screening(subj, at(2), reviewed, watchlistFinding("7", 80))
		sc.Score, sc.Band, sc.CaseReason = 80, vigil.BandCritical, "band critical (score 80)"
		res = mustSave(t, s, sc)
		want = fmt.Sprintf("new since case %d was cleared: ofac-sdn:7, link.shared:iban:x, device:b and 2 more; band critical (score 80)", first.ID)
		if res.Case.Reason != want {
			t.Errorf("reason after an update\n%q, want\n%q", res.Case.Reason, want)
		}
	}},
	{"DecisionCoversOnlyWhatTheReviewerSaw", func(t *testing.T, s vigil.Store) {
		// A critical hit arrives while the reviewer reads the case; they clear what they saw. The hit is not
		// covered by the decision: the next screening opens a case for it.
		ctx := context.Background()
		subj := &vigil.Subject{ID: "ats-8", Name: "Jan Kowalski"}
		save := func(day int, fs ...*vigil.Finding) *vigil.ScreeningResult {
			t.Helper()
			sc := screening(subj, at(day), fs...)
			sc.Score, sc.Band, sc.CaseReason = 70, vigil.BandHigh, "band high (score 70)"
			return mustSave(t, s, sc)
		}
		name := watchlistFinding("7", 50)
		first := save(0, name)
		seen := first.Findings[0].ID
		exact := finding("watchlist.identifier", "ofac-sdn:9", vigil.SeverityCritical, 100)
		save(1, name, exact)
		decided, err := s.UpdateCase(ctx, first.Case.ID, vigil.CaseUpdate{Decision: ptr(vigil.DecisionCleared),
			Rationale: ptr("A namesake."), Reviewed: []int64{seen}}, "reviewer")
		noErr(t, err)
		diff(t, "reviewed", decided.Reviewed, []vigil.ReviewedFinding{{Key: name.Key, Severity: name.Severity}})
		if res := save(2, name, exact); res.Case == nil || !strings.Contains(res.Case.Reason, "ofac-sdn:9") {
			t.Fatalf("a finding the reviewer did not see must open a case: %+v", res.Case)
		}
	}},
	{"GraverFindingIsNew", func(t *testing.T, s vigil.Store) {
		// A name match the reviewer cleared becomes an exact identifier hit on the same entry (the same key):
		// graver than what was decided, so it needs a new decision.
		ctx := context.Background()
		subj := &vigil.Subject{ID: "ats-7", Name: "Jan Kowalski"}
		save := func(day int, f *vigil.Finding) *vigil.ScreeningResult {
			t.Helper()
			sc := screening(subj, at(day), f)
			sc.Score, sc.Band, sc.CaseReason = 70, vigil.BandHigh, "band high (score 70)"
			return mustSave(t, s, sc)
		}
		first := save(0, watchlistFinding("7", 50)).Case
		_, err := s.UpdateCase(ctx, first.ID, vigil.CaseUpdate{Decision: ptr(vigil.DecisionCleared), Rationale: ptr("A namesake.")}, "reviewer")
		noErr(t, err)
		if res := save(1, watchlistFinding("7", 50)); res.Case != nil {
			t.Fatalf("the same match reopened a case: %+v", res.Case)
		}
		exact := watchlistFinding("7", 100)
		exact.Severity = vigil.SeverityCritical
		res := save(2, exact)
		if res.Case == nil || !strings.Contains(res.Case.Reason, "ofac-sdn:7") {
			t.Fatalf("a graver finding under a reviewed key must open a case naming it: %+v", res.Case)
		}
	}},
	{"AuditsScreening", func(t *testing.T, s vigil.Store) {
		res := mustSave(t, s, screening(&vigil.Subject{Name: "Jan Kowalski"}, asOf, watchlistFinding("1", 10)))
		events := auditOf(t, s, res.Subject.ID)
		if len(events) != 1 || events[0].Action != "subject.screen" || events[0].Actor != actor || events[0].SubjectID != res.Subject.ID {
			t.Fatalf("audit events %+v, want one subject.screen by %s", events, actor)
		}
		isUTC(t, "audit time", events[0].At)
	}},
	{"SequenceOfDocuments", func(t *testing.T, s vigil.Store) {
		// What `vigil screen` does with NDJSON: one save per line, in order; IDs given or assigned; a known ID
		// updates that subject.
		docs := []struct {
			subject *vigil.Subject
			created bool
		}{
			{&vigil.Subject{ID: "hr-1", Kind: vigil.KindEmployee, Name: "Anna Kowalska"}, true},
			{&vigil.Subject{Kind: vigil.KindCandidate, Name: "Piotr Zieliński"}, true},
			{&vigil.Subject{ID: "hr-2", Kind: vigil.KindContractor, Name: "Olena Shevchenko"}, true},
			{&vigil.Subject{ID: "hr-1", Kind: vigil.KindFormerEmployee, Name: "Anna Kowalska"}, false},
			{&vigil.Subject{Kind: vigil.KindCandidate, Name: "Piotr Zieliński"}, true}, // no ID: another subject
			{&vigil.Subject{ID: "hr-2", Kind: vigil.KindContractor, Name: "Olena Szewczenko"}, false},
		}
		want := map[string]*vigil.Subject{}
		for i, d := range docs {
			res := mustSave(t, s, screening(d.subject, at(i)))
			if res.Created != d.created {
				t.Errorf("document %d: Created = %v, want %v", i, res.Created, d.created)
			}
			want[res.Subject.ID] = res.Subject
		}
		got, n, err := s.FindSubjects(context.Background(), vigil.SubjectFilter{})
		noErr(t, err)
		if n != 4 || len(got) != 4 {
			t.Fatalf("%d subjects stored (total %d), want 4", len(got), n)
		}
		for i, g := range got {
			if i > 0 && got[i-1].ID >= g.ID {
				t.Errorf("subjects not ordered by ID: %q before %q", got[i-1].ID, g.ID)
			}
			diff(t, "subject "+g.ID, g, want[g.ID])
		}
		if want["hr-1"].Kind != vigil.KindFormerEmployee || want["hr-2"].Name != "Olena Szewczenko" {
			t.Errorf("later documents did not replace earlier ones: %+v %+v", want["hr-1"], want["hr-2"])
		}
	}},
	{"ConcurrentSaves", func(t *testing.T, s vigil.Store) {
		const workers, perWorker = 8, 5
		var wg sync.WaitGroup
		errs := make(chan error, workers*(perWorker+1))
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < perWorker; i++ {
					subj := &vigil.Subject{Name: fmt.Sprintf("Worker %d Subject %d", w, i), Phones: []string{"+48 512 345 678"}}
					if i%2 == 0 {
						subj.ID = fmt.Sprintf("w%d-%d", w, i)
					}
					sc := screening(subj, at(i), finding("phone.voip", "phone:1", vigil.SeverityLow, 5), watchlistFinding(fmt.Sprint(w), 50))
					if _, err := s.SaveScreening(context.Background(), sc); err != nil {
						errs <- fmt.Errorf("worker %d save %d: %w", w, i, err)
					}
				}
				// Everyone screens the same subject too, at a band that opens a case.
				sc := screening(&vigil.Subject{ID: "shared", Name: "Shared Subject"}, at(w), watchlistFinding(fmt.Sprint(w), 50))
				sc.Checks = nil
				sc.Score, sc.Band = 70, vigil.BandHigh
				if _, err := s.SaveScreening(context.Background(), sc); err != nil {
					errs <- fmt.Errorf("worker %d shared save: %w", w, err)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		ctx := context.Background()
		if _, n, err := s.FindSubjects(ctx, vigil.SubjectFilter{}); err != nil || n != workers*perWorker+1 {
			t.Errorf("%d subjects stored (%v), want %d", n, err, workers*perWorker+1)
		}
		cases, n, err := s.FindCases(ctx, vigil.CaseFilter{SubjectID: ptr("shared")})
		noErr(t, err)
		if n != 1 || cases[0].Status != vigil.CaseOpen {
			t.Errorf("shared subject has %d cases, want exactly one open", n)
		}
		if fs := findingsOf(t, s, "shared"); len(fs) != workers {
			t.Errorf("shared subject has %d findings, want %d (one per worker's key)", len(fs), workers)
		}
		if _, n, err := s.FindAuditEvents(ctx, vigil.AuditFilter{Action: ptr("subject.screen")}); err != nil || n != workers*(perWorker+1) {
			t.Errorf("%d screenings audited (%v), want %d", n, err, workers*(perWorker+1))
		}
	}},
}
