// Package commonnames is Vigil's false-positive set (issue 4): ordinary names of job applicants from many
// cultures, for measuring how often the matcher flags a benign name, culture by culture. Every culture yields
// the same number of names (PerCulture), so that the per-culture rates compare directly and a culture that
// carries a markedly higher rate stands out.
//
// The names are built, not collected. Each data/<culture>.tsv lists a culture's common given names (both
// sexes) and family names, and the forms in which its people write a full name in Latin script on a Western
// application form; a fixed-seed generator combines them into PerCulture names of distinct people (no name
// appears twice in another spelling or order). The lists were written by hand for Vigil from general knowledge
// of each culture's most frequent names; the header of each file names the kind of public statistics such
// frequencies come from. No data set was copied.
//
// Given names and most family names are drawn uniformly, so a culture's commonest names weigh less than in
// its population. Where a few surnames cover much of a people (Korean Kim, Chinese Wang, Vietnamese Nguyễn)
// the file weights them by their approximate share; the rule that no person appears twice still flattens the
// top surname somewhat (Kim is about a fifth of the Korean names, Nguyễn a third of the Vietnamese).
//
// Nothing here is checked against a sanctions list: a common name may also be a listed person's name. The
// evaluation harness drops the names that equal a list name and reports how many it dropped.
//
// # Data format
//
// One entry a line, fields separated by tabs; blank lines and lines starting with # are ignored.
//
//	form    TEMPLATE [w=N]                     how a full name is written; w is its relative weight (default 1)
//	given   SEX NAME                           SEX is m, f or u (either sex)
//	family  NAME [fem=NAME] [sex=m|f] [w=N]    fem: the form a woman bears (Kowalski, Kowalska);
//	                                           sex: borne only by that sex (Bangladeshi Begum, Uddin);
//	                                           w: relative frequency, on every family name of the file or none
//
// A TEMPLATE is placeholders separated by single spaces; each is {slot} or {slot:modifier:…}. The slots are
// given (required), given2 (a second given name of the same sex), father (a man's given name, written as the
// father's name in Arabic and Hausa names; it and both given names of a form with given2 are one-word names), middle (a second family name written as a middle name, as the
// mother's surname in Filipino names), family and family2 (a second family name, as in Spanish and Portuguese
// names). Modifiers, applied in order: joined ("Min-jun" → "Minjun"), spaced ("Min-jun" → "Min Jun"), ascii
// (diacritics dropped: "Nguyễn" → "Nguyen", "Łukasz" → "Lukasz"), umlaut (German spelling without umlauts:
// "Müller" → "Mueller"), last (the last word: "Văn An" → "An") and initial ("Ramasamy" → "R.").
package commonnames

