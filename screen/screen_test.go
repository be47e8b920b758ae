package screen

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/score"
)

func TestCheckNames(t *testing.T) {
	want := []string{"watchlist.identifier", "watchlist.name", "document.issuer", "phone", "email", "link.shared", "address.shipping"}
	if diff := cmp.Diff(want, CheckNames()); diff != "" {
		t.Errorf("CheckNames (-want +got):\n%s", diff)
	}
	cs := Checks()
	cs[0] = nil // a copy: changing it leaves the registry alone
	if Checks()[0] == nil {
		t.Error("Checks returns the registry itself")
	}
	// The default policy has rules only for checks that exist.
	if err := score.DefaultPolicy().ValidateChecks(CheckNames()); err != nil {
		t.Error(err)
	}
}

func TestScreen_BenignSubject(t *testing.T) {
	in := &Input{Subject: benignSubject(), AsOf: asOf, Watchlist: testWatchlist()}
	if fs := Screen(in); len(fs) != 0 {
		t.Errorf("benign subject has findings: %+v", keysOf(fs))
	}
	if Screen(nil) != nil || Screen(&Input{}) != nil {
		t.Error("Screen without a subject found something")
	}
}

// suspicious has something for every check to find.
func suspicious(t *testing.T) *Input {
	s := benignSubject()
	s.Name = "Ryang Myong Chol"
	s.BirthDate = "1979-05-14"
	s.Nationalities = []string{"JP"}
	s.Documents = []vigil.Document{{Type: "passport", Number: "745120387", Issuer: "PRK"}}
	s.Emails = []string{"ryang@mailinator.com"}
	s.Phones = []string{"+44 56 1234 5678"}
	s.Addresses = append(s.Addresses, vigil.Address{Use: "shipping", Line: "12 Elm St", City: "Dover", Postcode: "19901", Country: "US"})
	links := linksTo(t, s, vigil.IdentIBAN, "", other("ats-7", "Jan Kowalski", "1990-01-01"))
	return &Input{Subject: s, AsOf: asOf, Watchlist: testWatchlist(), Links: links}
}

