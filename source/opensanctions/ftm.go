package opensanctions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// entities.ftm.json
//
// The file is read in two passes over the lines. The first reads every line's top-level object, builds an
// entry for each target of an entry schema and notes the lines of the entities that describe others
// (Passport, Identification, Sanction, CryptoWallet, Address); the second reads only those lines and adds
// what they say to the targets they point at, whichever comes first in the file. Memory follows the targets
// and the number of such lines, not the file.
//
// Mapping of a target:
//   - Name: the caption when it is one of the "name" values and in Latin script, else the first Latin
//     "name", else the first "name", else the first alias or previous name. Every other "name" and "alias"
//     is an alias (aka), "previousName" an fka alias, "weakAlias" a weak aka alias, "abbreviation" an aka
//     alias. Names in other scripts stay aliases. firstName, lastName and the other name parts are not read:
//     FtM keeps them out of the name type on purpose, and they repeat the full names.
//   - Persons: birthDate, birthPlace, nationality and citizenship (as nationalities), gender, title and
//     position (as title), and as documents passportNumber, idNumber, taxNumber, socialSecurityNumber,
//     innCode, and Passport and Identification entities whose holder it is (number, issuing country, type).
//     The entity's "country" is not a nationality (FtM: "an association … not covered by a more specific
//     property") and is not read.
//   - All kinds: email and phone, CryptoWallet entities whose holder it is (publicKey, currency), "address"
//     text and the Address entities it names in addressEntity (street, city, region or state, postal code,
//     country), programId of the entity and of Sanction entities naming it (or the Sanction's program text
//     when no programme id is given anywhere), the earliest full listingDate or startDate of those sanctions
//     as the listing date, and "notes" as remarks.
//
// Passport, Identification, CryptoWallet and Sanction entities that point at no target (relatives,
// associates) are ignored, as are all non-target entities and the Passport and Identification entities of
// organisations (registration numbers, see the package comment). An attachment marked as a target itself
// (OpenSanctions marks sanctioned crypto wallets so) that belongs to no entry is counted in a warning.
// Identifiers are ordered by kind and value, since the order of the file is OpenSanctions', not the
// publisher's.

const (
	// maxLineBytes bounds one line, that is one entity. Entities of the collections carry the names, addresses
	// and notes of every source merged into them; 4 MiB leaves them ample room and bounds a hostile line.
	maxLineBytes = 4 << 20
	// maxProperties bounds the distinct properties of an entity; the largest FtM schema has about a hundred.
	maxProperties = 256
	// maxValues bounds the property values of one entity.
	maxValues = 50000
	// maxValueBytes bounds one property value; FtM's longest type (text) allows 65,000 characters.
	maxValueBytes = 256 << 10
	// maxSchemaBytes bounds a schema name; FtM's are short CamelCase words.
	maxSchemaBytes = 64
)

// attachmentSchemas are the entities that describe a target from outside it.
var attachmentSchemas = map[string]bool{"Passport": true, "Identification": true, "Sanction": true, "CryptoWallet": true, "Address": true}

// knownKeys are the top-level keys of an exported entity.
var knownKeys = map[string]bool{"id": true, "schema": true, "properties": true, "caption": true, "datasets": true,
	"referents": true, "target": true, "first_seen": true, "last_seen": true, "last_change": true}

// line is one line of the file.
type line struct {
	no   int
	text []byte
}

// header is the top level of an entity, with properties left undecoded.
type header struct {
	id, schema, caption string
	target              bool
	properties          json.RawMessage
}

type ftmParser struct {
	*collector
	targets  map[string]*builder   // id → target entry
	persons  map[string]bool       // ids of person targets
	addrRefs map[string][]*builder // Address entity id → targets naming it
	later    []line                // lines of attachment entities, read in the second pass
	entities int
}

