// Package opensanctions reads the two bulk export formats of OpenSanctions (opensanctions.org) that describe
// sanctioned people, organisations, vessels and aircraft:
//
//   - entities.ftm.json: FollowTheMoney (FtM) entities as JSON lines, one object per line with "id",
//     "schema", "properties" (a map of property names to arrays of strings), "caption", "datasets",
//     "referents", "target" and the timestamps "first_seen", "last_seen", "last_change". Passports,
//     identifications, sanctions, crypto wallets and addresses are entities of their own that point at the
//     entity they belong to (see ftm.go).
//   - targets.simple.csv: one row per target with the columns id, schema, name, aliases, birth_date,
//     countries, addresses, identifiers, sanctions, phones, emails, program_ids, dataset, first_seen,
//     last_seen, last_change, several values in one cell separated by ";" (see csv.go).
//
// Sources of the format facts: the OpenSanctions documentation (docs/bulk/json, docs/entities, the data
// dictionary at /reference), the FtM schema definitions (followthemoney/schema/*.yaml) and the exporters of
// the OpenSanctions pipeline (zavod/exporters/ftm.py and simplecsv.py), read in August 2026.
//
// Decisions common to both formats:
//   - Only targets become entries: in entities.ftm.json the entities with "target": true, in
//     targets.simple.csv every row (the exporter writes targets only). Of those, schemas Person (person),
//     Organization, Company, LegalEntity and PublicBody (organisation), Vessel (vessel) and Airplane
//     (aircraft); targets of other schemas (a Security, a CryptoWallet …) are counted in a warning. The
//     documentation calls "target" a legacy field and recommends the risk topics; the current exporter sets
//     it from exactly those topics (an entity is a target when one of its topics is a risk topic), so the
//     two agree.
//   - The entry ID is the OpenSanctions entity id ("NK-…" in collections, "ofac-…" in a source dataset),
//     entries are ordered by it.
//   - AsOf is always zero. Neither file carries the date of the export: first_seen, last_seen and
//     last_change are per entity and say when OpenSanctions' crawler first or last saw the entity or last
//     saw it change. The latest last_change in a file is only the last time something changed, which can be
//     long before the export (a quiet list) and says nothing about the publishers' own dates; presenting it
//     as the data's date would mislead. The export date is "last_export" in the dataset's index.json, a
//     separate file this package does not read.
//   - Only persons get identity documents (passports, national ID, tax and social security numbers), as in
//     source/ofac: company registration numbers, IMO and MMSI numbers, LEI, SWIFT/BIC and aircraft serials
//     are nothing a subject presents as an identity document, and would be compared by number with
//     passports.
//   - Structural faults (malformed JSON or CSV, a missing or duplicate id, a target without a name, invalid
//     UTF-8, an oversized line or field, a timestamp that is not one) are errors naming file and line, and
//     nothing is returned. So is a file without a single entry: imported, it would empty the list. Values that cannot be used (an unreadable birth date, a country code that is not
//     a current country, an invalid document number, e-mail address or phone number) are skipped and
//     counted in warnings.
package opensanctions

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/country"
	"github.com/vigil-sec/vigil/source/internal/ident"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// File is a list file: a name for messages and its content.
type File = listfile.File

// Kind is which OpenSanctions export a file is.
type Kind string

// The export formats read.
const (
	KindFTM        Kind = "entities.ftm.json"
	KindTargetsCSV Kind = "targets.simple.csv"
)

const (
	// maxIDBytes bounds an entity id; the documentation gives ids as string(255).
	maxIDBytes = 255
	// maxAliases bounds the names kept per entry. Merged entities in OpenSanctions collections carry every
	// name and spelling of every source merged into them; beyond this the rest is ignored with a warning,
	// which keeps one entry from dominating name matching.
	maxAliases = 500
	// maxTitleItems and maxRemarksBytes bound the free text kept from titles, positions and notes.
	maxTitleItems   = 10
	maxRemarksBytes = 16 << 10
	// maxProgramBytes bounds a programme text used as a programme code; longer ones are descriptions.
	maxProgramBytes = 100
	// maxErrors stops collecting errors from a file that is plainly broken.
	maxErrors = 10
	// sniffWindow is how much of a file Sniff looks at.
	sniffWindow = 64 << 10
)

