package uk

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/country"
	"github.com/vigil-sec/vigil/source/internal/ident"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// cleanText trims free text (other information, statements of reasons) and removes bidirectional formatting
// characters, keeping its line breaks.
func cleanText(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if listfile.IsBidi(r) || r == '\r' {
			return -1
		}
		return r
	}, s))
}

// splitValues splits a cell that may hold several values; the FCDO separates them with "|", as in "Asset
// freeze|Travel Ban".
func splitValues(s string) []string {
	var out []string
	for _, v := range strings.Split(s, "|") {
		if v = listfile.Clean(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// skip records a value that could not be read.
func (p *parser) skip(b *builder, what string) {
	if b.once("skip " + what) {
		p.skipped.Add(fmt.Sprintf("%s (%s)", what, b.id))
	}
}

// --- dates ---

// parseDate reads a date as the FCDO writes it, "dd/mm/yyyy", where "dd", "mm" or "00" stand for an unknown
// day or month ("dd/mm/1945", "dd/08/1961"); "-" and "." are read as "/" and ISO dates ("1958-03-01", with or
// without a time) and a bare year are read too. The result is YYYY, YYYY-MM or YYYY-MM-DD.
func parseDate(s string) (string, bool) {
	s = listfile.Clean(s)
	if len(s) == 4 {
		if y, ok := listfile.Year(s); ok {
			return strconv.Itoa(y), true
		}
		return "", false
	}
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil && (len(s) == 10 || s[10] == 'T' || s[10] == ' ') {
			if _, ok := listfile.Year(s[:4]); ok {
				return t.Format(time.DateOnly), true
			}
		}
		return "", false
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 3 || len(s) > 12 {
		return "", false
	}
	y, ok := listfile.Year(parts[2])
	if !ok {
		return "", false
	}
	m, mKnown, ok := datePart(parts[1], "mm", 12)
	if !ok {
		return "", false
	}
	d, dKnown, ok := datePart(parts[0], "dd", 31)
	if !ok {
		return "", false
	}
	switch {
	case !mKnown:
		return fmt.Sprintf("%04d", y), true
	case !dKnown:
		return fmt.Sprintf("%04d-%02d", y, m), true
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31/02/1970
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// datePart reads a day or month: one or two digits up to max, or the placeholder ("dd", "mm") or 0 for unknown.
func datePart(s, placeholder string, max int) (n int, known, ok bool) {
	if strings.EqualFold(s, placeholder) {
		return 0, false, true
	}
	if len(s) == 0 || len(s) > 2 {
		return 0, false, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > max || s[0] == '+' {
		return 0, false, false
	}
	return n, n > 0, true
}

// fullDate reads a date that must be complete, such as a designation date.
func fullDate(s string) (string, bool) {
	d, ok := parseDate(s)
	return d, ok && len(d) == len(time.DateOnly)
}

// generatedLayouts are the forms of the CSV's report date ("Report Date: 13-Feb-2026") and the XML's
// DateGenerated ("20/08/2026").
var generatedLayouts = []string{"02-Jan-2006", "2-Jan-2006", "02-January-2006", "02 Jan 2006", "2 January 2006",
	"02/01/2006", "2006-01-02", "2006-01-02T15:04:05", time.RFC3339Nano}

// parseGenerated reads the date a file was generated, in UTC. A time of day after the date ("13-Feb-2026
// 09:30") is ignored.
func parseGenerated(s string) (time.Time, bool) {
	s = listfile.Clean(s)
	candidates := []string{s}
	if date, _, cut := strings.Cut(s, " "); cut && strings.ContainsAny(s[len(date):], ":") {
		candidates = append(candidates, date)
	}
	for _, c := range candidates {
		for _, layout := range generatedLayouts {
			if t, err := time.Parse(layout, c); err == nil && t.Year() >= 2000 && t.Year() <= 2200 {
				return t.UTC(), true
			}
		}
	}
	return time.Time{}, false
}

func (p *parser) birthDate(b *builder, raw string) {
	if listfile.Clean(raw) == "" || !b.once("dates of birth\x00"+raw) {
		return
	}
	for _, v := range splitValues(raw) {
		d, ok := parseDate(v)
		if !ok {
			p.skip(b, "date of birth "+listfile.Quote(v))
			continue
		}
		if b.fresh("dob", d, len(b.entry.BirthDates)) {
			b.entry.BirthDates = append(b.entry.BirthDates, vigil.BirthDate{Date: d})
		}
	}
}

func (p *parser) designated(b *builder, raw string) {
	raw = listfile.Clean(raw)
	if raw == "" || b.entry.ListedOn != "" {
		return
	}
	if d, ok := fullDate(raw); ok {
		b.entry.ListedOn = d
		return
	}
	p.skip(b, "date designated "+listfile.Quote(raw))
}

// --- people ---

func (p *parser) gender(b *builder, raw string) {
	switch strings.ToLower(listfile.Clean(raw)) {
	case "":
	case "male":
		if b.entry.Gender == "" {
			b.entry.Gender = "male"
		}
	case "female":
		if b.entry.Gender == "" {
			b.entry.Gender = "female"
		}
	default:
		p.skip(b, "gender "+listfile.Quote(raw))
	}
}

func (p *parser) title(b *builder, raw string) {
	for _, v := range splitValues(raw) {
		b.addTo(&b.titles, "title", v)
	}
}

// --- countries ---

// country resolves a country name, counting one that is not one country once per designation.
func (p *parser) country(b *builder, name string) (string, bool) {
	code, ok := country.FromName(name)
	if !ok && b.once("country "+name) {
		if _, known := p.unresolved[name]; known || len(p.unresolved) < maxDistinct {
			p.unresolved[name]++
		} else {
			p.overflow++
		}
	}
	return code, ok
}

// nationalities reads "Nationality(/ies)": one country, or several separated by "|", ";" or ",".
func (p *parser) nationalities(b *builder, raw string) {
	raw = listfile.Clean(raw)
	if raw == "" || !b.once("nationalities\x00"+raw) {
		return
	}
	if code, ok := country.FromName(raw); ok {
		b.addTo(&b.entry.Nationalities, "nationality", code)
		return
	}
	for _, v := range strings.FieldsFunc(raw, func(r rune) bool { return r == '|' || r == ';' || r == ',' }) {
		if v = listfile.Clean(v); v == "" {
			continue
		}
		if code, ok := p.country(b, v); ok {
			b.addTo(&b.entry.Nationalities, "nationality", code)
		}
	}
}

// birthPlace adds "town, country" as written.
func (p *parser) birthPlace(b *builder, town, countryName string) {
	var parts []string
	for _, s := range []string{listfile.Clean(town), listfile.Clean(countryName)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if countryName = listfile.Clean(countryName); countryName != "" {
		p.country(b, countryName) // counted when it is not one country
	}
	b.addTo(&b.entry.BirthPlaces, "birthplace", strings.Join(parts, ", "))
}

// address adds an address from the FCDO's six lines, postal code and country. Lines 1 to 4 are the street
// lines, line 5 the region and line 6 the town, as the publisher fills them ("Kabul" is line 6).
func (p *parser) address(b *builder, lines [6]string, postcode, countryName string) {
	var street []string
	for _, l := range lines[:4] {
		if l = listfile.Clean(l); l != "" {
			street = append(street, l)
		}
	}
	a := vigil.EntryAddress{
		Line:     strings.Join(street, ", "),
		Region:   listfile.Clean(lines[4]),
		City:     listfile.Clean(lines[5]),
		Postcode: listfile.Clean(postcode),
	}
	if c := listfile.Clean(countryName); c != "" {
		if code, ok := p.country(b, c); ok {
			a.Country = code
		}
	}
	if a == (vigil.EntryAddress{}) {
		return
	}
	key := strings.Join([]string{a.Line, a.City, a.Region, a.Postcode, a.Country}, "\x00")
	if b.fresh("address", key, len(b.entry.Addresses)) {
		b.entry.Addresses = append(b.entry.Addresses, a)
	}
}

// --- identifiers ---

func (b *builder) identifier(id vigil.EntryIdentifier) {
	if b.fresh("identifier", string(id.Kind)+"\x00"+id.Value, len(b.entry.Identifiers)) {
		b.entry.Identifiers = append(b.entry.Identifiers, id)
	}
}

// document adds passport or national identifier numbers with their additional information, from which the
// issuer is taken when it names one country ("Afghanistan passport", "Issued by the DPRK"). Several numbers
// in one cell are separated by "|"; the additional information then pairs with them when it has as many parts.
func (p *parser) document(b *builder, typ, numbers, info string) {
	if listfile.Clean(numbers) == "" || !b.once("document\x00"+typ+"\x00"+numbers+"\x00"+info) {
		return // the CSV repeats a designation's documents on each of its rows
	}
	nums := splitValues(numbers)
	infos := splitValues(info)
	for i, raw := range nums {
		if len(b.entry.Identifiers) >= maxValues {
			b.capped = true
			return
		}
		inf := listfile.Clean(info)
		if len(nums) > 1 {
			inf = ""
			if len(infos) == len(nums) {
				inf = infos[i]
			}
		}
		num := documentNumber(raw)
		if !ident.IsDocumentNumber(num) {
			p.skip(b, strings.ToLower(typ)+" "+listfile.Quote(raw))
			continue
		}
		issuer := p.issuerCountry(inf)
		value, ok := ident.Document(num, issuer)
		if !ok {
			p.skip(b, strings.ToLower(typ)+" "+listfile.Quote(raw))
			continue
		}
		b.identifier(vigil.EntryIdentifier{Kind: vigil.IdentDocument, Value: value, Raw: num, Type: typ, Issuer: issuer})
	}
}

// documentNumber takes the number from a cell that may add words or notes to it: "P04581926 (expired)",
// "381420754, issued 2011", "G1234567 valid until 2020".
func documentNumber(s string) string {
	s = listfile.Clean(s)
	if i := strings.IndexAny(s, "(,;"); i >= 0 {
		s = s[:i]
	}
	f := strings.Fields(s)
	for i, w := range f {
		if strings.IndexFunc(w, unicode.IsLower) >= 0 {
			f = f[:i]
			break
		}
	}
	return strings.Join(f, " ")
}

// shortCountryWords are the country words of three letters or fewer read inside a sentence; other short words
// ("ID", "No") would read as ISO codes.
var shortCountryWords = map[string]bool{"UK": true, "USA": true, "UAE": true}

// issuerCountry finds the one country the additional information of a document names: the whole text, or the
// longest runs of up to six words in it that are a country name or adjective. It is "" when none or more than
// one country is named.
func issuerCountry(info string) string {
	info = listfile.Clean(info)
	if info == "" || len(info) > 1000 {
		return ""
	}
	if code, ok := country.FromName(info); ok {
		return code
	}
	words := strings.FieldsFunc(info, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-'
	})
	if len(words) > 30 {
		return ""
	}
	used := make([]bool, len(words))
	found := ""
	for n := min(6, len(words)); n >= 1; n-- {
	window:
		for i := 0; i+n <= len(words); i++ {
			for j := i; j < i+n; j++ {
				if used[j] {
					continue window
				}
			}
			cand := strings.Join(words[i:i+n], " ")
			if n == 1 && len(cand) <= 3 && !shortCountryWords[cand] {
				continue
			}
			code, ok := country.FromName(cand)
			if !ok {
				continue
			}
			if found != "" && found != code {
				return ""
			}
			found = code
			for j := i; j < i+n; j++ {
				used[j] = true
			}
		}
	}
	return found
}

// issuerCountry is issuerCountry remembered for the file: the CSV repeats a designation's documents on each of
// its rows.
func (p *parser) issuerCountry(info string) string {
	if code, ok := p.issuers[info]; ok {
		return code
	}
	code := issuerCountry(info)
	if len(p.issuers) < 10000 {
		p.issuers[info] = code
	}
	return code
}

// phone adds phone numbers: "+93-202-104748", "(+850) 2 381 8208", "00963112121816", several separated by "|"
// or ";". A number is kept up to a "/" or "," that adds extensions or alternatives.
func (p *parser) phone(b *builder, raw string) {
	for _, v := range strings.FieldsFunc(raw, func(r rune) bool { return r == '|' || r == ';' }) {
		v = listfile.Clean(v)
		if v == "" {
			continue
		}
		num := ident.CutPhone(v)
		value, ok := ident.Phone(num, "")
		if !ok {
			p.skip(b, "phone number "+listfile.Quote(v))
			continue
		}
		b.identifier(vigil.EntryIdentifier{Kind: vigil.IdentPhone, Value: value, Raw: num, Type: "Phone number"})
	}
}

// email adds email addresses; several are separated by spaces, ";", "," or "|".
func (p *parser) email(b *builder, raw string) {
	for _, v := range strings.FieldsFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || r == ';' || r == ',' || r == '|' }) {
		v = strings.TrimRight(v, ".")
		if v == "" {
			continue
		}
		value, ok := ident.Email(v)
		if !ok {
			p.skip(b, "email address "+listfile.Quote(v))
			continue
		}
		b.identifier(vigil.EntryIdentifier{Kind: vigil.IdentEmail, Value: value, Raw: v, Type: "Email address"})
	}
}

// website adds websites; several are separated by spaces, ";", "," or "|".
func (p *parser) website(b *builder, raw string) {
	for _, v := range strings.FieldsFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || r == ';' || r == ',' || r == '|' }) {
		v = strings.TrimRight(v, ".")
		if v == "" {
			continue
		}
		value, ok := canonicalWebsite(v)
		if !ok {
			p.skip(b, "website "+listfile.Quote(v))
			continue
		}
		b.identifier(vigil.EntryIdentifier{Kind: vigil.IdentWebsite, Value: value, Raw: v, Type: "Website"})
	}
}

// canonicalWebsite is the form websites take in every list (ident.Website), so that the same site from the UK
// and another list is one indicator.
func canonicalWebsite(raw string) (string, bool) { return ident.Website(raw) }

// fact adds a labelled detail to the remarks: an IMO number, a flag, a registration number.
func (b *builder) fact(label, raw string) {
	var vals []string
	seen := map[string]bool{}
	for _, v := range splitValues(raw) {
		if !seen[v] {
			seen[v] = true
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return
	}
	b.addTo(&b.facts, "fact", label+": "+strings.Join(vals, "; "))
}