func parseFTM(c *collector, data []byte) {
	p := &ftmParser{collector: c, targets: map[string]*builder{}, persons: map[string]bool{}, addrRefs: map[string][]*builder{}}
	data = listfile.TrimBOM(data)
	for no, rest := 1, data; len(rest) > 0 && !p.tooManyErrors(); no++ {
		text := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			text, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		p.first(line{no: no, text: bytes.TrimSuffix(text, []byte{'\r'})})
	}
	for _, l := range p.later {
		if p.tooManyErrors() {
			break
		}
		p.second(l)
	}
	if p.errs.Len() == 0 && len(p.targets) == 0 {
		p.errorf(0, "", "has %d entities but no target person, organisation, vessel or aircraft; is it the entities.ftm.json of a sanctions dataset?", p.entities)
	}
}

// first reads a line's top level; targets become entries, attachments are kept for the second pass.
func (p *ftmParser) first(l line) {
	if len(bytes.TrimSpace(l.text)) == 0 {
		return
	}
	if len(l.text) > maxLineBytes {
		p.errorf(l.no, "", "the line is %d bytes long; at most %d are accepted for one entity", len(l.text), maxLineBytes)
		return
	}
	h, ok := p.header(l, true)
	if !ok {
		return
	}
	p.entities++
	if attachmentSchemas[h.schema] {
		p.later = append(p.later, l)
		return
	}
	if !h.target {
		return
	}
	kind, ok := entryKinds[h.schema]
	if !ok {
		p.otherSchemas[h.schema]++
		return
	}
	record := "entity " + h.id
	if !p.checkID(l.no, h.id) {
		return
	}
	props, err := decodeProperties(h.properties)
	if err != nil {
		p.errorf(l.no, record, "entity %s: %v", listfile.Quote(h.id), err)
		return
	}
	b := p.newBuilder(l.no, h.id, kind)
	if !p.names(b, h, props) {
		return
	}
	p.targets[h.id] = b
	p.fill(b, props)
}

// header decodes and checks the top level of an entity; unknown keys are counted on the first pass only.
func (p *ftmParser) header(l line, firstPass bool) (header, bool) {
	var h header
	if col, _, bad := listfile.InvalidUTF8(l.text); bad {
		p.errorf(l.no, "", "byte 0x%02x at column %d is not valid UTF-8", l.text[col], col+1)
		return h, false
	}
	if t := bytes.TrimLeft(l.text, " \t"); t[0] != '{' {
		p.errorf(l.no, "", "the line is not a JSON object; entities.ftm.json has one entity object per line")
		return h, false
	}
	if h, ok := fastHeader(l.text); ok {
		return h, true
	}
	// Something is unusual: an unknown key, a value of the wrong type, malformed JSON. Go over the keys one
	// by one to say which.
	var top map[string]json.RawMessage
	if err := json.Unmarshal(l.text, &top); err != nil {
		p.jsonError(l, err)
		return h, false
	}
	str := func(key string, required bool) (string, bool) {
		raw, ok := top[key]
		if !ok || isNull(raw) {
			if required {
				p.errorf(l.no, "", "the entity has no %q", key)
				return "", false
			}
			return "", true
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			p.errorf(l.no, "", "%q is %s, not a string", key, jsonKind(raw))
			return "", false
		}
		return s, true
	}
	var ok bool
	if h.id, ok = str("id", true); !ok {
		return h, false
	}
	if h.id == "" {
		p.errorf(l.no, "", "the entity has an empty \"id\"")
		return h, false
	}
	record := "entity " + h.id
	if h.schema, ok = str("schema", true); !ok {
		return h, false
	}
	if !isSchemaName(h.schema) {
		p.errorf(l.no, record, "schema %s is not an FtM schema name", listfile.Quote(h.schema))
		return h, false
	}
	if h.caption, ok = str("caption", false); !ok {
		return h, false
	}
	for _, key := range []string{"first_seen", "last_seen", "last_change"} {
		ts, ok := str(key, false)
		if !ok {
			return h, false
		}
		if ts != "" && !isTimestamp(ts) {
			p.errorf(l.no, record, "%s %s is not a date and time", key, listfile.Quote(ts))
			return h, false
		}
	}
	if raw, ok := top["target"]; ok && !isNull(raw) {
		if err := json.Unmarshal(raw, &h.target); err != nil {
			p.errorf(l.no, record, "\"target\" is %s, not true or false", jsonKind(raw))
			return h, false
		}
	}
	for _, key := range []string{"datasets", "referents"} {
		if raw, ok := top[key]; ok && !isNull(raw) {
			var list []string
			if err := json.Unmarshal(raw, &list); err != nil {
				p.errorf(l.no, record, "%q is %s, not a list of strings", key, jsonKind(raw))
				return h, false
			}
		}
	}
	h.properties = top["properties"]
	if len(h.properties) > 0 && !isNull(h.properties) && bytes.TrimLeft(h.properties, " \t")[0] != '{' {
		p.errorf(l.no, record, "\"properties\" is %s, not an object", jsonKind(h.properties))
		return h, false
	}
	for key := range top {
		if firstPass && !knownKeys[key] {
			p.unknown(fmt.Sprintf("entity key %s", listfile.Quote(key)), l.no)
		}
	}
	return h, true
}

