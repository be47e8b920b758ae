package screen

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/vigil-sec/vigil"
)

// watchedKinds are the identifier kinds compared with list indicators; the fingerprints cover exactly these.
var watchedKinds = []vigil.IdentifierKind{vigil.IdentDocument, vigil.IdentWallet, vigil.IdentEmail, vigil.IdentPhone, vigil.IdentIBAN}

// SubjectFingerprint returns a sha256 (hex) over the subject's fields a watch-list match depends on: names,
// birth date, nationalities and canonical documents and identifiers. Order within a field and surrounding
// space do not change it; any change of a value does, so that a reviewer's "not this person" decision stops
// applying when the identity it was made about changes. Version 1 of the encoding is part of the hash.
func SubjectFingerprint(s *vigil.Subject) string {
	var fp fingerprint
	fp.field("names", s.Names()...)
	fp.field("birth_date", s.BirthDate)
	nats := make([]string, 0, len(s.Nationalities))
	for _, n := range s.Nationalities {
		if c, ok := vigil.CountryCode(n); ok {
			n = c
		}
		nats = append(nats, n)
	}
	fp.field("nationalities", nats...)
	var idents []string
	for _, id := range s.Identifiers() {
		if slices.Contains(watchedKinds, id.Kind) {
			idents = append(idents, string(id.Kind)+"\x00"+id.Value)
		}
	}
	fp.field("identifiers", idents...)
	return fp.sum()
}

// EntryFingerprint returns a sha256 (hex) over the list entry's fields a match depends on: kind, names and
// aliases (with their weak flag), birth dates, nationalities and identifiers. A re-published entry with the
// same content has the same fingerprint.
func EntryFingerprint(e *vigil.ListEntry) string {
	var fp fingerprint
	fp.field("kind", string(e.Kind))
	names := []string{e.Name}
	for _, a := range e.Aliases {
		w := "strong"
		if a.Weak {
			w = "weak"
		}
		names = append(names, a.Name+"\x00"+w)
	}
	fp.field("names", names...)
	dates := make([]string, 0, len(e.BirthDates))
	for _, d := range e.BirthDates {
		c := ""
		if d.Circa {
			c = "circa"
		}
		dates = append(dates, d.Date+"\x00"+d.To+"\x00"+c)
	}
	fp.field("birth_dates", dates...)
	fp.field("nationalities", e.Nationalities...)
	idents := make([]string, 0, len(e.Identifiers))
	for _, id := range e.Identifiers {
		idents = append(idents, string(id.Kind)+"\x00"+id.Value+"\x00"+id.Issuer)
	}
	fp.field("identifiers", idents...)
	return fp.sum()
}

// fingerprint hashes named fields of sorted, length-prefixed values, so that no two different inputs can
// encode alike.
type fingerprint struct {
	buf []byte
}

func (fp *fingerprint) field(name string, values ...string) {
	vs := make([]string, 0, len(values))
	for _, v := range values {
		v = norm.NFC.String(strings.TrimSpace(v))
		if v != "" {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	vs = slices.Compact(vs)
	fp.str(name)
	fp.buf = binary.AppendUvarint(fp.buf, uint64(len(vs)))
	for _, v := range vs {
		fp.str(v)
	}
}

func (fp *fingerprint) str(s string) {
	fp.buf = binary.AppendUvarint(fp.buf, uint64(len(s)))
	fp.buf = append(fp.buf, s...)
}

func (fp *fingerprint) sum() string {
	h := sha256.New()
	h.Write([]byte("vigil-fingerprint-v1\x00"))
	h.Write(fp.buf)
	return hex.EncodeToString(h.Sum(nil))
}
