package nameeval

import (
	"hash/fnv"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigil-sec/vigil"
)

// RecallQuery is one query of the recall set: a name or alias of a listed entry written another way. A
// screener should find the entry, and rank it first.
type RecallQuery struct {
	List, EntryID string
	Original      string  // the name or alias as the list writes it
	Query         string  // the variant to search for
	Variant       Variant // how Query was made from Original
	Weak          bool    // Original is an alias the publisher calls low quality
	// Ambiguous is set when the variant turned the name into another entry's name (equal after folding, word
	// order aside): no screener can then rank this entry first, so reports count these apart. A variant of a
	// name several entries share is not ambiguous: they all tie.
	Ambiguous bool
}

// Variant is how a recall query was made from a listed name.
type Variant string

// Variants. Every one changes the name once, except mixed; Korean ones apply only to names that read as
// Korean (a family name from the table and given names made of Korean syllables).
const (
	VariantReorder    Variant = "reorder"        // family name moved to the other end ("Yong Chol KIM")
	VariantSurname    Variant = "surname"        // another romanisation of the Korean family name (Ri → Lee)
	VariantGiven      Variant = "given"          // one given-name syllable romanised another way (Chol → Cheol)
	VariantGivenRR    Variant = "given-rr"       // every given-name syllable in Revised Romanisation
	VariantGivenDPRK  Variant = "given-dprk"     // every given-name syllable in the DPRK's own system
	VariantApostrophe Variant = "apostrophe"     // McCune–Reischauer apostrophes (or any) removed
	VariantBreve      Variant = "breve"          // o' u' written ŏ ŭ
	VariantUnhyphen   Variant = "hyphen-dropped" // "Yong-chol" → "Yong chol"
	VariantGlued      Variant = "glued"          // "Yong-chol", "Yong Chol" → "Yongchol"
	VariantHyphenated Variant = "hyphenated"     // "Yong Chol" → "Yong-chol"
	VariantTypo       Variant = "typo"           // one letter substituted, deleted or swapped with the next
	VariantLegalForm  Variant = "legal-form"     // "Co., Ltd." ↔ "Company Limited" (organisations)
	VariantMixed      Variant = "mixed"          // reordered, family and given names romanised another way, hyphens changed
)

// IsDPRK reports whether an entry is listed under a programme or regime aimed at North Korea: OFAC's DPRK,
// DPRK2, DPRK3, DPRK4 and DPRK-NKSPEA; the UN's KP regime (list type DPRK); the EU's PRK; the UK's
// "Democratic People's Republic of Korea" regime, whose code (and ID prefix) is DPR. The Republic of Korea
// (South Korea) is not one.
func IsDPRK(e *vigil.ListEntry) bool {
	for _, p := range e.Programs {
		u := strings.ToUpper(strings.TrimSpace(p))
		u = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'").Replace(u)
		switch {
		case u == "KP" || u == "PRK" || u == "DPR" || u == "NK":
			return true
		case strings.HasPrefix(u, "DPRK"):
			return true
		case strings.Contains(u, "NORTH KOREA"):
			return true
		case strings.Contains(u, "KOREA") && strings.Contains(u, "DEMOCRATIC") && strings.Contains(u, "PEOPLE"):
			return true
		}
	}
	return false
}

// RecallSet returns the recall queries made from every name and alias of every person listed under a DPRK
// programme (IsDPRK): the family name moved to the other end; for Korean names every other romanisation of
// the family name, each given-name syllable romanised another way, the given names wholly in Revised
// Romanisation and in the DPRK's system, and one mixed variant; McCune–Reischauer marks removed or written
// as breves; hyphens dropped, glued or added; and exactly one typo. Queries are in the order of entries, names
// and variants, and the same entries always give the same queries. A variant written exactly as one of its
// entry's own names, or as an earlier variant of the entry (case and spacing aside), is left out.
func RecallSet(entries []*vigil.ListEntry) []RecallQuery {
	return recallSet(entries, vigil.EntryPerson)
}

// OrganizationRecallSet is RecallSet for the organisations listed under a DPRK programme: apostrophes and
// hyphens, legal forms written out or abbreviated, and one typo.
func OrganizationRecallSet(entries []*vigil.ListEntry) []RecallQuery {
	return recallSet(entries, vigil.EntryOrganization)
}

