package uk

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// parser holds what the three formats share: the designations read so far, errors and warnings.
type parser struct {
	file  string
	list  string
	errs  listfile.ErrorList
	byID  map[string]*builder
	order []*builder
	asOf  time.Time

	warnings   []string          // one-off warnings, in order
	unknown    listfile.Tally    // unknown columns or elements → count and first line
	nameTypes  listfile.Tally    // unknown "Name type" values
	unresolved map[string]int    // country names that are not one country
	skipped    listfile.Sample   // values that could not be read
	nameless   listfile.Sample   // designations without any name
	promoted   listfile.Sample   // designations without a primary name
	capped     listfile.Sample   // designations with more names or values than are kept
	overflow   int               // unknown columns, elements, name types and countries beyond maxDistinct
	issuers    map[string]string // document additional information → issuing country
}

func newParser(file, list string) *parser {
	return &parser{file: file, list: list, byID: map[string]*builder{}, unknown: listfile.Tally{Max: maxDistinct},
		nameTypes: listfile.Tally{Max: maxDistinct}, unresolved: map[string]int{}, issuers: map[string]string{}}
}

func (p *parser) errorf(line int, record, format string, args ...any) {
	p.errs.Add(p.file, line, record, fmt.Sprintf(format, args...))
}

// tooManyErrors reports whether the parser should stop reading a file that is plainly broken.
func (p *parser) tooManyErrors() bool {
	return p.errs.Len() >= maxErrors
}

// count counts key in t, or in the overflow once t has maxDistinct keys.
func (p *parser) count(t *listfile.Tally, key string, line int) {
	if !t.Add(key, line) {
		p.overflow++
	}
}

// builder is one designation being read: from one XML element or spreadsheet row, or from the CSV rows that
// share its Unique ID.
type builder struct {
	id     string
	line   int
	entry  *vigil.ListEntry
	typ    string // the designation type as written
	regime string

	primaries []string
	others    []otherName
	nonLatin  []string
	names     int
	capped    bool

	titles    []string
	otherInfo []string
	reasons   []string
	facts     []string

	// seen holds the values already added and the problems already reported for this designation: the CSV
	// repeats a designation's values on each of its rows, and each is taken, or counted, once.
	seen map[string]bool
}

// once reports whether key is seen for the first time for this designation.
func (b *builder) once(key string) bool {
	if b.seen[key] {
		return false
	}
	if b.seen == nil {
		b.seen = map[string]bool{}
	}
	b.seen[key] = true
	return true
}

// fresh reports whether value, of a kind of which the designation has have values, is new and there is room
// for it: at most maxValues of a kind are kept, and the designation is then marked capped.
func (b *builder) fresh(kind, value string, have int) bool {
	if value == "" || b.seen[kind+"\x00"+value] {
		return false
	}
	if have >= maxValues {
		b.capped = true
		return false
	}
	return b.once(kind + "\x00" + value)
}

// addTo appends s to list unless it is empty, already there, or the list is full.
func (b *builder) addTo(list *[]string, kind, s string) {
	if b.fresh(kind, s, len(*list)) {
		*list = append(*list, s)
	}
}

type otherName struct {
	alias     vigil.Alias
	variation bool
}

// record names the designation in errors.
func record(id string) string { return "Unique ID " + id }

// designation starts the designation id of the given kind, found on line. A Unique ID that is not letters and
// digits, or one given twice, is an error; so is an unknown designation type.
func (p *parser) designation(id, typ string, line int) *builder {
	if !validID(id) {
		if id == "" {
			p.errorf(line, "", "the designation has no Unique ID")
		} else {
			p.errorf(line, "", "Unique ID %s is not a UK Sanctions List ID (letters and digits, such as DPR0001)", listfile.Quote(id))
		}
		return nil
	}
	kind, ok := entryKind(typ)
	if !ok {
		p.errorf(line, record(id), "designation %s has type %s; expected Individual, Entity or Ship", id, listfile.Quote(typ))
		return nil
	}
	if prev, dup := p.byID[id]; dup {
		p.errorf(line, record(id), "Unique ID %s is given twice (also on line %d)", id, prev.line)
		return nil
	}
	b := &builder{id: id, line: line, typ: listfile.Clean(typ), entry: &vigil.ListEntry{List: p.list, ID: id, Kind: kind}}
	p.byID[id] = b
	p.order = append(p.order, b)
	return b
}