import (
	"bufio"
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math/bits"
	"math/rand/v2"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// PerCulture is the number of distinct full names every culture yields.
const PerCulture = 500

// Name is one applicant's name. Full is the name as written on the application; Given and Family are the
// parts of Full that are given names (with father's and middle names) and family names, as written in Full.
// Family is empty for a person known by a single name.
type Name struct {
	Culture string // file name of the culture's data without .tsv, such as "korean" or "arabic-gulf"
	Given   string
	Family  string
	Full    string
}

//go:embed data/*.tsv
var dataFS embed.FS

// Limits on a data file. The files are Vigil's own, but a mistake in one should fail loudly, not slowly.
const (
	maxFileBytes  = 256 << 10
	maxLineBytes  = 1024
	maxNameRunes  = 64
	maxEntries    = 2000
	maxWeight     = 1_000_000
	maxErrors     = 20
	drawsPerName  = 200 // draws allowed per wanted name before a culture counts as too small
	distinctTries = 16  // draws of a slot before giving up making it differ from the slots drawn before it
)

var loadAll = sync.OnceValues(func() ([]Name, error) { return build(dataFS, PerCulture) })

// Cultures returns the culture keys in sorted order.
func Cultures() []string {
	names, err := loadAll()
	if err != nil {
		panic("commonnames: " + err.Error())
	}
	var out []string
	for i, n := range names {
		if i == 0 || n.Culture != names[i-1].Culture {
			out = append(out, n.Culture)
		}
	}
	return out
}

// All returns PerCulture names of every culture, sorted by culture and then by Full. The result is the same
// on every call and every machine; the caller owns the returned slice. All panics if the embedded data is
// malformed, which the package's tests rule out.
func All() []Name {
	names, err := loadAll()
	if err != nil {
		panic("commonnames: " + err.Error())
	}
	return slices.Clone(names)
}

// build parses every data file of fsys and generates n names for each culture.
func build(fsys fs.FS, n int) ([]Name, error) {
	files, err := fs.Glob(fsys, "data/*.tsv")
	if err != nil {
		return nil, fmt.Errorf("list data files: %w", err)
	}
	if len(files) == 0 {
		return nil, errors.New("no data files")
	}
	var out []Name
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		c, err := parse(file, data)
		if err != nil {
			return nil, err
		}
		names, err := c.generate(n)
		if err != nil {
			return nil, err
		}
		out = append(out, names...)
	}
	slices.SortFunc(out, func(a, b Name) int {
		return cmp.Or(cmp.Compare(a.Culture, b.Culture), cmp.Compare(a.Full, b.Full))
	})
	return out, nil
}

// slot is a placeholder of a template.
type slot uint8

const (
	slotGiven slot = iota
	slotGiven2
	slotFather
	slotMiddle
	slotFamily
	slotFamily2
	numSlots
)

var slotNames = map[string]slot{
	"given": slotGiven, "given2": slotGiven2, "father": slotFather,
	"middle": slotMiddle, "family": slotFamily, "family2": slotFamily2,
}

// isFamily reports whether the slot's text belongs to Name.Family rather than Name.Given.
func (s slot) isFamily() bool { return s == slotFamily || s == slotFamily2 }

// fromFamilyList reports whether the slot draws from the family names rather than the given names.
func (s slot) fromFamilyList() bool { return s == slotMiddle || s == slotFamily || s == slotFamily2 }

type modifier uint8

const (
	modJoined modifier = iota
	modSpaced
	modASCII
	modUmlaut
	modLast
	modInitial
)

var modifierNames = map[string]modifier{
	"joined": modJoined, "spaced": modSpaced, "ascii": modASCII,
	"umlaut": modUmlaut, "last": modLast, "initial": modInitial,
}

type placeholder struct {
	slot slot
	mods []modifier
}

type form struct {
	parts  []placeholder
	weight uint64
	line   int
}

func (f *form) uses(s slot) bool {
	return slices.ContainsFunc(f.parts, func(p placeholder) bool { return p.slot == s })
}

type sex uint8

const (
	male sex = iota
	female
	either
)

type given struct {
	name string
	sex  sex
}

type family struct {
	name, fem string
	sex       sex // either unless borne by one sex only
	weight    uint64
}

// culture is one parsed data file, with its names sorted into the pools the generator draws from.
type culture struct {
	key      string
	forms    []form
	givens   [2][]string  // by sex: the names of that sex and of either sex
	singles  [2][]string  // likewise, only the names of one word, for a form with two given names
	families [2][]*family // by sex, likewise
	famCum   [2][]uint64  // cumulative family weights, parallel to families
	formCum  []uint64
}

