package screen

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
)

// linksTo returns what Store.FindLinks would give for other subjects holding the subject's identifier of kind.
func linksTo(t *testing.T, s *vigil.Subject, kind vigil.IdentifierKind, use string, others ...*vigil.Subject) []*vigil.Link {
	t.Helper()
	var id *vigil.Identifier
	for _, i := range s.Identifiers() {
		if i.Kind == kind {
			id = &i
			break
		}
	}
	if id == nil {
		t.Fatalf("subject has no %s identifier", kind)
	}
	var out []*vigil.Link
	for _, o := range others {
		out = append(out, &vigil.Link{Identifier: *id, SubjectID: o.ID, Name: o.Name, BirthDate: o.BirthDate, Field: "x[0]", Use: use})
	}
	return out
}

func other(id, name, birth string) *vigil.Subject {
	return &vigil.Subject{ID: id, Name: name, BirthDate: birth}
}

func TestLinkSharedCheck(t *testing.T) {
	const iban = "link.shared:iban:PL61109010140000071219812874"
	tests := []struct {
		name        string
		subject     func(s *vigil.Subject)
		links       func(t *testing.T, s *vigil.Subject) []*vigil.Link
		want        []keySeverity
		wantSummary string
	}{
		{"no links", nil, func(*testing.T, *vigil.Subject) []*vigil.Link { return nil }, nil, ""},
		{"bank account", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return linksTo(t, s, vigil.IdentIBAN, "", other("ats-7", "Jan Kowalski", "1990-01-01"))
		}, []keySeverity{{iban, vigil.SeverityHigh}},
			`The bank account "PL61109010140000071219812874" is also held by another subject: "ats-7" ("Jan Kowalski").`},
		{"bank account of four others", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return linksTo(t, s, vigil.IdentIBAN, "", other("ats-9", "D", ""), other("ats-7", "A", ""), other("ats-8", "B", ""), other("ats-10", "C", ""))
		}, []keySeverity{{iban, vigil.SeverityHigh}},
			`is also held by 4 other subjects: "ats-10" ("C"), "ats-7" ("A"), "ats-8" ("B") and 1 more.`},
		{"wallet", func(s *vigil.Subject) {
			s.Wallets = []vigil.Wallet{{Chain: "ETH", Address: "0x52908400098527886E0F7030069857D2E4169EE7"}}
		}, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return linksTo(t, s, vigil.IdentWallet, "", other("ats-7", "A", ""))
		}, []keySeverity{{"link.shared:wallet:0x52908400098527886e0f7030069857d2e4169ee7", vigil.SeverityHigh}}, "digital-currency address"},
		{"document", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return linksTo(t, s, vigil.IdentDocument, "", other("ats-7", "A", ""))
		}, []keySeverity{{"link.shared:document:POL:EA1234567", vigil.SeverityHigh}}, "The passport number"},
		{"phone", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return linksTo(t, s, vigil.IdentPhone, "", other("ats-7", "A", ""))
		}, []keySeverity{{"link.shared:phone:+48512345678", vigil.SeverityMedium}}, ""},
		{"email", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return linksTo(t, s, vigil.IdentEmail, "", other("ats-7", "A", ""))
		}, []keySeverity{{"link.shared:email:m.nowak.dev@example.com", vigil.SeverityMedium}}, ""},
		{"device", func(s *vigil.Subject) { s.Devices = []vigil.Device{{ID: "LAPTOP-1", Serial: "pf3abc12"}} },
			func(t *testing.T, s *vigil.Subject) []*vigil.Link {
				return linksTo(t, s, vigil.IdentDevice, "", other("ats-7", "A", ""))
			}, []keySeverity{{"link.shared:device:PF3ABC12", vigil.SeverityMedium}}, "device serial number"},
		{"home address shared with a home: a household", func(s *vigil.Subject) { s.Addresses = s.Addresses[:1] },
			func(t *testing.T, s *vigil.Subject) []*vigil.Link {
				return linksTo(t, s, vigil.IdentAddress, "home", other("ats-7", "Anna Nowak", "1995-01-01"))
			}, nil, ""},
		{"home address is another's shipping address", func(s *vigil.Subject) { s.Addresses = s.Addresses[:1] },
			func(t *testing.T, s *vigil.Subject) []*vigil.Link {
				return linksTo(t, s, vigil.IdentAddress, "shipping", other("ats-7", "A", ""))
			}, []keySeverity{{"link.shared:address:PL|31147|ulica dluga 5|krakow", vigil.SeverityMedium}},
			`The address "ul. Długa 5, 31-147, Kraków, PL" is a shipping address of another subject`},
		{"shipping address is another's home", func(s *vigil.Subject) {
			s.Addresses = []vigil.Address{{Use: "shipping", Line: "ul. Długa 5", City: "Kraków", Postcode: "31-147", Country: "PL"}}
		}, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return linksTo(t, s, vigil.IdentAddress, "home", other("ats-7", "A", ""))
		}, []keySeverity{{"link.shared:address:PL|31147|ulica dluga 5|krakow", vigil.SeverityMedium}}, "The shipping address"},
		{"the same address as home and shipping counts as shipping", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return linksTo(t, s, vigil.IdentAddress, "home", other("ats-7", "A", ""))
		}, []keySeverity{{"link.shared:address:PL|31147|ulica dluga 5|krakow", vigil.SeverityMedium}}, "The shipping address"},
		{"duplicate record", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return linksTo(t, s, vigil.IdentIBAN, "", other("hr-55", "MATEUSZ  NOWAK", "1994-03-07"))
		}, []keySeverity{{iban, vigil.SeverityLow}}, "probably a duplicate record of the same person"},
		{"duplicate record with diacritics folded", func(s *vigil.Subject) { s.Name = "Łukasz Żółć" },
			func(t *testing.T, s *vigil.Subject) []*vigil.Link {
				return linksTo(t, s, vigil.IdentIBAN, "", other("hr-55", "lukasz zolc", "1994-03-07"))
			}, []keySeverity{{iban, vigil.SeverityLow}}, "duplicate record"},
		{"same name, other birth date is not a duplicate", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return linksTo(t, s, vigil.IdentIBAN, "", other("hr-55", "Mateusz Nowak", "1994-03-08"))
		}, []keySeverity{{iban, vigil.SeverityHigh}}, ""},
		{"same name, no birth date on either side is a duplicate", func(s *vigil.Subject) { s.BirthDate = "" },
			func(t *testing.T, s *vigil.Subject) []*vigil.Link {
				return linksTo(t, s, vigil.IdentIBAN, "", other("hr-55", "Mateusz Nowak", ""))
			}, []keySeverity{{iban, vigil.SeverityLow}}, "probably a duplicate record"},
		{"same name, a birth date on one side only is not a duplicate", func(s *vigil.Subject) { s.BirthDate = "" },
			func(t *testing.T, s *vigil.Subject) []*vigil.Link {
				return linksTo(t, s, vigil.IdentIBAN, "", other("hr-55", "Mateusz Nowak", "1994-03-07"))
			}, []keySeverity{{iban, vigil.SeverityHigh}}, ""},
		{"the store's holder count, not its sample, is reported", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			links := linksTo(t, s, vigil.IdentIBAN, "", other("a-1", "Jan Kowalski", ""), other("a-2", "Ewa Lis", ""))
			for _, l := range links {
				l.Holders = 347
			}
			return links
		}, []keySeverity{{iban, vigil.SeverityHigh}}, "is also held by 347 other subjects"},
		{"a similar name is not a duplicate", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return linksTo(t, s, vigil.IdentIBAN, "", other("hr-55", "Mateusz Nowakowski", "1994-03-07"))
		}, []keySeverity{{iban, vigil.SeverityHigh}}, ""},
		{"a duplicate and a stranger is not a duplicate", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return linksTo(t, s, vigil.IdentIBAN, "", other("hr-55", "Mateusz Nowak", "1994-03-07"), other("ats-9", "Jan Kowalski", "1980-01-01"))
		}, []keySeverity{{iban, vigil.SeverityHigh}}, ""},
		{"a link to itself is ignored", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return linksTo(t, s, vigil.IdentIBAN, "", other(s.ID, s.Name, s.BirthDate))
		}, nil, ""},
		{"a link for an identifier the subject no longer holds is ignored", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			return []*vigil.Link{{Identifier: vigil.Identifier{Kind: vigil.IdentIBAN, Value: "GB82WEST12345698765432"}, SubjectID: "ats-7", Name: "A"}}
		}, nil, ""},
		{"one finding per identifier, in kind and value order", nil, func(t *testing.T, s *vigil.Subject) []*vigil.Link {
			o := other("ats-7", "A", "")
			return append(append(linksTo(t, s, vigil.IdentPhone, "", o), linksTo(t, s, vigil.IdentIBAN, "", o)...), linksTo(t, s, vigil.IdentIBAN, "", o)...)
		}, []keySeverity{{iban, vigil.SeverityHigh}, {"link.shared:phone:+48512345678", vigil.SeverityMedium}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := benignSubject()
			if tt.subject != nil {
				tt.subject(s)
			}
			fs := runCheck(t, linkSharedCheck{}, &Input{Subject: s, AsOf: asOf, Links: tt.links(t, s)})
			if diff := cmp.Diff(tt.want, keysOf(fs)); diff != "" {
				t.Fatalf("findings (-want +got):\n%s", diff)
			}
			if tt.wantSummary != "" && !strings.Contains(fs[0].Summary, tt.wantSummary) {
				t.Errorf("summary %q does not contain %q", fs[0].Summary, tt.wantSummary)
			}
		})
	}
}

