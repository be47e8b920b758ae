package screen

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
)

func TestPhoneCheck(t *testing.T) {
	tests := []struct {
		name        string
		phones      []string
		residence   string
		want        []keySeverity
		wantSummary string
	}{
		{"mobile of the residence country", []string{"+48 512 345 678"}, "PL", nil, ""},
		{"national number read in the residence country", []string{"512 345 678"}, "PL", nil, ""},
		{"no residence, international number", []string{"+48 512 345 678"}, "", nil, ""},
		{"invalid number", []string{"+48 123"}, "PL",
			[]keySeverity{{"phone:+48123", vigil.SeverityLow}}, "Phone number +48123 is not a valid number in its country's numbering plan."},
		{"unreadable number", []string{"call me"}, "PL",
			[]keySeverity{{"phone:call me", vigil.SeverityLow}}, `Phone number "call me" cannot be read as a phone number.`},
		{"VoIP", []string{"+44 56 1234 5678"}, "GB",
			[]keySeverity{{"phone:+445612345678", vigil.SeverityLow}}, "is a VoIP number."},
		{"personal number", []string{"+44 7000 123456"}, "GB",
			[]keySeverity{{"phone:+447000123456", vigil.SeverityLow}}, "a personal (forwarding) number"},
		{"UAN", []string{"+44 5512 345678"}, "GB",
			[]keySeverity{{"phone:+445512345678", vigil.SeverityLow}}, "universal access number"},
		{"premium rate", []string{"+44 909 876 5432"}, "GB",
			[]keySeverity{{"phone:+449098765432", vigil.SeverityLow}}, "premium-rate"},
		{"number of another country alone is information", []string{"+49 1512 3456789"}, "PL",
			[]keySeverity{{"phone:+4915123456789", vigil.SeverityInfo}}, "belongs to Germany (DE) while the subject lives in Poland (PL)."},
		{"foreign VoIP names both facts", []string{"+44 56 1234 5678"}, "PL",
			[]keySeverity{{"phone:+445612345678", vigil.SeverityLow}}, "is a VoIP number and belongs to United Kingdom (GB) while the subject lives in Poland (PL)."},
		{"national number without residence is read as international", []string{"512 345 678"}, "",
			[]keySeverity{{"phone:+512345678", vigil.SeverityLow}}, "is not a valid number"},
		{"non-geographic VoIP", []string{"+883 5100 1234 5678"}, "PL",
			[]keySeverity{{"phone:+883510012345678", vigil.SeverityLow}}, "is a VoIP number."},
		{"same number twice gives one finding", []string{"+44 56 1234 5678", "+445612345678"}, "GB",
			[]keySeverity{{"phone:+445612345678", vigil.SeverityLow}}, ""},
		{"fixed line is fine", []string{"+44 20 7946 0018"}, "GB", nil, ""},
		{"US fixed or mobile is fine", []string{"+1 650 253 0000"}, "US", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := benignSubject()
			s.Phones = tt.phones
			s.Residence = nil
			if tt.residence != "" {
				s.Residence = &vigil.Residence{Country: tt.residence}
			}
			fs := runCheck(t, phoneCheck{}, &Input{Subject: s, AsOf: asOf})
			if diff := cmp.Diff(tt.want, keysOf(fs)); diff != "" {
				t.Fatalf("findings (-want +got):\n%s", diff)
			}
			if tt.wantSummary != "" && !strings.Contains(fs[0].Summary, tt.wantSummary) {
				t.Errorf("summary %q does not contain %q", fs[0].Summary, tt.wantSummary)
			}
		})
	}
}
