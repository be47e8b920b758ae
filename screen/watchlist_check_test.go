package screen

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
)

func TestWatchlistNameCheck(t *testing.T) {
	tests := []struct {
		name        string
		change      func(s *vigil.Subject)
		want        []keySeverity
		wantSummary string // in the first finding
	}{
		{"benign subject", func(s *vigil.Subject) {}, nil, ""},
		{"exact name and birth date", func(s *vigil.Subject) { s.Name = "Ryang Myong Chol"; s.BirthDate = "1979-05-14" },
			[]keySeverity{{"ofac-sdn:990001", vigil.SeverityHigh}, {"un:KPi.990", vigil.SeverityHigh}},
			`Name "Ryang Myong Chol" matches "RYANG, Myong Chol" on ofac-sdn entry 990001 [DPRK3] with score 1.00 and the birth date matches; no stated nationality is a listed one.`},
		// Myung/Myong and Chul/Chol are romanisations of the same syllables: with the birth date, that is high.
		{"romanisation variant and birth date", func(s *vigil.Subject) { s.Name = "Ryang Myung Chul"; s.BirthDate = "1979-05-14" },
			[]keySeverity{{"ofac-sdn:990001", vigil.SeverityHigh}, {"un:KPi.990", vigil.SeverityHigh}}, "and the birth date matches"},
		{"close spelling and birth date", func(s *vigil.Subject) { s.Name = "Ryang Myong Cho"; s.BirthDate = "1979-05-14" },
			[]keySeverity{{"ofac-sdn:990001", vigil.SeverityHigh}, {"un:KPi.990", vigil.SeverityHigh}}, ""},
		{"birth date contradicts", func(s *vigil.Subject) { s.Name = "Ryang Myong Chol" },
			[]keySeverity{{"ofac-sdn:990001", vigil.SeverityLow}, {"un:KPi.990", vigil.SeverityLow}},
			"but the birth date differs from every listed one, so it is probably someone else; no stated nationality is a listed one."},
		{"name alone, no birth date, nationality not contradicting", func(s *vigil.Subject) { s.Name = "Ryang Myong Chol"; s.BirthDate = ""; s.Nationalities = nil },
			[]keySeverity{{"ofac-sdn:990001", vigil.SeverityHigh}, {"un:KPi.990", vigil.SeverityHigh}}, "on the name alone (the subject gives no birth date)."},
		{"name alone, stated nationality listed", func(s *vigil.Subject) {
			s.Name = "Ryang Myong Chol"
			s.BirthDate = ""
			s.Nationalities = []string{"KP"}
		},
			[]keySeverity{{"ofac-sdn:990001", vigil.SeverityHigh}, {"un:KPi.990", vigil.SeverityHigh}}, "; a stated nationality is a listed one."},
		{"name alone, nationality contradicting", func(s *vigil.Subject) { s.Name = "Ryang Myong Chol"; s.BirthDate = "" },
			[]keySeverity{{"ofac-sdn:990001", vigil.SeverityMedium}, {"un:KPi.990", vigil.SeverityMedium}}, "no stated nationality is a listed one"},
		{"birth date within a year", func(s *vigil.Subject) { s.Name = "Choe Song Il"; s.BirthDate = "1986-06-01" },
			[]keySeverity{{"ofac-sdn:990002", vigil.SeverityHigh}}, "and a birth date close to a listed one"},
		{"list gives no birth date", func(s *vigil.Subject) { s.Name = "Han Jin Su" },
			[]keySeverity{{"ofac-sdn:990004", vigil.SeverityHigh}}, "on the name alone (the list gives no birth date)"},
		// a Korean name has no optional part: the given name alone is not the listed person's name
		{"partial Korean name", func(s *vigil.Subject) { s.Name = "Myong Chol"; s.BirthDate = ""; s.Nationalities = nil },
			nil, ""},
		{"another romanisation", func(s *vigil.Subject) { s.Name = "Ryang Myeong-cheol"; s.BirthDate = ""; s.Nationalities = nil },
			[]keySeverity{{"ofac-sdn:990001", vigil.SeverityMedium}, {"un:KPi.990", vigil.SeverityMedium}}, `matches "RYANG, Myong Chol"`},
		{"weak alias only when equal", func(s *vigil.Subject) { s.Name = "Tiger Ryang"; s.BirthDate = ""; s.Nationalities = nil },
			[]keySeverity{{"ofac-sdn:990001", vigil.SeverityMedium}}, `matches "Tiger Ryang", an alias of "RYANG, Myong Chol"`},
		{"other name matches", func(s *vigil.Subject) {
			s.OtherNames = []string{"Kim Su-bin", "Choe Song Il"}
			s.BirthDate = "1985-01-01"
		},
			[]keySeverity{{"ofac-sdn:990002", vigil.SeverityHigh}}, `Name "Choe Song Il" matches`},
		{"organisations are not persons", func(s *vigil.Subject) { s.Name = "Songbong Trading Corporation" }, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := benignSubject()
			tt.change(s)
			fs := runCheck(t, watchlistNameCheck{}, &Input{Subject: s, AsOf: asOf, Watchlist: testWatchlist()})
			if diff := cmp.Diff(tt.want, keysOf(fs)); diff != "" {
				t.Fatalf("findings (-want +got):\n%s", diff)
			}
			if tt.wantSummary != "" && !strings.Contains(fs[0].Summary, tt.wantSummary) {
				t.Errorf("summary %q does not contain %q", fs[0].Summary, tt.wantSummary)
			}
			for _, f := range fs {
				if f.List == "" || f.EntryID == "" || f.Key != f.List+":"+f.EntryID {
					t.Errorf("finding %s does not name its list entry (%q, %q)", f.Key, f.List, f.EntryID)
				}
			}
		})
	}
}

