package screen

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
)

func TestDocumentIssuerCheck(t *testing.T) {
	doc := func(typ, issuer, number string) []vigil.Document {
		return []vigil.Document{{Type: typ, Issuer: issuer, Number: number}}
	}
	tests := []struct {
		name          string
		docs          []vigil.Document
		nationalities []string
		want          []keySeverity
		wantSummary   string
	}{
		{"passport of the stated nationality", doc("passport", "POL", "EA1234567"), []string{"PL"}, nil, ""},
		{"DPRK passport", doc("passport", "PRK", "745120387"), nil,
			[]keySeverity{{"document.issuer:PRK:745120387", vigil.SeverityHigh}}, `The subject's passport "745120387" was issued by North Korea (DPRK).`},
		{"DPRK passport against stated nationality", doc("passport", "PRK", "745120387"), []string{"JP"},
			[]keySeverity{{"document.issuer:PRK:745120387", vigil.SeverityHigh}}, "although the stated nationalities are JP"},
		{"DPRK residence permit is still a DPRK document", doc("residence_permit", "PRK", "R1"), []string{"CN"},
			[]keySeverity{{"document.issuer:PRK:R1", vigil.SeverityHigh}}, "residence permit"},
		{"passport contradicts nationality", doc("passport", "CHN", "E12345678"), []string{"JP"},
			[]keySeverity{{"document.issuer:CHN:E12345678", vigil.SeverityMedium}}, `was issued by China (CN), which is none of the stated nationalities (JP).`},
		{"national ID contradicts nationality", doc("national_id", "FRA", "X4RTBPFW4"), []string{"PL"},
			[]keySeverity{{"document.issuer:FRA:X4RTBPFW4", vigil.SeverityMedium}}, "national identity card"},
		{"one of several nationalities", doc("passport", "FRA", "X4RTBPFW4"), []string{"PL", "FR"}, nil, ""},
		{"nationality given as alpha-3", doc("passport", "FRA", "X4RTBPFW4"), []string{"FRA"}, nil, ""},
		{"ICAO D is Germany", doc("passport", "D", "C01X00T47"), []string{"DE"}, nil, ""},
		{"ICAO GBD is the United Kingdom", doc("passport", "GBD", "123456789"), []string{"GB"}, nil, ""},
		{"ICAO D against another nationality", doc("passport", "D", "C01X00T47"), []string{"AT"},
			[]keySeverity{{"document.issuer:D:C01X00T47", vigil.SeverityMedium}}, "Germany (DE)"},
		{"UN laissez-passer is no country", doc("passport", "UNO", "UN123456"), []string{"PL"}, nil, ""},
		{"stateless document is no country", doc("passport", "XXA", "S123456"), []string{"PL"}, nil, ""},
		{"residence permit of the residence country", doc("residence_permit", "DEU", "Y12345678"), []string{"PL"}, nil, ""},
		{"visa", doc("visa", "USA", "V1234567"), []string{"PL"}, nil, ""},
		{"driving licence is issued where one lives", doc("drivers_license", "IRL", "123456789"), []string{"PL"}, nil, ""},
		{"document of unknown type is not compared", doc("", "CHN", "E12345678"), []string{"JP"}, nil, ""},
		{"no stated nationality", doc("passport", "CHN", "E12345678"), nil, nil, ""},
		{"unknown issuer code", doc("passport", "ZZZ", "E12345678"), []string{"JP"}, nil, ""},
		{"the same document twice", append(doc("passport", "PRK", "745120387"), doc("passport", "prk", "745-120-387")...), nil,
			[]keySeverity{{"document.issuer:PRK:745120387", vigil.SeverityHigh}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := benignSubject()
			s.Documents = tt.docs
			s.Nationalities = tt.nationalities
			fs := runCheck(t, documentIssuerCheck{}, &Input{Subject: s, AsOf: asOf})
			if diff := cmp.Diff(tt.want, keysOf(fs)); diff != "" {
				t.Fatalf("findings (-want +got):\n%s", diff)
			}
			if tt.wantSummary != "" && !strings.Contains(fs[0].Summary, tt.wantSummary) {
				t.Errorf("summary %q does not contain %q", fs[0].Summary, tt.wantSummary)
			}
		})
	}
}