func TestLinkSharedCheck_Evidence(t *testing.T) {
	s := benignSubject()
	var others []*vigil.Subject
	for i := range 60 {
		others = append(others, other(fmt.Sprintf("farm-%02d", i), fmt.Sprintf("Worker %d", i), ""))
	}
	links := linksTo(t, s, vigil.IdentAddress, "shipping", others...)
	fs := runCheck(t, linkSharedCheck{}, &Input{Subject: s, AsOf: asOf, Links: links})
	if len(fs) != 1 {
		t.Fatalf("findings %v, want one", keysOf(fs))
	}
	ev := fs[0].Evidence
	if len(ev) != 1+maxEvidence+1 {
		t.Errorf("%d evidence items, want the subject's field, %d others and a remainder", len(ev), maxEvidence)
	}
	if want := (vigil.Evidence{Kind: "subject", Ref: "farm-00", Detail: `"Worker 0" holds it as x[0] (shipping)`}); ev[1] != want {
		t.Errorf("evidence %+v, want %+v", ev[1], want)
	}
	if last := ev[len(ev)-1]; last.Detail != "and 10 more subjects" {
		t.Errorf("last evidence %+v", last)
	}
	if !strings.Contains(fs[0].Summary, "60 other subjects") || len(fs[0].Summary) > 400 {
		t.Errorf("summary %q", fs[0].Summary)
	}
}
