// Package listfiletest holds the test helpers the watch-list parsers under source/ share: reading a fixture
// and checking the error a parser returns for a broken file.
package listfiletest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// ReadTestdata reads testdata/name of the package under test as a list file called name.
func ReadTestdata(tb testing.TB, name string) *listfile.File {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return &listfile.File{Name: name, Data: data}
}

// CheckParseError checks that err, returned by a parser, holds a listfile.ParseError whose first one names
// file and line and says msg (it contains msg), and that err counts as EINVALID, bad input.
func CheckParseError(tb testing.TB, err error, file string, line int, msg string) {
	tb.Helper()
	var pe *listfile.ParseError
	if !errors.As(err, &pe) {
		tb.Fatalf("error %v is not a ParseError", err)
	}
	if pe.File != file || pe.Line != line || !strings.Contains(pe.Msg, msg) {
		tb.Errorf("got %q (file %q line %d); want file %q line %d containing %q", err, pe.File, pe.Line, file, line, msg)
	}
	if vigil.ErrorCode(err) != vigil.EINVALID {
		tb.Errorf("error code %q; want %q", vigil.ErrorCode(err), vigil.EINVALID)
	}
}

// MustParse returns what parse, a parser's Parse, reads of f for list, failing the test when it returns an
// error.
func MustParse[R any](tb testing.TB, parse func(*listfile.File, string) (R, error), f *listfile.File, list string) R {
	tb.Helper()
	res, err := parse(f, list)
	if err != nil {
		tb.Fatalf("Parse: %v", err)
	}
	return res
}
