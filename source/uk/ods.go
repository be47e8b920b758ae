package uk

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/xmlsafe"
)

const (
	odsMimeType = "application/vnd.oasis.opendocument.spreadsheet"
	nsTable     = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsText      = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsOffice    = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

	// maxZipEntries bounds the files of the archive; an OpenDocument spreadsheet has about ten.
	maxZipEntries = 1000
	// maxColumns bounds the columns kept of a row; the summary has 8. Repeated empty cells beyond it (the real
	// file pads every row to 16,384 columns) are counted, not stored.
	maxColumns = 64
	// maxRepeat bounds number-rows-repeated and number-columns-repeated; a spreadsheet has at most 1,048,576
	// rows and 16,384 columns.
	maxRepeat = 1 << 24
	// maxODSDepth bounds element nesting in content.xml; the table cells are six levels deep.
	maxODSDepth = 64
)

// The summary spreadsheet's columns, as headerKey writes them.
const (
	odsUniqueID   = "unique id"
	odsName       = "name"
	odsRegime     = "regime name"
	odsType       = "type"
	odsDesignated = "date designated"
)

var (
	odsKnownCols    = map[string]bool{odsUniqueID: true, odsName: true, odsRegime: true, odsType: true, odsDesignated: true, "ofsi group id": true, "designation source": true, "sanctions imposed": true}
	odsRequiredCols = []string{odsUniqueID, odsName, odsType}
)

// zipEntries reads the number of entries from the end-of-central-directory record, so that a hostile archive
// is refused before archive/zip allocates its directory. ok is false when there is no such record or the
// archive is zip64 (an OpenDocument file never needs it).
func zipEntries(data []byte) (n int, ok bool) {
	const eocdLen = 22
	start := max(0, len(data)-(eocdLen+0xffff))
	i := bytes.LastIndex(data[start:], []byte("PK\x05\x06"))
	if i < 0 || start+i+eocdLen > len(data) {
		return 0, false
	}
	eocd := data[start+i:]
	n = int(binary.LittleEndian.Uint16(eocd[10:12]))
	return n, n != 0xffff
}

// openContent opens the spreadsheet's content.xml, after checking the archive's size and mimetype.
func openContent(data []byte) (io.ReadCloser, error) {
	n, ok := zipEntries(data)
	if !ok {
		return nil, errors.New("is not a zip archive an OpenDocument spreadsheet can be (no end-of-directory record, or zip64)")
	}
	if n > maxZipEntries {
		return nil, fmt.Errorf("is a zip archive of %d files; an OpenDocument spreadsheet has a few, at most %d are accepted", n, maxZipEntries)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("is not a readable zip archive: %v", err)
	}
	var content *zip.File
	for _, f := range zr.File {
		switch f.Name {
		case "mimetype":
			if f.UncompressedSize64 > 200 {
				return nil, errors.New("has a mimetype entry that is too long to be an OpenDocument media type")
			}
			rc, err := f.Open()
			if err != nil {
				return nil, fmt.Errorf("has an unreadable mimetype entry: %v", err)
			}
			mt, err := io.ReadAll(io.LimitReader(rc, 201))
			rc.Close()
			if err != nil {
				return nil, fmt.Errorf("has an unreadable mimetype entry: %v", err)
			}
			if got := strings.TrimSpace(string(mt)); got != odsMimeType {
				return nil, fmt.Errorf("is an OpenDocument file of type %s, not a spreadsheet (%s)", listfile.Quote(got), odsMimeType)
			}
		case "content.xml":
			content = f
		}
	}
	if content == nil {
		return nil, errors.New("is a zip archive without content.xml; is it an OpenDocument spreadsheet?")
	}
	if content.UncompressedSize64 > uint64(maxContentBytes) {
		return nil, fmt.Errorf("has a content.xml of %d bytes uncompressed; at most %d are accepted", content.UncompressedSize64, maxContentBytes)
	}
	rc, err := content.Open()
	if err != nil {
		return nil, fmt.Errorf("has an unreadable content.xml: %v", err)
	}
	return rc, nil
}

// maxContentBytes bounds content.xml once decompressed: the real one of August 2025 is 7.4 MB (from 173 KB
// compressed). Decompression stops at this size whatever the archive declares, so a zip bomb costs no more. A
// variable so that tests can lower it.
var maxContentBytes int64 = 128 << 20