func TestScreen(t *testing.T) {
	fs := Screen(suspicious(t))
	want := []keySeverity{
		{"ofac-sdn:990001", vigil.SeverityCritical},
		{"un:KPi.990", vigil.SeverityCritical},
		{"document.issuer:PRK:745120387", vigil.SeverityHigh},
		{"link.shared:iban:PL61109010140000071219812874", vigil.SeverityHigh},
		{"address.shipping:US|19901|12 elm street|dover", vigil.SeverityMedium},
		{"email:ryang@mailinator.com", vigil.SeverityMedium},
		{"phone:+445612345678", vigil.SeverityLow},
	}
	if diff := cmp.Diff(want, keysOf(fs)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	for _, f := range fs {
		checkFinding(t, f.Check, f)
		if f.SubjectID != "ats-1042" || !f.FirstSeen.Equal(asOf) || !f.LastSeen.Equal(asOf) || f.Count != 1 || f.Status != vigil.FindingOpen {
			t.Errorf("finding %s: subject %q, seen %v–%v, count %d, status %q", f.Key, f.SubjectID, f.FirstSeen, f.LastSeen, f.Count, f.Status)
		}
	}

	// One fact, one finding: the name match of entry 990001 adds its evidence to the identifier finding.
	f := fs[0]
	if f.Check != CheckWatchlistIdentifier || f.List != "ofac-sdn" || f.EntryID != "990001" {
		t.Fatalf("first finding %+v", f)
	}
	var kinds []string
	for _, ev := range f.Evidence {
		kinds = append(kinds, ev.Kind)
	}
	if diff := cmp.Diff([]string{"list_entry", "identifier", "name_match", "birth_date", "nationality"}, kinds); diff != "" {
		t.Errorf("merged evidence kinds (-want +got):\n%s", diff)
	}

	res := score.DefaultPolicy().Score(fs)
	if res.Score != 100 || res.Band != vigil.BandCritical {
		t.Errorf("score %d %s, want 100 critical", res.Score, res.Band)
	}
}

func TestScreen_Deterministic(t *testing.T) {
	first := Screen(suspicious(t))
	for range 5 {
		in := suspicious(t)
		// A watch-list built from entries in another order is the same watch-list.
		entries := testEntries()
		for i, j := 0, len(entries)-1; i < j; i, j = i+1, j-1 {
			entries[i], entries[j] = entries[j], entries[i]
		}
		in.Watchlist = NewWatchlist(testVersions(), entries)
		if diff := cmp.Diff(first, Screen(in)); diff != "" {
			t.Fatalf("second run differs (-first +second):\n%s", diff)
		}
	}
}

func TestScreen_Decisions(t *testing.T) {
	in := suspicious(t)
	in.Subject.Documents = nil // leave the name match alone on entry 990001
	w := in.Watchlist
	subjectFP := SubjectFingerprint(in.Subject)
	entryFP := EntryFingerprint(w.Entry("ofac-sdn", "990001"))
	decision := func(id int64, outcome, sfp, efp string, day int) *vigil.MatchDecision {
		return &vigil.MatchDecision{
			ID: id, SubjectID: in.Subject.ID, List: "ofac-sdn", EntryID: "990001", Outcome: outcome,
			Rationale: "Different person: born in Osaka, passport checked in person.", DecidedBy: "r.kowalczyk",
			DecidedAt: asOf.AddDate(0, 0, -day), SubjectFingerprint: sfp, EntryFingerprint: efp,
		}
	}
	tests := []struct {
		name      string
		decisions []*vigil.MatchDecision
		want      vigil.FindingStatus
		wantEv    string // detail of the decision evidence, "" for none
	}{
		{"no decision", nil, vigil.FindingOpen, ""},
		{"not this person", []*vigil.MatchDecision{decision(1, vigil.OutcomeNotThisPerson, subjectFP, entryFP, 3)},
			vigil.FindingDismissed, `"r.kowalczyk" decided on 2026-09-28 that this is not the listed person: "Different person: born in Osaka, passport checked in person."`},
		{"same person", []*vigil.MatchDecision{decision(1, vigil.OutcomeSamePerson, subjectFP, entryFP, 3)}, vigil.FindingOpen, ""},
		{"subject changed since", []*vigil.MatchDecision{decision(1, vigil.OutcomeNotThisPerson, "0000", entryFP, 3)},
			vigil.FindingOpen, `"r.kowalczyk" dismissed this match as not this person on 2026-09-28, but the subject's identity fields (names, birth date, nationalities, documents or identifiers) have changed since, so it is open again`},
		{"entry changed since", []*vigil.MatchDecision{decision(1, vigil.OutcomeNotThisPerson, subjectFP, "0000", 3)},
			vigil.FindingOpen, "but the list entry has changed since"},
		{"newer same-person decision wins", []*vigil.MatchDecision{
			decision(1, vigil.OutcomeNotThisPerson, subjectFP, entryFP, 10),
			decision(2, vigil.OutcomeSamePerson, subjectFP, entryFP, 1),
		}, vigil.FindingOpen, ""},
		{"newer dismissal wins", []*vigil.MatchDecision{
			decision(1, vigil.OutcomeSamePerson, subjectFP, entryFP, 10),
			decision(2, vigil.OutcomeNotThisPerson, subjectFP, entryFP, 1),
		}, vigil.FindingDismissed, "on 2026-09-30"},
		{"decision about another entry", []*vigil.MatchDecision{func() *vigil.MatchDecision {
			d := decision(1, vigil.OutcomeNotThisPerson, subjectFP, entryFP, 3)
			d.EntryID = "990002"
			return d
		}()}, vigil.FindingOpen, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in.Decisions = tt.decisions
			fs := Screen(in)
			f := findingByKey(fs, "ofac-sdn:990001")
			if f == nil {
				t.Fatalf("no finding for ofac-sdn:990001")
			}
			if f.Status != tt.want {
				t.Errorf("status %s, want %s", f.Status, tt.want)
			}
			var got string
			for _, ev := range f.Evidence {
				if ev.Kind == "decision" {
					got = ev.Detail
				}
			}
			if !strings.Contains(got, tt.wantEv) || (tt.wantEv == "") != (got == "") {
				t.Errorf("decision evidence %q, want %q", got, tt.wantEv)
			}
			if other := findingByKey(fs, "un:KPi.990"); other.Status != vigil.FindingOpen {
				t.Errorf("the decision also changed the UN entry's finding")
			}
			if tt.want == vigil.FindingDismissed {
				if fs[len(fs)-1] != f {
					t.Error("a dismissed finding is not sorted after the open ones")
				}
				res := score.DefaultPolicy().Score(fs)
				if f.Score != 0 {
					t.Errorf("dismissed finding scores %d (total %d)", f.Score, res.Score)
				}
			}
		})
	}
}

