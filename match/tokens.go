package match

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// tokenKind says how a token may pair with others.
type tokenKind uint8

const (
	kindWord    tokenKind = iota // letters, two or more
	kindInitial                  // a single letter: pairs weakly with any word starting with it
	kindNumber                   // has a digit: a number or code, pairs only when equal ("HWANG GUM SAN 2" is not "… 3")
)

// token is one folded token: its runes are tokenList.runes[start:end].
type token struct {
	start, end uint16
	kind       tokenKind
	minor      bool // a legal form or function word
	weight     float32
	spelling   string     // the folded spelling when runes hold a canonical form (ltd → limited), else ""
	ko         koreanKeys // readings as Korean syllables (see korean.go), set when the name reads as Korean
	glyph      rune       // the Hangul syllable or Han character the token romanises; 0 for other tokens
	form       uint8      // the legal-form class of a legal form (formLLC …), else 0
	connector  bool       // "bin", "ibn", "ben" …: the token after it is a father's or ancestor's name
	joinNext   bool       // an initial written with a dot or slash right before the next letter: "A.B.C.", "S.A."
}

// tokens are the folded tokens of one name.
type tokens struct {
	runes  []rune
	toks   []token
	korean bool // every token reads as Korean syllables: romanisation variants pair, and no token is optional
}

// tokenList holds the folded tokens of one name and the buffers that produced them, so a name can be
// refolded without allocating.
type tokenList struct {
	tokens
	inToken    bool
	keepMarks  bool   // the open token's script keeps combining marks
	dec        []byte // NFKD output of one rune
	hangul     []rune // romanisation of one Hangul syllable
	doubleNext bool   // a small tsu: the next kana's consonant doubles
	key        []byte // UTF-8 of one token, for map look-ups without allocating
}

func (tl *tokenList) reset() {
	tl.runes = tl.runes[:0]
	tl.toks = tl.toks[:0]
	tl.inToken = false
	tl.keepMarks = false
	tl.korean = false
	tl.doubleNext = false
}

func (tl *tokenList) appendRune(r rune) {
	if !tl.inToken {
		if len(tl.toks) >= maxTokens {
			return
		}
		tl.inToken = true
		tl.toks = append(tl.toks, token{start: uint16(len(tl.runes)), end: uint16(len(tl.runes))})
	}
	t := &tl.toks[len(tl.toks)-1]
	if t.end-t.start >= maxTokenRunes {
		return
	}
	tl.runes = append(tl.runes, r)
	t.end++
}

// endToken closes the open token, classifying, canonicalising and weighting it.
func (tl *tokenList) endToken() {
	if !tl.inToken {
		return
	}
	tl.inToken = false
	tl.classify(len(tl.toks) - 1)
}

