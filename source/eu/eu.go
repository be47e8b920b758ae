// Package eu reads the EU consolidated list of persons, groups and entities subject to EU financial sanctions
// in the Financial Sanctions Files (FSF) XML format 1.1, the file the European Commission publishes at
// webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content: root <export generationDate=…> in
// the namespace http://eu.europa.ec/fpi/fsd/export, one <sanctionEntity> per designation, and nearly every value
// in an attribute rather than in text.
//
// The file is read with a streaming decoder, one sanctionEntity at a time, so memory follows the largest record,
// not the file (about 25 MB today). Input is treated as hostile: a DOCTYPE or any other directive is refused (no
// entity can be declared, let alone expanded), nesting, attributes, text, names per entry and file size are
// capped, and only UTF-8 is read.
//
// Mapping:
//   - ID is the sanctionEntity's logicalId, the Commission's own record number. euReferenceNumber ("EU.27.28")
//     and unitedNationId are not kept: the ID is what a designation is known by in Vigil's reports.
//   - Kind comes from subjectType: code "person" (classificationCode P) is a person, "enterprise" (E) an
//     organisation. Another code is read as an organisation with a warning, so that a new subject type in an EU
//     release neither stops `vigil lists update` nor drops designations from screening.
//   - Name is the wholeName of the first nameAlias with strong="true" written in Latin script (the EU often
//     lists a Hangul, Cyrillic or Greek form first); every other name is an alias of type "aka", including the
//     translations into the EU languages (nameLanguage "FR", "BG" …) and original-script names (nameLanguage
//     "KO"), which the matcher transliterates. strong="false", or a name remark saying "low quality", makes an
//     alias Weak. A nameAlias without wholeName is read as firstName middleName lastName.
//   - Gender is the first nameAlias gender "M" or "F" of a person; Title joins the distinct title and function
//     values of the names in English (nameLanguage empty or "EN").
//   - Programs are the regulation programme codes ("PRK", "RUS", "TERR"), each once, in order.
//   - ListedOn is the entity's designationDate, or else the earliest regulation publicationDate.
//   - BirthDates: the birthdate attribute (a full date) or year, monthOfYear and dayOfMonth (a partial date),
//     or yearRangeFrom and yearRangeTo (a range); circa="true" makes it Circa. BirthPlaces join place, city,
//     region and countryDescription as the EU writes them.
//   - Nationalities are the citizenship countries; Addresses the address elements. A country is read from
//     countryIso2Code, or from countryDescription when the code is "00" (the EU's "UNKNOWN") or not a current
//     country ("CS", Serbia and Montenegro).
//   - Identifiers: the identity documents a person can present (passport, national identity card and the other
//     personal documents, personal tax numbers) become documents "ICAO:NUMBER" with the issuer country; a
//     latinNumber is read too. Company registration numbers, trade licences, IMO numbers and SWIFT/BIC codes
//     are not identity documents and are not read, as in source/ofac. The contactInfo of an address gives phone
//     (PHONE, FAX), email (EMAIL) and website (WEB) identifiers.
//   - Remarks are the entity's remark texts; AsOf is the root's generationDate.
//
// Structural faults (malformed XML, a wrong root or namespace, a missing, duplicate or non-numeric logicalId, a
// record without a name or subjectType, two subjectTypes, a file without any sanctionEntity) are errors naming
// file, line and record, and nothing is returned: an empty or broken download must never replace a list. Values
// the parser cannot use (an unreadable date, a country that is not one current country, a document number that
// is not valid) and elements it does not know are skipped and reported as warnings.
package eu

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/country"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// File is a list file: a name for messages and its content.
type File = listfile.File

const (
	// Namespace is the XML namespace of the FSF export; the root element is <export> in it.
	Namespace   = "http://eu.europa.ec/fpi/fsd/export"
	rootElement = "export"
	entityName  = "sanctionEntity"

	// maxDepth bounds nesting: the format is four levels deep (export/sanctionEntity/nameAlias/
	// regulationSummary, export/sanctionEntity/address/contactInfo).
	maxDepth = 8
	// maxTextBytes bounds the text of one element and the value of one attribute; the longest remarks in the
	// real list are a few KB.
	maxTextBytes = 64 << 10
	// maxAttrs bounds the attributes of one element; an identification, the widest, has about 20.
	maxAttrs = 64
	// maxChildren bounds the elements of one sanctionEntity; real ones have at most a few hundred (names in
	// every EU language, each with its regulationSummary).
	maxChildren = 10000
	// maxNames bounds the names read for one entry; a group listed in all EU languages has about 30. Names
	// beyond it are ignored with a warning.
	maxNames = 500
	// maxErrors stops collecting errors from a file that is plainly broken.
	maxErrors = 10
	// maxSkipped is how many skipped values a warning shows by name.
	maxSkipped = 8
)

