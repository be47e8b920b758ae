package un

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/country"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// knownChildren are the elements a record may have, and whether each may occur more than once. Anything else
// is counted in a warning.
var knownChildren = map[string]map[string]bool{
	"INDIVIDUAL": {
		"DATAID": false, "VERSIONNUM": false, "FIRST_NAME": false, "SECOND_NAME": false, "THIRD_NAME": false,
		"FOURTH_NAME": false, "UN_LIST_TYPE": false, "REFERENCE_NUMBER": false, "LISTED_ON": false,
		"GENDER": false, "COMMENTS1": false, "DESIGNATION": true, "TITLE": true, "NATIONALITY": true,
		"LIST_TYPE": true, "LAST_DAY_UPDATED": true, "INDIVIDUAL_ALIAS": true, "INDIVIDUAL_ADDRESS": true,
		"INDIVIDUAL_DATE_OF_BIRTH": true, "INDIVIDUAL_PLACE_OF_BIRTH": true, "INDIVIDUAL_DOCUMENT": true,
		"SORT_KEY": false, "SORT_KEY_LAST_MOD": false, "NAME_ORIGINAL_SCRIPT": true, "SUBMITTED_BY": true,
		"DELISTED_ON": false,
	},
	"ENTITY": {
		"DATAID": false, "VERSIONNUM": false, "FIRST_NAME": false, "UN_LIST_TYPE": false,
		"REFERENCE_NUMBER": false, "LISTED_ON": false, "COMMENTS1": false, "LIST_TYPE": true,
		"LAST_DAY_UPDATED": true, "ENTITY_ALIAS": true, "ENTITY_ADDRESS": true, "SORT_KEY": false,
		"SORT_KEY_LAST_MOD": false, "NAME_ORIGINAL_SCRIPT": true, "SUBMITTED_BY": true, "DELISTED_ON": false,
	},
}

// record turns an INDIVIDUAL or ENTITY into a list entry.
func (p *parser) record(rec *node) {
	known := knownChildren[rec.name]
	single := map[string]*node{}
	for _, c := range rec.children {
		repeatable, ok := known[c.name]
		if !ok {
			p.unknownElement(rec.name+"/"+c.name, c.line)
			continue
		}
		if !repeatable {
			if prev, dup := single[c.name]; dup {
				p.errorf(c.line, rec.name, "<%s> has two <%s> elements (lines %d and %d); it may have one", rec.name, c.name, prev.line, c.line)
				return
			}
			single[c.name] = c
		}
	}
	text := func(name string) string {
		if n := single[name]; n != nil {
			return clean(n.text)
		}
		return ""
	}

	dataID := text("DATAID")
	record := rec.name + " DATAID " + dataID
	if dataID == "" {
		p.errorf(rec.line, rec.name, "<%s> has no <DATAID>", rec.name)
		return
	}
	id, err := strconv.ParseUint(dataID, 10, 64)
	if err != nil || len(dataID) > 12 || dataID[0] == '+' {
		p.errorf(single["DATAID"].line, record, "DATAID %s is not a number", listfile.Quote(dataID))
		return
	}
	if prev, dup := p.seen[id]; dup {
		p.errorf(rec.line, record, "DATAID %d is given twice (also on line %d)", id, prev)
		return
	}
	p.seen[id] = rec.line

	var parts []string
	for _, n := range []string{"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"} {
		if v := cleanName(text(n)); v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		p.errorf(rec.line, record, "%s %d has no name (FIRST_NAME is empty)", strings.ToLower(rec.name), id)
		return
	}
	e := &vigil.ListEntry{
		List:     p.list,
		ID:       dataID,
		Kind:     vigil.EntryPerson,
		Name:     strings.Join(parts, " "),
		ListedOn: text("LISTED_ON"),
		Remarks:  strings.TrimSpace(single["COMMENTS1"].textOrEmpty()),
	}
	if rec.name == "ENTITY" {
		e.Kind = vigil.EntryOrganization
	}
	if e.ListedOn != "" {
		// Some records carry a zone offset: "2015-04-07-04:00".
		if len(e.ListedOn) > len(time.DateOnly) && (e.ListedOn[10] == '-' || e.ListedOn[10] == '+' || e.ListedOn[10] == 'Z') {
			e.ListedOn = e.ListedOn[:10]
		}
		if _, err := time.Parse(time.DateOnly, e.ListedOn); err != nil {
			p.skip("LISTED_ON "+listfile.Quote(e.ListedOn), dataID)
			e.ListedOn = ""
		}
	}
	if v := text("UN_LIST_TYPE"); v != "" {
		e.Programs = append(e.Programs, v)
	}
	if regime := regimeCode(text("REFERENCE_NUMBER")); regime != "" && !contains(e.Programs, regime) {
		e.Programs = append(e.Programs, regime)
	}
	switch strings.ToLower(text("GENDER")) {
	case "male":
		e.Gender = "male"
	case "female":
		e.Gender = "female"
	}

	var titles []string
	for _, c := range rec.children {
		switch c.name {
		case "TITLE", "DESIGNATION":
			for _, v := range c.children {
				if t := clean(v.text); v.name == "VALUE" && t != "" && !contains(titles, t) {
					titles = append(titles, t)
				}
			}
		case "NATIONALITY":
			for _, v := range c.children {
				if t := clean(v.text); v.name == "VALUE" && t != "" {
					if code, ok := p.country(t); ok && !contains(e.Nationalities, code) {
						e.Nationalities = append(e.Nationalities, code)
					}
				}
			}
		case "NAME_ORIGINAL_SCRIPT":
			p.addAlias(e, vigil.Alias{Name: cleanName(c.text), Type: "aka"})
		case "INDIVIDUAL_ALIAS", "ENTITY_ALIAS":
			p.alias(e, c)
		case "INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS":
			if a, ok := p.address(c); ok {
				e.Addresses = append(e.Addresses, a)
			}
		case "INDIVIDUAL_DATE_OF_BIRTH":
			if d, ok := p.birthDate(c, dataID); ok {
				addBirthDate(e, d)
			}
		case "INDIVIDUAL_PLACE_OF_BIRTH":
			if place := p.place(c, "STREET", "CITY", "STATE_PROVINCE", "COUNTRY"); place != "" && !contains(e.BirthPlaces, place) {
				e.BirthPlaces = append(e.BirthPlaces, place)
			}
		case "INDIVIDUAL_DOCUMENT":
			if id, ok := p.document(c, dataID); ok {
				addIdentifier(e, id)
			}
		}
	}
	e.Title = strings.Join(titles, "; ")
	p.entries = append(p.entries, parsedEntry{id: id, entry: e})
}