func TestWatchlistNameCheck_Evidence(t *testing.T) {
	s := benignSubject()
	s.Name = "Mateusz Nowak"
	s.OtherNames = []string{"Ryang Myong Chol"}
	s.BirthDate = "1979-05-14"
	fs := runCheck(t, watchlistNameCheck{}, &Input{Subject: s, AsOf: asOf, Watchlist: testWatchlist()})
	f := findingByKey(fs, "ofac-sdn:990001")
	if f == nil {
		t.Fatalf("no finding for ofac-sdn:990001 in %+v", keysOf(fs))
	}
	want := []vigil.Evidence{
		{Kind: "list_entry", Ref: "ofac-sdn:990001", Detail: `"RYANG, Myong Chol", person, programs DPRK3, listed 2023-05-23`},
		{Kind: "name_match", Ref: "other_names[0]", Detail: `"Ryang Myong Chol" compared with "RYANG, Myong Chol": score 1.00, names alone 1.00; ryang=ryang, myong=myong, chol=chol; birth date 1979-05-14 matches listed 1979-05-14 (+0.05)`},
		{Kind: "birth_date", Ref: "birth_date", Detail: `subject "1979-05-14"; listed 1979-05-14; verdict match`},
		{Kind: "nationality", Ref: "nationalities", Detail: "subject PL; listed KP; verdict mismatch"},
	}
	if diff := cmp.Diff(want, f.Evidence); diff != "" {
		t.Errorf("evidence (-want +got):\n%s", diff)
	}
}

