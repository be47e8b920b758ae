package screen

import (
	"strings"
	"testing"
	"time"

	"github.com/vigil-sec/vigil"
)

// asOf is the time every test screens at.
var asOf = time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)

// testEntries are fictitious list entries written for these tests (no real designation has these names or
// numbers). The IBAN is the ISO 13616 example, which passes its check digits.
func testEntries() []*vigil.ListEntry {
	return []*vigil.ListEntry{
		{
			List: "ofac-sdn", ID: "990001", Kind: vigil.EntryPerson, Name: "RYANG, Myong Chol",
			Aliases:       []vigil.Alias{{Name: "RYANG Myong-chol", Type: "aka"}, {Name: "Tiger Ryang", Type: "aka", Weak: true}},
			BirthDates:    []vigil.BirthDate{{Date: "1979-05-14"}},
			Nationalities: []string{"KP"},
			Programs:      []string{"DPRK3"},
			ListedOn:      "2023-05-23",
			Identifiers: []vigil.EntryIdentifier{
				{Kind: vigil.IdentDocument, Value: "PRK:745120387", Raw: "745120387", Type: "Passport", Issuer: "KP"},
				{Kind: vigil.IdentWallet, Value: "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c", Raw: "0x8576AcC5C05D6Ce88f4e49bf65BdF0C62F91353C", Type: "Digital Currency Address - ETH", Chain: "ETH"},
				{Kind: vigil.IdentEmail, Value: "ryang.dev@mailbox.example", Raw: "ryang.dev@mailbox.example", Type: "Email Address"},
				{Kind: vigil.IdentIBAN, Value: "GB82WEST12345698765432", Raw: "GB82 WEST 1234 5698 7654 32", Type: "IBAN"},
				{Kind: vigil.IdentPhone, Value: "+85021234567", Raw: "+850 2 123 4567", Type: "Phone Number"},
			},
		},
		{
			List: "ofac-sdn", ID: "990002", Kind: vigil.EntryPerson, Name: "CHOE, Song Il",
			BirthDates: []vigil.BirthDate{{Date: "1985"}},
			Programs:   []string{"DPRK4"},
			Identifiers: []vigil.EntryIdentifier{
				{Kind: vigil.IdentDocument, Value: ":PS1234567", Raw: "PS1234567", Type: "Passport"},
				{Kind: vigil.IdentDocument, Value: ":4711", Raw: "4711", Type: "National ID No."},
			},
		},
		{
			List: "ofac-sdn", ID: "990003", Kind: vigil.EntryOrganization, Name: "SONGBONG TRADING CORPORATION",
			Programs: []string{"DPRK2"},
		},
		{
			List: "un", ID: "KPi.990", Kind: vigil.EntryPerson, Name: "Myong Chol Ryang",
			BirthDates:    []vigil.BirthDate{{Date: "1979"}},
			Nationalities: []string{"KP"},
			Identifiers: []vigil.EntryIdentifier{
				{Kind: vigil.IdentDocument, Value: "PRK:745120387", Raw: "745120387", Type: "Passport", Issuer: "KP"},
			},
		},
		{
			List: "ofac-sdn", ID: "990004", Kind: vigil.EntryPerson, Name: "HAN, Jin Su",
			Identifiers: []vigil.EntryIdentifier{
				{Kind: vigil.IdentDocument, Value: "PRK:12345", Raw: "12345", Type: "Passport", Issuer: "KP"},
				{Kind: vigil.IdentDocument, Value: "CHN:E88776655", Raw: "E88776655", Type: "Passport", Issuer: "CN"},
			},
		},
	}
}

func testVersions() []*vigil.ListVersion {
	return []*vigil.ListVersion{
		{List: "un", Version: "2026-02-27", SHA256: strings.Repeat("b", 64)},
		{List: "ofac-sdn", Version: "2024-05-03", SHA256: strings.Repeat("a", 64)},
	}
}

func testWatchlist() *Watchlist { return NewWatchlist(testVersions(), testEntries()) }

// benignSubject is a complete, ordinary candidate that no check reports anything about.
func benignSubject() *vigil.Subject {
	return &vigil.Subject{
		ID: "ats-1042", Kind: vigil.KindCandidate,
		Name: "Mateusz Nowak", BirthDate: "1994-03-07",
		Nationalities: []string{"PL"},
		Residence:     &vigil.Residence{Country: "PL", City: "Kraków", Timezone: "Europe/Warsaw"},
		Emails:        []string{"m.nowak.dev@example.com"},
		Phones:        []string{"+48 512 345 678"},
		Addresses: []vigil.Address{
			{Use: "home", Line: "ul. Długa 5", City: "Kraków", Postcode: "31-147", Country: "PL"},
			{Use: "shipping", Line: "ul. Długa 5", City: "Krakow", Postcode: "31-147", Country: "PL"},
		},
		Documents:    []vigil.Document{{Type: "passport", Number: "EA 1234567", Issuer: "POL", Expires: "2031-01-01"}},
		BankAccounts: []vigil.BankAccount{{IBAN: "PL61 1090 1014 0000 0712 1981 2874", Holder: "Mateusz Nowak"}},
	}
}

// keySeverity is what table tests compare: which facts were found and how grave they are.
type keySeverity struct {
	Key      string
	Severity vigil.Severity
}

func keysOf(fs []*vigil.Finding) []keySeverity {
	var out []keySeverity
	for _, f := range fs {
		out = append(out, keySeverity{f.Key, f.Severity})
	}
	return out
}

// checkFinding asserts what every finding of a check must have.
func checkFinding(t *testing.T, check string, f *vigil.Finding) {
	t.Helper()
	if f.Check != check {
		t.Errorf("finding %s has check %q, want %q", f.Key, f.Check, check)
	}
	if f.Key == "" || f.Summary == "" || len(f.Evidence) == 0 {
		t.Errorf("finding %+v lacks a key, summary or evidence", f)
	}
	if f.Severity.Rank() < 0 {
		t.Errorf("finding %s has severity %q", f.Key, f.Severity)
	}
	if !strings.HasSuffix(f.Summary, ".") || strings.ContainsAny(f.Summary, "\n\r\u2028\u2029") {
		t.Errorf("summary %q is not one sentence on one line", f.Summary)
	}
	for _, ev := range f.Evidence {
		if ev.Kind == "" || ev.Ref == "" || ev.Detail == "" {
			t.Errorf("finding %s has incomplete evidence %+v", f.Key, ev)
		}
	}
}

// runCheck runs one check the way Screen does, so its findings carry the common fields.
func runCheck(t *testing.T, c Check, in *Input) []*vigil.Finding {
	t.Helper()
	fs := c.Run(in)
	for _, f := range fs {
		stamp(f, in)
		checkFinding(t, c.Name(), f)
	}
	return fs
}

func findingByKey(fs []*vigil.Finding, key string) *vigil.Finding {
	for _, f := range fs {
		if f.Key == key {
			return f
		}
	}
	return nil
}
