package nameeval

import (
	"strings"
	"unicode"
)

// The romanisation variants below are this package's own, written from the rules of the systems themselves
// (McCune–Reischauer with its breves and apostrophes, the DPRK's 1992 system, the ROK's Revised Romanisation of
// 2000) and the personal spellings common in passports. They must stay independent of match/: they test it.

// surnameGroups lists each Korean family name in the spellings it is found under; the first is the DPRK
// spelling. A spelling belongs to one group only (TestSurnameGroupsDisjoint).
var surnameGroups = [][]string{
	{"Kim", "Gim"},
	{"Ri", "Lee", "Yi", "Rhee", "Rhi"},
	{"Pak", "Park", "Bak"},
	{"Choe", "Choi", "Chwe", "Ch'oe"},
	{"Jong", "Chong", "Jeong", "Chung", "Cho'ng"},
	{"Jon", "Chon", "Jeon", "Chun", "Cho'n"},
	{"Kang", "Gang"},
	{"Ko", "Go", "Koh"},
	{"Han"},
	{"Ryu", "Yu", "Yoo", "Ryoo"},
	{"Yun", "Yoon"},
	{"Sin", "Shin"},
	{"Hwang"},
	{"Ju", "Joo", "Chu"},
	{"O", "Oh"},
	{"U", "Woo"},
	{"Kwon", "Gwon"},
	{"Hyon", "Hyun", "Hyeon", "Hyo'n"},
	{"Song"},
	{"Jang", "Chang"},
	{"Cha", "Ch'a"},
	{"Rim", "Lim", "Im"},
	{"Ryom", "Yom", "Yeom", "Ryo'm"},
	{"Kye", "Gye"},
	{"Jo", "Cho", "Joe"},
	{"Min"},
	{"Ku", "Gu", "Koo"},
	{"Paek", "Baek", "Paik"},
	{"Mun", "Moon"},
	{"Pae", "Bae"},
	{"Son", "Sohn"},
	{"Ra", "Na", "Rha"},
	{"Pang", "Bang"},
	{"Ryang", "Yang"},
	{"Kwak", "Gwak"},
	{"Ji", "Chi"},
	{"Kil", "Gil"},
	{"Yon", "Yeon", "Yo'n"},
	{"Ho", "Heo", "Ho'"},
	{"Nam"},
	{"Hong"},
	{"An", "Ahn"},
	{"Chae"},
	{"Sim", "Shim"},
	{"So", "Seo", "So'"},
	{"No", "Roh"},
}

// surnameIndex maps a normalised spelling (lower case, apostrophes as ') to its group.
var surnameIndex = func() map[string]int {
	m := map[string]int{}
	for g, forms := range surnameGroups {
		for _, f := range forms {
			m[strings.ToLower(f)] = g
		}
	}
	return m
}()