func (n *node) textOrEmpty() string {
	if n == nil {
		return ""
	}
	return n.text
}

// child returns the text of the first child element called name.
func (n *node) child(name string) string {
	for _, c := range n.children {
		if c.name == name {
			return clean(c.text)
		}
	}
	return ""
}

// clean collapses the whitespace the UN leaves inside values ("National Identification\n    Number").
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cleanName also removes bidirectional formatting characters, which can make a name display as something
// it is not.
func cleanName(s string) string {
	return clean(strings.Map(func(r rune) rune {
		if (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') || r == '\u200e' || r == '\u200f' {
			return -1
		}
		return r
	}, s))
}

// regimeCode returns the sanctions regime code of a reference number: "KP" for "KPi.001", "QD" for "QDe.004".
func regimeCode(ref string) string {
	code, _, ok := strings.Cut(ref, ".")
	if !ok || len(code) < 3 || len(code) > 4 {
		return ""
	}
	kind := code[len(code)-1]
	code = code[:len(code)-1]
	if kind != 'i' && kind != 'e' {
		return ""
	}
	for i := 0; i < len(code); i++ {
		if code[i] < 'A' || code[i] > 'Z' {
			return ""
		}
	}
	return code
}

func (p *parser) country(name string) (string, bool) {
	code, ok := country.FromName(name)
	if !ok {
		p.unresolved[name]++
	}
	return code, ok
}

func (p *parser) alias(e *vigil.ListEntry, n *node) {
	name := cleanName(n.child("ALIAS_NAME"))
	if name == "" {
		return
	}
	a := vigil.Alias{Name: name, Type: "aka"}
	switch strings.ToLower(n.child("QUALITY")) {
	case "low":
		a.Weak = true
	case "f.k.a.", "fka":
		a.Type = "fka"
	}
	p.addAlias(e, a)
	// An alias may come with the birth date and place the person used under it.
	if dob := n.child("DATE_OF_BIRTH"); dob != "" {
		if _, err := time.Parse(time.DateOnly, dob); err == nil {
			addBirthDate(e, vigil.BirthDate{Date: dob})
		} else if y, ok := year(dob); ok {
			addBirthDate(e, vigil.BirthDate{Date: strconv.Itoa(y)})
		} else {
			p.skip("alias DATE_OF_BIRTH "+listfile.Quote(dob), e.ID)
		}
	}
	if place := p.place(n, "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"); place != "" && !contains(e.BirthPlaces, place) {
		e.BirthPlaces = append(e.BirthPlaces, place)
	}
}

