// Package demo ships what `vigil demo` needs to run offline on a fresh clone: a small watch-list of FICTIONAL
// entries written in OFAC's legacy CSV and the UN's XML formats (see lists/README.md), and synthetic subjects
// (subjects.ndjson): benign people with names from many cultures, and a handful built on public DPRK IT-worker
// case patterns — a sanctioned name variant, a DPRK passport, a sanctioned wallet, "different" candidates
// sharing a bank account and a shipping address, VoIP phones, a disposable email.
package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"github.com/vigil-sec/vigil/source"
)

//go:embed lists/*.csv lists/*.xml
var lists embed.FS

//go:embed subjects.ndjson
var subjects []byte

// ListPrefix marks the demo's lists so they can never be mistaken for real ones in a report.
const ListPrefix = "demo-"

// IDPrefix starts the ID of every demo subject.
const IDPrefix = "demo-"

// Lists returns the fictional list files.
func Lists() ([]source.File, error) {
	entries, err := fs.ReadDir(lists, "lists")
	if err != nil {
		return nil, fmt.Errorf("read embedded demo lists: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	files := make([]source.File, 0, len(names))
	for _, n := range names {
		data, err := lists.ReadFile("lists/" + n)
		if err != nil {
			return nil, fmt.Errorf("read embedded demo list %s: %w", n, err)
		}
		files = append(files, source.File{Name: n, Data: data})
	}
	return files, nil
}

// Subjects returns the synthetic subjects as NDJSON.
func Subjects() []byte { return subjects }