// parse reads one data file. Every problem is reported, as file:line: message, up to maxErrors of them.
func parse(file string, data []byte) (*culture, error) {
	key := strings.TrimSuffix(path.Base(file), ".tsv")
	if !validKey(key) {
		return nil, fmt.Errorf("%s: the file name must be lower-case letters and hyphens, ending in .tsv", file)
	}
	if len(data) > maxFileBytes {
		return nil, fmt.Errorf("%s: %d bytes, more than the %d allowed", file, len(data), maxFileBytes)
	}
	var (
		errs     []error
		c        = &culture{key: key}
		givens   []given
		families []*family
		seen     = map[string]int{} // kind and name → line, for duplicates
		weighted int                // family names that carry a weight
	)
	fail := func(line int, format string, args ...any) {
		if len(errs) < maxErrors {
			errs = append(errs, fmt.Errorf("%s:%d: %s", file, line, fmt.Sprintf(format, args...)))
		}
	}
	dup := func(line int, kind, name string) bool {
		k := kind + "\x00" + name
		if first, ok := seen[k]; ok {
			fail(line, "%s %q repeats line %d", kind, name, first)
			return true
		}
		seen[k] = line
		return false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, maxLineBytes), maxLineBytes)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if !utf8.ValidString(text) {
			fail(line, "not valid UTF-8")
			continue
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if i := strings.IndexFunc(text, func(r rune) bool { return r != '\t' && unicode.IsControl(r) }); i >= 0 {
			fail(line, "control character %U", []rune(text[i:])[0])
			continue
		}
		fields := strings.Split(text, "\t")
		switch fields[0] {
		case "form":
			if len(fields) < 2 || len(fields) > 3 {
				fail(line, "a form has a template and an optional weight, found %d fields", len(fields)-1)
				continue
			}
			f, err := parseTemplate(fields[1])
			if err != nil {
				fail(line, "template %q: %v", fields[1], err)
				continue
			}
			f.weight, f.line = 1, line
			if len(fields) == 3 {
				w, err := parseWeight(fields[2])
				if err != nil {
					fail(line, "%v", err)
					continue
				}
				f.weight = w
			}
			if !dup(line, "form", fields[1]) {
				c.forms = append(c.forms, f)
			}
		case "given":
			if len(fields) != 3 {
				fail(line, "a given name has a sex and a name, found %d fields", len(fields)-1)
				continue
			}
			s, ok := map[string]sex{"m": male, "f": female, "u": either}[fields[1]]
			if !ok {
				fail(line, "sex %q: want m, f or u", fields[1])
				continue
			}
			if err := checkName(fields[2]); err != nil {
				fail(line, "given name %q: %v", fields[2], err)
				continue
			}
			if !dup(line, "given name", fields[2]) {
				givens = append(givens, given{fields[2], s})
			}
		case "family":
			if len(fields) < 2 || len(fields) > 5 {
				fail(line, "a family name has a name and up to three attributes, found %d fields", len(fields)-1)
				continue
			}
			f, err := parseFamily(fields[1:])
			if err != nil {
				fail(line, "family name %q: %v", fields[1], err)
				continue
			}
			if !dup(line, "family name", f.name) {
				families = append(families, f)
				if f.weight != 0 {
					weighted++
				}
			}
		default:
			fail(line, "unknown entry %q: want form, given or family", fields[0])
		}
		if len(c.forms) > maxEntries || len(givens) > maxEntries || len(families) > maxEntries {
			fail(line, "more than %d entries of a kind", maxEntries)
			break
		}
	}
	if err := sc.Err(); err != nil {
		fail(line+1, "%v", err)
	}
	if weighted != 0 && weighted != len(families) {
		fail(line, "%d of %d family names carry a weight: give one to all or none", weighted, len(families))
	}
	if len(errs) != 0 {
		return nil, errors.Join(errs...)
	}
	for _, f := range families {
		if f.weight == 0 {
			f.weight = 1
		}
	}
	c.fill(givens, families)
	if err := c.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return c, nil
}

func validKey(key string) bool {
	if key == "" || key[0] == '-' || key[len(key)-1] == '-' {
		return false
	}
	for _, r := range key {
		if (r < 'a' || r > 'z') && r != '-' {
			return false
		}
	}
	return true
}