var errContentTooLarge = errors.New("content.xml is too large")

// cappedReader fails once more than n bytes were read, so that decompression stops at the cap whatever the
// archive declares.
type cappedReader struct {
	r io.Reader
	n int64
}

func (c *cappedReader) Read(b []byte) (int, error) {
	if c.n < 0 {
		return 0, errContentTooLarge
	}
	if int64(len(b)) > c.n+1 {
		b = b[:c.n+1]
	}
	n, err := c.r.Read(b)
	c.n -= int64(n)
	if c.n < 0 {
		return n, errContentTooLarge
	}
	return n, err
}

// odsTable streams the rows of the first table of content.xml.
type odsTable struct {
	dec     *xml.Decoder
	inTable bool
	done    bool
	depth   int
	row     int64 // spreadsheet row number of the last row read (1-based)
	tables  int
}

// odsRow is a row of cells; repeat is its number-rows-repeated.
type odsRow struct {
	num    int64
	cells  []string
	repeat int64
}

func (r odsRow) empty() bool {
	for _, c := range r.cells {
		if listfile.Clean(c) != "" {
			return false
		}
	}
	return true
}

func newODSTable(r io.Reader) *odsTable {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	dec := xml.NewDecoder(br)
	dec.Strict = true
	return &odsTable{dec: dec}
}

func (t *odsTable) line() int {
	line, _ := t.dec.InputPos()
	return line
}

// odsError is a problem in content.xml at a line of it.
type odsError struct {
	line int
	msg  string
}

func (e *odsError) Error() string { return e.msg }

func (t *odsTable) errorf(format string, args ...any) error {
	return &odsError{line: t.line(), msg: fmt.Sprintf(format, args...)}
}

func (t *odsTable) token() (xml.Token, error) {
	tok, err := t.dec.Token()
	if err != nil {
		if errors.Is(err, errContentTooLarge) {
			return nil, err
		}
		if err == io.EOF {
			return nil, err
		}
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, &odsError{line: se.Line, msg: "malformed XML: " + se.Msg}
		}
		return nil, &odsError{line: t.line(), msg: fmt.Sprintf("cannot be decompressed: %v", err)}
	}
	switch v := tok.(type) {
	case xml.StartElement:
		if t.depth++; t.depth > maxODSDepth {
			return nil, t.errorf("elements are nested more than %d levels deep", maxODSDepth)
		}
	case xml.EndElement:
		t.depth--
	case xml.Directive:
		return nil, t.errorf("has a <!%s> directive; a DOCTYPE or entity declaration is not accepted", xmlsafe.DirectiveWord(v))
	}
	return tok, nil
}

// next returns the next row of the first table, or io.EOF after it.
func (t *odsTable) next() (odsRow, error) {
	for !t.done {
		tok, err := t.token()
		if err != nil {
			if err == io.EOF {
				if t.tables == 0 {
					return odsRow{}, &odsError{msg: "content.xml has no table"}
				}
				return odsRow{}, io.EOF
			}
			return odsRow{}, err
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if v.Name.Space != nsTable {
				continue
			}
			switch v.Name.Local {
			case "table":
				if t.inTable { // a table inside a cell: not part of the list
					if err := t.skip(); err != nil {
						return odsRow{}, err
					}
					continue
				}
				t.tables++
				t.inTable = t.tables == 1
			case "table-row":
				if !t.inTable {
					continue
				}
				return t.readRow(v)
			}
		case xml.EndElement:
			if v.Name.Space == nsTable && v.Name.Local == "table" && t.inTable {
				t.inTable = false
				t.done = true
			}
		}
	}
	return odsRow{}, io.EOF
}

// repeatAttr reads a number-…-repeated attribute.
func (t *odsTable) repeatAttr(e xml.StartElement, name string) (int64, error) {
	for _, a := range e.Attr {
		if a.Name.Space == nsTable && a.Name.Local == name {
			n, err := strconv.ParseInt(strings.TrimSpace(a.Value), 10, 64)
			if err != nil || n < 1 || n > maxRepeat {
				return 0, t.errorf("table:%s=%s is not a count from 1 to %d", name, listfile.Quote(a.Value), maxRepeat)
			}
			return n, nil
		}
	}
	return 1, nil
}