func (p *parser) addAlias(e *vigil.ListEntry, a vigil.Alias) {
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

func (p *parser) address(n *node) (vigil.EntryAddress, bool) {
	a := vigil.EntryAddress{
		Line:     n.child("STREET"),
		City:     n.child("CITY"),
		Region:   n.child("STATE_PROVINCE"),
		Postcode: n.child("ZIP_CODE"),
	}
	if c := n.child("COUNTRY"); c != "" {
		if code, ok := p.country(c); ok {
			a.Country = code
		}
	}
	return a, a != (vigil.EntryAddress{})
}

// place joins the parts of a place of birth in order, the country as the UN writes it.
func (p *parser) place(n *node, parts ...string) string {
	var out []string
	for _, name := range parts {
		if v := n.child(name); v != "" {
			out = append(out, v)
		}
	}
	return strings.Join(out, ", ")
}

func addBirthDate(e *vigil.ListEntry, d vigil.BirthDate) {
	for _, have := range e.BirthDates {
		if have == d {
			return
		}
	}
	e.BirthDates = append(e.BirthDates, d)
}

func addIdentifier(e *vigil.ListEntry, id vigil.EntryIdentifier) {
	for _, have := range e.Identifiers {
		if have.Kind == id.Kind && have.Value == id.Value {
			return
		}
	}
	e.Identifiers = append(e.Identifiers, id)
}

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
	"jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
	"oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

func month(s string) (int, bool) {
	m, ok := monthNames[strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "."))]
	return m, ok
}

func year(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	return y, err == nil && y >= 1800 && y <= 2200
}

var (
	monthYear        = regexp.MustCompile(`^([A-Za-z]+\.?) (\d{4})$`)
	betweenMonthYear = regexp.MustCompile(`^(?i:between) ([A-Za-z]+\.?) (?i:and) ([A-Za-z]+\.?) (\d{4})$`)
)

// birthDate reads INDIVIDUAL_DATE_OF_BIRTH: TYPE_OF_DATE EXACT, APPROXIMATELY or BETWEEN with DATE, YEAR or
// FROM_YEAR and TO_YEAR, and the NOTE the UN writes where the structured fields do not fit ("Nov. 1973",
// "Between Aug. and Sep. 1977", "Approximately"). A Hijri date or an age range is not read.
func (p *parser) birthDate(n *node, dataID string) (vigil.BirthDate, bool) {
	var d vigil.BirthDate
	typ := strings.ToUpper(n.child("TYPE_OF_DATE"))
	note := n.child("NOTE")
	d.Circa = typ == "APPROXIMATELY" || strings.EqualFold(note, "approximately")
	switch date, y, from, to := n.child("DATE"), n.child("YEAR"), n.child("FROM_YEAR"), n.child("TO_YEAR"); {
	case date != "":
		if _, err := time.Parse(time.DateOnly, date); err != nil {
			p.skip("DATE "+listfile.Quote(date), dataID)
			return d, false
		}
		d.Date = date
	case y != "":
		yy, ok := year(y)
		if !ok {
			p.skip("YEAR "+listfile.Quote(y), dataID)
			return d, false
		}
		d.Date = strconv.Itoa(yy)
		if m, ok := month(note); ok { // YEAR 1958 with NOTE "Sep."
			d.Date = fmt.Sprintf("%04d-%02d", yy, m)
		}
	case from != "" || to != "":
		f, okf := year(from)
		t, okt := year(to)
		if !okf || !okt || t < f {
			p.skip(fmt.Sprintf("FROM_YEAR %s TO_YEAR %s", listfile.Quote(from), listfile.Quote(to)), dataID)
			return d, false
		}
		d.Date, d.To = strconv.Itoa(f), strconv.Itoa(t)
	case note != "":
		if m := monthYear.FindStringSubmatch(note); m != nil {
			mm, okm := month(m[1])
			yy, oky := year(m[2])
			if okm && oky {
				d.Date = fmt.Sprintf("%04d-%02d", yy, mm)
				return d, true
			}
		}
		if m := betweenMonthYear.FindStringSubmatch(note); m != nil {
			m1, ok1 := month(m[1])
			m2, ok2 := month(m[2])
			yy, oky := year(m[3])
			if ok1 && ok2 && oky && m1 <= m2 {
				d.Date, d.To = fmt.Sprintf("%04d-%02d", yy, m1), fmt.Sprintf("%04d-%02d", yy, m2)
				return d, true
			}
		}
		p.skip("date of birth "+listfile.Quote(note), dataID)
		return d, false
	default:
		return d, false
	}
	return d, true
}

