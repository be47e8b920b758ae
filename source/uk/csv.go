package uk

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// The CSV columns, as headerKey writes the header names. The file of 2026 has 58 columns; the parser finds
// them by name, so an added or moved column does not break it.
const (
	colUniqueID          = "unique id"
	colName6             = "name 6"
	colNameType          = "name type"
	colAliasStrength     = "alias strength"
	colTitle             = "title"
	colNonLatin          = "name non-latin script"
	colRegime            = "regime name"
	colType              = "designation type"
	colOtherInfo         = "other information"
	colReasons           = "uk statement of reasons"
	colPostcode          = "address postal code"
	colAddressCountry    = "address country"
	colPhone             = "phone number"
	colWebsite           = "website"
	colEmail             = "email address"
	colDateDesignated    = "date designated"
	colDOB               = "d.o.b"
	colNationality       = "nationality(/ies)"
	colNationalID        = "national identifier number"
	colNationalIDInfo    = "national identifier additional information"
	colPassport          = "passport number"
	colPassportInfo      = "passport additional information"
	colPosition          = "position"
	colGender            = "gender"
	colTownOfBirth       = "town of birth"
	colCountryOfBirth    = "country of birth"
	colUNReference       = "un reference number"
	colRegistration      = "business registration number (s)"
	colIMO               = "imo number"
	colFlag              = "current believed flag of ship"
	colShipType          = "type of ship"
	colHullNumber        = "hull identification number (hin)"
	colNameNonLatinType  = "non-latin script type"
	colNameNonLatinLang  = "non-latin script language"
	colLastUpdated       = "last updated"
	colOFSIGroupID       = "ofsi group id"
	colDesignationSource = "designation source"
	colSanctionsImposed  = "sanctions imposed"
)

var (
	nameCols    = []string{colName6, "name 1", "name 2", "name 3", "name 4", "name 5"}
	addressCols = [6]string{"address line 1", "address line 2", "address line 3", "address line 4", "address line 5", "address line 6"}
	// knownCols are the columns of the 2026 file; the parser reads most of them and ignores the others without
	// a warning.
	knownCols = func() map[string]bool {
		m := map[string]bool{}
		for _, c := range []string{colUniqueID, colNameType, colAliasStrength, colTitle, colNonLatin, colRegime, colType,
			colOtherInfo, colReasons, colPostcode, colAddressCountry, colPhone, colWebsite, colEmail, colDateDesignated,
			colDOB, colNationality, colNationalID, colNationalIDInfo, colPassport, colPassportInfo, colPosition,
			colGender, colTownOfBirth, colCountryOfBirth, colUNReference, colRegistration, colIMO, colFlag, colShipType,
			colHullNumber, colNameNonLatinType, colNameNonLatinLang, colLastUpdated, colOFSIGroupID,
			colDesignationSource, colSanctionsImposed, "type of entity", "subsidiaries", "parent company",
			"current owner/operator (s)", "previous owner/operator (s)", "previous flags", "tonnage of ship",
			"length of ship", "year built"} {
			m[c] = true
		}
		for _, c := range nameCols {
			m[c] = true
		}
		for _, c := range addressCols {
			m[c] = true
		}
		return m
	}()
	requiredCols = []string{colUniqueID, colName6, colNameType, colType}
)

// headerKey folds a header name: lower case, single spaces.
func headerKey(s string) string {
	return strings.ToLower(listfile.Clean(strings.TrimPrefix(s, "\ufeff")))
}

// reportDate returns the date text of a "Report Date: 13-Feb-2026" record, and whether rec is one.
func reportDate(rec []string) (string, bool) {
	if len(rec) == 0 {
		return "", false
	}
	first := listfile.Clean(strings.TrimPrefix(rec[0], "\ufeff"))
	const label = "report date"
	if len(first) < len(label) || !strings.EqualFold(first[:len(label)], label) {
		return "", false
	}
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(first[len(label):]), ":"))
	if rest == "" && len(rec) > 1 {
		rest = listfile.Clean(rec[1])
	}
	return rest, true
}