func parseWeight(field string) (uint64, error) {
	v, ok := strings.CutPrefix(field, "w=")
	if !ok {
		return 0, fmt.Errorf("attribute %q: want w=N", field)
	}
	w, err := strconv.ParseUint(v, 10, 64)
	if err != nil || w == 0 || w > maxWeight {
		return 0, fmt.Errorf("weight %q: want a whole number from 1 to %d", v, maxWeight)
	}
	return w, nil
}

func parseTemplate(t string) (form, error) {
	var f form
	used := map[slot]bool{}
	for tok := range strings.SplitSeq(t, " ") {
		inner, ok := strings.CutPrefix(tok, "{")
		if ok {
			inner, ok = strings.CutSuffix(inner, "}")
		}
		if !ok {
			return f, fmt.Errorf("%q is not a placeholder such as {given}", tok)
		}
		names := strings.Split(inner, ":")
		s, ok := slotNames[names[0]]
		if !ok {
			return f, fmt.Errorf("unknown slot %q", names[0])
		}
		if used[s] {
			return f, fmt.Errorf("slot %q appears twice", names[0])
		}
		used[s] = true
		p := placeholder{slot: s}
		for _, m := range names[1:] {
			mod, ok := modifierNames[m]
			if !ok {
				return f, fmt.Errorf("unknown modifier %q", m)
			}
			p.mods = append(p.mods, mod)
		}
		f.parts = append(f.parts, p)
	}
	if !used[slotGiven] {
		return f, errors.New("no {given}")
	}
	if used[slotFamily2] && !used[slotFamily] {
		return f, errors.New("{family2} without {family}")
	}
	return f, nil
}

func parseFamily(fields []string) (*family, error) {
	f := &family{name: fields[0], sex: either}
	if err := checkName(f.name); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, attr := range fields[1:] {
		k, v, ok := strings.Cut(attr, "=")
		if !ok || seen[k] {
			return nil, fmt.Errorf("attribute %q: want fem=, sex= or w=, each at most once", attr)
		}
		seen[k] = true
		switch k {
		case "fem":
			if err := checkName(v); err != nil {
				return nil, fmt.Errorf("feminine form %q: %v", v, err)
			}
			f.fem = v
		case "sex":
			switch v {
			case "m":
				f.sex = male
			case "f":
				f.sex = female
			default:
				return nil, fmt.Errorf("sex %q: want m or f", v)
			}
		case "w":
			w, err := parseWeight(attr)
			if err != nil {
				return nil, err
			}
			f.weight = w
		default:
			return nil, fmt.Errorf("unknown attribute %q: want fem, sex or w", k)
		}
	}
	if f.fem != "" && f.sex != either {
		return nil, errors.New("a feminine form on a name borne by one sex only")
	}
	return f, nil
}

// checkName accepts a name as a person writes it: letters (with their combining marks), single spaces,
// hyphens and apostrophes between letters, and a full stop ending an abbreviation ("Md. Rafiqul").
func checkName(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	if n := utf8.RuneCountInString(s); n > maxNameRunes {
		return fmt.Errorf("%d characters, more than %d", n, maxNameRunes)
	}
	prev := ' ' // as if preceded by a space: a name starts with a letter
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			if !unicode.IsLetter(prev) && !unicode.Is(unicode.Mn, prev) && !unicode.Is(unicode.Mc, prev) {
				return fmt.Errorf("combining mark %U not after a letter", r)
			}
			continue // a mark does not change what may follow
		case r == ' ':
			if !unicode.IsLetter(prev) && prev != '.' {
				return errors.New("a space not after a letter or full stop")
			}
		case r == '-' || r == '\'' || r == '’' || r == '.':
			if !unicode.IsLetter(prev) {
				return fmt.Errorf("%q not after a letter", r)
			}
		default:
			return fmt.Errorf("character %U is not allowed in a name", r)
		}
		if prev == '.' && r != ' ' {
			return errors.New("a full stop not followed by a space or the end")
		}
		prev = r
	}
	if !unicode.IsLetter(prev) && prev != '.' {
		return fmt.Errorf("ends with %q", prev)
	}
	return nil
}