// Sniff reports whether data is XML whose root element is <export> in the FSF namespace.
func Sniff(data []byte) bool {
	const window = 64 << 10
	if len(data) > window {
		data = data[:window]
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t.Name.Local == rootElement && t.Name.Space == Namespace
		case xml.Directive:
			// Recognised so that Parse can refuse it with a clear message rather than "not a list".
			return bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE "+rootElement))
		}
	}
}

// Result is what Parse read.
type Result struct {
	Entries  []*vigil.ListEntry // ordered by logicalId
	AsOf     time.Time          // the root's generationDate; zero when absent or unreadable
	Warnings []string
}

// Parse reads an FSF XML export into entries whose List is list. On any structural fault it returns a
// listfile.ErrorList naming file, line and record, and no entries.
func Parse(f *File, list string) (*Result, error) {
	p := &parser{
		file: f.Name, list: list, seen: map[uint64]int{}, unknown: map[string]*unknownElement{},
		unresolved: map[string]int{}, subjectTypes: map[string]int{}, idTypes: map[string]int{},
		contactKeys: map[string]int{},
	}
	p.parse(f.Data)
	if p.errs.Len() > 0 {
		p.errs.Sort()
		return nil, p.errs.Err()
	}
	sort.Slice(p.entries, func(i, j int) bool { return p.entries[i].id < p.entries[j].id })
	res := &Result{Entries: make([]*vigil.ListEntry, len(p.entries)), AsOf: p.asOf, Warnings: p.warningList()}
	for i, e := range p.entries {
		res.Entries[i] = e.entry
	}
	return res, nil
}

type parsedEntry struct {
	id    uint64
	entry *vigil.ListEntry
}

type unknownElement struct {
	count     int
	firstLine int
}

type parser struct {
	file    string
	list    string
	dec     *xml.Decoder
	errs    listfile.ErrorList
	entries []parsedEntry
	seen    map[uint64]int // logicalId → line
	asOf    time.Time

	warnings     []string
	unknown      map[string]*unknownElement // "sanctionEntity/foo" → count
	unresolved   map[string]int             // country codes and names
	subjectTypes map[string]int             // unknown subjectType codes
	idTypes      map[string]int             // unknown identificationTypeCode values
	contactKeys  map[string]int             // unknown contactInfo keys
	capped       []string                   // records whose names were cut at maxNames, the first few
	nCapped      int                        // records whose names were cut
	skipped      []string                   // values that could not be used
	nSkipped     int
}

func (p *parser) errorf(line int, record, format string, args ...any) {
	p.errs.Add(p.file, line, record, fmt.Sprintf(format, args...))
}

func (p *parser) line() int {
	line, _ := p.dec.InputPos()
	return line
}

func (p *parser) parse(data []byte) {
	if len(data) > listfile.MaxFileBytes {
		p.errorf(0, "", "is %d bytes; at most %d are accepted", len(data), listfile.MaxFileBytes)
		return
	}
	// A byte-order mark before the XML declaration would read as text outside the root.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	p.dec = xml.NewDecoder(bytes.NewReader(data))
	p.dec.Strict = true
	// No CharsetReader: a file that declares an encoding other than UTF-8 is refused by the decoder.
	depth := 0
	sawRoot := false
	for p.errs.Len() < maxErrors {
		tok, err := p.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			p.syntaxError(err, "")
			return
		}
		switch t := tok.(type) {
		case xml.Directive:
			p.errorf(p.line(), "", "has a <!%s> directive; a DOCTYPE or entity declaration is not accepted in an EU list", firstWord(t))
			return
		case xml.ProcInst:
			if depth > 0 || t.Target != "xml" {
				p.errorf(p.line(), "", "has a processing instruction <?%s?>; none is expected in an EU list", safeName(t.Target))
				return
			}
		case xml.StartElement:
			if !p.checkAttrs(t, "") {
				return
			}
			switch depth {
			case 0:
				if sawRoot {
					p.errorf(p.line(), "", "has a second root element <%s> after </%s>", safeName(t.Name.Local), rootElement)
					return
				}
				if t.Name.Local != rootElement {
					p.errorf(p.line(), "", "the root element is <%s>; an EU FSF export has <%s>", safeName(t.Name.Local), rootElement)
					return
				}
				if t.Name.Space != Namespace {
					p.errorf(p.line(), "", "the root element <%s> is in namespace %s; an EU FSF export is in %q", rootElement, listfile.Quote(t.Name.Space), Namespace)
					return
				}
				sawRoot = true
				p.readRoot(t)
				depth++
			default: // 1: children of the root
				rec, err := p.readElement(t, depth)
				if err != nil {
					return
				}
				if rec.name != entityName {
					p.unknownElement(rootElement+"/"+rec.name, rec.line)
					continue
				}
				p.record(rec)
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				p.errorf(p.line(), "", "has text %s outside any sanctionEntity", listfile.Quote(string(bytes.TrimSpace(t))))
				return
			}
		}
	}
	if p.errs.Len() > 0 {
		return
	}
	if !sawRoot {
		p.errorf(0, "", "has no <%s> element; is it an EU FSF XML export?", rootElement)
		return
	}
	if len(p.entries) == 0 {
		p.errorf(0, "", "has no <%s>; the EU list is never empty, so the file is incomplete", entityName)
	}
}