// topLevel is an entity with every key the export writes.
type topLevel struct {
	ID         *string         `json:"id"`
	Schema     *string         `json:"schema"`
	Caption    *string         `json:"caption"`
	Properties json.RawMessage `json:"properties"`
	Target     *bool           `json:"target"`
	Datasets   []string        `json:"datasets"`
	Referents  []string        `json:"referents"`
	FirstSeen  *string         `json:"first_seen"`
	LastSeen   *string         `json:"last_seen"`
	LastChange *string         `json:"last_change"`
}

// fastHeader decodes an entity that has only the known keys with values of the right types in one go, which
// is faster than going over the keys; ok is false for anything else, which header then reads key by key to
// say what is wrong. (encoding/json matches keys regardless of case, so "ID" passes for "id" here.)
func fastHeader(text []byte) (header, bool) {
	var t topLevel
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil || len(bytes.TrimSpace(text[dec.InputOffset():])) > 0 {
		return header{}, false
	}
	if t.ID == nil || *t.ID == "" || t.Schema == nil || !isSchemaName(*t.Schema) {
		return header{}, false
	}
	for _, ts := range []*string{t.FirstSeen, t.LastSeen, t.LastChange} {
		if ts != nil && *ts != "" && !isTimestamp(*ts) {
			return header{}, false
		}
	}
	if len(t.Properties) > 0 && !isNull(t.Properties) && t.Properties[0] != '{' {
		return header{}, false
	}
	h := header{id: *t.ID, schema: *t.Schema, properties: t.Properties}
	if t.Caption != nil {
		h.caption = *t.Caption
	}
	if t.Target != nil {
		h.target = *t.Target
	}
	return h, true
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// jsonKind names the JSON type of a raw value for a message.
func jsonKind(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return "empty"
	}
	switch t[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func isSchemaName(s string) bool {
	if s == "" || len(s) > maxSchemaBytes || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9') {
			return false
		}
	}
	return true
}

// jsonError reports a JSON syntax error at its column.
func (p *ftmParser) jsonError(l line, err error) {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		if se.Offset >= int64(len(l.text)) || se.Error() == "unexpected end of JSON input" {
			p.errorf(l.no, "", "the JSON object is cut short (a truncated file, or an object spread over several lines? entities.ftm.json has one entity per line)")
			return
		}
		// Offset counts the bytes read up to and including the offending one.
		col := max(utf8.RuneCount(l.text[:se.Offset]), 1)
		p.errorf(l.no, "", "malformed JSON at column %d: %s", col, se.Error())
		return
	}
	p.errorf(l.no, "", "malformed JSON: %v", err)
}