// sniffCSV reports a header row with "Unique ID" and "Name 6" as the first record, or the second after a
// report date.
func sniffCSV(data []byte) bool {
	if len(data) > sniffWindow {
		data = data[:sniffWindow]
	}
	r := csv.NewReader(bytes.NewReader(listfile.TrimBOM(data)))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	for i := 0; i < 2; i++ {
		rec, err := r.Read()
		if err != nil {
			return false
		}
		if _, ok := reportDate(rec); ok && i == 0 {
			continue
		}
		var id, name6 bool
		for _, f := range rec {
			switch headerKey(f) {
			case colUniqueID:
				id = true
			case colName6:
				name6 = true
			}
		}
		return id && name6
	}
	return false
}

// csvRow is one CSV record with its columns found by name.
type csvRow struct {
	fields []string
	cols   map[string]int
}

func (r csvRow) get(col string) string {
	if i, ok := r.cols[col]; ok {
		return r.fields[i]
	}
	return ""
}

func (p *parser) parseCSV(data []byte) {
	data = listfile.TrimBOM(data)
	if off, line, bad := listfile.InvalidUTF8(data); bad {
		p.errorf(line, "", "byte 0x%02x is not valid UTF-8; the UK list is UTF-8", data[off])
		return
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	rec, err := r.Read()
	if err != nil {
		p.csvError(err, "the file has no header row")
		return
	}
	line, _ := r.FieldPos(0)
	if date, ok := reportDate(rec); ok {
		at, ok := parseGenerated(date)
		if !ok {
			p.errorf(line, "", "the report date %s is not a date such as \"13-Feb-2026\"", listfile.Quote(date))
			return
		}
		p.asOf = at
		if rec, err = r.Read(); err != nil {
			p.csvError(err, "the file ends after the report date; the header row is missing")
			return
		}
		line, _ = r.FieldPos(0)
	} else {
		p.warnings = append(p.warnings, p.file+": has no \"Report Date\" line; the list has no as-of date")
	}
	cols, ok := p.csvHeader(rec, line)
	if !ok {
		return
	}
	width := len(rec)
	for !p.tooManyErrors() {
		rec, err := r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			p.csvError(err, "")
			return
		}
		line, _ := r.FieldPos(0)
		if len(rec) != width {
			p.errorf(line, "", "has %d fields; the header row has %d", len(rec), width)
			continue
		}
		if !p.checkFields(r, rec, line) {
			continue
		}
		p.csvRecord(csvRow{fields: rec, cols: cols}, line)
	}
}

func (p *parser) csvError(err error, eofMsg string) {
	if err == io.EOF {
		p.errorf(0, "", "%s", eofMsg)
		return
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		p.errorf(pe.Line, "", "column %d: %s; fields must be quoted with \" and a quote inside a field doubled", pe.Column, pe.Err)
		return
	}
	p.errorf(0, "", "%v", err)
}

// csvHeader maps the header row's column names to their positions.
func (p *parser) csvHeader(rec []string, line int) (map[string]int, bool) {
	cols := map[string]int{}
	for i, f := range rec {
		k := headerKey(f)
		if k == "" {
			continue
		}
		if len(k) > 200 {
			p.errorf(line, "", "header column %d is %d bytes long; this is not a UK Sanctions List header row", i+1, len(k))
			return nil, false
		}
		if j, dup := cols[k]; dup {
			p.errorf(line, "", "the header has the column %s twice (columns %d and %d)", listfile.Quote(f), j+1, i+1)
			return nil, false
		}
		cols[k] = i
		if !knownCols[k] {
			p.count(&p.unknown, "column "+listfile.Quote(listfile.Clean(f)), line)
		}
	}
	var missing []string
	for _, c := range requiredCols {
		if _, ok := cols[c]; !ok {
			missing = append(missing, listfile.Quote(c))
		}
	}
	if len(missing) > 0 {
		p.errorf(line, "", "the header row lacks the columns %s (case is ignored); is this the UK Sanctions List CSV?", strings.Join(missing, ", "))
		return nil, false
	}
	return cols, true
}

// checkFields refuses oversized fields and control characters other than tab and line breaks, which free text
// has.
func (p *parser) checkFields(r *csv.Reader, rec []string, line int) bool {
	for i, v := range rec {
		if len(v) > maxFieldBytes {
			p.errorf(line, "", "field %d is %d bytes long; at most %d are accepted", i+1, len(v), maxFieldBytes)
			return false
		}
		if j := strings.IndexFunc(v, isControl); j >= 0 {
			l, _ := r.FieldPos(i)
			p.errorf(l, "", "field %d contains the control character %U", i+1, []rune(v[j:])[0])
			return false
		}
	}
	return true
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f || (r >= 0x80 && r < 0xa0)
}

// csvRecord reads one row into the designation of its Unique ID.
func (p *parser) csvRecord(row csvRow, line int) {
	id := listfile.Clean(row.get(colUniqueID))
	typ := listfile.Clean(row.get(colType))
	if id == "" {
		for _, f := range row.fields {
			if listfile.Clean(f) != "" {
				p.errorf(line, "", "the row has no Unique ID")
				return
			}
		}
		return // a row of empty fields, as spreadsheets export
	}
	b := p.byID[id]
	if b == nil {
		if b = p.designation(id, typ, line); b == nil {
			return
		}
	} else if kind, ok := entryKind(typ); !ok {
		p.errorf(line, record(id), "designation %s has type %s; expected Individual, Entity or Ship", id, listfile.Quote(typ))
		return
	} else if kind != b.entry.Kind {
		p.errorf(line, record(id), "Unique ID %s is of type %s here but %s on line %d; one ID is one designation", id, listfile.Quote(typ), listfile.Quote(b.typ), b.line)
		return
	}
	if b.regime == "" {
		b.regime = row.get(colRegime)
	}

	parts := make([]string, len(nameCols))
	for i, c := range nameCols {
		parts[i] = row.get(c)
	}
	p.name(b, joinName(parts...), row.get(colNameType), row.get(colAliasStrength), line)
	p.nonLatinName(b, row.get(colNonLatin))
	p.title(b, row.get(colTitle))
	p.title(b, row.get(colPosition))
	b.addTo(&b.otherInfo, "info", cleanText(row.get(colOtherInfo)))
	b.addTo(&b.reasons, "reasons", cleanText(row.get(colReasons)))

	var lines [6]string
	for i, c := range addressCols {
		lines[i] = row.get(c)
	}
	p.address(b, lines, row.get(colPostcode), row.get(colAddressCountry))
	p.phone(b, row.get(colPhone))
	p.email(b, row.get(colEmail))
	p.website(b, row.get(colWebsite))
	p.designated(b, row.get(colDateDesignated))
	p.birthDate(b, row.get(colDOB))
	p.nationalities(b, row.get(colNationality))
	p.document(b, "Passport", row.get(colPassport), row.get(colPassportInfo))
	p.document(b, "National Identifier", row.get(colNationalID), row.get(colNationalIDInfo))
	p.gender(b, row.get(colGender))
	if town, c := row.get(colTownOfBirth), row.get(colCountryOfBirth); listfile.Clean(town) != "" || listfile.Clean(c) != "" {
		p.birthPlace(b, town, c)
	}
	b.fact("UN reference number", row.get(colUNReference))
	b.fact("IMO number", row.get(colIMO))
	b.fact("Hull identification number", row.get(colHullNumber))
	b.fact("Current believed flag", row.get(colFlag))
	b.fact("Type of ship", row.get(colShipType))
	b.fact("Business registration number", row.get(colRegistration))
}