// Sniff tells an OpenSanctions export from the start of its content: entities.ftm.json when the first line is
// a JSON object with a string "id", a string "schema" and a "properties" object; targets.simple.csv when the
// first row is a CSV header starting with the columns id, schema, name (as every version of the exporter
// writes it). ok is false for anything else.
func Sniff(data []byte) (kind Kind, ok bool) {
	data = listfile.TrimBOM(data)
	if len(data) > sniffWindow {
		data = data[:sniffWindow]
	}
	data = bytes.TrimLeft(data, " \t\r\n")
	if len(data) == 0 {
		return "", false
	}
	if data[0] == '{' {
		if sniffFTM(data) {
			return KindFTM, true
		}
		return "", false
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i+1]
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil || len(rec) < 3 {
		return "", false
	}
	if strings.TrimSpace(rec[0]) == "id" && strings.TrimSpace(rec[1]) == "schema" && strings.TrimSpace(rec[2]) == "name" {
		return KindTargetsCSV, true
	}
	return "", false
}

// sniffFTM walks the keys of the first JSON object, which may be longer than the window, until it has seen
// a string id, a string schema and the start of a properties object.
func sniffFTM(data []byte) bool {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	var id, schema, props bool
	for !(id && schema && props) {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		key, isKey := tok.(string)
		if !isKey {
			return false
		}
		switch key {
		case "id", "schema":
			v, err := dec.Token()
			if s, isString := v.(string); err != nil || !isString || s == "" {
				return false
			}
			if key == "id" {
				id = true
			} else {
				schema = true
			}
		case "properties":
			if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
				return false
			}
			props = true
			if !(id && schema) {
				// The exporter writes id and schema before properties; a properties object first would
				// have to be skipped whole, which the window may not hold.
				return false
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return false
			}
		}
	}
	return true
}

// Result is what Parse read: entries ordered by entity id; AsOf is always zero: neither export says when it was made (see the package comment).
type Result = listfile.Result

// Parse reads an entities.ftm.json or targets.simple.csv file into entries whose List is list, telling the
// two apart with Sniff; a file starting with a JSON object that Sniff does not take for an entity is read as
// entities.ftm.json all the same, so that the error says what is wrong with its first line. On any
// structural fault Parse returns a listfile.ErrorList naming file and line, and no entries.
func Parse(f *File, list string) (*Result, error) {
	var errs listfile.ErrorList
	if f == nil {
		errs.Add("opensanctions", 0, "", "no file given")
		return nil, errs.Err()
	}
	if !listfile.CheckSize(f.Name, f.Data, &errs) {
		return nil, errs.Err()
	}
	if len(bytes.TrimSpace(listfile.TrimBOM(f.Data))) == 0 {
		errs.Add(f.Name, 0, "", "is empty; expected an OpenSanctions entities.ftm.json or targets.simple.csv")
		return nil, errs.Err()
	}
	kind, ok := Sniff(f.Data)
	if !ok && bytes.TrimLeft(listfile.TrimBOM(f.Data), " \t\r\n")[0] == '{' {
		// A JSON object that is no FtM entity: the line parser says what is wrong with it.
		kind, ok = KindFTM, true
	}
	if !ok {
		errs.Add(f.Name, 1, "", "is neither an OpenSanctions entities.ftm.json (one JSON entity with id, schema and properties per line) nor a targets.simple.csv (header id,schema,name,…)")
		return nil, errs.Err()
	}
	c := newCollector(f.Name, list)
	if kind == KindFTM {
		parseFTM(c, f.Data)
	} else {
		parseCSV(c, f.Data)
	}
	if c.errs.Len() > 0 {
		c.errs.Sort()
		return nil, c.errs.Err()
	}
	entries := c.finish()
	sort.Slice(entries, func(i, j int) bool { return entries[i].ID < entries[j].ID })
	return &Result{Entries: entries, Warnings: c.warningList()}, nil
}