var (
	// numberLabel finds the last label before a document number inside NUMBER text: "CAR diplomatic passport
	// no. D00000898", "Afghan passport number OA296623", "Diplomatic Passport: Z30321794".
	numberLabel = regexp.MustCompile(`(?i)(?:\bnumber|\bno\.|\bno\b|n°|:)\s*`)
	parenthesis = regexp.MustCompile(`\([^()]*\)`)
)

// documentNumber extracts the number from the UN's NUMBER text, which is often a phrase: "Libya 428720",
// "381110042 (Expired 25 Jan. 2016)", "R00012098, South Sudan", "Russian passport number 515458008".
func documentNumber(s string) string {
	s = clean(parenthesis.ReplaceAllString(s, " "))
	if i := strings.Index(s, ", "); i >= 0 {
		s = s[:i]
	}
	for _, cut := range []string{" issued", " under ", " expire"} {
		if i := strings.Index(strings.ToLower(s), cut); i >= 0 {
			s = s[:i]
		}
	}
	if loc := numberLabel.FindAllStringIndex(s, -1); len(loc) > 0 {
		s = s[loc[len(loc)-1][1]:]
	} else {
		// Leading words such as "Libya" or "Central African Republic": capitalised words of letters only.
		f := strings.Fields(s)
		for len(f) > 1 && isWord(f[0]) {
			f = f[1:]
		}
		s = strings.Join(f, " ")
	}
	return strings.TrimSpace(s)
}

// isWord reports a word of letters with at least one lower-case letter, which a document number never is.
func isWord(s string) bool {
	lower := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z', r == '-', r == '\'':
		default:
			return false
		}
	}
	return lower
}

func (p *parser) document(n *node, dataID string) (vigil.EntryIdentifier, bool) {
	typ := n.child("TYPE_OF_DOCUMENT")
	if typ == "" {
		typ = n.child("TYPE_OF_DOCUMENT2")
	}
	raw := n.child("NUMBER")
	if raw == "" {
		// Some documents are written only as a phrase in TYPE_OF_DOCUMENT2 or NOTE ("04643632 issued on 18
		// Jun. 1999", "Libyan passport number 347834, issued under name …").
		for _, alt := range []string{n.child("TYPE_OF_DOCUMENT2"), n.child("NOTE")} {
			if strings.ContainsAny(alt, "0123456789") && (strings.Contains(strings.ToLower(alt), "number") || startsWithDigit(alt)) {
				raw = alt
				break
			}
		}
	}
	if raw == "" {
		return vigil.EntryIdentifier{}, false
	}
	num := documentNumber(raw)
	number, err := vigil.CanonicalDocumentNumber(num)
	if err != nil || !strings.ContainsAny(number, "0123456789") {
		p.skip(fmt.Sprintf("%s %s", typ, listfile.Quote(raw)), dataID)
		return vigil.EntryIdentifier{}, false
	}
	issuer := ""
	for _, field := range []string{"ISSUING_COUNTRY", "COUNTRY_OF_ISSUE"} {
		if c := n.child(field); c != "" {
			if code, ok := p.country(c); ok {
				issuer = code
				break
			}
		}
	}
	icao := ""
	if issuer != "" {
		icao, _ = country.ICAO(issuer)
	}
	value, err := vigil.CanonicalDocument(icao, number)
	if err != nil {
		p.skip(fmt.Sprintf("%s %s", typ, listfile.Quote(raw)), dataID)
		return vigil.EntryIdentifier{}, false
	}
	if typ == "" {
		typ = "Document"
	}
	return vigil.EntryIdentifier{Kind: vigil.IdentDocument, Value: value, Raw: num, Type: typ, Issuer: issuer}, true
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
