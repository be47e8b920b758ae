package screen

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vigil-sec/vigil"
)

// FuzzScreen feeds attacker-written values into every field the checks read. Screening must not panic, and
// every finding must stay complete, one line and bounded, whatever the input.
func FuzzScreen(f *testing.F) {
	f.Add("Ryang Myong Chol", "1979-05-14", "a@mailinator.com", "+44 56 1234 5678", "PRK", "745120387", "Berlin", "DE")
	f.Add("<script>alert(1)</script>", "", "x@y", "abc", "D", "C01X00T47", "\u202Eevil", "")
	f.Add("김정은", "1984", "\u200b@mailinator.com", "0048 123", "XXA", "1", "Kraków", "PL")
	f.Fuzz(func(t *testing.T, name, birth, email, phone, issuer, number, city, country string) {
		s := benignSubject()
		s.Name, s.BirthDate = name, birth
		s.OtherNames = []string{city}
		s.Emails = append(s.Emails, email)
		s.Phones = append(s.Phones, phone)
		s.Nationalities = append(s.Nationalities, country)
		s.Documents = append(s.Documents, vigil.Document{Type: "passport", Issuer: issuer, Number: number})
		s.Addresses = append(s.Addresses, vigil.Address{Use: "shipping", Line: name, City: city, Country: country})
		in := &Input{Subject: s, AsOf: asOf, Watchlist: testWatchlist()}
		if ids := s.Identifiers(); len(ids) > 0 {
			in.Links = []*vigil.Link{{Identifier: ids[len(ids)-1], SubjectID: city, Name: name, BirthDate: birth, Field: number, Use: "shipping"}}
		}
		for _, f := range Screen(in) {
			if f.Check == "" || f.Key == "" || f.Summary == "" || len(f.Evidence) == 0 {
				t.Fatalf("incomplete finding %+v", f)
			}
			if len(f.Summary) > 1000 || strings.ContainsAny(f.Summary, "\n\r\u2028\u2029\u202E") || !utf8.ValidString(f.Summary) {
				t.Fatalf("summary %q", f.Summary)
			}
		}
	})
}