func (t *odsTable) readRow(start xml.StartElement) (odsRow, error) {
	rep, err := t.repeatAttr(start, "number-rows-repeated")
	if err != nil {
		return odsRow{}, err
	}
	row := odsRow{num: t.row + 1, repeat: rep}
	t.row += rep
	var col int64
	for {
		tok, err := t.token()
		if err != nil {
			if err == io.EOF {
				return odsRow{}, &odsError{line: t.line(), msg: "content.xml ends inside a table row"}
			}
			return odsRow{}, err
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if v.Name.Space == nsTable && (v.Name.Local == "table-cell" || v.Name.Local == "covered-table-cell") {
				n, err := t.repeatAttr(v, "number-columns-repeated")
				if err != nil {
					return odsRow{}, err
				}
				text, err := t.readCell(v)
				if err != nil {
					return odsRow{}, err
				}
				if text != "" {
					for k := col; k < col+n && k < maxColumns; k++ {
						for int64(len(row.cells)) <= k {
							row.cells = append(row.cells, "")
						}
						row.cells[k] = text
					}
				}
				col += n
				continue
			}
			if err := t.skip(); err != nil {
				return odsRow{}, err
			}
		case xml.EndElement:
			return row, nil
		}
	}
}

// readCell returns a cell's text: its paragraphs (text:p, text:h) joined by line breaks, or, when it has none,
// its office:string-value, office:date-value or office:value. Annotations and drawings are skipped.
func (t *odsTable) readCell(start xml.StartElement) (string, error) {
	var b strings.Builder
	paragraphs := 0
	for {
		tok, err := t.token()
		if err != nil {
			if err == io.EOF {
				return "", &odsError{line: t.line(), msg: "content.xml ends inside a table cell"}
			}
			return "", err
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if v.Name.Space == nsText && (v.Name.Local == "p" || v.Name.Local == "h") {
				if paragraphs > 0 {
					b.WriteByte('\n')
				}
				paragraphs++
				if err := t.readText(&b); err != nil {
					return "", err
				}
				continue
			}
			if err := t.skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			if strings.TrimSpace(b.String()) == "" {
				for _, name := range []string{"string-value", "date-value", "value"} {
					for _, a := range start.Attr {
						if a.Name.Space == nsOffice && a.Name.Local == name && strings.TrimSpace(a.Value) != "" {
							if len(a.Value) > maxFieldBytes {
								return "", t.errorf("a cell value is more than %d bytes long", maxFieldBytes)
							}
							return a.Value, nil
						}
					}
				}
			}
			return b.String(), nil
		}
	}
}