// TestScreen_DelistedEntry: a decision about an entry no longer on the lists has nothing to apply to, and the
// finding of a delisted entry is not produced at all (the store closes it as delisted).
func TestScreen_DelistedEntry(t *testing.T) {
	in := suspicious(t)
	var kept []*vigil.ListEntry
	for _, e := range testEntries() {
		if e.ID != "990001" {
			kept = append(kept, e)
		}
	}
	in.Watchlist = NewWatchlist(testVersions(), kept)
	in.Decisions = []*vigil.MatchDecision{{ID: 1, List: "ofac-sdn", EntryID: "990001", Outcome: vigil.OutcomeNotThisPerson}}
	for _, f := range Screen(in) {
		if f.EntryID == "990001" {
			t.Errorf("finding %s for a delisted entry", f.Key)
		}
	}
}

// TestScreen_HostileSubject screens a subject whose fields an attacker wrote: 300-byte names of markup, script,
// bidirectional and zero-width characters, combining marks and look-alike letters. Every summary must stay one
// bounded line, and no raw control or format character may reach it.
func TestScreen_HostileSubject(t *testing.T) {
	hostile := []string{
		strings.Repeat(`<script>alert(1)</script>`, 12),
		strings.Repeat("Ryang\u202EMyong\u2066Chol\u200B", 15),
		strings.Repeat("R\u0336y\u0336a\u0336n\u0336g\u0336 ", 25),
		"Rуаng Mуоng Chоl" + strings.Repeat("\u0301", 280), // Cyrillic look-alikes and 280 combining accents
		strings.Repeat("\"\\\u2028\u2029\u00A0\uFEFF", 30),
		strings.Repeat("김정은", 33),
	}
	for _, name := range hostile {
		s := benignSubject()
		s.Name = name[:min(len(name), 300)]
		s.OtherNames = hostile
		s.Emails = []string{"<b>x</b>@mailinator.com"} // invalid, skipped
		s.Emails = append(s.Emails, "\u202Eevil@mailinator.com", "a@mailinator.com")
		s.Phones = []string{"+44 56 1234 5678", strings.Repeat("9", 40), "<script>"}
		s.Addresses = append(s.Addresses, vigil.Address{Use: "shipping", Line: name, City: name, Country: "DE"})
		s.Documents = []vigil.Document{{Type: "passport", Number: "745120387", Issuer: "PRK"}, {Type: "passport", Number: name, Issuer: "CHN"}}
		in := &Input{Subject: s, AsOf: asOf, Watchlist: testWatchlist()}
		in.Links = []*vigil.Link{{Identifier: s.Identifiers()[0], SubjectID: name, Name: name, BirthDate: name, Field: name, Use: name}}
		fs := Screen(in)
		if len(fs) < 5 {
			t.Errorf("only %d findings: %v", len(fs), keysOf(fs))
		}
		for _, f := range fs {
			checkFinding(t, f.Check, f)
			if len(f.Summary) > 600 {
				t.Errorf("summary of %d bytes: %q", len(f.Summary), f.Summary)
			}
			if strings.ContainsAny(f.Summary, "\u202E\u2066\u200B\u2028\u2029\uFEFF\u00A0") {
				t.Errorf("summary carries an invisible or reordering character: %q", f.Summary)
			}
			if !utf8.ValidString(f.Summary) {
				t.Errorf("summary is not valid UTF-8: %q", f.Summary)
			}
			if len(f.Key) > 200 {
				t.Errorf("key of %d bytes: %q", len(f.Key), f.Key)
			}
			for _, ev := range f.Evidence {
				if len(ev.Detail) > 2000 || strings.ContainsAny(ev.Detail, "\n\u202E\u2066\u200B\u2028") {
					t.Errorf("evidence detail of %d bytes or with an invisible character: %q", len(ev.Detail), ev.Detail)
				}
			}
		}
	}
}

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Mateusz Nowak", `"Mateusz Nowak"`},
		{"Łukasz Żółć", `"Łukasz Żółć"`},
		{"김정은", `"김정은"`},
		{`say "hi"\`, `"say \"hi\"\\"`},
		{"a\nb", `"a\nb"`},
		{"evil\u202Etxt.exe", `"evil\u202etxt.exe"`},
		{"zero\u200Bwidth", `"zero\u200bwidth"`},
		{"bad\xffutf8", "\"bad\uFFFDutf8\""},
		{strings.Repeat("ab", 30), `"` + strings.Repeat("ab", 24) + `"… (60 bytes)`},
	}
	for _, tt := range tests {
		if got := quote(tt.in); got != tt.want {
			t.Errorf("quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
