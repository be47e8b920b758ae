package nameeval

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// specialLetters spells out the letters that do not decompose into a base letter and a mark.
var specialLetters = map[rune]string{
	'ß': "ss", 'ø': "o", 'æ': "ae", 'œ': "oe", 'đ': "d", 'ł': "l", 'ı': "i", 'þ': "th", 'ð': "d", 'ħ': "h",
}

// FoldKey is the key under which two names are the same name: see foldKey.
func FoldKey(s string) string { return foldKey(s) }

// foldKey folds a name for equality: compatibility decomposition, marks and apostrophes dropped, lower case,
// special letters spelled out, anything but letters and digits a separator, words sorted. It is deliberately
// simple: it decides when two names are the same, never when they are alike.
func foldKey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r) || isApostrophe(r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			if sp, ok := specialLetters[r]; ok {
				b.WriteString(sp)
			} else {
				b.WriteRune(r)
			}
		default:
			b.WriteByte(' ')
		}
	}
	ws := strings.Fields(b.String())
	slices.Sort(ws)
	return strings.Join(ws, " ")
}
