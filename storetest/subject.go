package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vigil-sec/vigil"
)

var findSubjectsTests = []test{
	{"Filters", func(t *testing.T, s vigil.Store) {
		a := mustSubject(t, s, &vigil.Subject{ID: "a-1", Kind: vigil.KindCandidate, Name: "Łukasz Wróbel"})
		b := mustSubject(t, s, &vigil.Subject{ID: "b-2", Kind: vigil.KindEmployee, Name: "Anna Kowalska"})
		c := mustSubject(t, s, &vigil.Subject{ID: "c-3", Kind: vigil.KindEmployee, Name: "Jan KOWALSKI"})
		d := mustSubject(t, s, &vigil.Subject{ID: "d-4", Kind: vigil.KindContractor, Name: "100%_real Name", OtherNames: []string{"Kowalski"}})
		ids := func(ss []*vigil.Subject) []string {
			var out []string
			for _, s := range ss {
				out = append(out, s.ID)
			}
			return out
		}
		tests := []struct {
			name   string
			filter vigil.SubjectFilter
			want   []string
			total  int
		}{
			{"All", vigil.SubjectFilter{}, []string{"a-1", "b-2", "c-3", "d-4"}, 4},
			{"ID", vigil.SubjectFilter{ID: ptr("c-3")}, []string{"c-3"}, 1},
			{"UnknownID", vigil.SubjectFilter{ID: ptr("zzz")}, nil, 0},
			{"Kind", vigil.SubjectFilter{Kind: ptr(vigil.KindEmployee)}, []string{"b-2", "c-3"}, 2},
			{"NameIgnoresCase", vigil.SubjectFilter{Name: ptr("kowalsk")}, []string{"b-2", "c-3"}, 2},
			{"NameFoldsNonASCII", vigil.SubjectFilter{Name: ptr("łukasz wRÓBEL")}, []string{"a-1"}, 1},
			{"NameIsNotAPattern", vigil.SubjectFilter{Name: ptr("%_")}, []string{"d-4"}, 1},
			{"NameUnderscoreIsLiteral", vigil.SubjectFilter{Name: ptr("_")}, []string{"d-4"}, 1},
			{"UpdatedBefore", vigil.SubjectFilter{UpdatedBefore: &c.UpdatedAt}, []string{"a-1", "b-2"}, 2},
			{"UpdatedAfter", vigil.SubjectFilter{UpdatedAfter: &b.UpdatedAt}, []string{"c-3", "d-4"}, 2},
			{"UpdatedBetween", vigil.SubjectFilter{UpdatedAfter: &a.UpdatedAt, UpdatedBefore: &d.UpdatedAt}, []string{"b-2", "c-3"}, 2},
			{"Limit", vigil.SubjectFilter{Limit: 2}, []string{"a-1", "b-2"}, 4},
			{"Offset", vigil.SubjectFilter{Offset: 3}, []string{"d-4"}, 4},
			{"OffsetAndLimit", vigil.SubjectFilter{Offset: 1, Limit: 2}, []string{"b-2", "c-3"}, 4},
			{"OffsetPastEnd", vigil.SubjectFilter{Offset: 10, Limit: 2}, nil, 4},
			{"FilterAndPage", vigil.SubjectFilter{Kind: ptr(vigil.KindEmployee), Offset: 1, Limit: 5}, []string{"c-3"}, 2},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, n, err := s.FindSubjects(context.Background(), tt.filter)
				noErr(t, err)
				diff(t, "subject IDs", ids(got), tt.want)
				if n != tt.total {
					t.Errorf("total = %d, want %d", n, tt.total)
				}
			})
		}
	}},
	{"FindSubjectByIDNotFound", func(t *testing.T, s vigil.Store) {
		_, err := s.FindSubjectByID(context.Background(), "nobody")
		wantCode(t, err, vigil.ENOTFOUND, `subject "nobody" not found`)
	}},
	{"NegativePage", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		_, _, err := s.FindSubjects(ctx, vigil.SubjectFilter{Offset: -1})
		wantCode(t, err, vigil.EINVALID, "offset")
		_, _, err = s.FindSubjects(ctx, vigil.SubjectFilter{Limit: -1})
		wantCode(t, err, vigil.EINVALID, "limit")
		_, _, err = s.FindFindings(ctx, vigil.FindingFilter{Limit: -5})
		wantCode(t, err, vigil.EINVALID, "limit")
		_, _, err = s.FindCases(ctx, vigil.CaseFilter{Offset: -5})
		wantCode(t, err, vigil.EINVALID, "offset")
		_, _, err = s.FindIndicators(ctx, vigil.IndicatorFilter{Offset: -5})
		wantCode(t, err, vigil.EINVALID, "offset")
		_, _, err = s.FindAuditEvents(ctx, vigil.AuditFilter{Limit: -5})
		wantCode(t, err, vigil.EINVALID, "limit")
	}},
}

