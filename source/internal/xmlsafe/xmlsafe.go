// Package xmlsafe reads the XML watch lists under source/ (the UN and EU lists, the UK Sanctions List, OFAC's
// advanced and enhanced XML) as the hostile input they are. A Reader streams a file with encoding/xml and reads
// one record at a time into a small tree of Nodes, so that memory follows the largest record, not the file. It
// refuses any directive (DOCTYPE, ENTITY: no entity can be declared, let alone expanded) and any processing
// instruction inside the document; it caps nesting, the text of an element, the elements of one record and,
// where a format asks, the attributes of an element; and it reads only UTF-8: the decoder has no
// CharsetReader, so a file declaring another encoding is refused and invalid UTF-8 is a syntax error. Every
// problem is recorded, with its line and record, in the caller's listfile.ErrorList.
//
// What lies outside the records (the root element, its namespace, the order of sections, text between
// records) is each format's own and stays in its parser.
package xmlsafe

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// ErrRecorded is returned once a problem has been recorded in the error list: the caller stops reading.
var ErrRecorded = errors.New("xmlsafe: problem recorded in the error list")

// Format describes an XML list format to a Reader: the limits that keep a hostile file from exhausting memory
// or time, and the words that name the format in messages.
type Format struct {
	// Name names the format in a nesting error: "<x> is nested 9 levels deep; the UN format has at most 5".
	Name string
	// Depth is how deep the format's real files nest, said in that error.
	Depth int
	// File names a file of the format where a directive or processing instruction is refused: "has a <!DOCTYPE>
	// directive; a DOCTYPE or entity declaration is not accepted in a UN list".
	File string
	// Namespace, when set, is the format's namespace: elements in it or in none are named by their local name,
	// elements in any other by "{namespace}local", which no name the parser looks for equals.
	Namespace string

	MaxDepth    int // nesting levels, the root element being level 1
	MaxText     int // bytes of text of one element, and of one attribute value when MaxAttrs is set
	MaxElements int // elements inside one record
	MaxAttrs    int // attributes of one element; 0 leaves attributes unchecked
}

// Reader reads one XML file token by token.
type Reader struct {
	file string
	dec  *xml.Decoder
	errs *listfile.ErrorList
	f    Format
}

// NewReader returns a Reader of data, the content of the file called file, that records problems in errs.
// data is read as given: a caller that accepts a byte-order mark removes it first.
func NewReader(file string, data []byte, errs *listfile.ErrorList, f Format) *Reader {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	// No CharsetReader: a file that declares an encoding other than UTF-8 is refused by the decoder.
	return &Reader{file: file, dec: dec, errs: errs, f: f}
}

// Errorf records a problem at a line (0 for the whole file) of a record ("" for none).
func (r *Reader) Errorf(line int, record, format string, args ...any) {
	r.errs.Add(r.file, line, record, fmt.Sprintf(format, args...))
}

// Line is the line the decoder has reached: the line of the token read last.
func (r *Reader) Line() int {
	line, _ := r.dec.InputPos()
	return line
}

// Token returns the next token as the decoder reads it, for a parser's walk outside the records; CheckOutside
// checks it.
func (r *Reader) Token() (xml.Token, error) { return r.dec.Token() }

// SyntaxError records a decoder error with its line.
func (r *Reader) SyntaxError(err error, record string) {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		r.Errorf(se.Line, record, "malformed XML: %s", se.Msg)
		return
	}
	r.Errorf(r.Line(), record, "malformed XML: %v", err)
}

// CheckOutside checks a token read outside any record, depth elements deep (0 before and after the root): a
// directive is refused wherever it is, a processing instruction unless it is the XML declaration before the
// root. It records the problem and returns false for one.
func (r *Reader) CheckOutside(tok xml.Token, depth int) bool {
	switch t := tok.(type) {
	case xml.Directive:
		r.Errorf(r.Line(), "", "has a <!%s> directive; a DOCTYPE or entity declaration is not accepted in %s", DirectiveWord(t), r.f.File)
		return false
	case xml.ProcInst:
		if depth > 0 || t.Target != "xml" {
			r.Errorf(r.Line(), "", "has a processing instruction <?%s?>; none is expected in %s", Name(t.Target), r.f.File)
			return false
		}
	}
	return true
}

// Next returns the next token inside the element within, opened on line withinLine. The end of the file, a
// syntax error, a directive or a processing instruction is recorded and returned as ErrRecorded.
func (r *Reader) Next(record, within string, withinLine int) (xml.Token, error) {
	tok, err := r.dec.Token()
	if err != nil {
		var se *xml.SyntaxError
		if err == io.EOF || errors.As(err, &se) && se.Msg == "unexpected EOF" {
			r.Errorf(r.Line(), record, "the file ends inside <%s> opened on line %d", Name(within), withinLine)
			return nil, ErrRecorded
		}
		r.SyntaxError(err, record)
		return nil, ErrRecorded
	}
	switch t := tok.(type) {
	case xml.Directive:
		r.Errorf(r.Line(), record, "has a <!%s> directive inside <%s>; a DOCTYPE or entity declaration is not accepted", DirectiveWord(t), Name(within))
		return nil, ErrRecorded
	case xml.ProcInst:
		r.Errorf(r.Line(), record, "has a processing instruction <?%s?> inside <%s>", Name(t.Target), Name(within))
		return nil, ErrRecorded
	}
	return tok, nil
}