// syntaxError reports a decoder error with its line.
func (p *parser) syntaxError(err error, record string) {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		if se.Msg == "unexpected EOF" {
			p.errorf(se.Line, record, "the file ends before the <%s> element is closed", rootElement)
			return
		}
		p.errorf(se.Line, record, "malformed XML: %s", se.Msg)
		return
	}
	p.errorf(p.line(), record, "malformed XML: %v", err)
}

// checkAttrs enforces the attribute limits on an element.
func (p *parser) checkAttrs(t xml.StartElement, record string) bool {
	if len(t.Attr) > maxAttrs {
		p.errorf(p.line(), record, "<%s> has %d attributes; at most %d are accepted", safeName(t.Name.Local), len(t.Attr), maxAttrs)
		return false
	}
	for _, a := range t.Attr {
		if len(a.Value) > maxTextBytes {
			p.errorf(p.line(), record, "attribute %s of <%s> has more than %d bytes", safeName(a.Name.Local), safeName(t.Name.Local), maxTextBytes)
			return false
		}
	}
	return true
}

func (p *parser) readRoot(t xml.StartElement) {
	v := attrValue(t.Attr, "generationDate")
	if v == "" {
		return
	}
	at, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: generationDate %s is not a date and time; the list has no as-of date", p.file, p.line(), listfile.Quote(v)))
		return
	}
	p.asOf = at.UTC()
}

// node is an element of one record: its name, line, attributes, text and children. The name is the local name
// for elements in the FSF namespace and "{namespace}local" for any other, which no known name equals.
type node struct {
	name     string
	line     int
	attrs    []xml.Attr
	text     string
	children []*node
}

func elementName(n xml.Name) string {
	if n.Space == Namespace || n.Space == "" {
		return n.Local
	}
	return "{" + n.Space + "}" + n.Local
}

// attr returns an attribute's value with its whitespace collapsed, "" when absent.
func (n *node) attr(name string) string {
	return clean(attrValue(n.attrs, name))
}

