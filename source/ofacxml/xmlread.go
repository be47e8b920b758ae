package ofacxml

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

const (
	// maxDepth bounds nesting. The deepest paths of both formats are ten levels
	// (Sanctions/DistinctParties/DistinctParty/Profile/Feature/FeatureVersion/DatePeriod/Start/From/Year and
	// sanctionsData/entities/entity/names/name/translations/translation/nameParts/namePart/type).
	maxDepth = 16
	// maxTextBytes bounds the text of one element; OFAC's longest remarks are a few KB.
	maxTextBytes = 64 << 10
	// maxElements bounds the elements of one record (a DistinctParty, an entity, a location). The largest
	// real records, entities with hundreds of digital-currency addresses, have a few thousand.
	maxElements = 50000
	// maxErrors stops collecting errors from a file that is plainly broken.
	maxErrors = 10
)

// errAbort stops reading; what went wrong is already in the error list.
var errAbort = errors.New("abort")

// reader walks one XML file token by token. Input is hostile: a directive (DOCTYPE, ENTITY) or processing
// instruction anywhere is an error, nesting and text are capped, and only UTF-8 is read (the decoder has no
// CharsetReader, so a file declaring another encoding is refused, and invalid UTF-8 is a syntax error).
type reader struct {
	file string
	dec  *xml.Decoder
	errs listfile.ErrorList
}

func newReader(file string, data []byte) *reader {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	return &reader{file: file, dec: dec}
}

func (r *reader) errorf(line int, record, format string, args ...any) {
	r.errs.Add(r.file, line, record, fmt.Sprintf(format, args...))
}

// full reports whether enough errors were collected to stop.
func (r *reader) full() bool { return r.errs.Len() >= maxErrors }

func (r *reader) line() int {
	line, _ := r.dec.InputPos()
	return line
}

// next returns the next token inside the element within (opened on line withinLine), or an error already
// recorded: a syntax error, the end of the file, a directive or a processing instruction.
func (r *reader) next(record, within string, withinLine int) (xml.Token, error) {
	tok, err := r.dec.Token()
	if err != nil {
		var se *xml.SyntaxError
		if err == io.EOF || errors.As(err, &se) && se.Msg == "unexpected EOF" {
			r.errorf(r.line(), record, "the file ends inside <%s> opened on line %d", within, withinLine)
			return nil, errAbort
		}
		r.syntaxError(err, record)
		return nil, errAbort
	}
	switch t := tok.(type) {
	case xml.Directive:
		r.errorf(r.line(), record, "has a <!%s> directive inside <%s>; a DOCTYPE or entity declaration is not accepted", firstWord(t), within)
		return nil, errAbort
	case xml.ProcInst:
		r.errorf(r.line(), record, "has a processing instruction <?%s?> inside <%s>", safeText(t.Target), within)
		return nil, errAbort
	}
	return tok, nil
}

// syntaxError records a decoder error with its line.
func (r *reader) syntaxError(err error, record string) {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		r.errorf(se.Line, record, "malformed XML: %s", se.Msg)
		return
	}
	r.errorf(r.line(), record, "malformed XML: %v", err)
}

// root reads the prolog (an XML declaration, comments, white space) and returns the root element.
func (r *reader) root() (xml.StartElement, bool) {
	for {
		tok, err := r.dec.Token()
		if err == io.EOF {
			return xml.StartElement{}, false
		}
		if err != nil {
			r.syntaxError(err, "")
			return xml.StartElement{}, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, true
		case xml.Directive:
			r.errorf(r.line(), "", "has a <!%s> directive; a DOCTYPE or entity declaration is not accepted in an OFAC XML file", firstWord(t))
			return xml.StartElement{}, false
		case xml.ProcInst:
			if t.Target != "xml" {
				r.errorf(r.line(), "", "has a processing instruction <?%s?>; none is expected in an OFAC XML file", safeText(t.Target))
				return xml.StartElement{}, false
			}
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				r.errorf(r.line(), "", "has text %s before the root element", listfile.Quote(string(bytes.TrimSpace(t))))
				return xml.StartElement{}, false
			}
		}
	}
}

// trailer reads what follows the root element: only comments and white space may.
func (r *reader) trailer() {
	for {
		tok, err := r.dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			r.syntaxError(err, "")
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			r.errorf(r.line(), "", "has a second root element <%s>", safeText(t.Name.Local))
			return
		case xml.Directive, xml.ProcInst:
			r.errorf(r.line(), "", "has a directive or processing instruction after the root element")
			return
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				r.errorf(r.line(), "", "has text %s after the root element", listfile.Quote(string(bytes.TrimSpace(t))))
				return
			}
		}
	}
}

