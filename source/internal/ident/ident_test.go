package ident_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/ident"
)

func TestDocument(t *testing.T) {
	tests := []struct {
		name, number, issuer string
		want                 string
		ok                   bool
	}{
		{"Passport", "381420754", "KP", "PRK:381420754", true},
		{"Spaced", "ab 12-34.5", "", ":AB12345", true},
		{"Germany", "C01X00T47", "DE", "D:C01X00T47", true},
		{"UnknownIssuer", "123", "ZZ", ":123", true},
		{"NoDigit", "Diplomatic", "KP", "", false},
		{"Invalid", "12#34", "", "", false},
		{"Empty", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ident.Document(tt.number, tt.issuer)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Document(%q, %q) = %q, %v; want %q, %v", tt.number, tt.issuer, got, ok, tt.want, tt.ok)
			}
			if ident.IsDocumentNumber(tt.number) != tt.ok {
				t.Errorf("IsDocumentNumber(%q) = %v", tt.number, !tt.ok)
			}
		})
	}
}

func TestWebsite(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://www.Example.com/", "example.com", true},
		{"example.com", "example.com", true},
		{"http://example.com/a/b/", "example.com/a/b", true},
		{"example.com.", "example.com", true},
		{"ftp://example.com", "", false},
		{"http://user@example.com", "", false},
		{"localhost", "", false},
		{"-a.example.com", "", false},
		{"exa mple.com", "", false},
	}
	for _, tt := range tests {
		got, ok := ident.Website(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Website(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEmail(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Info@Example.com", "info@example.com", true},
		{"not an address", "", false},
		{"a@\xff.example", "", false},
	}
	for _, tt := range tests {
		got, ok := ident.Email(tt.in)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("Email(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPhone(t *testing.T) {
	tests := []struct {
		raw, region, want string
		ok                bool
	}{
		{"850 2 381 8208", "", "+85023818208", true},
		{"(98)(21)(66153220)", "", "+982166153220", true},
		{"009613679153", "", "+9613679153", true},
		{"02 381 8208", "KP", "+85023818208", true},
		{"call me", "", "", false},
	}
	for _, tt := range tests {
		got, ok := ident.Phone(tt.raw, tt.region)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Phone(%q, %q) = %q, %v; want %q, %v", tt.raw, tt.region, got, ok, tt.want, tt.ok)
		}
	}
	for in, want := range map[string]string{
		"850 2 381 8208/4188":    "850 2 381 8208",
		"+93-202-104748 ext 12":  "+93-202-104748",
		" 00963112121816, 0096 ": "00963112121816",
		"/123":                   "/123",
	} {
		if got := ident.CutPhone(in); got != want {
			t.Errorf("CutPhone(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestIsAssetCode(t *testing.T) {
	for in, want := range map[string]bool{"ETH": true, "USDT": true, "X": false, "eth": false, "ABCDEFGHIJK": false, "XB-T": false} {
		if got := ident.IsAssetCode(in); got != want {
			t.Errorf("IsAssetCode(%q) = %v", in, got)
		}
	}
}

func TestAppend(t *testing.T) {
	var ids []vigil.EntryIdentifier
	ids = ident.Append(ids, vigil.EntryIdentifier{Kind: vigil.IdentDocument, Value: "PRK:1", Raw: "1"})
	ids = ident.Append(ids, vigil.EntryIdentifier{Kind: vigil.IdentDocument, Value: "PRK:1", Raw: "0001"})
	ids = ident.Append(ids, vigil.EntryIdentifier{Kind: vigil.IdentPhone, Value: "PRK:1"})
	want := []vigil.EntryIdentifier{{Kind: vigil.IdentDocument, Value: "PRK:1", Raw: "1"}, {Kind: vigil.IdentPhone, Value: "PRK:1"}}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