// readText appends the text of a paragraph up to its end: spans and links are read through, text:s and
// text:tab are spaces, text:line-break a line break, notes and annotations skipped.
func (t *odsTable) readText(b *strings.Builder) error {
	depth := 1
	for depth > 0 {
		tok, err := t.token()
		if err != nil {
			if err == io.EOF {
				return &odsError{line: t.line(), msg: "content.xml ends inside a paragraph"}
			}
			return err
		}
		switch v := tok.(type) {
		case xml.StartElement:
			switch {
			case v.Name.Space == nsText && (v.Name.Local == "s" || v.Name.Local == "tab"):
				b.WriteByte(' ')
			case v.Name.Space == nsText && v.Name.Local == "line-break":
				b.WriteByte('\n')
			case v.Name.Space == nsText && (v.Name.Local == "note" || v.Name.Local == "ruby-text"),
				v.Name.Space == nsOffice && v.Name.Local == "annotation":
				if err := t.skip(); err != nil {
					return err
				}
				continue
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if b.Len()+len(v) > maxFieldBytes {
				return t.errorf("a cell has more than %d bytes of text", maxFieldBytes)
			}
			b.Write(v)
		}
	}
	return nil
}

// skip reads to the end of the element just started.
func (t *odsTable) skip() error {
	depth := 1
	for depth > 0 {
		tok, err := t.token()
		if err != nil {
			if err == io.EOF {
				return &odsError{line: t.line(), msg: "content.xml ends inside an element"}
			}
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// sniffODS reports an OpenDocument spreadsheet whose first row has "Unique ID" and "Regime Name", reading at
// most sniffWindow bytes of content.xml.
func sniffODS(data []byte) bool {
	rc, err := openContent(data)
	if err != nil {
		return false
	}
	defer rc.Close()
	t := newODSTable(io.LimitReader(rc, sniffWindow))
	for {
		row, err := t.next()
		if err != nil {
			return false
		}
		if row.empty() {
			continue
		}
		var id, regime bool
		for _, c := range row.cells {
			switch headerKey(c) {
			case odsUniqueID:
				id = true
			case odsRegime:
				regime = true
			}
		}
		return id && regime
	}
}

// parseODS reads the summary spreadsheet. Errors name the spreadsheet row as the line.
func (p *parser) parseODS(data []byte) {
	rc, err := openContent(data)
	if err != nil {
		p.errorf(0, "", "%v", err)
		return
	}
	defer rc.Close()
	t := newODSTable(&cappedReader{r: rc, n: maxContentBytes})
	var cols map[string]int
	for !p.tooManyErrors() {
		row, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			p.odsError(err)
			return
		}
		if row.empty() {
			continue
		}
		if cols == nil {
			if cols = p.odsHeader(row); cols == nil {
				return
			}
			continue
		}
		p.odsRecord(row, cols)
	}
	if cols == nil && p.errs.Len() == 0 {
		p.errorf(0, "", "the spreadsheet has no rows; expected a header row with \"Unique ID\"")
	}
	if p.errs.Len() == 0 {
		p.warnings = append(p.warnings, p.file+": the summary spreadsheet has no aliases, dates of birth or identifiers and no as-of date; prefer the CSV or XML")
	}
}

func (p *parser) odsError(err error) {
	var oe *odsError
	switch {
	case errors.Is(err, errContentTooLarge):
		p.errorf(0, "", "content.xml is more than %d bytes uncompressed; at most that is read (a zip bomb?)", maxContentBytes)
	case errors.As(err, &oe):
		if oe.line > 0 {
			p.errorf(0, "", "content.xml line %d: %s", oe.line, oe.msg)
		} else {
			p.errorf(0, "", "%s", oe.msg)
		}
	default:
		p.errorf(0, "", "content.xml cannot be read: %v", err)
	}
}

func (p *parser) odsHeader(row odsRow) map[string]int {
	line := int(min(row.num, 1<<30))
	cols := map[string]int{}
	for i, c := range row.cells {
		k := headerKey(c)
		if k == "" {
			continue
		}
		if len(k) > 200 {
			p.errorf(line, "", "header column %d is %d bytes long; this is not the UK Sanctions List summary", i+1, len(k))
			return nil
		}
		if j, dup := cols[k]; dup {
			p.errorf(line, "", "the header has the column %s twice (columns %d and %d)", listfile.Quote(listfile.Clean(c)), j+1, i+1)
			return nil
		}
		cols[k] = i
		if !odsKnownCols[k] {
			p.count(&p.unknown, "column "+listfile.Quote(listfile.Clean(c)), line)
		}
	}
	var missing []string
	for _, c := range odsRequiredCols {
		if _, ok := cols[c]; !ok {
			missing = append(missing, listfile.Quote(c))
		}
	}
	if len(missing) > 0 {
		p.errorf(line, "", "the header row lacks the columns %s (case is ignored); is this the UK Sanctions List summary?", strings.Join(missing, ", "))
		return nil
	}
	return cols
}

func (p *parser) odsRecord(row odsRow, cols map[string]int) {
	line := int(min(row.num, 1<<30))
	get := func(col string) string {
		if i, ok := cols[col]; ok && i < len(row.cells) {
			return row.cells[i]
		}
		return ""
	}
	id := listfile.Clean(get(odsUniqueID))
	b := p.designation(id, get(odsType), line)
	if b == nil {
		return
	}
	if row.repeat > 1 {
		p.errorf(line, record(id), "the row of Unique ID %s is repeated %d times; each designation has one row", id, row.repeat)
		return
	}
	b.regime = get(odsRegime)
	p.name(b, listfile.CleanName(get(odsName)), "Primary Name", "", line)
	p.designated(b, get(odsDesignated))
}