// classify sets the kind and weight of token i, the last one, and canonicalises a legal form.
func (tl *tokenList) classify(i int) {
	t := &tl.toks[i]
	rs := tl.runes[t.start:t.end]
	t.minor = false
	t.connector = false
	t.spelling = ""
	switch {
	case hasDigit(rs):
		t.kind = kindNumber
	case len(rs) == 1 && t.glyph == 0:
		t.kind = kindInitial
	default:
		t.kind = kindWord
	}
	if t.kind == kindNumber && t.glyph == 0 {
		tl.deLeet(i)
		rs = tl.runes[t.start:t.end]
		if !hasDigit(rs) {
			t.kind = kindWord
			if len(rs) == 1 {
				t.kind = kindInitial
			}
		}
	}
	if t.kind == kindNumber {
		tl.ordinal(i)
		rs = tl.runes[t.start:t.end]
	}
	if t.kind == kindWord {
		tl.setKey(i)
		if alias, ok := spellingAliases[string(tl.key)]; ok {
			t.spelling = string(tl.key)
			tl.runes = tl.runes[:t.start]
			for _, r := range alias {
				tl.runes = append(tl.runes, r)
			}
			t.end = uint16(len(tl.runes))
			rs = tl.runes[t.start:t.end]
			tl.setKey(i)
		}
	}
	t.weight = tokenWeight(len(rs))
	if t.kind == kindWord {
		if n, ok := numberWords[string(tl.key)]; ok {
			if tl.setNumber(i, n) {
				return // joined to the token before, which is now the last
			}
			rs = tl.runes[t.start:t.end]
			t.weight = tokenWeight(len(rs))
		} else if f, ok := commonTokens[string(tl.key)]; ok {
			t.weight *= f
		}
	}
	if t.kind == kindNumber {
		// a number or code tells vessels, units and series apart: "Hwang Gum San 2" is another ship than "… 3"
		t.weight = max(t.weight, numberWeight)
	}
	if t.kind != kindWord {
		return
	}
	tl.setKey(i)
	t.connector = connectors[string(tl.key)]
	if particles[string(tl.key)] && i > 0 {
		t.weight *= minorWeight
		t.minor = true
		return
	}
	if isPatronymic(tl.runes[t.start:t.end]) {
		t.weight *= patronymicFactor
	}
	if form, ok := legalForms[string(tl.key)]; ok {
		t.weight *= minorWeight
		t.minor = true
		t.form = form.class
		if form.canonical != "" {
			t.spelling = form.spelling
			tl.runes = tl.runes[:t.start]
			for _, r := range form.canonical {
				tl.runes = append(tl.runes, r)
			}
			t.end = uint16(len(tl.runes))
		}
	}
}

func hasDigit(rs []rune) bool {
	for _, r := range rs {
		if r >= '0' && r <= '9' {
			return true
		}
	}
	return false
}

// setKey puts token i's UTF-8 in tl.key, for map look-ups written m[string(tl.key)], which the compiler does
// not allocate for (a string returned from a function would be).
func (tl *tokenList) setKey(i int) {
	tl.key = appendRunes(tl.key[:0], tl.tokenRunes(i))
}

func appendRunes(b []byte, rs []rune) []byte {
	for _, r := range rs {
		b = utf8.AppendRune(b, r)
	}
	return b
}

func (tl *tokens) tokenRunes(i int) []rune {
	t := &tl.toks[i]
	return tl.runes[t.start:t.end]
}

// display returns token i as a reader should see it: its folded spelling.
func (tl *tokens) display(i int) string {
	if s := tl.toks[i].spelling; s != "" {
		return s
	}
	return string(tl.tokenRunes(i))
}

// totalWeight is the weight of all tokens: what a perfect alignment covers.
func (tl *tokens) totalWeight() float32 {
	var w float32
	for i := range tl.toks {
		w += tl.toks[i].weight
	}
	return w
}

// tokenWeight makes long tokens count more than short ones: "Muhammad" carries more identity than "al" or an
// initial. Past twelve letters length says no more.
func tokenWeight(runes int) float32 {
	return float32(min(runes, 12))
}

// numberWeight is the least weight of a number or code.
const numberWeight = 3

// minorWeight scales legal forms and function words: "Ltd", "Aktiengesellschaft" or "of" say little about
// which company a name designates, so leaving one out, or writing it differently, should cost little.
const minorWeight = 0.1

type legalForm struct {
	spelling  string // the folded spelling, kept for display
	canonical string // the form it compares as, "" when the same
	class     uint8  // the legal form it names (formLLC …); 0 for function words
}

// Legal-form classes: the abbreviations and spelled-out forms of one legal form, in the languages the lists
// use, compare as equal ("OAO" and "Open Joint Stock Company", "AG" and "Aktiengesellschaft"); two different
// forms compare as different.
const (
	formNone uint8 = iota
	formLLC
	formJSC
	formAG
	formGmbH
	formLtd
	formInc
	formCorp
	formCo
	formSA
	formSRL
	formPLC
	formLP
	formLLP
	formNV
	formBV
	formAB
	formAS
	formKK
)

