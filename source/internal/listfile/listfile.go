// Package listfile holds what the watch-list parsers under source/ share: the file they read and the
// position-carrying errors they return. It exists so that source, which dispatches to source/ofac and
// source/un, and those packages can use one error type without an import cycle; source re-exports both types.
package listfile

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
)

// MaxFileBytes bounds one list file. The OFAC SDN CSV is about 4 MiB and the UN XML about 2 MiB; 256 MiB leaves
// room for decades of growth while keeping a hostile or broken download from exhausting memory.
const MaxFileBytes = 256 << 20

// File is a list file as read from disk or downloaded: its name for messages and its content.
type File struct {
	Name string
	Data []byte
}

// Result is what a parser of one list file read: the entries in the publisher's id order, the date the
// publisher's data is as of (zero when the file does not say), and what it skipped (counted, not fatal). The
// single-file parsers (un, eu, uk, opensanctions, ofacxml) share it so that source dispatches to them alike.
type Result struct {
	Entries  []*vigil.ListEntry
	AsOf     time.Time
	Warnings []string
}

// ParseError is one problem in a list file, at a line (1-based; 0 when it concerns the whole file) and,
// where known, a record such as "ent_num 27307" or "INDIVIDUAL DATAID 690734".
type ParseError struct {
	File   string
	Line   int
	Record string
	Msg    string
}

// Error returns "file:line: msg", or "file: msg" for a problem of the whole file.
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Unwrap lets vigil.ErrorCode classify a parse error as EINVALID (bad input, exit code 2) and show its text.
func (e *ParseError) Unwrap() error {
	return &vigil.Error{Code: vigil.EINVALID, Message: e.Error()}
}

// ErrorList is a list of parse errors, as go/scanner.ErrorList: Add collects, Sort orders by file and line,
// Err returns nil for an empty list.
type ErrorList []*ParseError

// Add appends an error at a position.
func (l *ErrorList) Add(file string, line int, record, msg string) {
	*l = append(*l, &ParseError{File: file, Line: line, Record: record, Msg: msg})
}

// Len is the number of errors.
func (l ErrorList) Len() int { return len(l) }

// Sort orders the errors by file, then line, then message.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Msg < b.Msg
	})
}

// Error lists the errors one per line, at most ten, with a count of the rest.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	const show = 10
	var b strings.Builder
	for i, e := range l {
		if i == show {
			fmt.Fprintf(&b, "\n(and %d more errors)", len(l)-show)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Unwrap exposes the whole list as one EINVALID vigil.Error first (so vigil.ErrorMessage shows every problem),
// then each ParseError (so errors.As finds the first one).
func (l ErrorList) Unwrap() []error {
	errs := make([]error, 0, len(l)+1)
	errs = append(errs, &vigil.Error{Code: vigil.EINVALID, Message: l.Error()})
	for _, e := range l {
		errs = append(errs, e)
	}
	return errs
}

// Quote shows a value from a list in a warning: vigil.QuoteN with room for 100 characters. Warnings are stored
// with the list version and shown to analysts, so the whole item matters more than in an error message.
func Quote(s string) string { return vigil.QuoteN(s, 100) }