func recallSet(entries []*vigil.ListEntry, kind vigil.EntryKind) []RecallQuery {
	owners := nameOwners(entries)
	var out []RecallQuery
	for _, e := range entries {
		if e == nil || e.Kind != kind || !IsDPRK(e) {
			continue
		}
		self := entryRef{e.List, e.ID}
		seen := map[string]bool{}
		for _, n := range e.AllNames() {
			seen[exactKey(n)] = true
		}
		type listedName struct {
			name string
			weak bool
		}
		names := []listedName{{e.Name, false}}
		for _, a := range e.Aliases {
			names = append(names, listedName{a.Name, a.Weak})
		}
		done := map[string]bool{}
		for _, n := range names {
			if strings.TrimSpace(n.name) == "" || done[n.name] {
				continue
			}
			done[n.name] = true
			var vs []variant
			if kind == vigil.EntryPerson {
				vs = personVariants(n.name, e.List+"\x00"+e.ID)
			} else {
				vs = organizationVariants(n.name, e.List+"\x00"+e.ID)
			}
			for _, v := range vs {
				if seen[exactKey(v.query)] {
					continue
				}
				seen[exactKey(v.query)] = true
				key := foldKey(v.query)
				if key == "" {
					continue
				}
				q := RecallQuery{List: e.List, EntryID: e.ID, Original: n.name, Query: v.query, Variant: v.kind, Weak: n.weak}
				if key != foldKey(n.name) {
					for _, o := range owners[key] {
						if o != self {
							q.Ambiguous = true
							break
						}
					}
				}
				out = append(out, q)
			}
		}
	}
	return out
}

type entryRef struct{ list, id string }

