package screen

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/match"
)

func entryRefs(es []*vigil.ListEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.List+":"+e.ID)
	}
	return out
}

func TestWatchlist_EntriesWithIdentifier(t *testing.T) {
	w := testWatchlist()
	tests := []struct {
		name  string
		kind  vigil.IdentifierKind
		value string
		want  []string
	}{
		{"passport with the same issuer, on two lists", vigil.IdentDocument, "PRK:745120387", []string{"ofac-sdn:990001", "un:KPi.990"}},
		{"passport without issuer matches on the number", vigil.IdentDocument, ":745120387", []string{"ofac-sdn:990001", "un:KPi.990"}},
		{"passport from another issuer does not match", vigil.IdentDocument, "POL:745120387", nil},
		{"ICAO issuer D resolves to Germany, not the listed country", vigil.IdentDocument, "D:745120387", nil},
		{"issuer that is no country is unknown", vigil.IdentDocument, "XXA:745120387", []string{"ofac-sdn:990001", "un:KPi.990"}},
		{"listed without issuer matches any issuer", vigil.IdentDocument, "FRA:PS1234567", []string{"ofac-sdn:990002"}},
		{"short number both issuers known", vigil.IdentDocument, "PRK:12345", []string{"ofac-sdn:990004"}},
		{"short number with unknown issuer is not enough", vigil.IdentDocument, ":12345", nil},
		{"short listed number without issuer is not enough", vigil.IdentDocument, "DEU:4711", nil},
		{"second listed document of an entry", vigil.IdentDocument, "CHN:E88776655", []string{"ofac-sdn:990004"}},
		{"other number", vigil.IdentDocument, "PRK:745120388", nil},
		{"wallet", vigil.IdentWallet, "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c", []string{"ofac-sdn:990001"}},
		{"wallet of another case is another value", vigil.IdentWallet, "0x8576AcC5C05D6Ce88f4e49bf65BdF0C62F91353C", nil},
		{"email", vigil.IdentEmail, "ryang.dev@mailbox.example", []string{"ofac-sdn:990001"}},
		{"iban", vigil.IdentIBAN, "GB82WEST12345698765432", []string{"ofac-sdn:990001"}},
		{"phone", vigil.IdentPhone, "+85021234567", []string{"ofac-sdn:990001"}},
		{"kind must agree", vigil.IdentPhone, "ryang.dev@mailbox.example", nil},
		{"empty document", vigil.IdentDocument, ":", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := entryRefs(w.EntriesWithIdentifier(tt.kind, tt.value))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("EntriesWithIdentifier(%s, %q) (-want +got):\n%s", tt.kind, tt.value, diff)
			}
		})
	}
}

func TestWatchlist(t *testing.T) {
	entries := testEntries()
	// Given in another order, with a repeated entry: the watch-list is the same.
	shuffled := append(slices.Clone(entries[2:]), append(entries[:2], entries[0])...)
	w := NewWatchlist(testVersions(), shuffled)

	if w.Empty() || w.Len() != len(entries) {
		t.Errorf("Len() = %d, Empty() = %v; want %d entries", w.Len(), w.Empty(), len(entries))
	}
	if got := w.Entry("ofac-sdn", "990001"); got != entries[0] {
		t.Errorf("Entry(ofac-sdn, 990001) = %v", got)
	}
	if got := w.Entry("ofac-sdn", "123"); got != nil {
		t.Errorf("Entry of a delisted entry = %v, want nil", got)
	}
	var names []string
	for _, v := range w.Versions() {
		names = append(names, v.List)
	}
	if diff := cmp.Diff([]string{"ofac-sdn", "un"}, names); diff != "" {
		t.Errorf("Versions not ordered by list (-want +got):\n%s", diff)
	}

	hits := w.Search(match.Query{Name: "Ryang Myong Chol", PersonOnly: true}, 10, match.Threshold)
	var got []string
	for _, h := range hits {
		got = append(got, h.Entry.List+":"+h.Entry.ID)
	}
	slices.Sort(got)
	if diff := cmp.Diff([]string{"ofac-sdn:990001", "un:KPi.990"}, got); diff != "" {
		t.Errorf("Search (-want +got):\n%s", diff)
	}
	if hits := w.Search(match.Query{Name: "Songbong Trading Corporation", PersonOnly: true}, 10, match.Threshold); len(hits) != 0 {
		t.Errorf("person-only search found an organisation: %+v", hits)
	}
	if hits := w.Search(match.Query{Name: "Songbong Trading Corporation"}, 10, match.Threshold); len(hits) != 1 || hits[0].Entry.ID != "990003" {
		t.Errorf("search for an organisation = %+v", hits)
	}

	var empty *Watchlist
	if !empty.Empty() || empty.Entry("a", "b") != nil || empty.Search(match.Query{Name: "x"}, 1, 0) != nil ||
		empty.EntriesWithIdentifier(vigil.IdentEmail, "a@b.c") != nil || empty.Versions() != nil {
		t.Error("a nil watch-list is not empty")
	}
	if !NewWatchlist(nil, nil).Empty() {
		t.Error("a watch-list without entries is not empty")
	}
}