// fill sorts the names into the per-sex pools.
func (c *culture) fill(givens []given, families []*family) {
	for _, s := range []sex{male, female} {
		for _, g := range givens {
			if g.sex == s || g.sex == either {
				c.givens[s] = append(c.givens[s], g.name)
				if !strings.Contains(g.name, " ") {
					c.singles[s] = append(c.singles[s], g.name)
				}
			}
		}
		var sum uint64
		for _, f := range families {
			if f.sex == s || f.sex == either {
				sum += f.weight
				c.families[s] = append(c.families[s], f)
				c.famCum[s] = append(c.famCum[s], sum)
			}
		}
	}
	var sum uint64
	for _, f := range c.forms {
		sum += f.weight
		c.formCum = append(c.formCum, sum)
	}
}

// check makes sure every form can be filled for both sexes with distinct names in each slot.
func (c *culture) check() error {
	if len(c.forms) == 0 {
		return errors.New("no form")
	}
	for _, f := range c.forms {
		for _, s := range []sex{male, female} {
			sexName := [2]string{"men", "women"}[s]
			if len(c.givens[s]) == 0 {
				return fmt.Errorf("line %d: the form needs a given name for %s, the file has none", f.line, sexName)
			}
			if f.uses(slotGiven2) && len(c.singles[s]) < 2 {
				return fmt.Errorf("line %d: {given2} needs two one-word given names for %s, the file has %d",
					f.line, sexName, len(c.singles[s]))
			}
			needFamily := 0
			for _, sl := range []slot{slotMiddle, slotFamily, slotFamily2} {
				if f.uses(sl) {
					needFamily++
				}
			}
			if len(c.families[s]) < needFamily {
				return fmt.Errorf("line %d: the form needs %d family names for %s, the file has %d", f.line,
					needFamily, sexName, len(c.families[s]))
			}
		}
		if f.uses(slotFather) && len(c.singles[male]) < 2 {
			return fmt.Errorf("line %d: {father} needs two one-word given names for men, the file has %d", f.line,
				len(c.singles[male]))
		}
	}
	return nil
}

// generate draws n names of distinct people: no two share a personKey, so that a name does not count twice
// in a culture's rate by appearing in two spellings or orders (Nguyễn Văn An, Nguyen Van An, Van An Nguyen).
// The spelling variants are spread over different people instead. The generator is seeded from the culture's key alone, so a culture's
// names change only when its own file does. It reads the PCG's raw output and maps it to an index itself,
// rather than through rand.IntN, so that the names stay the same across Go releases.
func (c *culture) generate(n int) ([]Name, error) {
	h := fnv.New64a()
	h.Write([]byte(c.key))
	r := rand.NewPCG(h.Sum64(), 0x636f6d6d6f6e6e6d) // "commonnm"
	pick := func(k int) int { hi, _ := bits.Mul64(r.Uint64(), uint64(k)); return int(hi) }
	pickCum := func(cum []uint64) int {
		x, _ := bits.Mul64(r.Uint64(), cum[len(cum)-1])
		i, _ := slices.BinarySearch(cum, x+1)
		return i
	}
	seen := make(map[string]bool, n)
	out := make([]Name, 0, n)
	for draws := 0; len(out) < n; draws++ {
		if draws >= n*drawsPerName {
			return nil, fmt.Errorf("culture %s: only %d distinct names after %d draws, %d wanted: add names or forms",
				c.key, len(out), draws, n)
		}
		name, ok := c.draw(pick, pickCum)
		if !ok {
			continue
		}
		key := personKey(name.Full)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, name)
	}
	return out, nil
}