// entryKinds are the schemas that become entries. Subtypes of Organization the FtM model defines (Company,
// PublicBody) are organisations too.
var entryKinds = map[string]vigil.EntryKind{
	"Person":       vigil.EntryPerson,
	"Organization": vigil.EntryOrganization,
	"Company":      vigil.EntryOrganization,
	"LegalEntity":  vigil.EntryOrganization,
	"PublicBody":   vigil.EntryOrganization,
	"Vessel":       vigil.EntryVessel,
	"Airplane":     vigil.EntryAircraft,
}

// collector gathers the entries, errors and warnings of one file.
type collector struct {
	file     string
	list     string
	errs     listfile.ErrorList
	builders []*builder
	ids      map[string]int // entity id → line of its target

	otherSchemas map[string]int  // targets of schemas that are no entry kind
	unknownKeys  listfile.Tally  // top-level JSON keys or CSV columns not known
	unresolved   map[string]int  // country codes that are no current country
	skipped      listfile.Sample // values that could not be used, with their entity
	capped       listfile.Sample // entities with more names than maxAliases
}

func newCollector(file, list string) *collector {
	return &collector{file: file, list: list, ids: map[string]int{}, otherSchemas: map[string]int{},
		unresolved: map[string]int{}, capped: listfile.Sample{Keep: 5}}
}

func (c *collector) errorf(line int, record, format string, args ...any) {
	c.errs.Add(c.file, line, record, fmt.Sprintf(format, args...))
}

func (c *collector) tooManyErrors() bool { return c.errs.Len() >= maxErrors }

func (c *collector) unknown(name string, line int) { c.unknownKeys.Add(name, line) }

func (c *collector) skip(what, id string) {
	c.skipped.Add(fmt.Sprintf("%s (entity %s)", what, id))
}

// checkID reports whether id is usable as an entry ID: 1 to 255 bytes without spaces or control characters.
func (c *collector) checkID(line int, id string) bool {
	switch {
	case id == "":
		c.errorf(line, "", "the entity has no id")
		return false
	case len(id) > maxIDBytes:
		c.errorf(line, "", "the id %s is longer than %d bytes", listfile.Quote(id), maxIDBytes)
		return false
	case strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || isFormat(r) }) >= 0:
		c.errorf(line, "", "the id %s contains a space or control character", listfile.Quote(id))
		return false
	}
	if prev, dup := c.ids[id]; dup {
		c.errorf(line, "entity "+id, "entity %s is given twice (also on line %d)", listfile.Quote(id), prev)
		return false
	}
	c.ids[id] = line
	return true
}

// newBuilder starts an entry.
func (c *collector) newBuilder(line int, id string, kind vigil.EntryKind) *builder {
	b := &builder{c: c, line: line, e: &vigil.ListEntry{List: c.list, ID: id, Kind: kind}, names: map[string]int{}}
	c.builders = append(c.builders, b)
	return b
}

// finish completes every entry.
func (c *collector) finish() []*vigil.ListEntry {
	out := make([]*vigil.ListEntry, 0, len(c.builders))
	for _, b := range c.builders {
		b.finish()
		out = append(out, b.e)
	}
	return out
}

