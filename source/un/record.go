package un

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/country"
	"github.com/vigil-sec/vigil/source/internal/ident"
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
	known := knownChildren[rec.Name]
	single := map[string]*node{}
	for _, c := range rec.Children {
		repeatable, ok := known[c.Name]
		if !ok {
			p.unknown.Add(rec.Name+"/"+c.Name, c.Line)
			continue
		}
		if !repeatable {
			if prev, dup := single[c.Name]; dup {
				p.errorf(c.Line, rec.Name, "<%s> has two <%s> elements (lines %d and %d); it may have one", rec.Name, c.Name, prev.Line, c.Line)
				return
			}
			single[c.Name] = c
		}
	}
	text := func(name string) string {
		if n := single[name]; n != nil {
			return listfile.Clean(n.Text)
		}
		return ""
	}

	dataID := text("DATAID")
	record := rec.Name + " DATAID " + dataID
	if dataID == "" {
		p.errorf(rec.Line, rec.Name, "<%s> has no <DATAID>", rec.Name)
		return
	}
	id, err := strconv.ParseUint(dataID, 10, 64)
	if err != nil || len(dataID) > 12 || dataID[0] == '+' {
		p.errorf(single["DATAID"].Line, record, "DATAID %s is not a number", listfile.Quote(dataID))
		return
	}
	if prev, dup := p.seen[id]; dup {
		p.errorf(rec.Line, record, "DATAID %d is given twice (also on line %d)", id, prev)
		return
	}
	p.seen[id] = rec.Line

	var parts []string
	for _, n := range []string{"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"} {
		if v := listfile.CleanName(text(n)); v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		p.errorf(rec.Line, record, "%s %d has no name (FIRST_NAME is empty)", strings.ToLower(rec.Name), id)
		return
	}
	e := &vigil.ListEntry{
		List:     p.list,
		ID:       dataID,
		Kind:     vigil.EntryPerson,
		Name:     strings.Join(parts, " "),
		ListedOn: text("LISTED_ON"),
		Remarks:  strings.TrimSpace(rawText(single["COMMENTS1"])),
	}
	if rec.Name == "ENTITY" {
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
	if regime := regimeCode(text("REFERENCE_NUMBER")); regime != "" && !slices.Contains(e.Programs, regime) {
		e.Programs = append(e.Programs, regime)
	}
	switch strings.ToLower(text("GENDER")) {
	case "male":
		e.Gender = "male"
	case "female":
		e.Gender = "female"
	}

	var titles []string
	for _, c := range rec.Children {
		switch c.Name {
		case "TITLE", "DESIGNATION":
			for _, v := range c.Children {
				if t := listfile.Clean(v.Text); v.Name == "VALUE" && t != "" && !slices.Contains(titles, t) {
					titles = append(titles, t)
				}
			}
		case "NATIONALITY":
			for _, v := range c.Children {
				if t := listfile.Clean(v.Text); v.Name == "VALUE" && t != "" {
					if code, ok := p.country(t); ok && !slices.Contains(e.Nationalities, code) {
						e.Nationalities = append(e.Nationalities, code)
					}
				}
			}
		case "NAME_ORIGINAL_SCRIPT":
			listfile.AddAlias(e, vigil.Alias{Name: listfile.CleanName(c.Text), Type: "aka"})
		case "INDIVIDUAL_ALIAS", "ENTITY_ALIAS":
			p.alias(e, c)
		case "INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS":
			if a, ok := p.address(c); ok {
				e.Addresses = append(e.Addresses, a)
			}
		case "INDIVIDUAL_DATE_OF_BIRTH":
			if d, ok := p.birthDate(c, dataID); ok {
				e.BirthDates = listfile.AppendOnce(e.BirthDates, d)
			}
		case "INDIVIDUAL_PLACE_OF_BIRTH":
			if place := p.place(c, "STREET", "CITY", "STATE_PROVINCE", "COUNTRY"); place != "" && !slices.Contains(e.BirthPlaces, place) {
				e.BirthPlaces = append(e.BirthPlaces, place)
			}
		case "INDIVIDUAL_DOCUMENT":
			if id, ok := p.document(c, dataID); ok {
				e.Identifiers = ident.Append(e.Identifiers, id)
			}
		}
	}
	e.Title = strings.Join(titles, "; ")
	p.entries = append(p.entries, parsedEntry{id: id, entry: e})
}

// rawText returns the text of n as written, "" for a nil n.
func rawText(n *node) string {
	if n == nil {
		return ""
	}
	return n.Text
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
	name := listfile.CleanName(n.ChildText("ALIAS_NAME"))
	if name == "" {
		return
	}
	a := vigil.Alias{Name: name, Type: "aka"}
	switch strings.ToLower(n.ChildText("QUALITY")) {
	case "low":
		a.Weak = true
	case "f.k.a.", "fka":
		a.Type = "fka"
	}
	listfile.AddAlias(e, a)
	// An alias may come with the birth date and place the person used under it.
	if dob := n.ChildText("DATE_OF_BIRTH"); dob != "" {
		if _, err := time.Parse(time.DateOnly, dob); err == nil {
			e.BirthDates = listfile.AppendOnce(e.BirthDates, vigil.BirthDate{Date: dob})
		} else if y, ok := listfile.Year(dob); ok {
			e.BirthDates = listfile.AppendOnce(e.BirthDates, vigil.BirthDate{Date: strconv.Itoa(y)})
		} else {
			p.skip("alias DATE_OF_BIRTH "+listfile.Quote(dob), e.ID)
		}
	}
	if place := p.place(n, "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"); place != "" && !slices.Contains(e.BirthPlaces, place) {
		e.BirthPlaces = append(e.BirthPlaces, place)
	}
}