var findLinksTests = []test{
	{"SharedIdentifiers", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		home := vigil.Address{Use: vigil.AddressHome, Line: "ul. Długa 5", City: "Kraków", Postcode: "31-147", Country: "PL"}
		shipping := home
		shipping.Use, shipping.Line = vigil.AddressShipping, "UL. DLUGA 5" // the same place, spelled differently
		a := mustSubject(t, s, &vigil.Subject{ID: "a", Name: "Anna Kowalska", Phones: []string{"+48 512 345 678"},
			Emails: []string{"anna.k@gmail.com"}, Addresses: []vigil.Address{home}})
		mustSubject(t, s, &vigil.Subject{ID: "b", Name: "Piotr Nowak", BirthDate: "1990-01-02",
			Phones: []string{"+48 600 000 001", "+48-512-345-678"}, Addresses: []vigil.Address{shipping}})
		mustSubject(t, s, &vigil.Subject{ID: "c", Name: "Jan Zieliński", Emails: []string{"AnnaK+work@googlemail.com"}})
		mustSubject(t, s, &vigil.Subject{ID: "d", Name: "Unrelated", Phones: []string{"+48 600 000 002"}})

		links, err := s.FindLinks(ctx, a.ID, a.Identifiers())
		noErr(t, err)
		idents := map[vigil.IdentifierKind]vigil.Identifier{}
		for _, id := range a.Identifiers() {
			idents[id.Kind] = id
		}
		want := []*vigil.Link{
			{Identifier: idents[vigil.IdentAddress], SubjectID: "b", Name: "Piotr Nowak", BirthDate: "1990-01-02", Field: "addresses[0]", Use: vigil.AddressShipping, Holders: 1},
			{Identifier: idents[vigil.IdentEmail], SubjectID: "c", Name: "Jan Zieliński", Field: "emails[0]", Holders: 1},
			{Identifier: idents[vigil.IdentPhone], SubjectID: "b", Name: "Piotr Nowak", BirthDate: "1990-01-02", Field: "phones[1]", Holders: 1},
		}
		diff(t, "links", links, want)

		// Without an exclusion the subject finds itself too, after the others of the same identifier.
		links, err = s.FindLinks(ctx, "", []vigil.Identifier{idents[vigil.IdentPhone]})
		noErr(t, err)
		var got []string
		for _, l := range links {
			got = append(got, l.SubjectID)
			if l.Holders != 2 {
				t.Errorf("link to %s: Holders = %d, want 2", l.SubjectID, l.Holders)
			}
		}
		diff(t, "subjects holding the phone", got, []string{"a", "b"})
	}},
	{"CapsHoldersPerIdentifier", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		// 60 subjects share a phone (an agency's switchboard); two of them share an email too.
		const holders = 60
		names := map[string]string{}
		for i := range holders {
			subj := &vigil.Subject{ID: fmt.Sprintf("h-%02d", i), Name: fmt.Sprintf("Holder %d", i), Phones: []string{"+48 512 345 678"}}
			names[subj.ID] = subj.Name
			if i == 30 || i == 59 {
				subj.Emails = []string{"shared@example.com"}
			}
			mustSubject(t, s, subj)
		}
		phone := vigil.Identifier{Kind: vigil.IdentPhone, Value: "+48512345678", Field: "phones[0]"}
		email := vigil.Identifier{Kind: vigil.IdentEmail, Value: "shared@example.com", Field: "emails[0]"}
		ids := func(from, to int, except string) []string {
			var out []string
			for i := from; i < to; i++ {
				if id := fmt.Sprintf("h-%02d", i); id != except {
					out = append(out, id)
				}
			}
			return out
		}
		tests := []struct {
			name      string
			excludeID string
			idents    []vigil.Identifier
			want      []string // subject IDs, in order
			holders   map[vigil.IdentifierKind]int
		}{
			{"ExcludingOne", "h-07", []vigil.Identifier{phone}, ids(0, 26, "h-07"), map[vigil.IdentifierKind]int{vigil.IdentPhone: holders - 1}},
			{"ExcludingNone", "", []vigil.Identifier{phone}, ids(0, 25, ""), map[vigil.IdentifierKind]int{vigil.IdentPhone: holders}},
			{"ExcludingNoHolder", "nobody", []vigil.Identifier{phone}, ids(0, 25, ""), map[vigil.IdentifierKind]int{vigil.IdentPhone: holders}},
			{"EachIdentifierCappedAndCountedAlone", "h-59", []vigil.Identifier{phone, email},
				append([]string{"h-30"}, ids(0, 25, "")...),
				map[vigil.IdentifierKind]int{vigil.IdentPhone: holders - 1, vigil.IdentEmail: 1}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				links, err := s.FindLinks(ctx, tt.excludeID, tt.idents)
				noErr(t, err)
				var got []string
				for _, l := range links {
					got = append(got, l.SubjectID)
					if want := tt.holders[l.Identifier.Kind]; l.Holders != want {
						t.Errorf("link to %s by %s: Holders = %d, want %d", l.SubjectID, l.Identifier.Kind, l.Holders, want)
					}
					if l.Name != names[l.SubjectID] {
						t.Errorf("link to %s names %q", l.SubjectID, l.Name)
					}
				}
				diff(t, "linked subjects", got, tt.want)
				perIdent := map[vigil.IdentifierKind]int{}
				for _, l := range links {
					perIdent[l.Identifier.Kind]++
				}
				for kind, n := range perIdent {
					if n > vigil.MaxLinksPerIdentifier {
						t.Errorf("%d links by %s, want at most %d", n, kind, vigil.MaxLinksPerIdentifier)
					}
				}
			})
		}
	}},
	{"ManyIdentifiersInOrder", func(t *testing.T, s vigil.Store) {
		// More identifiers than a store may ask about at once: the links still come in one order.
		var idents []vigil.Identifier
		for i := range 70 {
			idents = append(idents, vigil.Identifier{Kind: vigil.IdentPhone, Value: fmt.Sprintf("+4860000%04d", 69-i), Field: fmt.Sprintf("phones[%d]", i)})
		}
		for i, v := range []int{0, 3, 40, 69} {
			mustSubject(t, s, &vigil.Subject{ID: fmt.Sprintf("m-%d", i), Name: "Holder", Phones: []string{fmt.Sprintf("+48 600 00%04d", v)}})
		}
		mustSubject(t, s, &vigil.Subject{ID: "m-9", Name: "Holder", Phones: []string{"+48 600 000 000"}})
		links, err := s.FindLinks(context.Background(), "", idents)
		noErr(t, err)
		var got []string
		for _, l := range links {
			got = append(got, l.Identifier.Value+" "+l.SubjectID+" "+l.Identifier.Field)
		}
		want := []string{
			"+48600000000 m-0 phones[69]", "+48600000000 m-9 phones[69]", "+48600000003 m-1 phones[66]",
			"+48600000040 m-2 phones[29]", "+48600000069 m-3 phones[0]",
		}
		diff(t, "links", got, want)
	}},
	{"NothingShared", func(t *testing.T, s vigil.Store) {
		a := mustSubject(t, s, &vigil.Subject{ID: "a", Name: "Anna Kowalska", Phones: []string{"+48 512 345 678"}})
		mustSubject(t, s, &vigil.Subject{ID: "b", Name: "Piotr Nowak", Phones: []string{"+48 600 000 001"}})
		for name, idents := range map[string][]vigil.Identifier{
			"OwnIdentifiers": a.Identifiers(),
			"None":           nil,
			"Unknown":        {{Kind: vigil.IdentIBAN, Value: "PL61109010140000071219812874"}},
		} {
			t.Run(name, func(t *testing.T) {
				links, err := s.FindLinks(context.Background(), "a", idents)
				noErr(t, err)
				if len(links) != 0 {
					t.Errorf("links %+v, want none", links)
				}
			})
		}
	}},
	{"FollowsReplacedIdentifiers", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		phone := vigil.Identifier{Kind: vigil.IdentPhone, Value: "+48512345678"}
		mustSubject(t, s, &vigil.Subject{ID: "b", Name: "Piotr Nowak", Phones: []string{"+48 512 345 678"}})
		if links, err := s.FindLinks(ctx, "a", []vigil.Identifier{phone}); err != nil || len(links) != 1 {
			t.Fatalf("links %+v (%v), want one", links, err)
		}
		mustSubject(t, s, &vigil.Subject{ID: "b", Name: "Piotr Nowak", Phones: []string{"+48 600 000 001", "+48 512 345 678"}})
		if links, err := s.FindLinks(ctx, "a", []vigil.Identifier{phone}); err != nil || len(links) != 1 || links[0].Field != "phones[1]" {
			t.Fatalf("links %+v (%v), want one, now at phones[1]", links, err)
		}
		mustSubject(t, s, &vigil.Subject{ID: "b", Name: "Piotr Nowak", Phones: []string{"+48 600 000 001"}})
		if links, err := s.FindLinks(ctx, "a", []vigil.Identifier{phone}); err != nil || len(links) != 0 {
			t.Fatalf("links %+v (%v) after the phone was replaced, want none", links, err)
		}
	}},
}