func entryKind(typ string) (vigil.EntryKind, bool) {
	switch strings.ToLower(listfile.Clean(typ)) {
	case "individual":
		return vigil.EntryPerson, true
	case "entity":
		return vigil.EntryOrganization, true
	case "ship":
		return vigil.EntryVessel, true
	}
	return "", false
}

// validID accepts the FCDO's Unique IDs: letters and digits, at most 32.
func validID(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// regimeCode returns the regime code a Unique ID starts with: "DPR" for "DPR0001". It is "" for an ID that is
// not letters followed by digits.
func regimeCode(id string) string {
	i := 0
	for i < len(id) && id[i] >= 'A' && id[i] <= 'Z' {
		i++
	}
	if i < 2 || i > 6 || i == len(id) {
		return ""
	}
	for j := i; j < len(id); j++ {
		if id[j] < '0' || id[j] > '9' {
			return ""
		}
	}
	return id[:i]
}

// joinName joins the parts of a name in the publisher's order (Name 6 first), each cleaned.
func joinName(parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, s := range parts {
		if s = listfile.CleanName(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// name adds a name of the designation with its "Name type" and "Alias strength".
func (p *parser) name(b *builder, name, nameType, strength string, line int) {
	weak := isWeak(strength)
	typ := strings.ToLower(listfile.Clean(nameType))
	if name == "" || !b.once(fmt.Sprintf("name\x00%s\x00%v\x00%s", typ, weak, name)) || !b.countName() {
		return // the CSV may give a name on several rows
	}
	switch typ {
	case "primary name", "primary":
		b.primaries = append(b.primaries, name)
	case "primary name variation", "primary variation":
		b.others = append(b.others, otherName{alias: vigil.Alias{Name: name, Type: "aka", Weak: weak}, variation: true})
	case "alias", "aka", "a.k.a.", "a.k.a":
		b.others = append(b.others, otherName{alias: vigil.Alias{Name: name, Type: "aka", Weak: weak}})
	case "fka", "f.k.a.", "f.k.a", "formerly known as":
		b.others = append(b.others, otherName{alias: vigil.Alias{Name: name, Type: "fka", Weak: weak}})
	default:
		p.count(&p.nameTypes, listfile.Clean(nameType), line)
		b.others = append(b.others, otherName{alias: vigil.Alias{Name: name, Type: "aka", Weak: weak}})
	}
}

// nonLatinName adds a name in non-Latin script; the matcher transliterates it.
func (p *parser) nonLatinName(b *builder, name string) {
	if name = listfile.CleanName(name); name == "" || !b.once("non-latin name\x00"+name) || !b.countName() {
		return
	}
	b.nonLatin = append(b.nonLatin, name)
}

func (b *builder) countName() bool {
	if b.names >= maxNames {
		b.capped = true
		return false
	}
	b.names++
	return true
}

// isWeak reads an alias strength: the FCDO writes "Good quality a.k.a" and "Low quality a.k.a".
func isWeak(strength string) bool {
	s := strings.ToLower(strength)
	return strings.Contains(s, "low") || strings.Contains(s, "weak")
}

// finish turns the builders into entries ordered by Unique ID, dropping those without any name.
func (p *parser) finish() []*vigil.ListEntry {
	sort.Slice(p.order, func(i, j int) bool { return p.order[i].id < p.order[j].id })
	out := make([]*vigil.ListEntry, 0, len(p.order))
	for _, b := range p.order {
		if e := p.finishOne(b); e != nil {
			out = append(out, e)
		}
	}
	return out
}

func (p *parser) finishOne(b *builder) *vigil.ListEntry {
	e := b.entry
	aliases := make([]vigil.Alias, 0, len(b.primaries)+len(b.others)+len(b.nonLatin))
	switch {
	case len(b.primaries) > 0:
		e.Name = b.primaries[0]
	default:
		// No primary name (or only empty ones): the first variation, else the first strong alias, else any.
		pick := -1
		for i, o := range b.others {
			if o.variation {
				pick = i
				break
			}
		}
		for i, o := range b.others {
			if pick < 0 && !o.alias.Weak {
				pick = i
			}
		}
		if pick < 0 && len(b.others) > 0 {
			pick = 0
		}
		switch {
		case pick >= 0:
			e.Name = b.others[pick].alias.Name
			b.others = append(b.others[:pick:pick], b.others[pick+1:]...)
		case len(b.nonLatin) > 0:
			e.Name = b.nonLatin[0]
			b.nonLatin = b.nonLatin[1:]
		default:
			p.nameless.Add(fmt.Sprintf("%s (line %d)", b.id, b.line))
			return nil
		}
		p.promoted.Add(fmt.Sprintf("%s → %s", b.id, listfile.Quote(e.Name)))
	}
	index := map[string]int{strings.ToLower(e.Name): -1} // lower-cased name → position in aliases
	add := func(a vigil.Alias) {
		if a.Name == "" {
			return
		}
		k := strings.ToLower(a.Name)
		if i, dup := index[k]; dup {
			if i >= 0 && aliases[i].Weak && !a.Weak {
				aliases[i] = a // a strong alias replaces a weak one of the same name
			}
			return
		}
		index[k] = len(aliases)
		aliases = append(aliases, a)
	}
	for _, n := range b.primaries[min(1, len(b.primaries)):] {
		add(vigil.Alias{Name: n, Type: "aka"})
	}
	for _, o := range b.others {
		add(o.alias)
	}
	for _, n := range b.nonLatin {
		add(vigil.Alias{Name: n, Type: "aka"})
	}
	if len(aliases) > 0 {
		e.Aliases = aliases
	}
	if b.capped {
		p.capped.Add(b.id)
	}
	if code := regimeCode(b.id); code != "" {
		e.Programs = []string{code}
	} else if r := listfile.Clean(b.regime); r != "" {
		e.Programs = []string{r}
	}
	e.Title = strings.Join(b.titles, "; ")
	var remarks []string
	remarks = append(remarks, b.otherInfo...)
	for _, r := range b.reasons {
		remarks = append(remarks, "UK Statement of Reasons: "+r)
	}
	remarks = append(remarks, b.facts...)
	e.Remarks = strings.Join(remarks, "\n")
	return e
}

func (p *parser) warningList() []string {
	w := p.warnings
	for _, u := range p.unknown.Sorted() {
		w = append(w, fmt.Sprintf("%s:%d: ignored %d unknown %s (a change in the UK format?)", p.file, u.Line, u.Count, u.Key))
	}
	for _, u := range p.nameTypes.Sorted() {
		w = append(w, fmt.Sprintf("%s:%d: %d names have the unknown name type %s; read as aliases", p.file, u.Line, u.Count, listfile.Quote(u.Key)))
	}
	if p.nameless.N > 0 {
		w = append(w, fmt.Sprintf("%s: skipped %d designations that have no name: %s", p.file, p.nameless.N, p.nameless.String()))
	}
	if p.promoted.N > 0 {
		w = append(w, fmt.Sprintf("%s: %d designations have no primary name; another of their names is used: %s", p.file, p.promoted.N, p.promoted.String()))
	}
	if p.capped.N > 0 {
		w = append(w, fmt.Sprintf("%s: %d designations have more than %d names or %d values of one kind; the rest were ignored: %s", p.file, p.capped.N, maxNames, maxValues, p.capped.String()))
	}
	if len(p.unresolved) > 0 {
		w = append(w, p.file+": country names that are not one current country, kept as text only: "+listfile.CountList(p.unresolved, 0))
	}
	if p.skipped.N > 0 {
		w = append(w, listfile.SkippedWarning(p.file, &p.skipped))
	}
	if p.overflow > 0 {
		w = append(w, fmt.Sprintf("%s: %d further unknown columns, elements, name types or country names are not listed", p.file, p.overflow))
	}
	return w
}