func attrValue(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// readElement reads the element start opened, with everything inside it, into a node tree.
func (p *parser) readElement(start xml.StartElement, depth int) (*node, error) {
	root := &node{name: elementName(start.Name), line: p.line(), attrs: start.Attr}
	record := root.name
	if id := attrValue(start.Attr, "logicalId"); id != "" && root.name == entityName {
		record = entityName + " logicalId " + safeName(id)
	}
	stack := []*node{root}
	text := make([][]byte, 1, maxDepth)
	count := 0
	for {
		tok, err := p.dec.Token()
		if err != nil {
			var se *xml.SyntaxError
			if err == io.EOF || errors.As(err, &se) && se.Msg == "unexpected EOF" {
				p.errorf(p.line(), record, "the file ends inside <%s> opened on line %d", safeName(root.name), root.line)
				return nil, err
			}
			p.syntaxError(err, record)
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth+len(stack) >= maxDepth {
				p.errorf(p.line(), record, "<%s> is nested %d levels deep; the EU format has at most 4", safeName(t.Name.Local), depth+len(stack)+1)
				return nil, errors.New("too deep")
			}
			if count++; count > maxChildren {
				p.errorf(p.line(), record, "<%s> opened on line %d has more than %d elements", safeName(root.name), root.line, maxChildren)
				return nil, errors.New("too many elements")
			}
			if !p.checkAttrs(t, record) {
				return nil, errors.New("attributes")
			}
			n := &node{name: elementName(t.Name), line: p.line(), attrs: t.Attr}
			parent := stack[len(stack)-1]
			parent.children = append(parent.children, n)
			stack = append(stack, n)
			text = append(text, nil)
		case xml.EndElement:
			n := stack[len(stack)-1]
			n.text = string(text[len(text)-1])
			stack = stack[:len(stack)-1]
			text = text[:len(text)-1]
			if len(stack) == 0 {
				return root, nil
			}
		case xml.CharData:
			b := &text[len(text)-1]
			if len(*b)+len(t) > maxTextBytes {
				n := stack[len(stack)-1]
				p.errorf(p.line(), record, "<%s> has more than %d bytes of text", safeName(n.name), maxTextBytes)
				return nil, errors.New("text too long")
			}
			*b = append(*b, t...)
		case xml.Directive:
			p.errorf(p.line(), record, "has a <!%s> directive inside <%s>", firstWord(t), safeName(root.name))
			return nil, errors.New("directive")
		case xml.ProcInst:
			p.errorf(p.line(), record, "has a processing instruction <?%s?> inside <%s>", safeName(t.Target), safeName(root.name))
			return nil, errors.New("processing instruction")
		}
	}
}

// firstWord returns the first word of a directive, short and printable, for a message.
func firstWord(d xml.Directive) string {
	s := strings.TrimSpace(string(d))
	if i := strings.IndexAny(s, " \t\r\n["); i >= 0 {
		s = s[:i]
	}
	return safeName(s)
}

// safeName makes an element, attribute or target name from the file printable and short for a message.
func safeName(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	q := strconv.QuoteToASCII(s)
	return q[1 : len(q)-1]
}

func (p *parser) unknownElement(path string, line int) {
	u := p.unknown[path]
	if u == nil {
		u = &unknownElement{firstLine: line}
		p.unknown[path] = u
	}
	u.count++
}

func (p *parser) skip(what, logicalID string) {
	p.nSkipped++
	if len(p.skipped) < maxSkipped {
		p.skipped = append(p.skipped, fmt.Sprintf("%s (logicalId %s)", what, logicalID))
	}
}

func (p *parser) warningList() []string {
	w := p.warnings
	paths := make([]string, 0, len(p.unknown))
	for path := range p.unknown {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		u := p.unknown[path]
		w = append(w, fmt.Sprintf("%s:%d: ignored %d unknown <%s> elements (a new element in the EU format?)", p.file, u.firstLine, u.count, safeName(path)))
	}
	if s := countList(p.subjectTypes); s != "" {
		w = append(w, p.file+": subjectType codes that are neither person nor enterprise, read as organisations: "+s)
	}
	if s := countList(p.idTypes); s != "" {
		w = append(w, p.file+": identificationTypeCode values not known, not read: "+s)
	}
	if s := countList(p.contactKeys); s != "" {
		w = append(w, p.file+": contactInfo keys not known, not read: "+s)
	}
	if s := countList(p.unresolved); s != "" {
		w = append(w, p.file+": countries that are not one current country, not used: "+s)
	}
	if p.nCapped > 0 {
		more := ""
		if p.nCapped > len(p.capped) {
			more = ", …"
		}
		w = append(w, fmt.Sprintf("%s: names beyond the first %d of an entry were ignored in %d entries: %s%s", p.file, maxNames, p.nCapped, strings.Join(p.capped, ", "), more))
	}
	if p.nSkipped > 0 {
		more := ""
		if p.nSkipped > len(p.skipped) {
			more = ", …"
		}
		w = append(w, fmt.Sprintf("%s: %d values could not be read and were skipped (they stay in the file): %s%s", p.file, p.nSkipped, strings.Join(p.skipped, ", "), more))
	}
	return w
}

// countList shows counted values sorted, each quoted with its count; at most 20, then how many more.
func countList(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	const show = 20
	parts := make([]string, 0, min(len(keys), show)+1)
	for i, k := range keys {
		if i == show {
			parts = append(parts, fmt.Sprintf("and %d more", len(keys)-show))
			break
		}
		parts = append(parts, fmt.Sprintf("%s ×%d", listfile.Quote(k), m[k]))
	}
	return strings.Join(parts, ", ")
}

// count adds one to a counter of unknown values, up to a bound on distinct values so that a hostile file cannot
// grow the map without limit.
func count(m map[string]int, key string) {
	if _, ok := m[key]; ok || len(m) < 1000 {
		m[key]++
	}
}

// knownChildren are the elements each element of a sanctionEntity may have. Anything else is counted in a
// warning. regulationSummary repeats, for every name, country, date, address and document, the regulation
// that introduced it; it is not read.
var knownChildren = map[string]map[string]bool{
	entityName: {
		"remark": true, "regulation": true, "subjectType": true, "nameAlias": true, "citizenship": true,
		"birthdate": true, "address": true, "identification": true,
	},
	"regulation":     {"publicationUrl": true},
	"subjectType":    {},
	"remark":         {},
	"nameAlias":      {"regulationSummary": true, "remark": true},
	"citizenship":    {"regulationSummary": true, "remark": true},
	"birthdate":      {"regulationSummary": true, "remark": true},
	"identification": {"regulationSummary": true, "remark": true},
	"address":        {"regulationSummary": true, "remark": true, "contactInfo": true},
}

// checkChildren counts the elements below n that the format does not have.
func (p *parser) checkChildren(n *node, path string) {
	known, ok := knownChildren[n.name]
	for _, c := range n.children {
		if !ok || !known[c.name] {
			p.unknownElement(path+"/"+c.name, c.line)
			continue
		}
		p.checkChildren(c, path+"/"+c.name)
	}
}

// name is one nameAlias as read.
type name struct {
	text     string
	weak     bool
	latin    bool
	language string
	n        *node
}

// record turns a sanctionEntity into a list entry.
func (p *parser) record(rec *node) {
	idText := rec.attr("logicalId")
	if idText == "" {
		p.errorf(rec.line, entityName, "<%s> has no logicalId", entityName)
		return
	}
	record := entityName + " logicalId " + safeName(idText)
	if !isDigits(idText) || len(idText) > 12 {
		p.errorf(rec.line, record, "logicalId %s is not a number", listfile.Quote(idText))
		return
	}
	id, _ := strconv.ParseUint(idText, 10, 64)
	idText = strconv.FormatUint(id, 10) // "007" is 7
	if prev, dup := p.seen[id]; dup {
		p.errorf(rec.line, record, "logicalId %d is given twice (also on line %d)", id, prev)
		return
	}
	p.seen[id] = rec.line

	p.checkChildren(rec, entityName)
	var subject *node
	var names []name
	capped := false
	for _, c := range rec.children {
		switch c.name {
		case "subjectType":
			if subject != nil {
				p.errorf(c.line, record, "<%s> has two <subjectType> elements (lines %d and %d); it may have one", entityName, subject.line, c.line)
				return
			}
			subject = c
		case "nameAlias":
			if len(names) == maxNames {
				capped = true
				continue
			}
			if nm, ok := readName(c); ok {
				names = append(names, nm)
			}
		}
	}
	if subject == nil {
		p.errorf(rec.line, record, "%s has no <subjectType>; it cannot be told a person or an organisation", record)
		return
	}
	if len(names) == 0 {
		p.errorf(rec.line, record, "%s has no name (no nameAlias with a wholeName)", record)
		return
	}
	if capped {
		if p.nCapped++; len(p.capped) < maxSkipped {
			p.capped = append(p.capped, "logicalId "+idText)
		}
	}

	e := &vigil.ListEntry{List: p.list, ID: idText, Kind: p.kind(subject)}
	person := e.Kind == vigil.EntryPerson
	primary := primaryName(names)
	e.Name = names[primary].text
	for i, nm := range names {
		if i != primary {
			addAlias(e, vigil.Alias{Name: nm.text, Type: "aka", Weak: nm.weak})
		}
	}
	var titles []string
	for _, nm := range names {
		if person && e.Gender == "" {
			switch strings.ToUpper(nm.n.attr("gender")) {
			case "M":
				e.Gender = "male"
			case "F":
				e.Gender = "female"
			}
		}
		if nm.language == "" || nm.language == "EN" {
			for _, t := range []string{nm.n.attr("title"), nm.n.attr("function")} {
				if t != "" && !contains(titles, t) {
					titles = append(titles, t)
				}
			}
		}
	}
	e.Title = strings.Join(titles, "; ")

	var remarks []string
	listed := ""
	if d := rec.attr("designationDate"); d != "" {
		if validDate(d) {
			listed = d
		} else {
			p.skip("designationDate "+listfile.Quote(d), idText)
		}
	}
	earliest := ""
	for _, c := range rec.children {
		switch c.name {
		case "remark":
			if t := strings.TrimSpace(c.text); t != "" {
				remarks = append(remarks, t)
			}
		case "regulation":
			if prog := c.attr("programme"); prog != "" && !contains(e.Programs, prog) {
				e.Programs = append(e.Programs, prog)
			}
			if d := c.attr("publicationDate"); d != "" {
				if !validDate(d) {
					p.skip("regulation publicationDate "+listfile.Quote(d), idText)
				} else if earliest == "" || d < earliest {
					earliest = d
				}
			}
		case "citizenship":
			if code := p.country(c); code != "" && !contains(e.Nationalities, code) {
				e.Nationalities = append(e.Nationalities, code)
			}
		case "birthdate":
			if d, ok := p.birthDate(c, idText); ok {
				addBirthDate(e, d)
			}
			if place := birthPlace(c); place != "" && !contains(e.BirthPlaces, place) {
				e.BirthPlaces = append(e.BirthPlaces, place)
			}
		case "address":
			p.address(e, c)
		case "identification":
			p.identification(e, c, person)
		}
	}
	if listed == "" {
		listed = earliest
	}
	e.ListedOn = listed
	e.Remarks = strings.Join(remarks, "\n")
	p.entries = append(p.entries, parsedEntry{id: id, entry: e})
}

func (p *parser) kind(subject *node) vigil.EntryKind {
	code := strings.ToLower(subject.attr("code"))
	class := strings.ToUpper(subject.attr("classificationCode"))
	switch {
	case code == "person", code == "" && class == "P":
		return vigil.EntryPerson
	case code == "enterprise", code == "" && class == "E":
		return vigil.EntryOrganization
	}
	count(p.subjectTypes, code+"/"+class)
	return vigil.EntryOrganization
}

// readName reads a nameAlias: its wholeName, or its parts when wholeName is empty.
func readName(n *node) (name, bool) {
	text := cleanName(n.attr("wholeName"))
	if text == "" {
		var parts []string
		for _, a := range []string{"firstName", "middleName", "lastName"} {
			if v := cleanName(n.attr(a)); v != "" {
				parts = append(parts, v)
			}
		}
		text = strings.Join(parts, " ")
	}
	if text == "" {
		return name{}, false
	}
	weak := strings.EqualFold(n.attr("strong"), "false")
	for _, c := range n.children {
		if c.name == "remark" {
			r := strings.ToLower(c.text)
			// The EU marks some aliases in a remark: "Low quality alias", even misspelt "Lo quality".
			if strings.Contains(r, "low quality") || strings.Contains(r, "lo quality") {
				weak = true
			}
		}
	}
	return name{text: text, weak: weak, latin: isLatin(text), language: strings.ToUpper(n.attr("nameLanguage")), n: n}, true
}

// primaryName picks the entry's name: the first strong name in Latin script, else the first name in Latin
// script, else the first strong name, else the first.
func primaryName(names []name) int {
	for _, want := range []func(name) bool{
		func(n name) bool { return !n.weak && n.latin },
		func(n name) bool { return n.latin },
		func(n name) bool { return !n.weak },
	} {
		for i, n := range names {
			if want(n) {
				return i
			}
		}
	}
	return 0
}

// isLatin reports whether every letter of s is in the Latin script.
func isLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

func addAlias(e *vigil.ListEntry, a vigil.Alias) {
	if a.Name == "" || strings.EqualFold(a.Name, e.Name) {
		return
	}
	for i, have := range e.Aliases {
		if strings.EqualFold(have.Name, a.Name) {
			if have.Weak && !a.Weak {
				e.Aliases[i] = a
			}
			return
		}
	}
	e.Aliases = append(e.Aliases, a)
}

// formerCodes are ISO 3166-1 codes of states that no longer exist, which vigil.CountryCode still accepts. "CS"
// in the EU list is Serbia and Montenegro.
var formerCodes = map[string]bool{"CS": true, "YU": true, "SU": true, "AN": true, "DD": true}

// country reads the country of a citizenship, address or identification: countryIso2Code, or
// countryDescription when the code is "00" ("UNKNOWN") or not a current country. "" when neither says one.
func (p *parser) country(n *node) string {
	code := strings.ToUpper(n.attr("countryIso2Code"))
	if code == "00" {
		code = ""
	}
	if len(code) == 2 && !formerCodes[code] {
		if c, ok := vigil.CountryCode(code); ok {
			return c
		}
	}
	if desc := n.attr("countryDescription"); desc != "" && !strings.EqualFold(desc, "UNKNOWN") {
		if c, ok := country.FromName(desc); ok {
			return c
		}
		count(p.unresolved, desc)
		return ""
	}
	if code != "" {
		count(p.unresolved, code)
	}
	return ""
}

// birthDate reads a birthdate element's date; ok is false when it has none or it cannot be read (then it is
// counted as skipped).
func (p *parser) birthDate(n *node, logicalID string) (vigil.BirthDate, bool) {
	full, y, m, d := n.attr("birthdate"), n.attr("year"), n.attr("monthOfYear"), n.attr("dayOfMonth")
	from, to := n.attr("yearRangeFrom"), n.attr("yearRangeTo")
	if full == "" && y == "" && m == "" && d == "" && from == "" && to == "" {
		return vigil.BirthDate{}, false // a place of birth only
	}
	if cal := n.attr("calendarType"); cal != "" && !strings.EqualFold(cal, "GREGORIAN") {
		p.skip(fmt.Sprintf("birthdate in calendar %s", listfile.Quote(cal)), logicalID)
		return vigil.BirthDate{}, false
	}
	bd := vigil.BirthDate{Circa: strings.EqualFold(n.attr("circa"), "true")}
	switch {
	case full != "":
		if !validDate(full) {
			p.skip("birthdate "+listfile.Quote(full), logicalID)
			return bd, false
		}
		bd.Date = full
	case y != "":
		yy, ok := year(y)
		if !ok {
			p.skip("birthdate year "+listfile.Quote(y), logicalID)
			return bd, false
		}
		bd.Date = fmt.Sprintf("%04d", yy)
		if m == "" {
			if d != "" {
				p.skip(fmt.Sprintf("birthdate dayOfMonth %s without monthOfYear", listfile.Quote(d)), logicalID)
				return bd, false
			}
			break
		}
		mm, err := strconv.Atoi(m)
		if err != nil || mm < 1 || mm > 12 {
			p.skip("birthdate monthOfYear "+listfile.Quote(m), logicalID)
			return bd, false
		}
		bd.Date = fmt.Sprintf("%04d-%02d", yy, mm)
		if d != "" {
			dd, err := strconv.Atoi(d)
			date := fmt.Sprintf("%04d-%02d-%02d", yy, mm, dd)
			if err != nil || !validDate(date) {
				p.skip(fmt.Sprintf("birthdate %s-%s-%s", y, listfile.Quote(m), listfile.Quote(d)), logicalID)
				return bd, false
			}
			bd.Date = date
		}
	case from != "" && to != "":
		f, okf := year(from)
		t, okt := year(to)
		if !okf || !okt || t < f {
			p.skip(fmt.Sprintf("birthdate yearRangeFrom %s yearRangeTo %s", listfile.Quote(from), listfile.Quote(to)), logicalID)
			return bd, false
		}
		bd.Date = strconv.Itoa(f)
		if t != f {
			bd.To = strconv.Itoa(t)
		}
	default:
		// A range open at one end ("born by 1980") or a day and month without a year: not a date a subject's
		// birth date can be compared with.
		p.skip(fmt.Sprintf("birthdate without a year (yearRangeFrom %s, yearRangeTo %s, monthOfYear %s, dayOfMonth %s)",
			listfile.Quote(from), listfile.Quote(to), listfile.Quote(m), listfile.Quote(d)), logicalID)
		return bd, false
	}
	return bd, true
}

// birthPlace joins place, city, region and country description of a birthdate as the EU writes them.
func birthPlace(n *node) string {
	var parts []string
	for _, a := range []string{"place", "city", "region", "countryDescription"} {
		v := n.attr(a)
		if v == "" || a == "countryDescription" && strings.EqualFold(v, "UNKNOWN") || contains(parts, v) {
			continue
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, ", ")
}

func validDate(s string) bool {
	t, err := time.Parse(time.DateOnly, s)
	return err == nil && t.Year() >= 1800
}

func year(s string) (int, bool) {
	if len(s) != 4 || !isDigits(s) {
		return 0, false
	}
	y, _ := strconv.Atoi(s)
	return y, y >= 1800 && y <= 2200
}

func addBirthDate(e *vigil.ListEntry, d vigil.BirthDate) {
	for _, have := range e.BirthDates {
		if have == d {
			return
		}
	}
	e.BirthDates = append(e.BirthDates, d)
}

// address reads an address and the phone numbers, emails and websites of its contactInfo.
func (p *parser) address(e *vigil.ListEntry, n *node) {
	var line []string
	if v := n.attr("street"); v != "" {
		line = append(line, v)
	}
	if v := n.attr("poBox"); v != "" {
		if !strings.Contains(strings.ToLower(v), "box") {
			v = "P.O. Box " + v
		}
		line = append(line, v)
	}
	if v := n.attr("place"); v != "" && !contains(line, v) {
		line = append(line, v)
	}
	a := vigil.EntryAddress{
		Line:     strings.Join(line, ", "),
		City:     n.attr("city"),
		Region:   n.attr("region"),
		Postcode: n.attr("zipCode"),
		Country:  p.country(n),
	}
	if a != (vigil.EntryAddress{}) && !containsAddress(e.Addresses, a) {
		e.Addresses = append(e.Addresses, a)
	}
	for _, c := range n.children {
		if c.name != "contactInfo" {
			continue
		}
		key, value := strings.ToUpper(c.attr("key")), strings.TrimSpace(attrValue(c.attrs, "value"))
		if value == "" {
			continue
		}
		switch key {
		case "PHONE", "FAX":
			p.phones(e, key, value, a.Country)
		case "EMAIL":
			p.emails(e, key, value)
		case "WEB":
			p.websites(e, key, value)
		default:
			count(p.contactKeys, key)
		}
	}
}

func containsAddress(list []vigil.EntryAddress, a vigil.EntryAddress) bool {
	for _, have := range list {
		if have == a {
			return true
		}
	}
	return false
}

var (
	// listSeparators split a contactInfo value that holds several: "a@x.org and b@y.org", "a; b", "a / b".
	listSeparators = regexp.MustCompile(`\s*(?:[,;]|\s/\s|\s(?i:and|or)\s)\s*`)
	// spacedAt joins "name@ domain" and "name @domain", which the EU writes.
	spacedAt = regexp.MustCompile(`\s*@\s*`)
)

// phones reads phone numbers written with their country code ("+850 2 381 4410", "00850 2 381 4410") or, without
// one, as national numbers of the address's country.
func (p *parser) phones(e *vigil.ListEntry, key, value, region string) {
	for _, raw := range listSeparators.Split(value, -1) {
		raw = strings.TrimSpace(raw)
		if i := strings.IndexByte(raw, '/'); i > 0 { // "+850 2 381 4410/4411": the first number
			raw = strings.TrimSpace(raw[:i])
		}
		if raw == "" {
			continue
		}
		digits := strings.Map(func(r rune) rune {
			switch r {
			case '(', ')', ' ', '-', '.', '\u00a0':
				return -1
			}
			return r
		}, raw)
		if strings.HasPrefix(digits, "00") {
			digits = "+" + digits[2:]
		}
		v, err := vigil.CanonicalPhone(digits, region)
		if err != nil {
			p.skip(key+" "+listfile.Quote(raw), e.ID)
			continue
		}
		addIdentifier(e, vigil.EntryIdentifier{Kind: vigil.IdentPhone, Value: v, Raw: raw, Type: key})
	}
}

func (p *parser) emails(e *vigil.ListEntry, key, value string) {
	value = spacedAt.ReplaceAllString(value, "@")
	for _, raw := range listSeparators.Split(value, -1) {
		raw = strings.TrimRight(strings.TrimSpace(raw), ".")
		if raw == "" {
			continue
		}
		v, err := vigil.CanonicalEmail(raw)
		if err == nil {
			// vigil.CanonicalEmail is not idempotent for some invalid input; an indicator must be a value a
			// subject's email can equal.
			if again, err2 := vigil.CanonicalEmail(v); err2 != nil || again != v {
				err = errors.New("not canonical")
			}
		}
		if err != nil {
			p.skip(key+" "+listfile.Quote(raw), e.ID)
			continue
		}
		addIdentifier(e, vigil.EntryIdentifier{Kind: vigil.IdentEmail, Value: v, Raw: raw, Type: key})
	}
}

func (p *parser) websites(e *vigil.ListEntry, key, value string) {
	for _, raw := range listSeparators.Split(value, -1) {
		raw = strings.TrimRight(strings.TrimSpace(raw), ".,")
		if raw == "" {
			continue
		}
		v, ok := canonicalWebsite(raw)
		if !ok {
			p.skip(key+" "+listfile.Quote(raw), e.ID)
			continue
		}
		addIdentifier(e, vigil.EntryIdentifier{Kind: vigil.IdentWebsite, Value: v, Raw: raw, Type: key})
	}
}

// canonicalWebsite returns the host, lower-cased and without "www.", followed by the path when there is one,
// the form source/ofac gives websites, so that the same site from both lists is one indicator.
func canonicalWebsite(raw string) (string, bool) {
	if len(raw) > 2048 {
		return "", false
	}
	s := raw
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return "", false
	}
	host := strings.TrimPrefix(strings.ToLower(strings.TrimSuffix(u.Hostname(), ".")), "www.")
	labels := strings.Split(host, ".")
	if len(labels) < 2 || len(host) > 253 {
		return "", false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "", false
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "", false
			}
		}
	}
	return host + strings.TrimRight(u.EscapedPath(), "/"), true
}