var deleteSubjectTests = []test{
	{"ErasesEverything", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		const secret = "Mateusz Nowak"
		subj := fullSubject("gone")
		sc := screening(subj, asOf, watchlistFinding("1", 60), finding("phone.voip", "phone:1", vigil.SeverityLow, 5))
		sc.Score, sc.Band = 70, vigil.BandHigh
		res := mustSave(t, s, sc)
		_, err := s.DecideMatch(ctx, res.Findings[0].ID, &vigil.MatchDecision{Outcome: vigil.OutcomeSamePerson,
			Rationale: "Passport scan shows " + secret, DecidedBy: "reviewer"})
		noErr(t, err)
		_, err = s.UpdateCase(ctx, res.Case.ID, vigil.CaseUpdate{Note: ptr("Called " + secret + " about the shipping address.")}, "reviewer")
		noErr(t, err)
		// Someone else shares the phone; they stay.
		other := mustSubject(t, s, &vigil.Subject{ID: "other", Name: "Piotr Nowak", Phones: []string{"+48 512 345 678"}})

		affected, err := s.DeleteSubject(ctx, "gone", "dpo@example.com")
		noErr(t, err)
		if len(affected) != 0 {
			t.Errorf("no other subject's finding named the erased one, yet DeleteSubject returned %q", affected)
		}

		_, err = s.FindSubjectByID(ctx, "gone")
		wantCode(t, err, vigil.ENOTFOUND)
		if fs := findingsOf(t, s, "gone"); len(fs) != 0 {
			t.Errorf("%d findings left", len(fs))
		}
		_, err = s.FindFindingByID(ctx, res.Findings[0].ID)
		wantCode(t, err, vigil.ENOTFOUND)
		if cs, n, err := s.FindCases(ctx, vigil.CaseFilter{SubjectID: ptr("gone")}); err != nil || n != 0 {
			t.Errorf("%d cases left (%v): %+v", n, err, cs)
		}
		_, err = s.FindCaseByID(ctx, res.Case.ID)
		wantCode(t, err, vigil.ENOTFOUND)
		if ds, err := s.FindMatchDecisions(ctx, "gone"); err != nil || len(ds) != 0 {
			t.Errorf("%d decisions left (%v)", len(ds), err)
		}
		if links, err := s.FindLinks(ctx, other.ID, other.Identifiers()); err != nil || len(links) != 0 {
			t.Errorf("links to the erased subject remain (%v): %+v", err, links)
		}
		if _, err := s.FindSubjectByID(ctx, "other"); err != nil {
			t.Errorf("the other subject went too: %v", err)
		}

		events := auditOf(t, s, "gone")
		if len(events) < 4 {
			t.Fatalf("%d audit events about the subject, want its screening, decision, case update and erasure", len(events))
		}
		erasure := events[0]
		want := &vigil.AuditEvent{ID: erasure.ID, At: erasure.At, Actor: "dpo@example.com", Action: "subject.delete", SubjectID: "gone", Target: erasure.Target}
		diff(t, "erasure event", erasure, want)
		for _, e := range events {
			if e.Detail != "" || strings.Contains(e.Target, "Nowak") {
				t.Errorf("audit event %d (%s) keeps detail %q after erasure", e.ID, e.Action, e.Detail)
			}
		}
		all, _, err := s.FindAuditEvents(ctx, vigil.AuditFilter{})
		noErr(t, err)
		for _, e := range all {
			if strings.Contains(e.Detail, secret) || strings.Contains(e.Detail, "Passport scan") {
				t.Errorf("audit event %d (%s) still holds the erased subject's data: %q", e.ID, e.Action, e.Detail)
			}
		}
	}},
	{"ErasesOtherSubjectsFindingsThatNameIt", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		mustSubject(t, s, &vigil.Subject{ID: "b", Name: "Marco Bianchi"})
		link := finding("link.shared", "link.shared:iban:GB29", vigil.SeverityHigh, 50)
		link.Summary = `The bank account is also held by another subject: "b" ("Marco Bianchi").`
		link.Evidence = append(link.Evidence, vigil.Evidence{Kind: vigil.EvidenceSubject, Ref: "b", Detail: `"Marco Bianchi" holds it`})
		other := finding("phone", "phone:+44", vigil.SeverityLow, 5)
		res := mustSave(t, s, screening(&vigil.Subject{ID: "a", Name: "Ethan Walker"}, asOf, link, other))
		// Re-screening replaces what a finding mentions: c is named now, then no more.
		link2 := *link
		link2.Evidence = append(append([]vigil.Evidence(nil), link.Evidence...), vigil.Evidence{Kind: vigil.EvidenceSubject, Ref: "c", Detail: "x"})
		mustSave(t, s, screening(&vigil.Subject{ID: "a", Name: "Ethan Walker"}, asOf.Add(time.Hour), &link2, other))
		mustSave(t, s, screening(&vigil.Subject{ID: "a", Name: "Ethan Walker"}, asOf.Add(2*time.Hour), link, other))

		naming, err := s.FindSubjectsNaming(ctx, "b")
		noErr(t, err)
		diff(t, "subjects naming b", naming, []string{"a"})
		if naming, err := s.FindSubjectsNaming(ctx, "c"); err != nil || len(naming) != 0 {
			t.Errorf("no finding names c any more, yet FindSubjectsNaming says %q (%v)", naming, err)
		}
		affected, err := s.DeleteSubject(ctx, "b", "dpo@example.com")
		noErr(t, err)
		diff(t, "subjects whose findings named b", affected, []string{"a"})

		left := findingsOf(t, s, "a")
		if len(left) != 1 || left[0].Key != "phone:+44" {
			t.Errorf("a's findings after erasing b: want only the phone finding, got %+v", left)
		}
		_, err = s.FindFindingByID(ctx, res.Findings[0].ID)
		if res.Findings[0].Key == link.Key {
			wantCode(t, err, vigil.ENOTFOUND)
		}
		if _, err := s.FindSubjectByID(ctx, "a"); err != nil {
			t.Errorf("the subject whose finding named b went too: %v", err)
		}
	}},
	{"NotFound", func(t *testing.T, s vigil.Store) {
		_, err := s.DeleteSubject(context.Background(), "nobody", actor)
		wantCode(t, err, vigil.ENOTFOUND, `subject "nobody" not found`)
	}},
	{"ActorRequired", func(t *testing.T, s vigil.Store) {
		mustSubject(t, s, &vigil.Subject{ID: "a", Name: "Anna Kowalska"})
		_, err := s.DeleteSubject(context.Background(), "a", "")
		wantCode(t, err, vigil.EINVALID, "actor")
		if _, err := s.FindSubjectByID(context.Background(), "a"); err != nil {
			t.Errorf("subject erased without an actor: %v", err)
		}
	}},
}