func TestWatchlistIdentifierCheck(t *testing.T) {
	tests := []struct {
		name        string
		change      func(s *vigil.Subject)
		want        []keySeverity
		wantSummary string
	}{
		{"benign subject", func(s *vigil.Subject) {}, nil, ""},
		{"listed passport, same issuer", func(s *vigil.Subject) {
			s.Documents = []vigil.Document{{Type: "passport", Number: "745 120 387", Issuer: "PRK"}}
		}, []keySeverity{{"ofac-sdn:990001", vigil.SeverityCritical}, {"un:KPi.990", vigil.SeverityCritical}},
			`The subject's passport number "745 120 387" is listed for ofac-sdn entry 990001 "RYANG, Myong Chol" [DPRK3].`},
		{"listed passport number, other issuer", func(s *vigil.Subject) {
			s.Documents = []vigil.Document{{Type: "passport", Number: "745120387", Issuer: "JPN"}}
		}, nil, ""},
		{"listed number without issuer on the list", func(s *vigil.Subject) {
			s.Documents = []vigil.Document{{Type: "national_id", Number: "PS1234567", Issuer: "FRA"}}
		}, []keySeverity{{"ofac-sdn:990002", vigil.SeverityCritical}}, "national identity card number"},
		{"short number without issuer", func(s *vigil.Subject) {
			s.Documents = []vigil.Document{{Type: "national_id", Number: "4711"}}
		}, nil, ""},
		{"wallet", func(s *vigil.Subject) {
			s.Wallets = []vigil.Wallet{{Chain: "ETH", Address: "0x8576AcC5C05D6Ce88f4e49bf65BdF0C62F91353C"}}
		}, []keySeverity{{"ofac-sdn:990001", vigil.SeverityCritical}}, "digital-currency address"},
		{"email", func(s *vigil.Subject) { s.Emails = []string{"Ryang.Dev@Mailbox.example"} },
			[]keySeverity{{"ofac-sdn:990001", vigil.SeverityCritical}}, "email address"},
		{"iban", func(s *vigil.Subject) { s.BankAccounts = []vigil.BankAccount{{IBAN: "GB82 WEST 1234 5698 7654 32"}} },
			[]keySeverity{{"ofac-sdn:990001", vigil.SeverityCritical}}, "bank account"},
		{"phone read in the residence country does not make a foreign number", func(s *vigil.Subject) { s.Phones = []string{"02 123 4567"} }, nil, ""},
		{"phone", func(s *vigil.Subject) { s.Phones = []string{"+850 2 123 4567"} },
			[]keySeverity{{"ofac-sdn:990001", vigil.SeverityCritical}}, "phone number"},
		{"several identifiers of one entry give one finding", func(s *vigil.Subject) {
			s.Phones = []string{"+850 2 123 4567"}
			s.Emails = []string{"ryang.dev@mailbox.example"}
		}, []keySeverity{{"ofac-sdn:990001", vigil.SeverityCritical}}, "and 1 more of the subject's identifiers are listed for the same entry."},
		{"address and device are not list indicators", func(s *vigil.Subject) {
			s.Devices = []vigil.Device{{ID: "x", Serial: "745120387"}}
		}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := benignSubject()
			tt.change(s)
			fs := runCheck(t, watchlistIdentifierCheck{}, &Input{Subject: s, AsOf: asOf, Watchlist: testWatchlist()})
			if diff := cmp.Diff(tt.want, keysOf(fs)); diff != "" {
				t.Fatalf("findings (-want +got):\n%s", diff)
			}
			if tt.wantSummary != "" && !strings.Contains(fs[0].Summary, tt.wantSummary) {
				t.Errorf("summary %q does not contain %q", fs[0].Summary, tt.wantSummary)
			}
		})
	}
}

func TestWatchlistIdentifierCheck_Evidence(t *testing.T) {
	s := benignSubject()
	s.Documents = []vigil.Document{{Type: "passport", Number: "PS1234567"}}
	fs := runCheck(t, watchlistIdentifierCheck{}, &Input{Subject: s, AsOf: asOf, Watchlist: testWatchlist()})
	want := []vigil.Evidence{
		{Kind: "list_entry", Ref: "ofac-sdn:990002", Detail: `"CHOE, Song Il", person, programs DPRK4`},
		{Kind: "identifier", Ref: "documents[0].number", Detail: `document ":PS1234567" equals the listed Passport "PS1234567"; matched on the number alone because the issuing country is not given on one side`},
	}
	if len(fs) != 1 {
		t.Fatalf("findings %+v, want one", keysOf(fs))
	}
	if diff := cmp.Diff(want, fs[0].Evidence); diff != "" {
		t.Errorf("evidence (-want +got):\n%s", diff)
	}
}

func TestWatchlistChecks_NoLists(t *testing.T) {
	s := benignSubject()
	s.Name = "Ryang Myong Chol"
	s.Documents = []vigil.Document{{Type: "passport", Number: "745120387", Issuer: "PRK"}}
	for _, w := range []*Watchlist{nil, NewWatchlist(nil, nil)} {
		for _, c := range []Check{watchlistNameCheck{}, watchlistIdentifierCheck{}} {
			if fs := c.Run(&Input{Subject: s, AsOf: asOf, Watchlist: w}); len(fs) != 0 {
				t.Errorf("%s found %d findings without lists", c.Name(), len(fs))
			}
		}
	}
}
