package vigil

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"
)

// maxDepth bounds nesting in a subject document; the document itself is four levels deep.
const maxDepth = 16

// ParseSubject decodes one subject document strictly: valid UTF-8, no unknown or duplicate keys, nothing nested
// deeper than the document allows, at most MaxDocumentBytes. Errors are EINVALID and name the line, column or
// field at fault. It does not validate field values; call Normalize and Validate for that.
func ParseSubject(data []byte) (*Subject, error) {
	if len(data) > MaxDocumentBytes {
		return nil, Errorf(EINVALID, "document is %d bytes; at most %d are allowed", len(data), MaxDocumentBytes)
	}
	if !utf8.Valid(data) {
		off := invalidUTF8Offset(data)
		line, col := position(data, off)
		return nil, Errorf(EINVALID, "%d:%d: not valid UTF-8 (byte 0x%02x); convert the input to UTF-8", line, col, data[off])
	}
	if err := checkShape(data); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Subject
	if err := dec.Decode(&s); err != nil {
		return nil, jsonError(data, err)
	}
	if dec.More() {
		line, col := position(data, int(dec.InputOffset()))
		return nil, Errorf(EINVALID, "%d:%d: more than one JSON value; give one document, or NDJSON with one per line", line, col)
	}
	return &s, nil
}

func invalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return 0
}

// position turns a byte offset into a 1-based line and column (in characters).
func position(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(data[start:off])
}

func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, int(syn.Offset))
		return Errorf(EINVALID, "%d:%d: invalid JSON: %s", line, col, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "document"
		}
		return Errorf(EINVALID, "%s: expected %s, got a JSON %s", field, describeType(typ.Type), typ.Value)
	case errors.Is(err, io.EOF):
		return Errorf(EINVALID, "empty input: expected a subject document (a JSON object)")
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := position(data, len(data))
		return Errorf(EINVALID, "%d:%d: the document ends early (truncated?)", line, col)
	}
	return Errorf(EINVALID, "invalid document: %s", strings.TrimPrefix(err.Error(), "json: "))
}

func describeType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Float64, reflect.Int, reflect.Int64:
		return "a number"
	case reflect.Slice:
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(describeType(t.Elem()), "a "), "an ") + "s"
	case reflect.Struct:
		return "an object"
	}
	return t.String()
}

// schema is the set of keys each object of the document may have, read once from the struct tags so that the
// check can never disagree with the types.
type schema struct {
	fields map[string]*schema // object: key → schema of its value
	elem   *schema            // array
	scalar bool
}

var subjectSchema = schemaOf(reflect.TypeOf(Subject{}))

func schemaOf(t reflect.Type) *schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		s := &schema{fields: map[string]*schema{}}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			s.fields[name] = schemaOf(f.Type)
		}
		return s
	case reflect.Slice:
		return &schema{elem: schemaOf(t.Elem())}
	}
	return &schema{scalar: true}
}

// checkShape walks the document's tokens against the schema: unknown keys (with a suggestion), duplicate keys
// (which different systems resolve differently, so they can smuggle a second value past a reviewer) and
// excessive nesting are errors naming their path.
func checkShape(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	started := false
	// tokenError reports the end of data inside the document as truncation, not as empty input.
	tokenError := func(err error) error {
		if started && errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return jsonError(data, err)
	}
	var walk func(s *schema, path string, depth int) error
	walk = func(s *schema, path string, depth int) error {
		if depth > maxDepth {
			return Errorf(EINVALID, "%s: nested more than %d levels deep", displayPath(path), maxDepth)
		}
		tok, err := dec.Token()
		if err != nil {
			return tokenError(err)
		}
		started = true
		delim, isDelim := tok.(json.Delim)
		if !isDelim {
			return nil // scalars: types are checked when decoding
		}
		switch delim {
		case '{':
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return tokenError(err)
				}
				key := kt.(string)
				kpath := key
				if path != "" {
					kpath = path + "." + key
				}
				var sub *schema
				if s != nil && s.fields != nil {
					var ok bool
					if sub, ok = s.fields[key]; !ok {
						return Errorf(EINVALID, "%s: unknown field %s%s", displayPath(path), Quote(key), suggest(key, s.fields))
					}
				}
				if seen[key] {
					return Errorf(EINVALID, "%s: field %s appears twice", displayPath(path), Quote(key))
				}
				seen[key] = true
				if err := walk(sub, kpath, depth+1); err != nil {
					return err
				}
			}
		case '[':
			var elem *schema
			if s != nil {
				elem = s.elem
			}
			for i := 0; dec.More(); i++ {
				if err := walk(elem, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
					return err
				}
			}
		}
		_, err = dec.Token() // closing delimiter
		if err != nil {
			return tokenError(err)
		}
		return nil
	}
	return walk(subjectSchema, "", 0)
}

func displayPath(path string) string {
	if path == "" {
		return "document"
	}
	return path
}

// suggest names the closest known key when an unknown one looks like a typo of it.
func suggest(key string, fields map[string]*schema) string {
	best, bestDist := "", max(3, len(key)/3+2)
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if d := editDistance(strings.ToLower(key), name, bestDist); d < bestDist {
			best, bestDist = name, d
		}
	}
	if best == "" {
		return "; see docs/subject.md for the fields a subject document has"
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance, giving up at limit; keys are short.
func editDistance(a, b string, limit int) int {
	if len(a) > 64 || len(b) > 64 {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// SubjectReader reads subject documents from a stream: either one document (which may span lines) or NDJSON,
// one document per line. It decides from the first line: if that line holds a complete JSON value the input
// is NDJSON; otherwise the whole input is one document.
type SubjectReader struct {
	r      *bufio.Reader
	line   int
	ndjson bool
	single []byte // the whole input, in single-document mode
	done   bool
	first  []byte // first line, read ahead
}

// NewSubjectReader returns a reader over r.
func NewSubjectReader(r io.Reader) *SubjectReader {
	return &SubjectReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// NDJSON reports whether the input was recognised as NDJSON; valid after the first call to Next.
func (sr *SubjectReader) NDJSON() bool { return sr.ndjson }

// Line returns the line number of the document last returned by Next (1 for a single document).
func (sr *SubjectReader) Line() int { return sr.line }

// Next returns the next document, io.EOF at the end, or an EINVALID error naming the line. Blank lines are
// skipped. A document is returned parsed but not validated. After an error the reader stops.
func (sr *SubjectReader) Next() (*Subject, error) {
	if sr.done {
		return nil, io.EOF
	}
	if sr.line == 0 && sr.single == nil && sr.first == nil {
		if err := sr.start(); err != nil {
			sr.done = true
			return nil, err
		}
	}
	if !sr.ndjson {
		sr.done = true
		sr.line = 1
		s, err := ParseSubject(sr.single)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	for {
		var line []byte
		var err error
		if sr.first != nil {
			line, sr.first = sr.first, nil
		} else {
			line, err = sr.readLine()
			if err == io.EOF {
				sr.done = true
				return nil, err
			} else if err != nil {
				sr.done = true
				return nil, prefixLine(sr.line+1, err)
			}
		}
		sr.line++
		if len(bytes.TrimSpace(line)) == 0 {
			if sr.atEOF() {
				sr.done = true
				return nil, io.EOF
			}
			continue
		}
		s, err := ParseSubject(line)
		if err != nil {
			sr.done = true
			return nil, prefixLine(sr.line, err)
		}
		return s, nil
	}
}

func (sr *SubjectReader) atEOF() bool {
	_, err := sr.r.Peek(1)
	return err != nil
}

// start reads the first non-blank line and decides the mode.
func (sr *SubjectReader) start() error {
	var leading int
	// Spreadsheet exports and Windows tools start UTF-8 text with a byte-order mark; it is not part of the JSON.
	if bom, err := sr.r.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		sr.r.Discard(3)
	}
	for {
		line, err := sr.readLine()
		if err == io.EOF {
			return Errorf(EINVALID, "empty input: expected a subject document or NDJSON of them")
		} else if err != nil {
			return prefixLine(leading+1, err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			leading++
			if sr.atEOF() {
				return Errorf(EINVALID, "empty input: expected a subject document or NDJSON of them")
			}
			continue
		}
		if json.Valid(bytes.TrimSpace(line)) {
			sr.ndjson = true
			sr.first = line
			sr.line = leading
			return nil
		}
		// One document over several lines: read the rest, bounded.
		rest, err := io.ReadAll(io.LimitReader(sr.r, MaxDocumentBytes+1))
		if err != nil {
			return fmt.Errorf("read input: %w", err)
		}
		doc := append(append(bytes.Repeat([]byte{'\n'}, leading), line...), rest...)
		if len(doc) > MaxDocumentBytes+leading {
			return Errorf(EINVALID, "document is larger than %d bytes; give NDJSON (one document per line) for many subjects", MaxDocumentBytes)
		}
		sr.single = doc
		return nil
	}
}

// readLine reads one line (without its newline), refusing lines longer than a document may be. It returns
// io.EOF only when nothing is left.
func (sr *SubjectReader) readLine() ([]byte, error) {
	var buf []byte
	for {
		chunk, err := sr.r.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > MaxDocumentBytes+2 {
			return nil, Errorf(EINVALID, "line is longer than %d bytes; a subject document may have at most that", MaxDocumentBytes)
		}
		switch {
		case err == nil:
			return bytes.TrimRight(buf, "\r\n"), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(buf) == 0 {
				return nil, io.EOF
			}
			return buf, nil
		default:
			return nil, fmt.Errorf("read input: %w", err)
		}
	}
}

func prefixLine(line int, err error) error {
	var e *Error
	if errors.As(err, &e) {
		msg := e.Message
		// A position inside a one-line document is "1:col"; report it as "line N, column col".
		if l, c, rest, ok := cutPosition(msg); ok && l == 1 {
			return Errorf(e.Code, "line %d, column %d: %s", line, c, rest)
		}
		return Errorf(e.Code, "line %d: %s", line, msg)
	}
	return fmt.Errorf("line %d: %w", line, err)
}

func cutPosition(msg string) (line, col int, rest string, ok bool) {
	n, err := fmt.Sscanf(msg, "%d:%d:", &line, &col)
	if err != nil || n != 2 {
		return 0, 0, "", false
	}
	prefix := fmt.Sprintf("%d:%d: ", line, col)
	return line, col, strings.TrimPrefix(msg, prefix), strings.HasPrefix(msg, prefix)
}
