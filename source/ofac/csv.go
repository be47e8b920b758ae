package ofac

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

const (
	// maxFieldBytes bounds one field. OFAC's specification allows 1,000 characters for remarks and 750 for an
	// address; sdn_comments.csv continuations are longer (the longest known is about 9 KB).
	maxFieldBytes = 64 << 10
	// maxErrorsPerFile stops reporting a file that is plainly not what it claims to be.
	maxErrorsPerFile = 10
	// null is OFAC's null value, "-0-" followed by a space in the CSV files.
	null = "-0-"
)

// fieldCounts are the columns of each legacy CSV file.
var fieldCounts = map[Kind]int{KindSDN: 12, KindAlt: 5, KindAdd: 6, KindComments: 2}

// row is one record of a legacy CSV file with OFAC's null "-0- " read as "" and surrounding space trimmed.
type row struct {
	line   int
	fields []string
	raw    []string // as written, for text joined across files
}

// readRows reads every record of f, which must have kind's column count, and calls fn for each; problems are
// added to errs, naming the file and line. It stops early when the file cannot be read further (a quoting
// error, invalid UTF-8) or has too many errors.
func readRows(f *File, kind Kind, errs *listfile.ErrorList, fn func(r row)) {
	want := fieldCounts[kind]
	data, ok := prepare(f, errs)
	if !ok {
		return
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = want
	r.ReuseRecord = true
	start := errs.Len()
	for {
		if errs.Len()-start >= maxErrorsPerFile {
			errs.Add(f.Name, 0, "", fmt.Sprintf("too many errors (%d); is this really an OFAC %s?", maxErrorsPerFile, kind))
			return
		}
		rec, err := r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					errs.Add(f.Name, pe.StartLine, "", fmt.Sprintf("has %d fields; every row of an OFAC %s has %d", len(rec), kind, want))
					continue
				}
				errs.Add(f.Name, pe.Line, "", fmt.Sprintf("column %d: %s; fields must be quoted with \" and a quote inside a field doubled", pe.Column, pe.Err))
				return
			}
			errs.Add(f.Name, 0, "", err.Error())
			return
		}
		line, _ := r.FieldPos(0)
		out := row{line: line, fields: make([]string, len(rec)), raw: make([]string, len(rec))}
		bad := false
		for i, v := range rec {
			if len(v) > maxFieldBytes {
				errs.Add(f.Name, line, "", fmt.Sprintf("field %d is %d bytes long; at most %d are accepted", i+1, len(v), maxFieldBytes))
				bad = true
				break
			}
			if j := strings.IndexFunc(v, isControl); j >= 0 {
				l, _ := r.FieldPos(i)
				what := "a control character"
				if v[j] == '\n' || v[j] == '\r' {
					what = "a line break (a quote left open?)"
				}
				errs.Add(f.Name, l, "", fmt.Sprintf("field %d contains %s; OFAC fields are single lines", i+1, what))
				bad = true
				break
			}
			out.raw[i] = v
			v = strings.TrimSpace(v)
			if v == null {
				v = ""
			}
			out.fields[i] = v
		}
		if !bad {
			fn(out)
		}
	}
}

// prepare checks size and encoding and removes what OFAC's files carry around their records: a UTF-8 byte
// order mark and the DOS end-of-file mark (0x1A) after the last line, also when a tool added a line break or
// spaces after it.
func prepare(f *File, errs *listfile.ErrorList) ([]byte, bool) {
	if f == nil {
		return nil, false
	}
	if !listfile.CheckSize(f.Name, f.Data, errs) {
		return nil, false
	}
	data := listfile.TrimBOM(f.Data)
	if eof := bytes.LastIndexByte(data, 0x1a); eof >= 0 && len(bytes.TrimSpace(data[eof+1:])) == 0 {
		data = bytes.TrimRight(data[:eof], "\x1a")
	}
	if off, line, bad := listfile.InvalidUTF8(data); bad {
		errs.Add(f.Name, line, "", fmt.Sprintf("byte 0x%02x is not valid UTF-8", data[off]))
		return nil, false
	}
	return data, true
}

// isControl reports what may not stand in an OFAC field: control characters, line and paragraph separators
// (OFAC fields are single lines) and bidirectional formatting characters, which can make a name display
// differently from what it is; no OFAC record has them.
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' || listfile.IsBidi(r)
}

// parseEntNum reads an ent_num: digits only, at most ten (OFAC's column size).
func parseEntNum(s string) (uint64, error) {
	if s == "" || len(s) > 10 {
		return 0, fmt.Errorf("ent_num %s is not a number of 1 to 10 digits", vigil.Quote(s))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("ent_num %s is not a number", vigil.Quote(s))
		}
	}
	return strconv.ParseUint(s, 10, 64)
}