func (c *collector) warningList() []string {
	var w []string
	if len(c.otherSchemas) > 0 {
		w = append(w, fmt.Sprintf("%s: skipped targets that are no person, organisation, vessel or aircraft: %s", c.file, listfile.CountList(c.otherSchemas, 0)))
	}
	for _, u := range c.unknownKeys.Sorted() {
		w = append(w, fmt.Sprintf("%s:%d: ignored %s ×%d (new in the export format?)", c.file, u.Line, u.Key, u.Count))
	}
	if len(c.unresolved) > 0 {
		w = append(w, fmt.Sprintf("%s: country codes that are not one current country, ignored: %s", c.file, listfile.CountList(c.unresolved, 0)))
	}
	if c.capped.N > 0 {
		w = append(w, fmt.Sprintf("%s: %d entities have more than %d names; the rest were ignored: %s", c.file, c.capped.N, maxAliases, c.capped.String()))
	}
	if c.skipped.N > 0 {
		w = append(w, listfile.SkippedWarning(c.file, &c.skipped))
	}
	return w
}

// builder assembles one entry.
type builder struct {
	c     *collector
	line  int
	e     *vigil.ListEntry
	names map[string]int // folded name → index in e.Aliases, -1 for e.Name
	// nameCapped is set once the entry has maxAliases aliases.
	nameCapped bool
	titles     []string
	remarks    []string
	// addressText are the free-text addresses, kept until the structured Address entities are known so that
	// the same address is not listed twice.
	addressText []string
	fullAddress map[string]bool
	listedOn    string
	// fallbackPrograms are programme texts, used when no programme id is given.
	fallbackPrograms []string
}

// setName sets the primary name.
func (b *builder) setName(name string) {
	b.e.Name = name
	b.names[foldName(name)] = -1
}

// alias adds another name, once: a name given both weak and strong is strong.
func (b *builder) alias(name, typ string, weak bool) {
	name = cleanText(name)
	if name == "" {
		return
	}
	key := foldName(name)
	if i, seen := b.names[key]; seen {
		if i >= 0 && b.e.Aliases[i].Weak && !weak {
			b.e.Aliases[i] = vigil.Alias{Name: name, Type: typ}
		}
		return
	}
	if len(b.e.Aliases) >= maxAliases {
		if !b.nameCapped {
			b.nameCapped = true
			b.c.capped.Add(b.e.ID)
		}
		return
	}
	b.names[key] = len(b.e.Aliases)
	b.e.Aliases = append(b.e.Aliases, vigil.Alias{Name: name, Type: typ, Weak: weak})
}

// birthDate adds an FtM date: YYYY, YYYY-MM or YYYY-MM-DD, possibly followed by a time, which is dropped.
func (b *builder) birthDate(raw string) {
	d, ok := parseDate(raw)
	if !ok {
		b.c.skip("birth date "+listfile.Quote(raw), b.e.ID)
		return
	}
	for _, have := range b.e.BirthDates {
		if have.Date == d {
			return
		}
	}
	b.e.BirthDates = append(b.e.BirthDates, vigil.BirthDate{Date: d})
}

// parseDate reads a date of the FtM date type, which is an ISO 8601 prefix of any precision; it returns it
// cut to the day.
func parseDate(raw string) (string, bool) {
	s := strings.TrimSpace(raw)
	if len(s) > len(time.DateOnly) && s[len(time.DateOnly)] == 'T' {
		s = s[:len(time.DateOnly)]
	}
	layout := ""
	switch len(s) {
	case 4:
		layout = "2006"
	case 7:
		layout = "2006-01"
	case 10:
		layout = time.DateOnly
	default:
		return "", false
	}
	t, err := time.Parse(layout, s)
	if err != nil || t.Year() < 1800 || t.Year() > 2200 {
		return "", false
	}
	return s, true
}

// timestampLayouts are the forms of first_seen, last_seen and last_change: the exporter writes
// "2024-01-02T03:04:05"; a zone, fractions of a second and a bare date are accepted too.
var timestampLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", time.RFC3339Nano, time.DateOnly}

func isTimestamp(s string) bool {
	for _, l := range timestampLayouts {
		if _, err := time.Parse(l, s); err == nil {
			return true
		}
	}
	return false
}