func (p *parser) address(n *node) (vigil.EntryAddress, bool) {
	a := vigil.EntryAddress{
		Line:     n.ChildText("STREET"),
		City:     n.ChildText("CITY"),
		Region:   n.ChildText("STATE_PROVINCE"),
		Postcode: n.ChildText("ZIP_CODE"),
	}
	if c := n.ChildText("COUNTRY"); c != "" {
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
		if v := n.ChildText(name); v != "" {
			out = append(out, v)
		}
	}
	return strings.Join(out, ", ")
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

var (
	monthYear        = regexp.MustCompile(`^([A-Za-z]+\.?) (\d{4})$`)
	betweenMonthYear = regexp.MustCompile(`^(?i:between) ([A-Za-z]+\.?) (?i:and) ([A-Za-z]+\.?) (\d{4})$`)
)

// birthDate reads INDIVIDUAL_DATE_OF_BIRTH: TYPE_OF_DATE EXACT, APPROXIMATELY or BETWEEN with DATE, YEAR or
// FROM_YEAR and TO_YEAR, and the NOTE the UN writes where the structured fields do not fit ("Nov. 1973",
// "Between Aug. and Sep. 1977", "Approximately"). A Hijri date or an age range is not read.
func (p *parser) birthDate(n *node, dataID string) (vigil.BirthDate, bool) {
	var d vigil.BirthDate
	typ := strings.ToUpper(n.ChildText("TYPE_OF_DATE"))
	note := n.ChildText("NOTE")
	d.Circa = typ == "APPROXIMATELY" || strings.EqualFold(note, "approximately")
	switch date, y, from, to := n.ChildText("DATE"), n.ChildText("YEAR"), n.ChildText("FROM_YEAR"), n.ChildText("TO_YEAR"); {
	case date != "":
		if _, err := time.Parse(time.DateOnly, date); err != nil {
			p.skip("DATE "+listfile.Quote(date), dataID)
			return d, false
		}
		d.Date = date
	case y != "":
		yy, ok := listfile.Year(y)
		if !ok {
			p.skip("YEAR "+listfile.Quote(y), dataID)
			return d, false
		}
		d.Date = strconv.Itoa(yy)
		if m, ok := month(note); ok { // YEAR 1958 with NOTE "Sep."
			d.Date = fmt.Sprintf("%04d-%02d", yy, m)
		}
	case from != "" || to != "":
		f, okf := listfile.Year(from)
		t, okt := listfile.Year(to)
		if !okf || !okt || t < f {
			p.skip(fmt.Sprintf("FROM_YEAR %s TO_YEAR %s", listfile.Quote(from), listfile.Quote(to)), dataID)
			return d, false
		}
		d.Date, d.To = strconv.Itoa(f), strconv.Itoa(t)
	case note != "":
		if m := monthYear.FindStringSubmatch(note); m != nil {
			mm, okm := month(m[1])
			yy, oky := listfile.Year(m[2])
			if okm && oky {
				d.Date = fmt.Sprintf("%04d-%02d", yy, mm)
				return d, true
			}
		}
		if m := betweenMonthYear.FindStringSubmatch(note); m != nil {
			m1, ok1 := month(m[1])
			m2, ok2 := month(m[2])
			yy, oky := listfile.Year(m[3])
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
	s = listfile.Clean(parenthesis.ReplaceAllString(s, " "))
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
	typ := n.ChildText("TYPE_OF_DOCUMENT")
	if typ == "" {
		typ = n.ChildText("TYPE_OF_DOCUMENT2")
	}
	raw := n.ChildText("NUMBER")
	if raw == "" {
		// Some documents are written only as a phrase in TYPE_OF_DOCUMENT2 or NOTE ("04643632 issued on 18
		// Jun. 1999", "Libyan passport number 347834, issued under name …").
		for _, alt := range []string{n.ChildText("TYPE_OF_DOCUMENT2"), n.ChildText("NOTE")} {
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
	if !ident.IsDocumentNumber(num) {
		p.skip(fmt.Sprintf("%s %s", typ, listfile.Quote(raw)), dataID)
		return vigil.EntryIdentifier{}, false
	}
	issuer := ""
	for _, field := range []string{"ISSUING_COUNTRY", "COUNTRY_OF_ISSUE"} {
		if c := n.ChildText(field); c != "" {
			if code, ok := p.country(c); ok {
				issuer = code
				break
			}
		}
	}
	value, ok := ident.Document(num, issuer)
	if !ok {
		p.skip(fmt.Sprintf("%s %s", typ, listfile.Quote(raw)), dataID)
		return vigil.EntryIdentifier{}, false
	}
	if typ == "" {
		typ = "Document"
	}
	return vigil.EntryIdentifier{Kind: vigil.IdentDocument, Value: value, Raw: num, Type: typ, Issuer: issuer}, true
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }
