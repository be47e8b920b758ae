package screen

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
)

func TestShippingAddressCheck(t *testing.T) {
	home := vigil.Address{Use: "home", Line: "ul. Długa 5", City: "Kraków", Postcode: "31-147", Country: "PL"}
	ship := func(city, country string) vigil.Address {
		return vigil.Address{Use: "shipping", Line: "ul. Krótka 1", City: city, Postcode: "00-001", Country: country}
	}
	tests := []struct {
		name        string
		addresses   []vigil.Address
		residence   *vigil.Residence
		want        []keySeverity
		wantSummary string
	}{
		{"shipping to home city", []vigil.Address{home, ship("Krakow", "PL")}, nil, nil, ""},
		{"shipping to another country", []vigil.Address{home, ship("Berlin", "DE")}, nil,
			[]keySeverity{{"address.shipping:DE|00001|ulica krotka 1|berlin", vigil.SeverityMedium}},
			`Shipping address in "Berlin", Germany (DE) is in another country than where the subject lives ("Kraków", Poland (PL)).`},
		{"shipping to another city", []vigil.Address{home, ship("Katowice", "PL")}, nil,
			[]keySeverity{{"address.shipping:PL|00001|ulica krotka 1|katowice", vigil.SeverityLow}},
			`Shipping address in "Katowice", Poland (PL) is in another city than where the subject lives ("Kraków").`},
		{"residence counts as home", []vigil.Address{ship("Katowice", "PL")}, &vigil.Residence{Country: "PL", City: "Katowice"}, nil, ""},
		{"residence without home address", []vigil.Address{ship("Berlin", "DE")}, &vigil.Residence{Country: "PL"},
			[]keySeverity{{"address.shipping:DE|00001|ulica krotka 1|berlin", vigil.SeverityMedium}}, "(Poland (PL))"},
		{"one of two homes", []vigil.Address{home, {Line: "Hauptstr. 1", City: "Berlin", Country: "DE"}, ship("Berlin", "DE")}, nil, nil, ""},
		{"home without use is a home", []vigil.Address{{Line: "Hauptstr. 1", City: "Berlin", Country: "DE"}, ship("Berlin", "DE")}, nil, nil, ""},
		{"work address is not a home", []vigil.Address{home, {Use: "work", Line: "Hauptstr. 1", City: "Berlin", Country: "DE"}, ship("Berlin", "DE")}, nil,
			[]keySeverity{{"address.shipping:DE|00001|ulica krotka 1|berlin", vigil.SeverityMedium}}, ""},
		{"no home to compare with", []vigil.Address{ship("Berlin", "DE")}, nil, nil, ""},
		{"shipping without country", []vigil.Address{home, ship("Berlin", "")}, nil, nil, ""},
		{"home without city, same country", []vigil.Address{{Line: "x", Postcode: "31-147", Country: "PL"}, ship("Katowice", "PL")}, nil, nil, ""},
		{"two shipping addresses", []vigil.Address{home, ship("Berlin", "DE"), ship("Katowice", "PL")}, nil,
			[]keySeverity{{"address.shipping:DE|00001|ulica krotka 1|berlin", vigil.SeverityMedium}, {"address.shipping:PL|00001|ulica krotka 1|katowice", vigil.SeverityLow}}, ""},
		{"the same shipping address twice", []vigil.Address{home, ship("Berlin", "DE"), ship("berlin", "DEU")}, nil,
			[]keySeverity{{"address.shipping:DE|00001|ulica krotka 1|berlin", vigil.SeverityMedium}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := benignSubject()
			s.Addresses = tt.addresses
			s.Residence = tt.residence
			fs := runCheck(t, shippingAddressCheck{}, &Input{Subject: s, AsOf: asOf})
			if diff := cmp.Diff(tt.want, keysOf(fs)); diff != "" {
				t.Fatalf("findings (-want +got):\n%s", diff)
			}
			if tt.wantSummary != "" && !strings.Contains(fs[0].Summary, tt.wantSummary) {
				t.Errorf("summary %q does not contain %q", fs[0].Summary, tt.wantSummary)
			}
		})
	}
}