func (b *builder) birthPlace(raw string) {
	if p := cleanText(raw); p != "" && !slices.Contains(b.e.BirthPlaces, p) {
		b.e.BirthPlaces = append(b.e.BirthPlaces, p)
	}
}

// countryCode reads an FtM country code ("kp", "ru"). Codes FtM adds for former or disputed states
// ("suhh", "csxx", "ge-ab") and regions ("eu", "zz") are no current country and are counted.
func (b *builder) countryCode(raw string) (string, bool) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", false
	}
	code, ok := vigil.CountryCode(s)
	if !ok {
		b.c.unresolved[strings.ToLower(s)]++
	}
	return code, ok
}

func (b *builder) nationality(raw string) {
	if code, ok := b.countryCode(raw); ok && !slices.Contains(b.e.Nationalities, code) {
		b.e.Nationalities = append(b.e.Nationalities, code)
	}
}

// gender keeps male or female; two different values cancel out, since the entry cannot say which is right.
func (b *builder) gender(values []string) {
	g := ""
	for _, v := range values {
		v = strings.ToLower(strings.TrimSpace(v))
		if v != "male" && v != "female" {
			continue
		}
		if g != "" && g != v {
			return
		}
		g = v
	}
	b.e.Gender = g
}

func (b *builder) title(raw string) {
	if t := cleanText(raw); t != "" && len(b.titles) < maxTitleItems && !slices.Contains(b.titles, t) {
		b.titles = append(b.titles, t)
	}
}

func (b *builder) remark(raw string) {
	if t := strings.TrimSpace(raw); t != "" && !slices.Contains(b.remarks, t) {
		b.remarks = append(b.remarks, t)
	}
}

func (b *builder) program(raw string) {
	if p := cleanText(raw); p != "" && !slices.Contains(b.e.Programs, p) {
		b.e.Programs = append(b.e.Programs, p)
	}
}

// listed keeps the earliest full date a sanction gives as the listing date.
func (b *builder) listed(raw string) {
	d, ok := parseDate(raw)
	if !ok || len(d) != len(time.DateOnly) {
		return
	}
	if b.listedOn == "" || d < b.listedOn {
		b.listedOn = d
	}
}

func (b *builder) addressLine(raw string) {
	if a := cleanText(raw); a != "" && !slices.Contains(b.addressText, a) {
		b.addressText = append(b.addressText, a)
	}
}

func (b *builder) address(a vigil.EntryAddress, full []string) {
	if a == (vigil.EntryAddress{}) {
		return
	}
	for _, have := range b.e.Addresses {
		if have == a {
			return
		}
	}
	b.e.Addresses = append(b.e.Addresses, a)
	if b.fullAddress == nil {
		b.fullAddress = map[string]bool{}
	}
	for _, f := range full {
		b.fullAddress[strings.ToLower(cleanText(f))] = true
	}
}

// document adds an identity document of a person: the number, the issuing country (an FtM code, may be
// empty) and the publisher's label. The canonical value is "ICAO:NUMBER" as in source/un.
func (b *builder) document(raw, issuerCode, typ string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return
	}
	if !ident.IsDocumentNumber(raw) {
		b.c.skip(typ+" "+listfile.Quote(raw), b.e.ID)
		return
	}
	// The issuer is kept only when it has an ICAO code, the one the document's value carries.
	issuer := ""
	if issuerCode != "" {
		if code, ok := b.countryCode(issuerCode); ok {
			if _, ok := country.ICAO(code); ok {
				issuer = code
			}
		}
	}
	value, ok := ident.Document(raw, issuer)
	if !ok {
		b.c.skip(typ+" "+listfile.Quote(raw), b.e.ID)
		return
	}
	b.identifier(vigil.EntryIdentifier{Kind: vigil.IdentDocument, Value: value, Raw: raw, Type: typ, Issuer: issuer})
}