// exactKey tells spellings apart as a reader would: case and spacing ignored, every letter and mark kept.
func exactKey(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// nameOwners maps the folded key of every name and alias to the entries holding it.
func nameOwners(entries []*vigil.ListEntry) map[string][]entryRef {
	m := map[string][]entryRef{}
	for _, e := range entries {
		if e == nil {
			continue
		}
		ref := entryRef{e.List, e.ID}
		for _, n := range e.AllNames() {
			k := foldKey(n)
			if k != "" && !slices.Contains(m[k], ref) {
				m[k] = append(m[k], ref)
			}
		}
	}
	return m
}

type variant struct {
	kind  Variant
	query string
}

// word is a run of letters (with the apostrophes inside it) in a name, by byte offsets.
type word struct{ start, end int }

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', '`', '´':
		return true
	}
	return false
}

// words splits s into words: letters and digits, with apostrophes between or after letters ("CHO'N", "HO'").
func words(s string) []word {
	var out []word
	start := -1
	for i, r := range s {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || (start >= 0 && isApostrophe(r))
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			out = append(out, word{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{start, len(s)})
	}
	return out
}

// personName is a person's name split the way Korean names are written on the lists: the family name, the
// given names (words, each split at hyphens into parts), and where the family name stands.
type personName struct {
	family      string
	given       [][]string // words of the given names; each word's hyphen-separated parts
	comma       bool       // "FAMILY, Given"
	familyFirst bool
	korean      bool // the family name is in the table and every given part is a Korean syllable
	upper       bool // written in capitals
}

// parsePerson reads a name of one of the shapes "FAMILY, Given Names", "FAMILY Given" (a Korean family name
// first) or "Given FAMILY" (a Korean family name last). Names of other shapes get ok false.
func parsePerson(s string) (p personName, ok bool) {
	s = strings.TrimSpace(s)
	p.upper = strings.ToUpper(s) == s && strings.ToLower(s) != s
	var givenPart string
	if fam, given, found := strings.Cut(s, ","); found {
		p.family, givenPart = strings.TrimSpace(fam), strings.TrimSpace(given)
		p.comma, p.familyFirst = true, true
		if strings.Contains(givenPart, ",") || p.family == "" || givenPart == "" {
			return p, false
		}
	} else {
		fs := strings.Fields(s)
		switch {
		case len(fs) < 2:
			return p, false
		case surnameGroup(fs[0]) >= 0:
			p.family, givenPart, p.familyFirst = fs[0], strings.Join(fs[1:], " "), true
		case surnameGroup(fs[len(fs)-1]) >= 0:
			p.family, givenPart = fs[len(fs)-1], strings.Join(fs[:len(fs)-1], " ")
		default:
			return p, false
		}
	}
	for _, w := range strings.Fields(givenPart) {
		parts := strings.Split(w, "-")
		for _, part := range parts {
			if part == "" {
				return p, false
			}
		}
		p.given = append(p.given, parts)
	}
	p.korean = len(p.given) > 0 && !strings.ContainsAny(p.family, " -") && surnameGroup(p.family) >= 0
	for _, w := range p.given {
		for _, part := range w {
			if _, ok := parseSyllable(normKorean(part)); !ok {
				p.korean = false
			}
		}
	}
	return p, true
}

// render writes the name with the family name first (with or without the comma) or last, and the given
// names' parts joined within a word by sep ("-", "" or " ").
func (p personName) render(familyFirst, comma bool, sep string) string {
	given := make([]string, len(p.given))
	for i, w := range p.given {
		given[i] = joinParts(w, sep, p.upper)
	}
	g := strings.Join(given, " ")
	switch {
	case familyFirst && comma:
		return p.family + ", " + g
	case familyFirst:
		return p.family + " " + g
	}
	return g + " " + p.family
}

// joinParts joins the parts of a given-name word; glued, a later part starts in lower case unless the name is
// in capitals ("Yong" + "Chol" → "Yongchol").
func joinParts(parts []string, sep string, upper bool) string {
	if sep != "" || upper {
		return strings.Join(parts, sep)
	}
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			p = strings.ToLower(p)
		}
		b.WriteString(p)
	}
	return b.String()
}

// spell writes a romanised syllable (normalised, with ' marks) in the case of the original part.
func spell(syl, like string, upper bool) string {
	if upper || strings.ToUpper(like) == like && strings.ToLower(like) != like {
		return strings.ToUpper(syl)
	}
	r, _ := utf8.DecodeRuneInString(like)
	if unicode.IsUpper(r) {
		sr, n := utf8.DecodeRuneInString(syl)
		return string(unicode.ToUpper(sr)) + syl[n:]
	}
	return syl
}

// mapGiven returns a copy of the name with every given-name part replaced by f(part).
func (p personName) mapGiven(f func(part string) string) personName {
	q := p
	q.given = make([][]string, len(p.given))
	for i, w := range p.given {
		q.given[i] = make([]string, len(w))
		for j, part := range w {
			q.given[i][j] = f(part)
		}
	}
	return q
}

func personVariants(name, seed string) []variant {
	var out []variant
	add := func(k Variant, q string) {
		q = strings.TrimSpace(q)
		if q != "" && q != name {
			out = append(out, variant{k, q})
		}
	}
	p, shaped := parsePerson(name)
	switch {
	case shaped && p.comma:
		add(VariantReorder, p.render(false, false, "-"))
	case shaped && p.familyFirst:
		add(VariantReorder, p.render(false, false, "-"))
	case shaped:
		add(VariantReorder, p.render(true, false, "-"))
	default:
		if fs := strings.Fields(name); len(fs) >= 2 {
			add(VariantReorder, strings.Join(append(fs[1:], fs[0]), " "))
		}
	}
	if shaped && p.korean {
		const sep = "-"
		g := surnameGroup(p.family)
		plain := strings.ReplaceAll(normKorean(p.family), "'", "")
		for _, f := range surnameGroups[g] {
			if strings.ReplaceAll(strings.ToLower(f), "'", "") == plain {
				continue
			}
			q := p
			q.family = spell(strings.ToLower(f), p.family, p.upper)
			add(VariantSurname, q.render(p.familyFirst, p.comma, sep))
		}
		for i, w := range p.given {
			for j, part := range w {
				syl, _ := parseSyllable(normKorean(part))
				for _, alt := range syl.alternatives() {
					q := p.mapGiven(func(s string) string { return s })
					q.given[i][j] = spell(alt, part, p.upper)
					add(VariantGiven, q.render(p.familyFirst, p.comma, sep))
				}
			}
		}
		rr := p.mapGiven(func(part string) string {
			syl, _ := parseSyllable(normKorean(part))
			return spell(syl.revised(), part, p.upper)
		})
		add(VariantGivenRR, rr.render(p.familyFirst, p.comma, sep))
		dp := p.mapGiven(func(part string) string {
			syl, _ := parseSyllable(normKorean(part))
			return spell(syl.dprk(), part, p.upper)
		})
		add(VariantGivenDPRK, dp.render(p.familyFirst, p.comma, sep))
	}
	if stripped := stripApostrophes(name); stripped != name {
		add(VariantApostrophe, stripped)
		if shaped && p.korean {
			add(VariantBreve, breves(name))
		}
	}
	switch {
	case shaped && p.korean:
		hyphens := false
		for _, w := range p.given {
			hyphens = hyphens || len(w) > 1
		}
		if hyphens {
			add(VariantUnhyphen, p.render(p.familyFirst, p.comma, " "))
			add(VariantGlued, p.render(p.familyFirst, p.comma, ""))
		} else if len(p.given) > 1 {
			q := p
			q.given = [][]string{slices.Concat(p.given...)}
			if !p.upper {
				for i := 1; i < len(q.given[0]); i++ {
					q.given[0][i] = strings.ToLower(q.given[0][i])
				}
			}
			add(VariantHyphenated, q.render(p.familyFirst, p.comma, "-"))
			add(VariantGlued, q.render(p.familyFirst, p.comma, ""))
		}
	case strings.Contains(name, "-"):
		add(VariantUnhyphen, strings.ReplaceAll(name, "-", " "))
		add(VariantGlued, glueHyphens(name))
	}
	if shaped && p.korean {
		// Family name last, its first other spelling, the given names in the other system, glued.
		q := p
		g := surnameGroup(p.family)
		plain := strings.ReplaceAll(normKorean(p.family), "'", "")
		for _, f := range surnameGroups[g] {
			if strings.ReplaceAll(strings.ToLower(f), "'", "") != plain {
				q.family = spell(strings.ToLower(f), p.family, p.upper)
				break
			}
		}
		conv := func(s syllable) string { return s.revised() }
		same := true
		for _, w := range p.given {
			for _, part := range w {
				syl, _ := parseSyllable(normKorean(part))
				same = same && syl.revised() == syl.String()
			}
		}
		if same {
			conv = func(s syllable) string { return s.dprk() }
		}
		q = q.mapGiven(func(part string) string {
			syl, _ := parseSyllable(normKorean(part))
			return spell(conv(syl), part, p.upper)
		})
		q.given = [][]string{slices.Concat(q.given...)}
		add(VariantMixed, q.render(!p.familyFirst, false, ""))
	}
	add(VariantTypo, typo(name, seed+"\x00"+name))
	return out
}

// legalForms pairs abbreviated legal-form words with their written-out form.
var legalForms = [][2]string{
	{"co", "company"},
	{"ltd", "limited"},
	{"corp", "corporation"},
	{"inc", "incorporated"},
	{"llc", "limited liability company"},
	{"intl", "international"},
	{"dept", "department"},
}

func organizationVariants(name, seed string) []variant {
	var out []variant
	add := func(k Variant, q string) {
		q = strings.TrimSpace(q)
		if q != "" && q != name {
			out = append(out, variant{k, q})
		}
	}
	if stripped := stripApostrophes(name); stripped != name {
		add(VariantApostrophe, stripped)
	}
	if strings.Contains(name, "-") {
		add(VariantUnhyphen, strings.ReplaceAll(name, "-", " "))
		add(VariantGlued, glueHyphens(name))
	}
	add(VariantLegalForm, swapLegalForms(name))
	add(VariantTypo, typo(name, seed+"\x00"+name))
	return out
}

// swapLegalForms writes every abbreviated legal-form word out and every written-out one abbreviated; an
// abbreviation of several words is an acronym, in capitals ("Limited Liability Company" → "LLC").
func swapLegalForms(name string) string {
	fs := strings.Fields(name)
	upper := strings.ToUpper(name) == name
	var out []string
	for i := 0; i < len(fs); i++ {
		w := fs[i]
		core := strings.ToLower(strings.Trim(w, ".,"))
		replaced := false
		for _, lf := range legalForms { // several words first: "Limited Liability Company" is not "Ltd."
			long := strings.Fields(lf[1])
			if len(long) > 1 && i+len(long) <= len(fs) && equalWords(fs[i:i+len(long)], long) {
				last := fs[i+len(long)-1]
				out = append(out, strings.ToUpper(lf[0])+trailingComma(last))
				i += len(long) - 1
				replaced = true
				break
			}
		}
		for _, lf := range legalForms {
			if replaced {
				break
			}
			switch {
			case core == lf[0]:
				out = append(out, caseLike(lf[1], w, upper)+trailingComma(w))
				replaced = true
			case core == lf[1]:
				out = append(out, caseLike(lf[0], w, upper)+"."+trailingComma(w))
				replaced = true
			}
		}
		if !replaced {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

func trailingComma(w string) string {
	if strings.HasSuffix(w, ",") {
		return ","
	}
	return ""
}

func equalWords(ws, want []string) bool {
	for i := range want {
		if strings.ToLower(strings.Trim(ws[i], ".,")) != want[i] {
			return false
		}
	}
	return true
}

// caseLike writes s (lower case) in the case of like: capitals, capitalised, or lower.
func caseLike(s, like string, upper bool) string {
	r, _ := utf8.DecodeRuneInString(like)
	switch {
	case upper:
		return strings.ToUpper(s)
	case unicode.IsUpper(r):
		sr, n := utf8.DecodeRuneInString(s)
		return string(unicode.ToUpper(sr)) + s[n:]
	}
	return s
}

// stripApostrophes removes apostrophes (and their look-alikes) from a name.
func stripApostrophes(s string) string {
	return strings.Map(func(r rune) rune {
		if isApostrophe(r) {
			return -1
		}
		return r
	}, s)
}

// breves writes the McCune–Reischauer vowels o' and u' (any apostrophe) with breves: ŏ, ŭ.
func breves(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if i+1 < len(rs) && isApostrophe(rs[i+1]) {
			switch rs[i] {
			case 'o':
				b.WriteRune('ŏ')
				i++
				continue
			case 'O':
				b.WriteRune('Ŏ')
				i++
				continue
			case 'u':
				b.WriteRune('ŭ')
				i++
				continue
			case 'U':
				b.WriteRune('Ŭ')
				i++
				continue
			}
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

// glueHyphens removes hyphens between letters, the letter after one in lower case unless the letter before is
// a capital ("Kim Yong-Chol" → "Kim Yongchol", "YONG-CHOL" → "YONGCHOL").
func glueHyphens(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if rs[i] == '-' && i > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1]) {
			if !unicode.IsUpper(rs[i-1]) {
				rs[i+1] = unicode.ToLower(rs[i+1])
			}
			continue
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

// keyboard gives the letters next to each on a QWERTY keyboard, for substitutions a typist makes.
var keyboard = map[rune]string{
	'q': "wa", 'w': "qes", 'e': "wrd", 'r': "etf", 't': "ryg", 'y': "tuh", 'u': "yij", 'i': "uok", 'o': "ipl",
	'p': "ol", 'a': "qsz", 's': "adwx", 'd': "sfec", 'f': "dgrv", 'g': "fhtb", 'h': "gjyn", 'j': "hkum",
	'k': "jlim", 'l': "kop", 'z': "asx", 'x': "zsdc", 'c': "xdfv", 'v': "cfgb", 'b': "vghn", 'n': "bhjm",
	'm': "njk",
}

// typo makes exactly one typing error in s, at a position and of a kind fixed by seed: a letter substituted by
// a neighbour on the keyboard, deleted, or swapped with the next letter of its word. The first letter of a
// word is never touched, nor a letter after an apostrophe, nor words of fewer than three letters (an error
// there changes the name, not its spelling). It returns "" when s has no such letter.
func typo(s, seed string) string {
	h := fnv.New64a()
	h.Write([]byte(seed))
	x := h.Sum64()
	rs := []rune(s)
	s = string(rs) // invalid UTF-8 replaced, so that byte offsets below agree with rs
	// Letter positions (rune indexes) eligible for an error.
	var cands []int
	for _, w := range words(s) {
		from := utf8.RuneCountInString(s[:w.start])
		wr := []rune(s[w.start:w.end])
		letters := 0
		for _, r := range wr {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		if letters < 3 {
			continue
		}
		for i := 1; i < len(wr); i++ {
			if unicode.IsLetter(wr[i]) && unicode.IsLetter(wr[i-1]) {
				cands = append(cands, from+i)
			}
		}
	}
	if len(cands) == 0 {
		return ""
	}
	pos := cands[x%uint64(len(cands))]
	op := (x >> 32) % 3
	for try := 0; try < 3; try++ {
		switch (op + uint64(try)) % 3 {
		case 0: // substitution
			lower := unicode.ToLower(rs[pos])
			near := keyboard[lower]
			if near == "" {
				continue
			}
			nr := []rune(near)
			sub := nr[(x>>16)%uint64(len(nr))]
			if unicode.IsUpper(rs[pos]) {
				sub = unicode.ToUpper(sub)
			}
			out := slices.Clone(rs)
			out[pos] = sub
			return string(out)
		case 1: // deletion
			return string(slices.Delete(slices.Clone(rs), pos, pos+1))
		case 2: // transposition with the next letter of the word
			if pos+1 < len(rs) && unicode.IsLetter(rs[pos+1]) && unicode.ToLower(rs[pos+1]) != unicode.ToLower(rs[pos]) {
				out := slices.Clone(rs)
				out[pos], out[pos+1] = out[pos+1], out[pos]
				return string(out)
			}
		}
	}
	return string(slices.Delete(slices.Clone(rs), pos, pos+1))
}
