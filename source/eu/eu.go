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
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/country"
	"github.com/vigil-sec/vigil/source/internal/ident"
	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/xmlsafe"
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
)

// Sniff reports whether data is XML whose root element is <export> in the FSF namespace.
func Sniff(data []byte) bool {
	root, directive, ok := xmlsafe.SniffRoot(data)
	if directive != nil {
		// Recognised so that Parse can refuse it with a clear message rather than "not a list".
		return bytes.HasPrefix(bytes.TrimSpace(directive), []byte("DOCTYPE "+rootElement))
	}
	return ok && root.Local == rootElement && root.Space == Namespace
}

// Result is what Parse read: entries ordered by logicalId; AsOf is the root's generationDate, zero when absent or unreadable.
type Result = listfile.Result

// Parse reads an FSF XML export into entries whose List is list. On any structural fault it returns a
// listfile.ErrorList naming file, line and record, and no entries.
func Parse(f *File, list string) (*Result, error) {
	p := &parser{
		file: f.Name, list: list, seen: map[uint64]int{}, unresolved: map[string]int{},
		subjectTypes: map[string]int{}, idTypes: map[string]int{}, contactKeys: map[string]int{},
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

type parser struct {
	file    string
	list    string
	x       *xmlsafe.Reader
	errs    listfile.ErrorList
	entries []parsedEntry
	seen    map[uint64]int // logicalId → line
	asOf    time.Time

	warnings     []string
	unknown      listfile.Tally  // "sanctionEntity/foo" → count
	unresolved   map[string]int  // country codes and names
	subjectTypes map[string]int  // unknown subjectType codes
	idTypes      map[string]int  // unknown identificationTypeCode values
	contactKeys  map[string]int  // unknown contactInfo keys
	capped       listfile.Sample // records whose names were cut at maxNames
	skipped      listfile.Sample // values that could not be used
}

func (p *parser) errorf(line int, record, format string, args ...any) {
	p.errs.Add(p.file, line, record, fmt.Sprintf(format, args...))
}

// euFormat is what the reader needs to know of the FSF format. The format puts nearly every value in an
// attribute, so attributes are capped too.
var euFormat = xmlsafe.Format{
	Name: "the EU format", Depth: 4, File: "an EU list", Namespace: Namespace,
	MaxDepth: maxDepth, MaxText: maxTextBytes, MaxElements: maxChildren, MaxAttrs: maxAttrs,
}

func (p *parser) parse(data []byte) {
	if !listfile.CheckSize(p.file, data, &p.errs) {
		return
	}
	// A byte-order mark before the XML declaration would read as text outside the root.
	p.x = xmlsafe.NewReader(p.file, listfile.TrimBOM(data), &p.errs, euFormat)
	depth := 0
	sawRoot := false
	for p.errs.Len() < maxErrors {
		tok, err := p.x.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			p.syntaxError(err)
			return
		}
		if !p.x.CheckOutside(tok, depth) {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !p.x.CheckAttrs(t, "") {
				return
			}
			switch depth {
			case 0:
				if sawRoot {
					p.errorf(p.x.Line(), "", "has a second root element <%s> after </%s>", xmlsafe.Name(t.Name.Local), rootElement)
					return
				}
				if t.Name.Local != rootElement {
					p.errorf(p.x.Line(), "", "the root element is <%s>; an EU FSF export has <%s>", xmlsafe.Name(t.Name.Local), rootElement)
					return
				}
				if t.Name.Space != Namespace {
					p.errorf(p.x.Line(), "", "the root element <%s> is in namespace %s; an EU FSF export is in %q", rootElement, listfile.Quote(t.Name.Space), Namespace)
					return
				}
				sawRoot = true
				p.readRoot(t)
				depth++
			default: // 1: children of the root
				record := p.x.ElementName(t.Name)
				if id := attrValue(t.Attr, "logicalId"); id != "" && record == entityName {
					record = entityName + " logicalId " + xmlsafe.Name(id)
				}
				rec, err := p.x.Read(t, depth+1, record)
				if err != nil {
					return
				}
				if rec.Name != entityName {
					p.unknown.Add(rootElement+"/"+rec.Name, rec.Line)
					continue
				}
				p.record(rec)
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				p.errorf(p.x.Line(), "", "has text %s outside any sanctionEntity", listfile.Quote(string(bytes.TrimSpace(t))))
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

// syntaxError reports a decoder error outside any sanctionEntity with its line: the file ending there is a
// download cut short.
func (p *parser) syntaxError(err error) {
	var se *xml.SyntaxError
	if errors.As(err, &se) && se.Msg == "unexpected EOF" {
		p.errorf(se.Line, "", "the file ends before the <%s> element is closed", rootElement)
		return
	}
	p.x.SyntaxError(err, "")
}

func (p *parser) readRoot(t xml.StartElement) {
	v := attrValue(t.Attr, "generationDate")
	if v == "" {
		return
	}
	at, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: generationDate %s is not a date and time; the list has no as-of date", p.file, p.x.Line(), listfile.Quote(v)))
		return
	}
	p.asOf = at.UTC()
}

// node is an element of one record. Its name is the local name for elements in the FSF namespace and
// "{namespace}local" for any other, which no known name equals.
type node = xmlsafe.Node

// attr returns an attribute's value with its whitespace collapsed, "" when absent.
func attr(n *node, name string) string {
	return listfile.Clean(attrValue(n.Attrs, name))
}

func attrValue(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func (p *parser) skip(what, logicalID string) {
	p.skipped.Add(fmt.Sprintf("%s (logicalId %s)", what, logicalID))
}

func (p *parser) warningList() []string {
	w := p.warnings
	for _, u := range p.unknown.Sorted() {
		w = append(w, fmt.Sprintf("%s:%d: ignored %d unknown <%s> elements (a new element in the EU format?)", p.file, u.Line, u.Count, xmlsafe.Name(u.Key)))
	}
	if len(p.subjectTypes) > 0 {
		w = append(w, p.file+": subjectType codes that are neither person nor enterprise, read as organisations: "+countList(p.subjectTypes))
	}
	if len(p.idTypes) > 0 {
		w = append(w, p.file+": identificationTypeCode values not known, not read: "+countList(p.idTypes))
	}
	if len(p.contactKeys) > 0 {
		w = append(w, p.file+": contactInfo keys not known, not read: "+countList(p.contactKeys))
	}
	if len(p.unresolved) > 0 {
		w = append(w, p.file+": countries that are not one current country, not used: "+countList(p.unresolved))
	}
	if p.capped.N > 0 {
		w = append(w, fmt.Sprintf("%s: names beyond the first %d of an entry were ignored in %d entries: %s", p.file, maxNames, p.capped.N, p.capped.String()))
	}
	if p.skipped.N > 0 {
		w = append(w, listfile.SkippedWarning(p.file, &p.skipped))
	}
	return w
}

// countList shows counted values sorted, each quoted with its count; at most 20, then how many more: count
// keeps up to 1000 distinct values, too many to list.
func countList(m map[string]int) string { return listfile.CountList(m, 20) }

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
	known, ok := knownChildren[n.Name]
	for _, c := range n.Children {
		if !ok || !known[c.Name] {
			p.unknown.Add(path+"/"+c.Name, c.Line)
			continue
		}
		p.checkChildren(c, path+"/"+c.Name)
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
	idText := attr(rec, "logicalId")
	if idText == "" {
		p.errorf(rec.Line, entityName, "<%s> has no logicalId", entityName)
		return
	}
	record := entityName + " logicalId " + xmlsafe.Name(idText)
	if !isDigits(idText) || len(idText) > 12 {
		p.errorf(rec.Line, record, "logicalId %s is not a number", listfile.Quote(idText))
		return
	}
	id, _ := strconv.ParseUint(idText, 10, 64)
	idText = strconv.FormatUint(id, 10) // "007" is 7
	if prev, dup := p.seen[id]; dup {
		p.errorf(rec.Line, record, "logicalId %d is given twice (also on line %d)", id, prev)
		return
	}
	p.seen[id] = rec.Line

	p.checkChildren(rec, entityName)
	var subject *node
	var names []name
	capped := false
	for _, c := range rec.Children {
		switch c.Name {
		case "subjectType":
			if subject != nil {
				p.errorf(c.Line, record, "<%s> has two <subjectType> elements (lines %d and %d); it may have one", entityName, subject.Line, c.Line)
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
		p.errorf(rec.Line, record, "%s has no <subjectType>; it cannot be told a person or an organisation", record)
		return
	}
	if len(names) == 0 {
		p.errorf(rec.Line, record, "%s has no name (no nameAlias with a wholeName)", record)
		return
	}
	if capped {
		p.capped.Add("logicalId " + idText)
	}

	e := &vigil.ListEntry{List: p.list, ID: idText, Kind: p.kind(subject)}
	person := e.Kind == vigil.EntryPerson
	primary := primaryName(names)
	e.Name = names[primary].text
	for i, nm := range names {
		if i != primary {
			listfile.AddAlias(e, vigil.Alias{Name: nm.text, Type: "aka", Weak: nm.weak})
		}
	}
	var titles []string
	for _, nm := range names {
		if person && e.Gender == "" {
			switch strings.ToUpper(attr(nm.n, "gender")) {
			case "M":
				e.Gender = "male"
			case "F":
				e.Gender = "female"
			}
		}
		if nm.language == "" || nm.language == "EN" {
			for _, t := range []string{attr(nm.n, "title"), attr(nm.n, "function")} {
				if t != "" && !slices.Contains(titles, t) {
					titles = append(titles, t)
				}
			}
		}
	}
	e.Title = strings.Join(titles, "; ")

	var remarks []string
	listed := ""
	if d := attr(rec, "designationDate"); d != "" {
		if validDate(d) {
			listed = d
		} else {
			p.skip("designationDate "+listfile.Quote(d), idText)
		}
	}
	earliest := ""
	for _, c := range rec.Children {
		switch c.Name {
		case "remark":
			if t := strings.TrimSpace(c.Text); t != "" {
				remarks = append(remarks, t)
			}
		case "regulation":
			if prog := attr(c, "programme"); prog != "" && !slices.Contains(e.Programs, prog) {
				e.Programs = append(e.Programs, prog)
			}
			if d := attr(c, "publicationDate"); d != "" {
				if !validDate(d) {
					p.skip("regulation publicationDate "+listfile.Quote(d), idText)
				} else if earliest == "" || d < earliest {
					earliest = d
				}
			}
		case "citizenship":
			if code := p.country(c); code != "" && !slices.Contains(e.Nationalities, code) {
				e.Nationalities = append(e.Nationalities, code)
			}
		case "birthdate":
			if d, ok := p.birthDate(c, idText); ok {
				e.BirthDates = listfile.AppendOnce(e.BirthDates, d)
			}
			if place := birthPlace(c); place != "" && !slices.Contains(e.BirthPlaces, place) {
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
	code := strings.ToLower(attr(subject, "code"))
	class := strings.ToUpper(attr(subject, "classificationCode"))
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
	text := listfile.CleanName(attr(n, "wholeName"))
	if text == "" {
		var parts []string
		for _, a := range []string{"firstName", "middleName", "lastName"} {
			if v := listfile.CleanName(attr(n, a)); v != "" {
				parts = append(parts, v)
			}
		}
		text = strings.Join(parts, " ")
	}
	if text == "" {
		return name{}, false
	}
	weak := strings.EqualFold(attr(n, "strong"), "false")
	for _, c := range n.Children {
		if c.Name == "remark" {
			r := strings.ToLower(c.Text)
			// The EU marks some aliases in a remark: "Low quality alias", even misspelt "Lo quality".
			if strings.Contains(r, "low quality") || strings.Contains(r, "lo quality") {
				weak = true
			}
		}
	}
	return name{text: text, weak: weak, latin: isLatin(text), language: strings.ToUpper(attr(n, "nameLanguage")), n: n}, true
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

// formerCodes are ISO 3166-1 codes of states that no longer exist, which vigil.CountryCode still accepts. "CS"
// in the EU list is Serbia and Montenegro.
var formerCodes = map[string]bool{"CS": true, "YU": true, "SU": true, "AN": true, "DD": true}

// country reads the country of a citizenship, address or identification: countryIso2Code, or
// countryDescription when the code is "00" ("UNKNOWN") or not a current country. "" when neither says one.
func (p *parser) country(n *node) string {
	code := strings.ToUpper(attr(n, "countryIso2Code"))
	if code == "00" {
		code = ""
	}
	if len(code) == 2 && !formerCodes[code] {
		if c, ok := vigil.CountryCode(code); ok {
			return c
		}
	}
	if desc := attr(n, "countryDescription"); desc != "" && !strings.EqualFold(desc, "UNKNOWN") {
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
	full, y, m, d := attr(n, "birthdate"), attr(n, "year"), attr(n, "monthOfYear"), attr(n, "dayOfMonth")
	from, to := attr(n, "yearRangeFrom"), attr(n, "yearRangeTo")
	if full == "" && y == "" && m == "" && d == "" && from == "" && to == "" {
		return vigil.BirthDate{}, false // a place of birth only
	}
	if cal := attr(n, "calendarType"); cal != "" && !strings.EqualFold(cal, "GREGORIAN") {
		p.skip(fmt.Sprintf("birthdate in calendar %s", listfile.Quote(cal)), logicalID)
		return vigil.BirthDate{}, false
	}
	bd := vigil.BirthDate{Circa: strings.EqualFold(attr(n, "circa"), "true")}
	switch {
	case full != "":
		if !validDate(full) {
			p.skip("birthdate "+listfile.Quote(full), logicalID)
			return bd, false
		}
		bd.Date = full
	case y != "":
		yy, ok := listfile.Year(y)
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
		f, okf := listfile.Year(from)
		t, okt := listfile.Year(to)
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
		v := attr(n, a)
		if v == "" || a == "countryDescription" && strings.EqualFold(v, "UNKNOWN") || slices.Contains(parts, v) {
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

// address reads an address and the phone numbers, emails and websites of its contactInfo.
func (p *parser) address(e *vigil.ListEntry, n *node) {
	var line []string
	if v := attr(n, "street"); v != "" {
		line = append(line, v)
	}
	if v := attr(n, "poBox"); v != "" {
		if !strings.Contains(strings.ToLower(v), "box") {
			v = "P.O. Box " + v
		}
		line = append(line, v)
	}
	if v := attr(n, "place"); v != "" && !slices.Contains(line, v) {
		line = append(line, v)
	}
	a := vigil.EntryAddress{
		Line:     strings.Join(line, ", "),
		City:     attr(n, "city"),
		Region:   attr(n, "region"),
		Postcode: attr(n, "zipCode"),
		Country:  p.country(n),
	}
	if a != (vigil.EntryAddress{}) {
		e.Addresses = listfile.AppendOnce(e.Addresses, a)
	}
	for _, c := range n.Children {
		if c.Name != "contactInfo" {
			continue
		}
		key, value := strings.ToUpper(attr(c, "key")), strings.TrimSpace(attrValue(c.Attrs, "value"))
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
		// The EU writes no-break spaces inside numbers.
		v, ok := ident.Phone(strings.ReplaceAll(raw, "\u00a0", ""), region)
		if !ok {
			p.skip(key+" "+listfile.Quote(raw), e.ID)
			continue
		}
		e.Identifiers = ident.Append(e.Identifiers, vigil.EntryIdentifier{Kind: vigil.IdentPhone, Value: v, Raw: raw, Type: key})
	}
}

func (p *parser) emails(e *vigil.ListEntry, key, value string) {
	value = spacedAt.ReplaceAllString(value, "@")
	for _, raw := range listSeparators.Split(value, -1) {
		raw = strings.TrimRight(strings.TrimSpace(raw), ".")
		if raw == "" {
			continue
		}
		v, ok := ident.Email(raw)
		if !ok {
			p.skip(key+" "+listfile.Quote(raw), e.ID)
			continue
		}
		e.Identifiers = ident.Append(e.Identifiers, vigil.EntryIdentifier{Kind: vigil.IdentEmail, Value: v, Raw: raw, Type: key})
	}
}

func (p *parser) websites(e *vigil.ListEntry, key, value string) {
	for _, raw := range listSeparators.Split(value, -1) {
		raw = strings.TrimRight(strings.TrimSpace(raw), ".,")
		if raw == "" {
			continue
		}
		v, ok := ident.Website(raw)
		if !ok {
			p.skip(key+" "+listfile.Quote(raw), e.ID)
			continue
		}
		e.Identifiers = ident.Append(e.Identifiers, vigil.EntryIdentifier{Kind: vigil.IdentWebsite, Value: v, Raw: raw, Type: key})
	}
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
	code := attr(n, "identificationTypeCode")
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
		if by := attr(n, "issuedBy"); by != "" {
			issuer, _ = country.FromName(by)
		}
	}
	typ := attr(n, "identificationTypeDescription")
	if typ == "" {
		typ = code
	}
	number, latin := attr(n, "number"), attr(n, "latinNumber")
	read := func(raw string) bool {
		v, ok := ident.Document(raw, issuer)
		if !ok {
			return false
		}
		e.Identifiers = ident.Append(e.Identifiers, vigil.EntryIdentifier{Kind: vigil.IdentDocument, Value: v, Raw: raw, Type: typ, Issuer: issuer})
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

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// canonicalWebsite is the form websites take in every list (ident.Website), so that the same site from the EU
// and another list is one indicator.
func canonicalWebsite(raw string) (string, bool) { return ident.Website(raw) }