// legalFormPhrases are the spellings of each class, single words and phrases (matched on folded tokens).
var legalFormPhrases = map[uint8][]string{
	formLLC: {"llc", "ooo", "tov", "sro", "limited liability company", "obshchestvo s ogranichennoy otvetstvennostyu",
		"obshchestvo s ogranichennoi otvetstvennostyu", "tovarystvo z obmezhenoyu vidpovidalnistyu", "sp zoo", "spolka z oo",
		"spolka z ograniczona odpowiedzialnoscia"},
	formJSC: {"jsc", "oao", "zao", "pao", "ao", "ojsc", "cjsc", "pjsc", "joint stock company", "open joint stock company",
		"closed joint stock company", "public joint stock company", "aktsionernoe obshchestvo", "aktsionernoye obshchestvo",
		"otkrytoe aktsionernoe obshchestvo", "zakrytoe aktsionernoe obshchestvo", "publichnoe aktsionernoe obshchestvo"},
	formAG:   {"ag", "aktiengesellschaft"},
	formGmbH: {"gmbh", "mbh", "gesellschaft mit beschrankter haftung"},
	formLtd:  {"ltd", "limited"},
	formInc:  {"inc", "incorporated"},
	formCorp: {"corp", "corporation"},
	formCo:   {"co", "company"},
	formSA:   {"sa", "societe anonyme", "sociedad anonima", "sociedade anonima"},
	formSRL:  {"srl", "sarl", "societatea cu raspundere limitata", "societa a responsabilita limitata", "societe a responsabilite limitee"},
	formPLC:  {"plc", "public limited company"},
	formLP:   {"lp", "limited partnership"},
	formLLP:  {"llp", "limited liability partnership"},
	formNV:   {"nv", "naamloze vennootschap"},
	formBV:   {"bv", "besloten vennootschap"},
	formAB:   {"ab", "aktiebolag"},
	formAS:   {"as", "asa", "aktieselskab", "aksjeselskap"},
	formKK:   {"kk", "kabushiki kaisha"},
}

// legalPhrases maps the first word of a phrase of two or more words to the phrases starting with it, longest
// first.
var legalPhrases = func() map[string][]legalPhrase {
	m := map[string][]legalPhrase{}
	for class, spellings := range legalFormPhrases {
		for _, sp := range spellings {
			words := strings.Fields(sp)
			if len(words) < 2 {
				continue
			}
			m[words[0]] = append(m[words[0]], legalPhrase{words: words, text: sp, class: class})
		}
	}
	for k, l := range m {
		slices.SortFunc(l, func(a, b legalPhrase) int {
			if c := cmp.Compare(len(b.words), len(a.words)); c != 0 {
				return c
			}
			return strings.Compare(strings.Join(a.words, " "), strings.Join(b.words, " "))
		})
		m[k] = l
	}
	return m
}()

type legalPhrase struct {
	words []string
	text  string // the words with single spaces, for display
	class uint8
}

// legalForms are company legal forms and function words, weighted down and, for abbreviations, compared as
// their class. It holds no word that is also a person's name token, except short forms ("as", "ab") whose
// weight as a minor token is what a reviewer would give them anyway.
var legalForms = func() map[string]legalForm {
	m := map[string]legalForm{}
	for _, w := range []string{
		"joint", "stock", "liability", "obshchestvo", "ogranichennoy", "ogranichennoi", "otvetstvennostyu",
		"aktsionernoe", "aktsionernoye", "otkrytoe", "zakrytoe", "publichnoe", "gesellschaft", "mit",
		"beschrankter", "haftung", "kommanditgesellschaft", "societatea", "raspundere", "limitata", "sociedad",
		"anonima", "responsabilidad", "limitada", "societe", "anonyme", "sprl", "sas", "spolka", "akcyjna", "zoo",
		"oo", "oyj", "aps", "dd", "doo", "of", "the", "and", "se", "kg", "kft", "zrt", "pte", "pty", "spa", "bhd",
		"sdn", "tbk", "ano", "ohg", "ug", "open", "closed", "public", "private", "anonim", "sirketi",
	} {
		m[w] = legalForm{spelling: w}
	}
	for class, spellings := range legalFormPhrases {
		for _, sp := range spellings {
			if !strings.Contains(sp, " ") {
				m[sp] = legalForm{spelling: sp, class: class}
			}
		}
	}
	for short, long := range map[string]string{
		"ltd": "limited", "co": "company", "corp": "corporation", "inc": "incorporated",
	} {
		f := m[short]
		f.canonical = long
		m[short] = f
	}
	return m
}()

