package opensanctions

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// targets.simple.csv
//
// The exporter writes every field quoted, rows ended by "\n", and inside a cell several values sorted and
// separated by ";", a value that holds ";" or a quote itself quoted with "" for a quote (Python's csv module
// in its unix dialect, twice over). Columns are found by the header, not by position: the exporter added
// last_change at the end (June 2023) and program_ids before dataset (August 2025), and earlier files have
// last_seen before first_seen. id, schema and name are required; unknown columns are counted in a warning.
//
// The CSV is a flattening of the FtM entities (see ftm.go) that loses what screening needs most; prefer
// entities.ftm.json where both are available:
//   - aliases is every name of the entity but the caption, weak aliases and previous names included, so
//     every alias is a strong aka: the CSV cannot tell a weak one.
//   - countries is every country-typed value of the entity (nationality, citizenship, country, country of
//     birth, jurisdiction, a vessel's flag …) and the countries of its Identification entities. They are no
//     nationalities and are kept only as text in the remarks ("Countries: KP, RU"), so that a finding never
//     calls a country of residence a listed nationality.
//   - identifiers is every identifier-typed value of the entity and the numbers of its Identification and
//     Passport entities, without type or issuer: a passport number, a tax number, a Wikidata id, a company
//     registration or IMO number look alike. For persons they are kept as documents without issuer
//     (":NUMBER"), as source/ofac and source/un keep a passport whose issuer is not given. That is safe
//     enough because the identifier properties FtM gives a person are passportNumber, idNumber, taxNumber,
//     socialSecurityNumber and innCode (identity documents in Vigil's sense), the Wikidata id and a few
//     registry codes rarely set on persons; a document without issuer matches a subject's only on a number
//     of six or more characters; and the finding names the entry for a reviewer to check. Wikidata ids
//     (Q123) and the entity's programme ids are left out; a value that is no valid document number is
//     skipped with a warning. For organisations, vessels and aircraft the values are registration, IMO,
//     LEI or SWIFT numbers, which no subject presents as an identity document (see the package comment),
//     and are kept only as text in the remarks.
//   - sanctions is text ("program - reason - status - start - end") and becomes remarks; the programmes are
//     program_ids (absent before August 2025, when entries have no programmes). There is no listing date.

const (
	// maxFieldBytes bounds one cell, with room for the aliases of an entity merged from many sources.
	maxFieldBytes = 1 << 20
)

// csvColumns are the columns of targets.simple.csv.
var csvColumns = map[string]bool{"id": true, "schema": true, "name": true, "aliases": true, "birth_date": true,
	"countries": true, "addresses": true, "identifiers": true, "sanctions": true, "phones": true, "emails": true,
	"program_ids": true, "dataset": true, "first_seen": true, "last_seen": true, "last_change": true}

func parseCSV(c *collector, data []byte) {
	data = listfile.TrimBOM(data)
	if off, line, bad := listfile.InvalidUTF8(data); bad {
		c.errorf(line, "", "byte 0x%02x is not valid UTF-8", data[off])
		return
	}
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		c.csvError(err, nil)
		return
	}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if prev, dup := cols[h]; dup {
			c.errorf(1, "", "the header has column %s twice (columns %d and %d)", listfile.Quote(h), prev+1, i+1)
			return
		}
		cols[h] = i
		if !csvColumns[h] {
			c.unknown("column "+listfile.Quote(h), 1)
		}
	}
	for _, need := range []string{"id", "schema", "name"} {
		if _, ok := cols[need]; !ok {
			c.errorf(1, "", "the header has no %s column; targets.simple.csv starts with id,schema,name", need)
			return
		}
	}
	rows := 0
	for !c.tooManyErrors() {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if c.csvError(err, header) {
				continue
			}
			return
		}
		rows++
		line, _ := r.FieldPos(0)
		c.row(line, rec, cols)
	}
	switch {
	case c.errs.Len() > 0:
	case rows == 0:
		c.errorf(0, "", "has a header but no rows")
	case len(c.builders) == 0:
		c.errorf(0, "", "has %d rows but no person, organisation, vessel or aircraft", rows)
	}
}

// csvError reports a CSV error and whether reading can go on.
func (c *collector) csvError(err error, header []string) bool {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			c.errorf(pe.StartLine, "", "the row has a different number of fields from the header's %d", len(header))
			return true
		}
		c.errorf(pe.Line, "", "column %d: %s; fields are quoted with \" and a quote inside a field doubled", pe.Column, pe.Err)
		return false
	}
	c.errorf(0, "", "%v", err)
	return false
}

