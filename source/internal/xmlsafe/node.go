package xmlsafe

import (
	"encoding/xml"
	"strings"

	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// Node is an element of one record as Reader.Read read it: its name, the line it opens on, its attributes,
// its text (what lies between its child elements, joined) and its child elements. The methods accept a nil
// Node, so that a path through optional elements needs no checks.
type Node struct {
	Name     string
	Line     int
	Attrs    []xml.Attr
	Text     string
	Children []*Node
}

// Child returns the first child element called name, or nil.
func (n *Node) Child(name string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// All returns the child elements called name, in order.
func (n *Node) All(name string) []*Node {
	if n == nil {
		return nil
	}
	var out []*Node
	for _, c := range n.Children {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// Path returns the element reached by following names from child to child, or nil.
func (n *Node) Path(names ...string) *Node {
	for _, name := range names {
		n = n.Child(name)
	}
	return n
}

// Value returns the element's text with its white space collapsed, or "" for a nil Node.
func (n *Node) Value() string {
	if n == nil {
		return ""
	}
	return listfile.Clean(n.Text)
}

// ChildText returns the collapsed text of the first child element called name, "" when there is none.
func (n *Node) ChildText(name string) string { return n.Child(name).Value() }

// Attr returns the trimmed value of the first attribute with the local name name, in any namespace; "" when
// there is none.
func (n *Node) Attr(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}
