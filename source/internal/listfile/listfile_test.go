package listfile_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

func TestInvalidUTF8(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		off, line int
		bad       bool
	}{
		{"Valid", "a\nb é\n", 7, 0, false},
		{"Empty", "", 0, 0, false},
		{"SecondLine", "ab\nc\xffd", 4, 2, true},
		{"Truncated", "a\n\n\xe2\x82", 3, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off, line, bad := listfile.InvalidUTF8([]byte(tt.data))
			if off != tt.off || line != tt.line || bad != tt.bad {
				t.Errorf("InvalidUTF8 = %d, %d, %v; want %d, %d, %v", off, line, bad, tt.off, tt.line, tt.bad)
			}
		})
	}
}

func TestText(t *testing.T) {
	if got := listfile.Clean(" National Identification\n    Number "); got != "National Identification Number" {
		t.Errorf("Clean = %q", got)
	}
	if got := listfile.CleanName("\u202eKIM\u202c  Jong\u200f"); got != "KIM Jong" {
		t.Errorf("CleanName = %q", got)
	}
	if got := string(listfile.TrimBOM([]byte("\xef\xbb\xbf<a/>"))); got != "<a/>" {
		t.Errorf("TrimBOM = %q", got)
	}
	for in, want := range map[string]bool{"1800": true, "2200": true, "1799": false, "2201": false, "+999": false, "198": false, " 1980": false, "19a0": false} {
		if y, ok := listfile.Year(in); ok != want || ok && y == 0 {
			t.Errorf("Year(%q) = %d, %v", in, y, ok)
		}
	}
}

func TestIsLatinText(t *testing.T) {
	for in, want := range map[string]bool{"CHO'N, Yo'n": true, "Ömer Çelik": true, "김예시": false, "KIM 김": false, "123-45": false, "": false} {
		if got := listfile.IsLatinText(in); got != want {
			t.Errorf("IsLatinText(%q) = %v", in, got)
		}
	}
	if rest, ok := listfile.CutPrefixFold("Circa 1947", "circa "); !ok || rest != "1947" {
		t.Errorf("CutPrefixFold = %q, %v", rest, ok)
	}
	if rest, ok := listfile.CutPrefixFold("circ", "circa "); ok || rest != "circ" {
		t.Errorf("CutPrefixFold short = %q, %v", rest, ok)
	}
}

func TestCheckSize(t *testing.T) {
	var errs listfile.ErrorList
	if !listfile.CheckSize("a.xml", make([]byte, 10), &errs) || errs.Len() != 0 {
		t.Error("a small file is refused")
	}
	if listfile.CheckSize("big.xml", make([]byte, listfile.MaxFileBytes+1), &errs) || errs.Len() != 1 ||
		errs.Error() != "big.xml: is 268435457 bytes; at most 268435456 are accepted" {
		t.Errorf("got %v", errs.Err())
	}
}

func TestSample(t *testing.T) {
	var s listfile.Sample
	for _, v := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		s.Add(v)
	}
	if s.N != 8 || s.String() != "a, b, c, d, e, f, g, h" {
		t.Errorf("8 items: %d, %q", s.N, s.String())
	}
	s.Add("i")
	if s.N != 9 || s.String() != "a, b, c, d, e, f, g, h, …" {
		t.Errorf("9 items: %d, %q", s.N, s.String())
	}
	if got := listfile.SkippedWarning("f.xml", &s); got != "f.xml: 9 values could not be read and were skipped (they stay in the file): a, b, c, d, e, f, g, h, …" {
		t.Errorf("SkippedWarning = %q", got)
	}
	short := listfile.Sample{Keep: 2}
	short.Add("x")
	short.Add("y")
	short.Add("z")
	if short.String() != "x, y, …" {
		t.Errorf("Keep 2: %q", short.String())
	}
}

func TestTally(t *testing.T) {
	tally := listfile.Tally{Max: 2}
	for _, add := range []struct {
		key  string
		line int
		ok   bool
	}{{"b", 3, true}, {"a", 5, true}, {"b", 9, true}, {"c", 10, false}, {"a", 11, true}} {
		if ok := tally.Add(add.key, add.line); ok != add.ok {
			t.Errorf("Add(%q) = %v", add.key, ok)
		}
	}
	want := []listfile.Seen{{Key: "a", Count: 2, Line: 5}, {Key: "b", Count: 2, Line: 3}}
	if diff := cmp.Diff(want, tally.Sorted()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var empty listfile.Tally
	if len(empty.Sorted()) != 0 {
		t.Error("an empty tally has keys")
	}
}

func TestCountList(t *testing.T) {
	m := map[string]int{"Syria": 1, "Korea": 2, "Gaza": 3}
	if got := listfile.CountList(m, 0); got != `"Gaza" ×3, "Korea" ×2, "Syria" ×1` {
		t.Errorf("all: %q", got)
	}
	if got := listfile.CountList(m, 2); got != `"Gaza" ×3, "Korea" ×2, and 1 more` {
		t.Errorf("two: %q", got)
	}
	if got := listfile.CountList(nil, 0); got != "" {
		t.Errorf("none: %q", got)
	}
}

func TestAddAlias(t *testing.T) {
	e := &vigil.ListEntry{Name: "KIM Jong"}
	for _, a := range []vigil.Alias{
		{Name: "kim jong", Type: "aka"},           // the name
		{Name: "", Type: "aka"},                   // empty
		{Name: "Kim J.", Type: "aka", Weak: true}, // added weak
		{Name: "KIM J.", Type: "fka"},             // replaces it: strong
		{Name: "kim j.", Type: "aka", Weak: true}, // weak again: ignored
		{Name: "Comrade Kim", Type: "aka", Weak: true},
	} {
		listfile.AddAlias(e, a)
	}
	want := []vigil.Alias{{Name: "KIM J.", Type: "fka"}, {Name: "Comrade Kim", Type: "aka", Weak: true}}
	if diff := cmp.Diff(want, e.Aliases); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	dates := listfile.AppendOnce(nil, vigil.BirthDate{Date: "1960"})
	dates = listfile.AppendOnce(dates, vigil.BirthDate{Date: "1960"})
	dates = listfile.AppendOnce(dates, vigil.BirthDate{Date: "1960", Circa: true})
	if len(dates) != 2 {
		t.Errorf("AppendOnce: %v", dates)
	}
}