// normKorean lower-cases a romanised token and writes every McCune–Reischauer mark the ASCII way: the
// apostrophe look-alikes as ', and the breve vowels ŏ ŭ as o' u'.
func normKorean(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\'', '’', '‘', 'ʼ', '`', '´':
			b.WriteByte('\'')
		case 'ŏ', 'Ŏ':
			b.WriteString("o'")
		case 'ŭ', 'Ŭ':
			b.WriteString("u'")
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// surnameGroup returns the group of a family-name token, or -1.
func surnameGroup(tok string) int {
	if g, ok := surnameIndex[normKorean(tok)]; ok {
		return g
	}
	return -1
}

// syllable is a romanised Korean syllable split into its initial consonant, vowel and final consonant, each
// as written (normalised by normKorean).
type syllable struct{ initial, vowel, final string }

// Spellings of the parts, longest first so that the first full parse is the natural one.
var (
	initials = []string{"tch", "ch'", "ch", "kk", "k'", "kh", "k", "g", "tt", "t'", "th", "t", "d", "pp", "p'", "ph",
		"p", "b", "ss", "sh", "s", "jj", "j", "h", "m", "n", "r", "l", ""}
	vowels = []string{"yae", "yeo", "yo'", "wae", "weo", "wo'", "ae", "eo", "eu", "oe", "ui", "wi", "wa", "we", "wo",
		"ya", "you", "yo", "yu", "ye", "o'", "u'", "oo", "a", "e", "i", "o", "u"}
	finals = []string{"ng", "k", "n", "l", "m", "p", "t", ""}
)

// parseSyllable reads one romanised Korean syllable (already normalised), or reports that s is not one.
func parseSyllable(s string) (syllable, bool) {
	for _, in := range initials {
		if !strings.HasPrefix(s, in) {
			continue
		}
		rest := s[len(in):]
		for _, v := range vowels {
			if !strings.HasPrefix(rest, v) {
				continue
			}
			fin := rest[len(v):]
			for _, f := range finals {
				if fin == f {
					return syllable{in, v, f}, true
				}
			}
		}
	}
	return syllable{}, false
}

// initialAlts and vowelAlts give the other spellings of a part, in order of preference: the DPRK, McCune–
// Reischauer and Revised spellings of the same letter. A plain MR stop written without its apostrophe (k, t,
// p, ch) may be the plain or the aspirated consonant, and RR writes the plain one voiced at the start of a
// word (g, d, b, j). A bare o, u may be ㅓ, ㅡ with the breve lost.
var (
	initialAlts = map[string][]string{
		"k": {"g"}, "g": {"k"}, "k'": {"kh", "k"}, "kh": {"k'", "k"},
		"t": {"d"}, "d": {"t"}, "t'": {"th", "t"}, "th": {"t'", "t"},
		"p": {"b"}, "b": {"p"}, "p'": {"ph", "p"}, "ph": {"p'", "p"},
		"ch": {"j"}, "j": {"ch"}, "ch'": {"ch"},
	}
	vowelAlts = map[string][]string{
		"o'": {"eo", "o", "u"}, "eo": {"o'", "o", "u"}, "o": {"eo", "u"},
		"u'": {"eu", "u"}, "eu": {"u'", "u"}, "u": {"eu", "oo"}, "oo": {"u"},
		"yo'": {"yeo", "yo", "yu", "you"}, "yeo": {"yo'", "yo", "you"}, "yo": {"yeo", "yu", "you"}, "you": {"yo", "yeo"},
		"wo'": {"wo", "weo"}, "weo": {"wo'", "wo"}, "wo": {"weo"},
	}
)

// alternatives returns the other spellings of a syllable, one part changed at a time: the initial, then the
// vowel. Spellings that differ from it only by apostrophes are left out (the apostrophe variant covers them).
func (s syllable) alternatives() []string {
	var out []string
	add := func(v string) {
		if strings.ReplaceAll(v, "'", "") == strings.ReplaceAll(s.String(), "'", "") {
			return
		}
		for _, o := range out {
			if o == v {
				return
			}
		}
		out = append(out, v)
	}
	for _, in := range initialAlts[s.initial] {
		add(in + s.vowel + s.final)
	}
	for _, v := range vowelAlts[s.vowel] {
		add(s.initial + v + s.final)
	}
	return out
}

func (s syllable) String() string { return s.initial + s.vowel + s.final }

// revised spells the syllable in Revised Romanisation where the spelling says enough: plain stops at the
// start voiced (k→g, t→d, p→b, ch→j), aspirates without their mark, ŏ ŭ as eo eu. A bare o or u stays: it
// may be ㅗ ㅜ.
func (s syllable) revised() string {
	in := s.initial
	switch in {
	case "k":
		in = "g"
	case "t":
		in = "d"
	case "p":
		in = "b"
	case "ch":
		in = "j"
	case "k'", "kh":
		in = "k"
	case "t'", "th":
		in = "t"
	case "p'", "ph":
		in = "p"
	case "ch'":
		in = "ch"
	}
	v := s.vowel
	switch v {
	case "o'":
		v = "eo"
	case "u'":
		v = "eu"
	case "yo'", "you":
		v = "yeo"
	case "wo'":
		v = "wo"
	}
	return in + v + s.final
}

// dprk spells the syllable the DPRK's way: voiced stops written unvoiced at the start except j (g→k, d→t,
// b→p), eo eu yeo as o u yo, no apostrophes.
func (s syllable) dprk() string {
	in := s.initial
	switch in {
	case "g":
		in = "k"
	case "d":
		in = "t"
	case "b":
		in = "p"
	case "ch":
		in = "j"
	case "k'", "kh":
		in = "k"
	case "t'", "th":
		in = "t"
	case "p'", "ph":
		in = "p"
	case "ch'":
		in = "ch"
	}
	v := s.vowel
	switch v {
	case "o'", "eo":
		v = "o"
	case "u'", "eu":
		v = "u"
	case "yo'", "yeo", "you":
		v = "yo"
	case "wo'", "weo":
		v = "wo"
	}
	return in + v + s.final
}