// row reads one target.
func (c *collector) row(line int, rec []string, cols map[string]int) {
	get := func(col string) string {
		if i, ok := cols[col]; ok {
			return rec[i]
		}
		return ""
	}
	for i, v := range rec {
		if len(v) > maxFieldBytes {
			c.errorf(line, "", "field %d is %d bytes long; at most %d are accepted", i+1, len(v), maxFieldBytes)
			return
		}
	}
	id := strings.TrimSpace(get("id"))
	if !c.checkID(line, id) {
		return
	}
	record := "entity " + id
	schema := strings.TrimSpace(get("schema"))
	if !isSchemaName(schema) {
		c.errorf(line, record, "schema %s is not an FtM schema name", listfile.Quote(schema))
		return
	}
	for _, col := range []string{"first_seen", "last_seen", "last_change"} {
		if ts := strings.TrimSpace(get(col)); ts != "" && !isTimestamp(ts) {
			c.errorf(line, record, "%s %s is not a date and time", col, listfile.Quote(ts))
			return
		}
	}
	values := map[string][]string{}
	for _, col := range []string{"aliases", "birth_date", "countries", "addresses", "identifiers", "sanctions", "phones", "emails", "program_ids"} {
		v, err := splitValues(get(col))
		if err != nil {
			c.errorf(line, record, "column %s: %v; values are separated by ; and a value holding ; or \" is quoted", col, err)
			return
		}
		values[col] = v
	}
	kind, ok := entryKinds[schema]
	if !ok {
		c.otherSchemas[schema]++
		return
	}
	name := cleanText(get("name"))
	if name == "" {
		c.errorf(line, record, "target %s (%s) has no name", listfile.Quote(id), schema)
		return
	}
	b := c.newBuilder(line, id, kind)
	b.setName(name)
	for _, v := range values["aliases"] {
		b.alias(v, "aka", false)
	}
	for _, v := range values["program_ids"] {
		b.program(v)
	}
	for _, v := range values["addresses"] {
		b.addressLine(v)
	}
	for _, v := range values["phones"] {
		b.phone(v)
	}
	for _, v := range values["emails"] {
		b.email(v)
	}
	for _, v := range values["sanctions"] {
		b.remark("Sanction: " + cleanText(v))
	}
	var countries []string
	for _, v := range values["countries"] {
		if code, ok := b.countryCode(v); ok && !slices.Contains(countries, code) {
			countries = append(countries, code)
		}
	}
	if len(countries) > 0 {
		b.remark("Countries: " + strings.Join(countries, ", "))
	}
	var other []string
	for _, v := range values["identifiers"] {
		switch {
		case isWikidataID(v) || slices.Contains(values["program_ids"], v):
		case kind == vigil.EntryPerson:
			b.document(v, "", "Identifier")
		default:
			other = append(other, cleanText(v))
		}
	}
	if len(other) > 0 {
		b.remark("Identifiers: " + strings.Join(other, ", "))
	}
	if kind == vigil.EntryPerson {
		for _, v := range values["birth_date"] {
			b.birthDate(v)
		}
	}
}

// isWikidataID reports a Wikidata item id, "Q" and a number, which FtM types as an identifier.
func isWikidataID(s string) bool {
	if len(s) < 2 || s[0] != 'Q' || s[1] == '0' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// splitValues splits a multi-valued cell: values separated by ";", a value quoted with " when it holds ";"
// or ", a quote inside doubled. Empty values are dropped, the others trimmed.
func splitValues(s string) ([]string, error) {
	var out []string
	add := func(v string) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	for i := 0; i < len(s); {
		if s[i] != '"' {
			end := strings.IndexByte(s[i:], ';')
			if end < 0 {
				add(s[i:])
				break
			}
			add(s[i : i+end])
			i += end + 1
			continue
		}
		var v strings.Builder
		j := i + 1
		for {
			k := strings.IndexByte(s[j:], '"')
			if k < 0 {
				return nil, fmt.Errorf("the quoted value at character %d is not closed", i+1)
			}
			v.WriteString(s[j : j+k])
			j += k + 1
			if j < len(s) && s[j] == '"' {
				v.WriteByte('"')
				j++
				continue
			}
			break
		}
		if j < len(s) && s[j] != ';' {
			return nil, fmt.Errorf("the quoted value at character %d is followed by %s instead of ;", i+1, listfile.Quote(string([]rune(s[j:])[:1])))
		}
		add(v.String())
		i = j + 1
	}
	return out, nil
}