// spellingAliases are spellings compared as another: the Arabic article and the "son of" connector as
// French and English write them, and the abbreviations of words in organisation names (OFAC writes
// "INTERNATIONAL", applicants' employers and registries "Intl.").
var spellingAliases = map[string]string{
	"el": "al", "ibn": "bin", "ibnu": "bin",
	"intl": "international", "int": "international", "dept": "department", "shpg": "shipping",
	"mfg": "manufacturing", "natl": "national", "govt": "government", "assn": "association",
	"univ": "university", "inst": "institute", "bros": "brothers", "hldgs": "holdings", "trdg": "trading",
	"svcs": "services", "grp": "group", "mgmt": "management", "engg": "engineering", "tech": "technology",
}

// particles are the nobiliary particles of European names and the Arabic article: a name keeps or drops them freely
// ("Alexandre Boris de Pfeffel Johnson"), so they weigh little.
var particles = map[string]bool{
	"de": true, "da": true, "do": true, "dos": true, "das": true, "del": true, "della": true, "di": true,
	"du": true, "van": true, "von": true, "der": true, "den": true, "ter": true, "ten": true, "zu": true, "al": true,
}

// isPatronymic reports East Slavic, Turkic and Caucasian patronymics ("Viktorovich", "Oleksandrovych",
// "Ivanovna", "Aliyev ogly"): lists give them and applicants leave them out, so one missing costs less.
func isPatronymic(rs []rune) bool {
	for _, suf := range patronymicSuffixes {
		if len(rs) > len(suf)+2 && hasSuffixRunes(rs, suf) {
			return true
		}
	}
	for _, w := range patronymicWords {
		if len(rs) == len(w) && hasPrefixRunes(rs, w) {
			return true
		}
	}
	return false
}

var (
	patronymicSuffixes = []string{"ovich", "evich", "ovych", "evych", "ovna", "evna", "ivna", "ichna"}
	patronymicWords    = []string{"ogly", "oglu", "uly", "kyzy", "qizi"}
)

func hasSuffixRunes(rs []rune, s string) bool {
	return len(s) <= len(rs) && hasPrefixRunes(rs[len(rs)-len(s):], s)
}

// patronymicFactor is the weight of a patronymic relative to another token of its length.
const patronymicFactor = 0.5

// deLeet reads digits written between letters as the letters they stand for ("Ig0r Sech1n" is Igor Sechin):
// a name token holds no digit otherwise, while codes keep theirs ("P-532", "AHL1", "2007").
func (tl *tokenList) deLeet(i int) {
	t := &tl.toks[i]
	rs := tl.runes[t.start:t.end]
	for k := 1; k+1 < len(rs); k++ {
		if !isLetterRune(rs[k-1]) || !isLetterRune(rs[k+1]) {
			continue
		}
		switch rs[k] {
		case '0':
			rs[k] = 'o'
		case '1':
			rs[k] = 'i'
		case '3':
			rs[k] = 'e'
		case '4':
			rs[k] = 'a'
		case '5':
			rs[k] = 's'
		case '7':
			rs[k] = 't'
		case '9':
			rs[k] = 'g'
		}
	}
}

func isLetterRune(r rune) bool { return r >= 'a' && r <= 'z' }

// ordinal drops the suffix of an ordinal number: "1st" is 1, as "first" is.
func (tl *tokenList) ordinal(i int) {
	t := &tl.toks[i]
	rs := tl.runes[t.start:t.end]
	n := len(rs)
	if n < 3 || rs[n-3] < '0' || rs[n-3] > '9' {
		return
	}
	switch string(rs[n-2:]) {
	case "st", "nd", "rd", "th":
		tl.runes = tl.runes[:t.start+uint16(n-2)]
		t.end -= 2
	}
}

