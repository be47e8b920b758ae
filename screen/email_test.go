package screen

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
)

func TestEmailCheck(t *testing.T) {
	tests := []struct {
		name   string
		emails []string
		want   []keySeverity
	}{
		{"ordinary provider", []string{"m.nowak.dev@gmail.com"}, nil},
		{"company domain", []string{"m.nowak@example.com"}, nil},
		{"disposable", []string{"kim.dev@mailinator.com"}, []keySeverity{{"email:kim.dev@mailinator.com", vigil.SeverityMedium}}},
		{"subdomain of disposable", []string{"x@inbox.mailinator.com"}, []keySeverity{{"email:x@inbox.mailinator.com", vigil.SeverityMedium}}},
		{"upper case is the same address", []string{"X@Mailinator.COM", "x@mailinator.com"}, []keySeverity{{"email:x@mailinator.com", vigil.SeverityMedium}}},
		{"invalid address is left to validation", []string{"not an email"}, nil},
		{"two disposable addresses", []string{"a@mailinator.com", "b@yopmail.com"},
			[]keySeverity{{"email:a@mailinator.com", vigil.SeverityMedium}, {"email:b@yopmail.com", vigil.SeverityMedium}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := benignSubject()
			s.Emails = tt.emails
			fs := runCheck(t, emailCheck{}, &Input{Subject: s, AsOf: asOf})
			if diff := cmp.Diff(tt.want, keysOf(fs)); diff != "" {
				t.Fatalf("findings (-want +got):\n%s", diff)
			}
		})
	}
	s := benignSubject()
	s.Emails = []string{"kim.dev@mailinator.com"}
	fs := runCheck(t, emailCheck{}, &Input{Subject: s, AsOf: asOf})
	want := `Email address "kim.dev@mailinator.com" is at "mailinator.com", a service that hands out throwaway mailboxes.`
	if fs[0].Summary != want {
		t.Errorf("summary %q, want %q", fs[0].Summary, want)
	}
}

// TestEmailCheck_NameBlind shows that the email check never compares an address with the person's name: the
// same address gives the same findings whatever the name.
func TestEmailCheck_NameBlind(t *testing.T) {
	var first []*vigil.Finding
	for i, name := range []string{"Mateusz Nowak", "Nguyễn Thị Lan", "Oluwaseun Adeyemi", "김서연"} {
		s := benignSubject()
		s.Name = name
		s.Emails = []string{"m.nowak.dev@example.com", "temp@mailinator.com"}
		fs := emailCheck{}.Run(&Input{Subject: s, AsOf: asOf})
		if i == 0 {
			first = fs
			continue
		}
		if diff := cmp.Diff(first, fs); diff != "" {
			t.Errorf("name %q changes the email findings:\n%s", name, diff)
		}
	}
}