// Identification type codes. personalDocuments are documents a person presents to prove who they are, and
// personal tax and social security numbers, which an employer holds; they become identifiers of people.
// otherIdentifications are numbers of companies, ships and banks, which no subject presents as an identity
// document and which would be compared by number against passports; they are not read.
var (
	personalDocuments = map[string]bool{
		"passport": true, "id": true, "nationcert": true, "nrn": true, "residentperm": true,
		"drivinglicence": true, "birthcert": true, "travelcardid": true, "electionid": true, "ssn": true,
		"fiscalcode": true, "other": true,
	}
	otherIdentifications = map[string]bool{"regnumber": true, "tradelic": true, "imo": true, "swiftbic": true}
)

// identification reads an identity document of a person: number (and latinNumber, its Latin transliteration),
// with the issuer country from countryIso2Code or, failing that, an issuedBy that names a country.
func (p *parser) identification(e *vigil.ListEntry, n *node, person bool) {
	code := n.attr("identificationTypeCode")
	lc := strings.ToLower(code)
	if !personalDocuments[lc] {
		if !otherIdentifications[lc] {
			count(p.idTypes, code)
		}
		return
	}
	if !person {
		return // a tax number of a company, an "other" number of a group: not a person's document
	}
	issuer := p.country(n)
	if issuer == "" {
		if by := n.attr("issuedBy"); by != "" {
			issuer, _ = country.FromName(by)
		}
	}
	icao := ""
	if issuer != "" {
		icao, _ = country.ICAO(issuer)
	}
	typ := n.attr("identificationTypeDescription")
	if typ == "" {
		typ = code
	}
	number, latin := n.attr("number"), n.attr("latinNumber")
	read := func(raw string) bool {
		num, err := vigil.CanonicalDocumentNumber(raw)
		if err != nil || !strings.ContainsAny(num, "0123456789") {
			return false
		}
		v, err := vigil.CanonicalDocument(icao, num)
		if err != nil {
			return false
		}
		addIdentifier(e, vigil.EntryIdentifier{Kind: vigil.IdentDocument, Value: v, Raw: raw, Type: typ, Issuer: issuer})
		return true
	}
	okNumber := number != "" && read(number)
	okLatin := latin != "" && read(latin)
	switch {
	case number != "" && !okNumber && !okLatin:
		p.skip(fmt.Sprintf("%s %s", typ, listfile.Quote(number)), e.ID)
	case latin != "" && !okLatin && !okNumber:
		p.skip(fmt.Sprintf("%s latinNumber %s", typ, listfile.Quote(latin)), e.ID)
	}
}

func addIdentifier(e *vigil.ListEntry, id vigil.EntryIdentifier) {
	for _, have := range e.Identifiers {
		if have.Kind == id.Kind && have.Value == id.Value {
			return
		}
	}
	e.Identifiers = append(e.Identifiers, id)
}

// clean collapses whitespace.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cleanName also removes bidirectional formatting characters, which can make a name display as something it
// is not.
func cleanName(s string) string {
	return clean(strings.Map(func(r rune) rune {
		if (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') || r == '\u200e' || r == '\u200f' {
			return -1
		}
		return r
	}, s))
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