// setNumber replaces word token i, the last one, by the digits of n: "Three Percenters" is "3 Percenters", and
// a tens word followed by a unit word is one number ("Forty-Four", "forty four": 44).
func (tl *tokenList) setNumber(i, n int) (joined bool) {
	t := &tl.toks[i]
	if i > 0 && n < 10 {
		prev := &tl.toks[i-1]
		if v, ok := tensValue(tl.runes[prev.start:prev.end]); ok && prev.kind == kindNumber && prev.end == t.start {
			tl.runes = tl.runes[:prev.start]
			tl.toks = tl.toks[:i]
			tl.appendDigits(prev, v+n)
			prev.weight = max(tokenWeight(int(prev.end-prev.start)), numberWeight)
			return true
		}
	}
	tl.runes = tl.runes[:t.start]
	tl.appendDigits(t, n)
	return false
}

func (tl *tokenList) appendDigits(t *token, n int) {
	var buf [8]byte
	d := strconv.AppendInt(buf[:0], int64(n), 10)
	for _, c := range d {
		tl.runes = append(tl.runes, rune(c))
	}
	t.end = uint16(len(tl.runes))
	t.kind = kindNumber
	t.spelling = ""
}

// tensValue reads a number token that is a multiple of ten from twenty to ninety.
func tensValue(rs []rune) (int, bool) {
	if len(rs) != 2 || rs[1] != '0' || rs[0] < '2' || rs[0] > '9' {
		return 0, false
	}
	return int(rs[0]-'0') * 10, true
}

// numberWords are number words as names use them ("Three Percenters", "First International Bank", "Brigade
// Forty-Four"), compared as their digits.
var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40,
	"fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10,
}

// commonTokens scale down the weight of name tokens so common that sharing them says little: the most
// frequent given and family names of the cultures the lists and applicants come from, and the generic words
// of organisation names. "Kim", "Mohammed" or "Bank" alone never make a match; the rarer tokens beside them
// decide. The factor applies to both names compared, so equal names still score 1.
var commonTokens = func() map[string]float32 {
	m := map[string]float32{}
	for _, w := range []string{
		// Arabic, Persian, South Asian
		"muhammad", "mohammad", "mohammed", "mohamed", "muhammed", "mohamad", "mohamed", "mehmet", "ahmad",
		"ahmed", "ali", "abdul", "abd", "abdel", "abdal", "abu", "al", "el", "bin", "ibn", "hassan", "hasan",
		"hussein", "husain", "hussain", "husayn", "khan", "hamid", "mahmoud", "mahmood", "ibrahim", "omar",
		"umar", "mustafa", "abdullah", "abdallah", "singh", "kumar", "shah", "rahman",
		// East and South-East Asian
		"kim", "lee", "ri", "yi", "park", "pak", "choi", "choe", "jung", "jong", "jeong", "kang", "cho", "yoon",
		"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu",
		"nguyen", "tran", "le", "pham", "hoang",
		// European and American
		"john", "james", "david", "maria", "jose", "juan", "carlos", "garcia", "rodriguez", "lopez",
		"martinez", "gonzalez", "hernandez", "smith", "johnson", "williams", "brown", "jones", "miller",
		"ivan", "ivanov", "sergey", "sergei", "alexander", "aleksandr", "vladimir", "andrey", "mueller",
		"muller", "schmidt",
		// organisation words
		"bank", "group", "international", "trading", "holding", "holdings", "industries", "industrial",
		"national", "general", "global", "services", "investment", "investments", "enterprise", "enterprises",
		"shipping", "china", "korea", "russia", "iran", "new", "trust", "capital", "partners", "management",
	} {
		m[w] = commonTokenFactor
	}
	return m
}()

// commonTokenFactor is the weight of a common token relative to another of its length.
const commonTokenFactor = 0.6
