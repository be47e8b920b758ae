package match

import "unicode/utf8"

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
	spelling   string // the folded spelling when runes hold a canonical form (ltd → limited), else ""
}

// tokens are the folded tokens of one name.
type tokens struct {
	runes []rune
	toks  []token
}

// tokenList holds the folded tokens of one name and the buffers that produced them, so a name can be
// refolded without allocating.
type tokenList struct {
	tokens
	inToken   bool
	keepMarks bool   // the open token's script keeps combining marks
	dec       []byte // NFKD output of one rune
	key       []byte // UTF-8 of one token, for map look-ups without allocating
}

func (tl *tokenList) reset() {
	tl.runes = tl.runes[:0]
	tl.toks = tl.toks[:0]
	tl.inToken = false
	tl.keepMarks = false
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
	i := len(tl.toks) - 1
	t := &tl.toks[i]
	rs := tl.runes[t.start:t.end]
	switch {
	case hasDigit(rs):
		t.kind = kindNumber
	case len(rs) == 1:
		t.kind = kindInitial
	default:
		t.kind = kindWord
	}
	t.weight = tokenWeight(len(rs))
	if t.kind == kindNumber {
		// a number or code tells vessels, units and series apart: "Hwang Gum San 2" is another ship than "… 3"
		t.weight = max(t.weight, numberWeight)
	}
	if t.kind != kindWord {
		return
	}
	if form, ok := legalForms[tl.keyOf(i)]; ok {
		t.weight *= minorWeight
		t.minor = true
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

// keyOf returns token i as a string for map look-ups. The string aliases tl.key and is valid until the next
// call; the compiler does not allocate for m[string(bytes)].
func (tl *tokenList) keyOf(i int) string {
	tl.key = appendRunes(tl.key[:0], tl.tokenRunes(i))
	return string(tl.key)
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
}

// legalForms are company legal forms and function words, weighted down and, for abbreviations, compared as
// their long form. It holds no word that is also a person's name token.
var legalForms = func() map[string]legalForm {
	m := map[string]legalForm{}
	for _, w := range []string{
		"limited", "company", "corporation", "incorporated", "llc", "llp", "plc", "gmbh", "sarl", "srl", "spa",
		"jsc", "ojsc", "cjsc", "pjsc", "oao", "zao", "pao", "ooo", "kft", "zrt", "pte", "pty", "bv",
		"joint", "stock", "liability", "obshchestvo", "ogranichennoy", "ogranichennoi", "otvetstvennostyu",
		"aktsionernoe", "aktsionernoye", "otkrytoe", "zakrytoe", "publichnoe", "aktiengesellschaft",
		"gesellschaft", "mit", "beschrankter", "haftung", "mbh", "kommanditgesellschaft", "societatea",
		"raspundere", "limitata", "sociedad", "anonima", "responsabilidad", "limitada", "societe", "anonyme",
		"sprl", "sas", "spolka", "akcyjna", "zoo", "oyj", "asa", "aps", "tov", "dd", "doo", "of", "the", "and",
	} {
		m[w] = legalForm{spelling: w}
	}
	for short, long := range map[string]string{
		"ltd": "limited", "co": "company", "corp": "corporation", "inc": "incorporated",
	} {
		m[short] = legalForm{spelling: short, canonical: long}
	}
	return m
}()