func TestSubjectFingerprint(t *testing.T) {
	base := benignSubject()
	fp := SubjectFingerprint(base)
	if len(fp) != 64 {
		t.Fatalf("fingerprint %q is not a sha256", fp)
	}
	same := []struct {
		name   string
		change func(s *vigil.Subject)
	}{
		{"other names in another order", func(s *vigil.Subject) {}},
		{"surrounding space", func(s *vigil.Subject) { s.Name = "  " + s.Name + " " }},
		{"nationality as alpha-3", func(s *vigil.Subject) { s.Nationalities = []string{"POL"} }},
		{"phone written differently", func(s *vigil.Subject) { s.Phones = []string{"+48512345678"} }},
		{"a field matching does not use", func(s *vigil.Subject) { s.Skills = []vigil.Skill{{Name: "Go"}}; s.Residence.City = "Warszawa" }},
		{"an address", func(s *vigil.Subject) { s.Addresses = nil }},
	}
	base.OtherNames = []string{"Matt Nowak", "Mateusz N."}
	fp = SubjectFingerprint(base)
	for _, tt := range same {
		t.Run("same/"+tt.name, func(t *testing.T) {
			s := benignSubject()
			s.OtherNames = []string{"Mateusz N.", "Matt Nowak"}
			tt.change(s)
			if got := SubjectFingerprint(s); got != fp {
				t.Errorf("fingerprint changed")
			}
		})
	}
	differ := []struct {
		name   string
		change func(s *vigil.Subject)
	}{
		{"name", func(s *vigil.Subject) { s.Name = "Mateusz Nowakowski" }},
		{"other name added", func(s *vigil.Subject) { s.OtherNames = append(s.OtherNames, "M. Nowak") }},
		{"birth date", func(s *vigil.Subject) { s.BirthDate = "1994-03-08" }},
		{"nationality", func(s *vigil.Subject) { s.Nationalities = []string{"PL", "DE"} }},
		{"document number", func(s *vigil.Subject) { s.Documents[0].Number = "EA 1234568" }},
		{"document issuer", func(s *vigil.Subject) { s.Documents[0].Issuer = "D" }},
		{"email", func(s *vigil.Subject) { s.Emails = []string{"other@example.com"} }},
		{"iban", func(s *vigil.Subject) { s.BankAccounts = nil }},
		{"wallet", func(s *vigil.Subject) {
			s.Wallets = []vigil.Wallet{{Chain: "ETH", Address: "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c"}}
		}},
		{"name moved between fields is still the same names", nil},
	}
	for _, tt := range differ {
		t.Run("differs/"+tt.name, func(t *testing.T) {
			s := benignSubject()
			s.OtherNames = []string{"Mateusz N.", "Matt Nowak"}
			if tt.change == nil {
				s.Name, s.OtherNames[1] = s.OtherNames[1], s.Name
				if SubjectFingerprint(s) != fp {
					t.Errorf("swapping the primary and another name changed the fingerprint")
				}
				return
			}
			tt.change(s)
			if SubjectFingerprint(s) == fp {
				t.Errorf("fingerprint did not change")
			}
		})
	}
}

func TestEntryFingerprint(t *testing.T) {
	fp := EntryFingerprint(testEntries()[0])
	if got := EntryFingerprint(testEntries()[0]); got != fp {
		t.Fatal("fingerprint of the same entry differs")
	}
	reordered := testEntries()[0]
	slices.Reverse(reordered.Aliases)
	slices.Reverse(reordered.Identifiers)
	reordered.Programs = []string{"CYBER2"} // not something a match depends on
	reordered.Remarks = "re-published"
	if EntryFingerprint(reordered) != fp {
		t.Error("order of aliases or identifiers, programmes or remarks changed the fingerprint")
	}
	for name, change := range map[string]func(e *vigil.ListEntry){
		"alias added":       func(e *vigil.ListEntry) { e.Aliases = append(e.Aliases, vigil.Alias{Name: "RI Myong Chol"}) },
		"alias became weak": func(e *vigil.ListEntry) { e.Aliases[0].Weak = true },
		"birth date":        func(e *vigil.ListEntry) { e.BirthDates[0].Date = "1979-05-15" },
		"circa":             func(e *vigil.ListEntry) { e.BirthDates[0].Circa = true },
		"nationality":       func(e *vigil.ListEntry) { e.Nationalities = nil },
		"identifier":        func(e *vigil.ListEntry) { e.Identifiers = e.Identifiers[1:] },
		"kind":              func(e *vigil.ListEntry) { e.Kind = vigil.EntryOrganization },
	} {
		t.Run(name, func(t *testing.T) {
			e := testEntries()[0]
			change(e)
			if EntryFingerprint(e) == fp {
				t.Error("fingerprint did not change")
			}
		})
	}
}

// TestWatchlist_Concurrent screens from several goroutines at once over one watch-list; run with -race.
func TestWatchlist_Concurrent(t *testing.T) {
	w := testWatchlist()
	want := Screen(suspicious(t))
	done := make(chan []*vigil.Finding)
	for range 8 {
		in := suspicious(t)
		in.Watchlist = w
		go func() { done <- Screen(in) }()
	}
	for range 8 {
		if diff := cmp.Diff(want, <-done); diff != "" {
			t.Errorf("concurrent screening differs:\n%s", diff)
		}
	}
}