// children calls fn for each child element of start, which is at depth (the root is at depth 1); fn must
// consume the child (read, skip or walk it). Text between the children is an error: the sections and lists of
// both formats hold elements only.
func (r *reader) children(start xml.StartElement, depth int, record string, fn func(child xml.StartElement, depth int) error) error {
	name, line := start.Name.Local, r.line()
	for {
		tok, err := r.next(record, name, line)
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth+1 > maxDepth {
				r.errorf(r.line(), record, "<%s> is nested %d levels deep; the format has at most 10", safeText(t.Name.Local), depth+1)
				return errAbort
			}
			if err := fn(t, depth+1); err != nil {
				return err
			}
			if r.full() {
				return errAbort
			}
		case xml.EndElement:
			return nil
		case xml.CharData:
			if s := bytes.TrimSpace(t); len(s) > 0 {
				r.errorf(r.line(), record, "has text %s directly inside <%s>", listfile.Quote(string(s)), safeText(name))
				return errAbort
			}
		}
	}
}

// node is an element of one record: its local name, line, attributes, text and children.
type node struct {
	name     string
	line     int
	attrs    []xml.Attr
	text     string
	children []*node
}

// attr returns an attribute's value, trimmed, by local name.
func (n *node) attr(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// child returns the first child element called name, or nil.
func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// all returns the child elements called name.
func (n *node) all(name string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, c := range n.children {
		if c.name == name {
			out = append(out, c)
		}
	}
	return out
}

// value returns the element's text with white space collapsed, or "" for a nil node.
func (n *node) value() string {
	if n == nil {
		return ""
	}
	return clean(n.text)
}

// childText returns the collapsed text of the first child called name.
func (n *node) childText(name string) string { return n.child(name).value() }

// path returns the child reached by following names, or nil.
func (n *node) path(names ...string) *node {
	for _, name := range names {
		n = n.child(name)
	}
	return n
}

// read reads the element start (at depth) with everything inside it into a node tree.
func (r *reader) read(start xml.StartElement, depth int, record string) (*node, error) {
	return r.walk(start, depth, record, true)
}

// skip consumes the element start (at depth), with the same limits as read.
func (r *reader) skip(start xml.StartElement, depth int, record string) error {
	_, err := r.walk(start, depth, record, false)
	return err
}

func (r *reader) walk(start xml.StartElement, depth int, record string, keep bool) (*node, error) {
	root := &node{name: start.Name.Local, line: r.line()}
	if keep {
		root.attrs = start.Attr
	}
	stack := []*node{root}
	text := make([][]byte, 1, 8) // the text of each open element, kept only when keep
	size := make([]int, 1, 8)    // its length, counted either way
	count := 0
	for {
		tok, err := r.next(record, root.name, root.line)
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth+len(stack) > maxDepth {
				r.errorf(r.line(), record, "<%s> is nested %d levels deep; the format has at most 10", safeText(t.Name.Local), depth+len(stack))
				return nil, errAbort
			}
			if count++; count > maxElements {
				r.errorf(r.line(), record, "<%s> opened on line %d has more than %d elements", safeText(root.name), root.line, maxElements)
				return nil, errAbort
			}
			n := &node{name: t.Name.Local, line: r.line()}
			if keep {
				n.attrs = t.Attr
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, n)
			}
			stack = append(stack, n)
			text = append(text, nil)
			size = append(size, 0)
		case xml.EndElement:
			n := stack[len(stack)-1]
			if keep {
				n.text = string(text[len(text)-1])
			}
			stack = stack[:len(stack)-1]
			text = text[:len(text)-1]
			size = size[:len(size)-1]
			if len(stack) == 0 {
				return root, nil
			}
		case xml.CharData:
			top := len(size) - 1
			if size[top]+len(t) > maxTextBytes {
				r.errorf(r.line(), record, "<%s> has more than %d bytes of text", safeText(stack[top].name), maxTextBytes)
				return nil, errAbort
			}
			size[top] += len(t)
			if keep {
				text[top] = append(text[top], t...)
			}
		}
	}
}

func firstWord(d xml.Directive) string {
	s := strings.TrimSpace(string(d))
	if i := strings.IndexAny(s, " \t\r\n["); i >= 0 {
		s = s[:i]
	}
	if len(s) > 20 {
		s = s[:20]
	}
	return safeText(s)
}

// safeText shows a name from the file in a message: printable ASCII as is, anything else escaped, cut at 40.
func safeText(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	q := strconv.QuoteToASCII(s)
	return q[1 : len(q)-1]
}