// decodeProperties reads an FtM properties object, a map of property names to lists of strings, within the
// limits above.
func decodeProperties(raw json.RawMessage) (map[string][]string, error) {
	props := map[string][]string{}
	if len(raw) == 0 || isNull(raw) {
		return props, nil
	}
	// The common case in one go; anything unusual (a value of the wrong type, a limit exceeded) is read
	// token by token to say what is wrong, in the order of the file.
	if err := json.Unmarshal(raw, &props); err == nil && withinLimits(props) {
		return props, nil
	}
	props = map[string][]string{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil { // '{', checked by header
		return nil, err
	}
	values := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := tok.(string)
		if len(props) >= maxProperties {
			return nil, fmt.Errorf("has more than %d properties", maxProperties)
		}
		tok, err = dec.Token()
		if err != nil {
			return nil, err
		}
		if tok == nil {
			continue
		}
		if tok != json.Delim('[') {
			return nil, fmt.Errorf("property %s is %s, not a list of strings", listfile.Quote(name), tokenKind(tok))
		}
		list := props[name]
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			s, isString := tok.(string)
			if !isString {
				hint := ""
				if tok == json.Delim('{') {
					hint = " (entities nested in properties are the targets.nested.json format; use entities.ftm.json)"
				}
				return nil, fmt.Errorf("property %s has %s value; FtM values are strings%s", listfile.Quote(name), tokenKind(tok), hint)
			}
			if len(s) > maxValueBytes {
				return nil, fmt.Errorf("property %s has a value of %d bytes; at most %d are accepted", listfile.Quote(name), len(s), maxValueBytes)
			}
			if values++; values > maxValues {
				return nil, fmt.Errorf("has more than %d property values", maxValues)
			}
			list = append(list, s)
		}
		if _, err := dec.Token(); err != nil { // ']'
			return nil, err
		}
		props[name] = list
	}
	return props, nil
}

func withinLimits(props map[string][]string) bool {
	if len(props) > maxProperties {
		return false
	}
	values := 0
	for _, list := range props {
		for _, s := range list {
			if len(s) > maxValueBytes {
				return false
			}
		}
		if values += len(list); values > maxValues {
			return false
		}
	}
	return true
}

func tokenKind(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a number"
}