// wallet adds a digital-currency address; currency is the asset code FtM gives ("ETH", "XBT").
func (b *builder) wallet(raw, currency string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return
	}
	v, err := vigil.CanonicalWallet(raw)
	if err != nil {
		b.c.skip("wallet "+listfile.Quote(raw), b.e.ID)
		return
	}
	chain := strings.ToUpper(strings.TrimSpace(currency))
	typ := "Digital Currency Address"
	if ident.IsAssetCode(chain) {
		typ += " - " + chain
	} else {
		chain = ""
	}
	b.identifier(vigil.EntryIdentifier{Kind: vigil.IdentWallet, Value: v, Raw: raw, Type: typ, Chain: chain})
}

func (b *builder) email(raw string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return
	}
	v, ok := ident.Email(raw)
	if !ok {
		b.c.skip("e-mail "+listfile.Quote(raw), b.e.ID)
		return
	}
	b.identifier(vigil.EntryIdentifier{Kind: vigil.IdentEmail, Value: v, Raw: raw, Type: "Email"})
}

// phone adds a phone number; FtM writes them in E.164, and a number without "+" is read as international
// digits, since the export gives no region to read it in.
func (b *builder) phone(raw string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return
	}
	v, err := vigil.CanonicalPhone(raw, "")
	if err != nil {
		b.c.skip("phone "+listfile.Quote(raw), b.e.ID)
		return
	}
	b.identifier(vigil.EntryIdentifier{Kind: vigil.IdentPhone, Value: v, Raw: raw, Type: "Phone"})
}

func (b *builder) identifier(id vigil.EntryIdentifier) {
	b.e.Identifiers = ident.Append(b.e.Identifiers, id)
}

// finish completes the entry: free-text addresses that repeat a structured one are dropped, a document
// number given without issuer is dropped when the same number is given with one (OpenSanctions copies the
// number of every Passport entity into the holder's passportNumber), the free text is joined.
func (b *builder) finish() {
	e := b.e
	for _, a := range b.addressText {
		if !b.fullAddress[strings.ToLower(a)] {
			b.address(vigil.EntryAddress{Line: a}, nil)
		}
	}
	// Attachments come in the order of the file, which is not the publisher's: identifiers are ordered by
	// kind and value so that the same data gives the same entry.
	sort.SliceStable(e.Identifiers, func(i, j int) bool {
		a, b := e.Identifiers[i], e.Identifiers[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Value < b.Value
	})
	withIssuer := map[string]bool{}
	for _, id := range e.Identifiers {
		if id.Kind == vigil.IdentDocument && id.Issuer != "" {
			withIssuer[vigil.DocumentNumber(id.Value)] = true
		}
	}
	if len(withIssuer) > 0 {
		kept := e.Identifiers[:0]
		for _, id := range e.Identifiers {
			if id.Kind == vigil.IdentDocument && id.Issuer == "" && withIssuer[vigil.DocumentNumber(id.Value)] {
				continue
			}
			kept = append(kept, id)
		}
		e.Identifiers = kept
	}
	e.Title = strings.Join(b.titles, "; ")
	e.Remarks = truncate(strings.Join(b.remarks, "\n"), maxRemarksBytes)
	e.ListedOn = b.listedOn
	if len(e.Programs) == 0 {
		for _, p := range b.fallbackPrograms {
			if len(p) <= maxProgramBytes {
				b.program(p)
			}
		}
	}
	sort.Strings(e.Programs)
}

// truncate cuts s to at most n bytes at a character boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// cleanText removes control and bidirectional formatting characters, which can make a name display as
// something it is not, and collapses white space.
func cleanText(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if isFormat(r) {
			return -1
		}
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)), " ")
}

// isFormat reports bidirectional formatting characters and other invisible format characters that make text
// display differently from what it is, zero-width joiners excepted (some scripts need them).
func isFormat(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') || r == '\u200e' || r == '\u200f' ||
		r == '\u061c' || r == '\ufeff'
}

// foldName is the key by which names count as the same: case-insensitive.
func foldName(s string) string { return strings.ToLower(s) }
