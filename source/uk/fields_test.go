package uk

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"01/03/1958", "1958-03-01", true},
		{"1/3/1958", "1958-03-01", true},
		{"dd/mm/1945", "1945", true},
		{"00/00/1975", "1975", true},
		{"dd/08/1961", "1961-08", true},
		{"DD/MM/1961", "1961", true},
		{"15/mm/1970", "1970", true},
		{"29-06-2012", "2012-06-29", true},
		{"1958-03-01", "1958-03-01", true},
		{"1958-03-01T00:00:00", "1958-03-01", true},
		{"1970", "1970", true},
		{" 12/03/1970 ", "1970-03-12", true},
		{"31/02/1970", "", false},
		{"29/02/2001", "", false},
		{"13/13/1970", "", false},
		{"15/08/19yy", "", false},
		{"19yy", "", false},
		{"1700", "", false},
		{"+1/03/1958", "", false},
		{"approximately 1960", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseDate(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseGenerated(t *testing.T) {
	for _, s := range []string{"13-Feb-2026", "13-February-2026", "13/02/2026", "2026-02-13", "2026-02-13T00:00:00", "13 Feb 2026", "13-FEB-2026", "13-Feb-2026 09:30", "13/02/2026 09:30:00"} {
		got, ok := parseGenerated(s)
		if !ok || got.Format("2006-01-02") != "2026-02-13" {
			t.Errorf("parseGenerated(%q) = %v, %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "35-Foo-2026", "31/02/2026", "13-Feb-1999x", "13-Feb-2026 and more"} {
		if got, ok := parseGenerated(s); ok {
			t.Errorf("parseGenerated(%q) = %v; want no date", s, got)
		}
	}
}

func TestIssuerCountry(t *testing.T) {
	tests := []struct{ info, want string }{
		{"", ""},
		{"Afghanistan", "AF"},
		{"Afghanistan passport", "AF"},
		{"Democratic People's Republic of Korea passport", "KP"},
		{"Issued by the DPRK", "KP"},
		{"North Korean diplomatic passport", "KP"},
		{"Papua New Guinea passport", "PG"},            // not also Guinea
		{"Russian passport issued in Syria", ""},       // two countries
		{"National ID card number", ""},                // "ID" is no country inside a sentence
		{"UK passport", "GB"},                          // an allowed short word
		{"Issued by Atlantis", ""},                     // no country
		{"Pakistan; Pakistani national ID card", "PK"}, // one country twice
		{"expired 2015, renewed in Pyongyang", ""},     // a city is no country
		{strings.Repeat("word ", 100) + "Iran", ""},    // too many words to scan
		{"ID", "ID"}, // the whole text as a code
	}
	for _, tt := range tests {
		if got := issuerCountry(tt.info); got != tt.want {
			t.Errorf("issuerCountry(%q) = %q; want %q", tt.info, got, tt.want)
		}
	}
}

func TestDocumentNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"P04581926", "P04581926"},
		{"P04581926 (expired)", "P04581926"},
		{"381420754, issued 2011", "381420754"},
		{"G1234567 valid until 2020", "G1234567"},
		{"N-123 456", "N-123 456"},
		{"Diplomatic passport 123", ""},
	}
	for _, tt := range tests {
		if got := documentNumber(tt.in); got != tt.want {
			t.Errorf("documentNumber(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsWeak(t *testing.T) {
	for s, want := range map[string]bool{"Low quality a.k.a": true, "Weak": true, "Good quality a.k.a": false, "": false, "Strong": false} {
		if got := isWeak(s); got != want {
			t.Errorf("isWeak(%q) = %v", s, got)
		}
	}
}

func TestRegimeCode(t *testing.T) {
	for id, want := range map[string]string{"DPR0001": "DPR", "RUS1467": "RUS", "AQD0001": "AQD", "DPR": "", "0001": "", "dpr0001": "", "D0001": "", "DPR00A1": ""} {
		if got := regimeCode(id); got != want {
			t.Errorf("regimeCode(%q) = %q; want %q", id, got, want)
		}
	}
}

func TestCappedReader(t *testing.T) {
	r := &cappedReader{r: bytes.NewReader(make([]byte, 100)), n: 10}
	got, err := io.ReadAll(r)
	if !errors.Is(err, errContentTooLarge) || len(got) != 11 {
		t.Errorf("read %d bytes, %v; want 11 and errContentTooLarge", len(got), err)
	}
	r = &cappedReader{r: bytes.NewReader(make([]byte, 10)), n: 10}
	if got, err := io.ReadAll(r); err != nil || len(got) != 10 {
		t.Errorf("read %d bytes, %v; want all 10", len(got), err)
	}
}

func TestCanonicalWebsite(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"www.Example.com", "example.com", true},
		{"https://www.example.com/path/", "example.com/path", true},
		{"http://user@example.com", "", false},
		{"ftp://example.com", "", false},
		{"localhost", "", false},
		{"exa_mple.com", "", false},
	}
	for _, tt := range tests {
		got, ok := canonicalWebsite(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("canonicalWebsite(%q) = %q, %v", tt.in, got, ok)
		}
	}
}