// names sets the entry's name and aliases; a target without any name is an error.
func (p *ftmParser) names(b *builder, h header, props map[string][]string) bool {
	clean := func(prop string) []string {
		var out []string
		for _, v := range props[prop] {
			if v = cleanText(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	names, aliases, previous := clean("name"), clean("alias"), clean("previousName")
	caption := cleanText(h.caption)
	primary := ""
	switch {
	case caption != "" && slices.Contains(names, caption) && listfile.IsLatinText(caption):
		primary = caption
	case firstLatin(names) != "":
		primary = firstLatin(names)
	case caption != "" && slices.Contains(names, caption):
		primary = caption
	case len(names) > 0:
		primary = names[0]
	case firstLatin(aliases) != "":
		primary = firstLatin(aliases)
	case len(aliases) > 0:
		primary = aliases[0]
	case len(previous) > 0:
		primary = previous[0]
	default:
		p.errorf(b.line, "entity "+h.id, "target %s (%s) has no name, alias or previousName", listfile.Quote(h.id), h.schema)
		return false
	}
	b.setName(primary)
	for _, n := range names {
		b.alias(n, "aka", false)
	}
	for _, n := range aliases {
		b.alias(n, "aka", false)
	}
	for _, n := range clean("abbreviation") {
		b.alias(n, "aka", false)
	}
	for _, n := range previous {
		b.alias(n, "fka", false)
	}
	for _, n := range clean("weakAlias") {
		b.alias(n, "aka", true)
	}
	return true
}

func firstLatin(names []string) string {
	for _, n := range names {
		if listfile.IsLatinText(n) {
			return n
		}
	}
	return ""
}

// personDocuments are the identifier properties of a person read as identity documents, with their labels.
var personDocuments = []struct{ prop, label string }{
	{"passportNumber", "Passport"},
	{"idNumber", "ID Number"},
	{"taxNumber", "Tax Number"},
	{"socialSecurityNumber", "Social Security Number"},
	{"innCode", "INN"},
}

// fill reads a target's own properties.
func (p *ftmParser) fill(b *builder, props map[string][]string) {
	e := b.e
	if e.Kind == vigil.EntryPerson {
		p.persons[e.ID] = true
		for _, v := range props["birthDate"] {
			b.birthDate(v)
		}
		for _, v := range props["birthPlace"] {
			b.birthPlace(v)
		}
		for _, prop := range []string{"nationality", "citizenship"} {
			for _, v := range props[prop] {
				b.nationality(v)
			}
		}
		b.gender(props["gender"])
		for _, prop := range []string{"title", "position"} {
			for _, v := range props[prop] {
				b.title(v)
			}
		}
		for _, d := range personDocuments {
			for _, v := range props[d.prop] {
				b.document(v, "", d.label)
			}
		}
	}
	for _, v := range props["email"] {
		b.email(v)
	}
	for _, v := range props["phone"] {
		b.phone(v)
	}
	for _, v := range props["address"] {
		b.addressLine(v)
	}
	for _, id := range props["addressEntity"] {
		if id = strings.TrimSpace(id); id != "" {
			p.addrRefs[id] = append(p.addrRefs[id], b)
		}
	}
	for _, v := range props["programId"] {
		b.program(v)
	}
	for _, v := range props["notes"] {
		b.remark(v)
	}
	b.fallbackPrograms = append(b.fallbackPrograms, props["program"]...)
}

// second reads an attachment entity and adds it to the targets it points at; one that is a target itself but
// belongs to no entry is counted as skipped.
func (p *ftmParser) second(l line) {
	h, ok := p.header(l, false)
	if !ok {
		return
	}
	props, err := decodeProperties(h.properties)
	if err != nil {
		p.errorf(l.no, "entity "+h.id, "entity %s: %v", listfile.Quote(h.id), err)
		return
	}
	if !p.attach(h, props) && h.target {
		p.otherSchemas[h.schema]++
	}
}

// attach adds an attachment to its targets and reports whether there was one.
func (p *ftmParser) attach(h header, props map[string][]string) bool {
	attached := false
	first := func(prop string) string {
		for _, v := range props[prop] {
			if v = cleanText(v); v != "" {
				return v
			}
		}
		return ""
	}
	switch h.schema {
	case "Passport", "Identification":
		typ := first("type")
		if typ == "" {
			typ = h.schema
		}
		numbers := append(append([]string(nil), props["number"]...), props["passportNumber"]...)
		// One issuing country only: a document with two cannot say which one issued it.
		issuer := ""
		if countries := distinct(props["country"]); len(countries) == 1 {
			issuer = countries[0]
		}
		for _, holder := range distinct(props["holder"]) {
			b := p.targets[holder]
			if b == nil || !p.persons[holder] {
				continue
			}
			attached = true
			for _, n := range numbers {
				b.document(n, issuer, typ)
			}
		}
	case "CryptoWallet":
		currency := first("currency")
		if currency == "" {
			currency = first("currencySymbol")
		}
		for _, holder := range distinct(props["holder"]) {
			if b := p.targets[holder]; b != nil {
				attached = true
				for _, k := range props["publicKey"] {
					b.wallet(k, currency)
				}
			}
		}
	case "Sanction":
		for _, id := range distinct(props["entity"]) {
			b := p.targets[id]
			if b == nil {
				continue
			}
			attached = true
			for _, v := range props["programId"] {
				b.program(v)
			}
			b.fallbackPrograms = append(b.fallbackPrograms, props["program"]...)
			for _, prop := range []string{"listingDate", "startDate"} {
				for _, v := range props[prop] {
					b.listed(v)
				}
			}
		}
	case "Address":
		refs := p.addrRefs[h.id]
		if len(refs) == 0 {
			return false
		}
		attached = true
		a := vigil.EntryAddress{
			Line:     joinNonEmpty(first("street"), first("street2")),
			City:     first("city"),
			Region:   first("region"),
			Postcode: first("postalCode"),
		}
		if a.Region == "" {
			a.Region = first("state")
		}
		if a.Line == "" && a.City == "" {
			a.Line = first("full")
		}
		for _, b := range refs {
			addr := a
			if countries := distinct(props["country"]); len(countries) == 1 {
				if code, ok := b.countryCode(countries[0]); ok {
					addr.Country = code
				}
			}
			b.address(addr, props["full"])
		}
	}
	return attached
}

// distinct returns the trimmed, non-empty values once each, in order.
func distinct(values []string) []string {
	var out []string
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func joinNonEmpty(parts ...string) string {
	var out []string
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}
