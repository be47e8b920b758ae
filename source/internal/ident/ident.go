// Package ident turns the identifiers watch lists write (identity document numbers, websites, email addresses,
// phone numbers, digital-currency asset codes) into the canonical values Vigil compares with a subject's. Every
// parser under source/ uses the same rules, so that the same passport, site or mailbox named by two lists is
// one indicator, and a value is kept only in a form a subject's value can equal.
package ident

import (
	"errors"
	"net/url"
	"strings"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/country"
)

// IsDocumentNumber reports whether s, a document number as a list writes it (once the parser has removed the
// words around it), is one: valid for vigil.CanonicalDocumentNumber and with a digit. A value without any digit
// is a word where the number should be ("Diplomatic", "unknown"), and would equal every other such word.
func IsDocumentNumber(s string) bool {
	number, err := vigil.CanonicalDocumentNumber(s)
	return err == nil && strings.ContainsAny(number, "0123456789")
}

// Document returns the canonical value "ICAO:NUMBER" of an identity document: number as IsDocumentNumber
// takes it, issuer an ISO alpha-2 code ("" when unknown; the value then starts with ":"). ok is false when
// number is not a document number.
func Document(number, issuer string) (value string, ok bool) {
	if !IsDocumentNumber(number) {
		return "", false
	}
	icao := ""
	if issuer != "" {
		icao, _ = country.ICAO(issuer)
	}
	v, err := vigil.CanonicalDocument(icao, number)
	return v, err == nil
}

// Website returns the host, lower-cased and without "www.", followed by the path when there is one:
// "https://www.Example.com/" and "example.com" are the same site. A value that is not an http or https URL of
// a host name (an IP address, user information, a bare word) is not a website.
func Website(raw string) (string, bool) {
	if len(raw) > 2048 {
		return "", false
	}
	s := raw
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return "", false
	}
	host := strings.TrimPrefix(strings.ToLower(strings.TrimSuffix(u.Hostname(), ".")), "www.")
	labels := strings.Split(host, ".")
	if len(labels) < 2 || len(host) > 253 {
		return "", false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "", false
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "", false
			}
		}
	}
	return host + strings.TrimRight(u.EscapedPath(), "/"), true
}

// Email returns the canonical form of an email address (vigil.CanonicalEmail). ok is false for an address
// that is not valid, and for one whose canonical form is not canonical again: vigil.CanonicalEmail is not
// idempotent for some invalid input (a domain of invalid UTF-8 becomes punycode it then rejects), and an
// indicator must be a value subjects' emails can equal.
func Email(raw string) (string, bool) {
	v, err := vigil.CanonicalEmail(raw)
	if err == nil {
		if again, err2 := vigil.CanonicalEmail(v); err2 != nil || again != v {
			err = errors.New("not canonical")
		}
	}
	return v, err == nil
}

// CutPhone returns the first number of a text that may add an extension or an alternative after "/", " ext"
// or ",": "850 2 381 8208/4188" is "850 2 381 8208".
func CutPhone(s string) string {
	for _, sep := range []string{"/", " ext", ","} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	return strings.TrimSpace(s)
}

// Phone returns the E.164 form of a phone number as lists write it: with the brackets, spaces, dashes and dots
// people print ("(98)(21)(66153220)"), and with the international prefix "00" for "+". A number without
// either is read as a national number of region (ISO alpha-2) or, without a region, as international digits.
func Phone(raw, region string) (string, bool) {
	digits := strings.Map(func(r rune) rune {
		switch r {
		case '(', ')', ' ', '-', '.':
			return -1
		}
		return r
	}, raw)
	if strings.HasPrefix(digits, "00") {
		digits = "+" + digits[2:]
	}
	v, err := vigil.CanonicalPhone(digits, region)
	return v, err == nil
}

// IsAssetCode reports a digital-currency asset code as lists write it: 2 to 10 capital letters and digits
// ("ETH", "XBT", "USDT").
func IsAssetCode(s string) bool {
	if len(s) < 2 || len(s) > 10 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9') {
			return false
		}
	}
	return true
}

// Append appends id to ids unless an identifier of the same kind and value is there: lists repeat a value
// in several places of one entry, and one indicator is enough.
func Append(ids []vigil.EntryIdentifier, id vigil.EntryIdentifier) []vigil.EntryIdentifier {
	for _, have := range ids {
		if have.Kind == id.Kind && have.Value == id.Value {
			return ids
		}
	}
	return append(ids, id)
}
