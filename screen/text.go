package screen

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/vigil-sec/vigil"
)

// Bounds on how much of an untrusted value a summary or an evidence detail shows. Applicants write names,
// addresses and emails; a reviewer needs enough to recognise the value, and the rest stays in the subject.
const (
	summaryRunes  = 48
	evidenceRunes = 160
	maxKeyValue   = 128
	maxEvidence   = 50 // evidence items per finding listing other subjects
)

// quote shows an untrusted value in a summary (vigil.QuoteN): double-quoted, cut to a few dozen characters,
// invisible characters escaped so that the value can neither break the line nor hide or reorder what the
// reviewer reads, and letters of every script kept as written, so that "Łukasz" or "김정은" read as such.
func quote(s string) string { return vigil.QuoteN(s, summaryRunes) }

// quoteLong is quote with room for an evidence detail.
func quoteLong(s string) string { return vigil.QuoteN(s, evidenceRunes) }

// keyPart makes a value safe and bounded for a finding key: a long value is replaced by its hash so that keys
// stay short and still identify the value.
func keyPart(s string) string {
	if len(s) <= maxKeyValue && !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + hex.EncodeToString(sum[:12])
}

// foldExact folds case, diacritics and punctuation for tests of exact equality (vigil.FoldText).
func foldExact(s string) string { return vigil.FoldText(s) }

// countryName names a country for a reviewer: "Poland (PL)", falling back to the code.
func countryName(code string) string {
	region, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if name := regionNames.Name(region); name != "" {
		return name + " (" + code + ")"
	}
	return code
}

var regionNames = display.English.Regions()

// cleanText bounds and escapes text that is shown unquoted (a matcher's explanation, a list's label):
// characters that are not printable become \u escapes and the text is cut to maxRunes.
func cleanText(s string, maxRunes int) string { return vigil.Clean(s, maxRunes) }