// CheckDepth checks that t, at the given level (the root is level 1), is not nested deeper than the format
// allows; it records the problem and returns false when it is.
func (r *Reader) CheckDepth(t xml.StartElement, level int, record string) bool {
	if level > r.f.MaxDepth {
		r.Errorf(r.Line(), record, "<%s> is nested %d levels deep; %s has at most %d", Name(t.Name.Local), level, r.f.Name, r.f.Depth)
		return false
	}
	return true
}

// CheckAttrs enforces the format's attribute limits (none when MaxAttrs is 0) on t; it records the problem and
// returns false when t breaks them.
func (r *Reader) CheckAttrs(t xml.StartElement, record string) bool {
	if r.f.MaxAttrs == 0 {
		return true
	}
	if len(t.Attr) > r.f.MaxAttrs {
		r.Errorf(r.Line(), record, "<%s> has %d attributes; at most %d are accepted", Name(t.Name.Local), len(t.Attr), r.f.MaxAttrs)
		return false
	}
	for _, a := range t.Attr {
		if len(a.Value) > r.f.MaxText {
			r.Errorf(r.Line(), record, "attribute %s of <%s> has more than %d bytes", Name(a.Name.Local), Name(t.Name.Local), r.f.MaxText)
			return false
		}
	}
	return true
}

// Read reads the element start, at the given level (the root is level 1), with everything inside it into a
// tree. Problems are named with record ("" for none). start's own attributes are the caller's to check.
func (r *Reader) Read(start xml.StartElement, level int, record string) (*Node, error) {
	return r.walk(start, level, record, true)
}

// Skip consumes the element start, at the given level, with the same limits as Read, keeping nothing.
func (r *Reader) Skip(start xml.StartElement, level int, record string) error {
	_, err := r.walk(start, level, record, false)
	return err
}

func (r *Reader) walk(start xml.StartElement, level int, record string, keep bool) (*Node, error) {
	root := &Node{Name: r.ElementName(start.Name), Line: r.Line()}
	if keep {
		root.Attrs = start.Attr
	}
	stack := []*Node{root}
	text := make([][]byte, 1, 8) // the text of each open element, kept only when keep
	size := make([]int, 1, 8)    // its length, counted either way
	count := 0
	for {
		tok, err := r.Next(record, root.Name, root.Line)
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !r.CheckDepth(t, level+len(stack), record) {
				return nil, ErrRecorded
			}
			if count++; count > r.f.MaxElements {
				r.Errorf(r.Line(), record, "<%s> opened on line %d has more than %d elements", Name(root.Name), root.Line, r.f.MaxElements)
				return nil, ErrRecorded
			}
			if !r.CheckAttrs(t, record) {
				return nil, ErrRecorded
			}
			n := &Node{Name: r.ElementName(t.Name), Line: r.Line()}
			if keep {
				n.Attrs = t.Attr
				parent := stack[len(stack)-1]
				parent.Children = append(parent.Children, n)
			}
			stack = append(stack, n)
			text = append(text, nil)
			size = append(size, 0)
		case xml.EndElement:
			n := stack[len(stack)-1]
			if keep {
				n.Text = string(text[len(text)-1])
			}
			stack = stack[:len(stack)-1]
			text = text[:len(text)-1]
			size = size[:len(size)-1]
			if len(stack) == 0 {
				return root, nil
			}
		case xml.CharData:
			top := len(size) - 1
			if size[top]+len(t) > r.f.MaxText {
				r.Errorf(r.Line(), record, "<%s> has more than %d bytes of text", Name(stack[top].Name), r.f.MaxText)
				return nil, ErrRecorded
			}
			size[top] += len(t)
			if keep {
				text[top] = append(text[top], t...)
			}
		}
	}
}

// ElementName is the name Read gives an element: its local name, or "{namespace}local" for an element outside
// the format's namespace when the format has one.
func (r *Reader) ElementName(n xml.Name) string {
	if r.f.Namespace == "" || n.Space == r.f.Namespace || n.Space == "" {
		return n.Local
	}
	return "{" + n.Space + "}" + n.Local
}

// Name makes an element, attribute or target name from a file printable and short for a message: printable
// ASCII as is, anything else escaped, cut at 40 bytes.
func Name(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	q := strconv.QuoteToASCII(s)
	return q[1 : len(q)-1]
}

// DirectiveWord returns the first word of a directive ("DOCTYPE", "ENTITY"), as Name shows it.
func DirectiveWord(d xml.Directive) string {
	s := strings.TrimSpace(string(d))
	if i := strings.IndexAny(s, " \t\r\n["); i >= 0 {
		s = s[:i]
	}
	return Name(s)
}

// sniffWindow is how much of a file SniffRoot reads.
const sniffWindow = 64 << 10

// SniffRoot reads the start of data (the first 64 KiB after a byte-order mark), for a parser's Sniff: root is
// the name of the first element, its namespace resolved, and directive the text of the first directive before
// it ("DOCTYPE CONSOLIDATED_LIST …"), nil when none, so that a Sniff can claim a file with a DOCTYPE which its
// Parse then refuses with a clear message rather than leave it unrecognised. A directive is returned even when
// no element follows it in the window; ok says whether an element was found.
func SniffRoot(data []byte) (root xml.Name, directive xml.Directive, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(data) > sniffWindow {
		data = data[:sniffWindow]
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return xml.Name{}, directive, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t.Name, directive, true
		case xml.Directive:
			if directive == nil {
				directive = t.Copy()
			}
		}
	}
}
