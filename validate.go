package vigil

import (
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on the subject document. They bound what an adversary can make Vigil store, show and compare; real
// people fit well inside them.
const (
	MaxDocumentBytes = 1 << 20 // one subject document
	maxNameBytes     = 300
	maxTextBytes     = 300
	maxResumeBytes   = 256 << 10
	maxListItems     = 50
	maxSkills        = 200
	maxProblems      = 10
)

// FieldError is one problem with one field of a document; Field is a path such as "phones[2]" or
// "documents[0].issuer".
type FieldError struct {
	Field   string
	Message string
}

func (e FieldError) String() string { return e.Field + ": " + e.Message }

// validator collects field problems, so that one pass reports all of them (up to maxProblems).
type validator struct {
	problems []FieldError
	more     int
}

func (v *validator) add(field, format string, args ...any) {
	if len(v.problems) >= maxProblems {
		v.more++
		return
	}
	v.problems = append(v.problems, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) err() error {
	if len(v.problems) == 0 {
		return nil
	}
	parts := make([]string, len(v.problems))
	for i, p := range v.problems {
		parts[i] = p.String()
	}
	msg := strings.Join(parts, "; ")
	if v.more > 0 {
		msg += fmt.Sprintf("; and %d more problems", v.more)
	}
	return &Error{Code: EINVALID, Message: msg}
}

// Quote shows an untrusted value in a message: quoted, with control, format and bidirectional characters
// escaped and cut after 40 bytes, so that neither its length nor hidden characters reach a terminal or a log.
// Letters of every script stay readable.
func Quote(s string) string {
	const max = 40
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return strconv.Quote(s)
}

// QuoteN is Quote cut after maxRunes characters instead, for summaries and evidence that have room for more.
func QuoteN(s string, maxRunes int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	cut, n := len(s), 0
	for i := range s {
		if n == maxRunes {
			cut = i
			break
		}
		n++
	}
	if cut == len(s) {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:cut]) + fmt.Sprintf("… (%d bytes)", len(s))
}

// Clean makes an untrusted string safe to show unquoted (a table cell, a line of text output): invalid UTF-8,
// control, format and bidirectional characters, which can rewrite or hide what a reviewer sees, are shown as
// \uXXXX escapes, and the text is cut after maxRunes characters.
func Clean(s string, maxRunes int) string {
	var b strings.Builder
	n := 0
	for i, r := range s {
		if n == maxRunes {
			fmt.Fprintf(&b, "… (%d more bytes)", len(s)-i)
			break
		}
		n++
		switch {
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		case strconv.IsPrint(r):
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// text checks a free-text field: bounded, valid UTF-8 and free of control and bidirectional-override
// characters, which can hide or reorder what a reviewer sees. Position is counted in characters from 1.
func (v *validator) text(field, s string, maxBytes int, required bool) {
	if s == "" {
		if required {
			v.add(field, "is required")
		}
		return
	}
	if len(s) > maxBytes {
		v.add(field, "is %d bytes long; at most %d are allowed", len(s), maxBytes)
		return
	}
	if strings.TrimSpace(s) == "" {
		v.add(field, "is blank")
		return
	}
	pos := 0
	for i, r := range s {
		pos++
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			v.add(field, "is not valid UTF-8 at character %d", pos)
			return
		case r == utf8.RuneError:
			v.add(field, "contains the replacement character U+FFFD at character %d (was the input valid UTF-8?)", pos)
			return
		case unicode.IsControl(r) && !(maxBytes >= maxResumeBytes && (r == '\n' || r == '\r' || r == '\t')):
			v.add(field, "contains control character %U at character %d", r, pos)
			return
		case isBidiControl(r):
			v.add(field, "contains bidirectional control character %U at character %d", r, pos)
			return
		}
	}
}

func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// charset checks that s uses only the runes ok accepts, naming the first one that is not.
func (v *validator) charset(field, s string, maxBytes int, ok func(rune) bool, what string) bool {
	if len(s) > maxBytes {
		v.add(field, "is %d bytes long; at most %d are allowed", len(s), maxBytes)
		return false
	}
	pos := 0
	for _, r := range s {
		pos++
		if !ok(r) {
			v.add(field, "has %s at character %d in %s; expected %s", quoteRune(r), pos, Quote(s), what)
			return false
		}
	}
	return true
}

func quoteRune(r rune) string { return strconv.QuoteRune(r) }

func (v *validator) items(field string, n, max int) bool {
	if n > max {
		v.add(field, "has %d items; at most %d are allowed", n, max)
		return false
	}
	return true
}

// Date layouts the document accepts.
const (
	layoutDay   = "2006-01-02"
	layoutMonth = "2006-01"
	layoutYear  = "2006"
)

// ParsePartialDate parses YYYY, YYYY-MM or YYYY-MM-DD and reports how much of it is known.
func ParsePartialDate(s string) (t time.Time, precision string, err error) {
	for _, layout := range []string{layoutDay, layoutMonth, layoutYear} {
		if len(s) != len(layout) {
			continue
		}
		if t, err = time.Parse(layout, s); err == nil {
			return t, layout, nil
		}
	}
	return time.Time{}, "", fmt.Errorf("%s is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY", Quote(s))
}

func (v *validator) date(field, s string, partial bool) {
	if s == "" {
		return
	}
	t, prec, err := ParsePartialDate(s)
	if err != nil || (!partial && prec != layoutDay) {
		if partial {
			v.add(field, "%s is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY", Quote(s))
		} else {
			v.add(field, "%s is not a date of the form YYYY-MM-DD", Quote(s))
		}
		return
	}
	if t.Year() < 1850 || t.Year() > 2200 {
		v.add(field, "year %d is out of range", t.Year())
	}
}

func (v *validator) dateOrTime(field, s string) {
	if s == "" {
		return
	}
	if _, err := time.Parse(time.RFC3339, s); err == nil {
		return
	}
	if _, err := time.Parse(layoutDay, s); err == nil {
		return
	}
	v.add(field, "%s is neither a date (YYYY-MM-DD) nor an RFC 3339 time", Quote(s))
}

func (v *validator) country(field, s string) {
	if s == "" {
		return
	}
	if _, ok := CountryCode(s); !ok {
		v.add(field, "%s is not an ISO 3166-1 country code (alpha-2 such as \"PL\", or alpha-3)", Quote(s))
	}
}

func isASCIIAlnum(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
}

// isIDRune accepts the characters of identifiers that end up in URLs, file names and command lines.
func isIDRune(r rune) bool {
	return isASCIIAlnum(r) || r == '-' || r == '_' || r == '.' || r == ':' || r == '@'
}

// ValidateSubjectID checks an id given by a user or an outside system.
func ValidateSubjectID(id string) error {
	var v validator
	v.id("id", id)
	return v.err()
}

func (v *validator) id(field, id string) {
	if id == "" {
		v.add(field, "is required")
		return
	}
	v.charset(field, id, 128, isIDRune, "letters, digits and . _ - : @")
}

// Validate checks the whole document and reports every problem (up to ten), each naming its field and, where a
// character is at fault, its position. It does not change s; Normalize does.
func (s *Subject) Validate() error {
	var v validator
	if s.ID != "" {
		v.id("id", s.ID)
	}
	switch s.Kind {
	case "", KindCandidate, KindEmployee, KindContractor, KindFormerEmployee:
	default:
		v.add("kind", "%s is not one of candidate, employee, contractor, former_employee", Quote(string(s.Kind)))
	}
	v.text("name", s.Name, maxNameBytes, true)
	if v.items("other_names", len(s.OtherNames), maxListItems) {
		for i, n := range s.OtherNames {
			v.text(fmt.Sprintf("other_names[%d]", i), n, maxNameBytes, true)
		}
	}
	v.date("birth_date", s.BirthDate, true)
	if v.items("nationalities", len(s.Nationalities), 10) {
		for i, c := range s.Nationalities {
			f := fmt.Sprintf("nationalities[%d]", i)
			if c == "" {
				v.add(f, "is empty")
			}
			v.country(f, c)
		}
	}
	if r := s.Residence; r != nil {
		v.country("residence.country", r.Country)
		v.text("residence.city", r.City, maxTextBytes, false)
		if r.Timezone != "" {
			if !v.charset("residence.timezone", r.Timezone, 64, func(r rune) bool { return isASCIIAlnum(r) || strings.ContainsRune("/_+-", r) }, "an IANA time zone such as \"Europe/Warsaw\"") {
			} else if _, err := time.LoadLocation(r.Timezone); err != nil || strings.Contains(r.Timezone, "..") {
				v.add("residence.timezone", "%s is not an IANA time zone such as \"Europe/Warsaw\"", Quote(r.Timezone))
			}
		}
	}
	if v.items("emails", len(s.Emails), maxListItems) {
		for i, e := range s.Emails {
			if _, err := CanonicalEmail(e); err != nil {
				v.add(fmt.Sprintf("emails[%d]", i), "%v", err)
			}
		}
	}
	if v.items("phones", len(s.Phones), maxListItems) {
		for i, p := range s.Phones {
			v.phone(fmt.Sprintf("phones[%d]", i), p)
		}
	}
	if v.items("addresses", len(s.Addresses), maxListItems) {
		for i, a := range s.Addresses {
			f := fmt.Sprintf("addresses[%d]", i)
			switch a.Use {
			case "", AddressHome, AddressShipping, AddressMailing, AddressWork, AddressOther:
			default:
				v.add(f+".use", "%s is not one of home, shipping, mailing, work, other", Quote(a.Use))
			}
			v.text(f+".line", a.Line, maxTextBytes, false)
			v.text(f+".city", a.City, maxTextBytes, false)
			v.text(f+".postcode", a.Postcode, 20, false)
			v.country(f+".country", a.Country)
			if a.Line == "" && a.City == "" && a.Postcode == "" && a.Country == "" {
				v.add(f, "is empty")
			}
		}
	}
	if v.items("documents", len(s.Documents), maxListItems) {
		for i, d := range s.Documents {
			f := fmt.Sprintf("documents[%d]", i)
			switch d.Type {
			case "", DocPassport, DocNationalID, DocResidencePermit, DocDriversLicense, DocVisa, DocOther:
			default:
				v.add(f+".type", "%s is not one of passport, national_id, residence_permit, drivers_license, visa, other", Quote(d.Type))
			}
			if d.Number == "" {
				v.add(f+".number", "is required")
			} else if _, err := CanonicalDocumentNumber(d.Number); err != nil {
				v.add(f+".number", "%v", err)
			}
			if d.Issuer != "" {
				if _, known := IssuerCountry(d.Issuer); !known {
					v.add(f+".issuer", "%s is not an ICAO 9303 issuer code (three letters such as \"POL\", or \"D\" for Germany)", Quote(d.Issuer))
				}
			}
			v.date(f+".expires", d.Expires, false)
			if d.MRZ != "" {
				v.charset(f+".mrz", d.MRZ, 200, func(r rune) bool {
					return r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '<' || r == '\n'
				}, "upper-case letters, digits, '<' and line breaks")
			}
		}
	}
	if v.items("bank_accounts", len(s.BankAccounts), maxListItems) {
		for i, b := range s.BankAccounts {
			f := fmt.Sprintf("bank_accounts[%d]", i)
			if b.IBAN == "" {
				v.add(f+".iban", "is required")
			} else if _, err := CanonicalIBAN(b.IBAN); err != nil {
				v.add(f+".iban", "%v", err)
			}
			if b.BIC != "" {
				if _, err := CanonicalBIC(b.BIC); err != nil {
					v.add(f+".bic", "%v", err)
				}
			}
			v.text(f+".holder", b.Holder, maxNameBytes, false)
		}
	}
	if v.items("wallets", len(s.Wallets), maxListItems) {
		for i, w := range s.Wallets {
			f := fmt.Sprintf("wallets[%d]", i)
			if w.Chain != "" {
				v.charset(f+".chain", w.Chain, 16, isASCIIAlnum, "an asset code such as \"ETH\" or \"XBT\"")
			}
			if w.Address == "" {
				v.add(f+".address", "is required")
			} else if _, err := CanonicalWallet(w.Address); err != nil {
				v.add(f+".address", "%v", err)
			}
		}
	}
	if v.items("profiles", len(s.Profiles), maxListItems) {
		for i, p := range s.Profiles {
			f := fmt.Sprintf("profiles[%d]", i)
			v.url(f+".url", p.URL)
			v.date(f+".created", p.Created, true)
		}
	}
	if v.items("languages", len(s.Languages), 30) {
		for i, l := range s.Languages {
			if len(l) != 2 || !('a' <= l[0] && l[0] <= 'z' && 'a' <= l[1] && l[1] <= 'z') {
				v.add(fmt.Sprintf("languages[%d]", i), "%s is not an ISO 639-1 code such as \"pl\"", Quote(l))
			}
		}
	}
	if v.items("accounts", len(s.Accounts), maxListItems) {
		for i, a := range s.Accounts {
			f := fmt.Sprintf("accounts[%d]", i)
			v.text(f+".system", a.System, 64, true)
			v.text(f+".id", a.ID, 256, a.Username == "")
			v.text(f+".username", a.Username, 256, false)
		}
	}
	if v.items("devices", len(s.Devices), maxListItems) {
		for i, d := range s.Devices {
			f := fmt.Sprintf("devices[%d]", i)
			v.text(f+".id", d.ID, 128, d.Serial == "")
			v.text(f+".serial", d.Serial, 128, false)
		}
	}
	if a := s.Application; a != nil {
		if a.Received != "" {
			if _, err := time.Parse(time.RFC3339, a.Received); err != nil {
				v.add("application.received", "%s is not an RFC 3339 time such as \"2026-10-01T09:12:00Z\"", Quote(a.Received))
			}
		}
		if a.IP != "" {
			if addr, err := netip.ParseAddr(a.IP); err != nil || len(a.IP) > 64 || addr.Zone() != "" {
				v.add("application.ip", "%s is not an IPv4 or IPv6 address", Quote(a.IP))
			}
		}
		v.text("application.channel", a.Channel, 64, false)
		v.text("application.resume_text", a.ResumeText, maxResumeBytes, false)
		if a.PhotoPHash != "" {
			v.charset("application.photo_phash", a.PhotoPHash, 256, func(r rune) bool { return isASCIIAlnum(r) || r == ':' }, "a hexadecimal perceptual hash")
		}
	}
	if v.items("skills", len(s.Skills), maxSkills) {
		for i, sk := range s.Skills {
			f := fmt.Sprintf("skills[%d]", i)
			v.text(f+".name", sk.Name, 100, true)
			if sk.Years != nil && (*sk.Years < 0 || *sk.Years > 80) {
				v.add(f+".years", "%g is out of range 0–80", *sk.Years)
			}
		}
	}
	if v.items("employment", len(s.Employment), maxListItems) {
		for i, e := range s.Employment {
			f := fmt.Sprintf("employment[%d]", i)
			v.text(f+".employer", e.Employer, maxTextBytes, false)
			v.text(f+".title", e.Title, maxTextBytes, false)
			v.date(f+".from", e.From, true)
			v.date(f+".to", e.To, true)
			if r := e.Reference; r != nil {
				v.text(f+".reference.name", r.Name, maxNameBytes, false)
				if r.Email != "" {
					if _, err := CanonicalEmail(r.Email); err != nil {
						v.add(f+".reference.email", "%v", err)
					}
				}
				if r.Phone != "" {
					v.phone(f+".reference.phone", r.Phone)
				}
			}
		}
	}
	if s.Hired != nil {
		v.dateOrTime("hired", *s.Hired)
	}
	if s.Left != nil {
		v.dateOrTime("left", *s.Left)
	}
	return v.err()
}

// phone accepts what people type for a phone number; whether it is a valid number is a screening finding, not
// an input error.
func (v *validator) phone(field, p string) {
	if p == "" {
		v.add(field, "is empty")
		return
	}
	v.charset(field, p, 40, func(r rune) bool {
		return r >= '0' && r <= '9' || strings.ContainsRune("+ ()-./", r) || r == 'x' || r == 'X' || r == 'e' || r == 't'
	}, "digits, spaces, + ( ) - . / and an extension (x123)")
}

func (v *validator) url(field, s string) {
	if s == "" {
		v.add(field, "is required")
		return
	}
	if !v.charset(field, s, 2048, func(r rune) bool { return r > ' ' && r < utf8.RuneSelf && r != 0x7f }, "a URL of printable ASCII characters") {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		v.add(field, "%s is not an http or https URL", Quote(s))
	}
}

// Normalize fills defaults and trims surrounding space; call it before Validate on documents from outside.
func (s *Subject) Normalize() {
	if s.Kind == "" {
		s.Kind = KindCandidate
	}
	s.Name = strings.TrimSpace(s.Name)
	for i := range s.OtherNames {
		s.OtherNames[i] = strings.TrimSpace(s.OtherNames[i])
	}
	for i, c := range s.Nationalities {
		if cc, ok := CountryCode(c); ok {
			s.Nationalities[i] = cc
		}
	}
	if r := s.Residence; r != nil {
		if cc, ok := CountryCode(r.Country); ok {
			r.Country = cc
		}
	}
	for i := range s.Addresses {
		if cc, ok := CountryCode(s.Addresses[i].Country); ok {
			s.Addresses[i].Country = cc
		}
	}
	for i := range s.Documents {
		s.Documents[i].Issuer = strings.ToUpper(strings.TrimSpace(s.Documents[i].Issuer))
	}
}