// draw makes one name: a sex, a form, and a name for each of the form's slots, distinct from the names of the
// slots before it drawn from the same list. A father's name, and both given names of a form with two, are
// one-word names, lest "María José" and "Ana" make "María José Ana". It reports false when no distinct name
// turned up.
func (c *culture) draw(pick func(int) int, pickCum func([]uint64) int) (Name, bool) {
	s := sex(pick(2))
	f := &c.forms[pickCum(c.formCum)]
	givens := c.givens[s]
	if f.uses(slotGiven2) {
		givens = c.singles[s]
	}
	var text [numSlots]string
	var usedGiven, usedFamily []string
	for _, p := range f.parts {
		var v string
		found := false
		for try := 0; try < distinctTries && !found; try++ {
			switch {
			case p.slot.fromFamilyList():
				fam := c.families[s][pickCum(c.famCum[s])]
				if slices.Contains(usedFamily, fam.name) {
					continue
				}
				usedFamily = append(usedFamily, fam.name)
				v = fam.name
				if s == female && fam.fem != "" {
					v = fam.fem
				}
			case p.slot == slotFather:
				v = c.singles[male][pick(len(c.singles[male]))]
				if slices.Contains(usedGiven, v) {
					continue
				}
				usedGiven = append(usedGiven, v)
			default:
				v = givens[pick(len(givens))]
				if slices.Contains(usedGiven, v) {
					continue
				}
				usedGiven = append(usedGiven, v)
			}
			found = true
		}
		if !found {
			return Name{}, false
		}
		text[p.slot] = apply(v, p.mods)
	}
	var full, giv, fam []string
	for _, p := range f.parts {
		t := text[p.slot]
		full = append(full, t)
		if p.slot.isFamily() {
			fam = append(fam, t)
		} else {
			giv = append(giv, t)
		}
	}
	return Name{Culture: c.key, Given: strings.Join(giv, " "), Family: strings.Join(fam, " "),
		Full: strings.Join(full, " ")}, true
}

// personKey identifies the person behind a written name: its words without hyphens, marks or case, in
// sorted order. "Min-jun Kim", "Minjun Kim" and "Kim Min-jun" are one person; "Min Jun Kim" is written with
// other words and counts as another.
func personKey(full string) string {
	words := strings.Fields(strings.ToLower(fold(strings.ReplaceAll(full, "-", ""))))
	slices.Sort(words)
	return strings.Join(words, " ")
}

func apply(s string, mods []modifier) string {
	for _, m := range mods {
		switch m {
		case modJoined:
			s = rejoin(s, "", unicode.ToLower)
		case modSpaced:
			s = rejoin(s, " ", unicode.ToUpper)
		case modASCII:
			s = fold(s)
		case modUmlaut:
			s = umlauts.Replace(s)
		case modLast:
			s = s[strings.LastIndexByte(s, ' ')+1:]
		case modInitial:
			r, _ := utf8.DecodeRuneInString(s)
			s = string(unicode.ToUpper(r)) + "."
		}
	}
	return s
}

// rejoin replaces each hyphen by sep and changes the case of the letter after it: "Min-jun" becomes "Minjun"
// or "Min Jun".
func rejoin(s, sep string, caseOf func(rune) rune) string {
	var b strings.Builder
	after := false
	for _, r := range s {
		switch {
		case r == '-':
			b.WriteString(sep)
			after = true
		case after:
			b.WriteRune(caseOf(r))
			after = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var umlauts = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss")

// foldSpecial spells out the letters that do not decompose into a base letter and a mark.
var foldSpecial = strings.NewReplacer("ß", "ss", "ł", "l", "Ł", "L", "ø", "o", "Ø", "O", "æ", "ae", "Æ", "Ae",
	"œ", "oe", "Œ", "Oe", "đ", "d", "Đ", "D", "ð", "d", "Ð", "D", "þ", "th", "Þ", "Th", "ı", "i", "ħ", "h", "Ħ", "H")

// fold drops diacritics the way an applicant does who types a name on a keyboard without them.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < utf8.RuneSelf
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(foldSpecial.Replace(s)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}
