package listfile

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CheckSize records an error in errs when data, the content of the file called name, is larger than
// MaxFileBytes, and reports whether it is within the bound.
func CheckSize(name string, data []byte, errs *ErrorList) bool {
	if len(data) > MaxFileBytes {
		errs.Add(name, 0, "", fmt.Sprintf("is %d bytes; at most %d are accepted", len(data), MaxFileBytes))
		return false
	}
	return true
}

// TrimBOM removes a UTF-8 byte-order mark, which tools that export lists put before the first record (or
// the XML declaration), where it would read as text.
func TrimBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) }

// InvalidUTF8 finds the first byte of data that is not valid UTF-8: its offset and the line (1-based) it is
// on; bad is false when all of data is valid.
func InvalidUTF8(data []byte) (off, line int, bad bool) {
	if utf8.Valid(data) {
		return len(data), 0, false
	}
	for off < len(data) {
		r, n := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		off += n
	}
	return off, 1 + bytes.Count(data[:off], []byte{'\n'}), true
}

// Clean collapses runs of white space, line breaks included, to one space and trims the ends: lists wrap and
// indent values ("National Identification\n    Number").
func Clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// CleanName is Clean that also removes bidirectional formatting characters, which can make a name display as
// something it is not.
func CleanName(s string) string {
	return Clean(strings.Map(func(r rune) rune {
		if IsBidi(r) {
			return -1
		}
		return r
	}, s))
}

// IsBidi reports the bidirectional formatting characters (embeddings, overrides, isolates and marks).
func IsBidi(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') || r == '\u200e' || r == '\u200f'
}

// Year reads a year of four digits from 1800 to 2200: the years a date of birth or of designation on a list
// can have; anything else is a typing error or not a year.
func Year(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	y, _ := strconv.Atoi(s)
	return y, y >= 1800 && y <= 2200
}

// IsLatinText reports whether s is written in Latin letters: it has a letter, and every letter is in the Latin
// script (digits, punctuation and spaces aside). It tells a name in Latin script from one to transliterate
// where a list does not say which script a name is in.
func IsLatinText(s string) bool {
	letters := false
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.Is(unicode.Latin, r) {
				return false
			}
			letters = true
		}
	}
	return letters
}

// CutPrefixFold is strings.CutPrefix ignoring case: lists write "Circa" and "circa", "Alt." and "alt.".
func CutPrefixFold(s, prefix string) (after string, found bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
