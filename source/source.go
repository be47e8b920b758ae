// Package source reads watch-list files in their publishers' formats into Vigil's list entries. It tells the
// format of each file from its content (never its name, which users and mirrors change), groups the files of
// one publication, and fetches the official files for `vigil lists update`. The formats themselves live in
// sub-packages: source/ofac (OFAC legacy CSV) and source/un (UN consolidated XML).
package source

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/ofac"
	"github.com/vigil-sec/vigil/source/un"
)

// File is a list file: its name (for messages and the list version's file list) and content.
type File = listfile.File

// ParseError is one problem in a list file; Error() is "file:line: msg". vigil.ErrorCode reads it as EINVALID.
type ParseError = listfile.ParseError

// ErrorList collects parse errors, sorted by file and line; Err() is nil when it is empty.
type ErrorList = listfile.ErrorList

// MaxFileBytes bounds a list file, read or downloaded.
const MaxFileBytes = listfile.MaxFileBytes

// Format is a list file format.
type Format string

// Supported formats.
const (
	FormatOFACSDN      Format = "ofac-sdn-csv"
	FormatOFACAlt      Format = "ofac-alt-csv"
	FormatOFACAdd      Format = "ofac-add-csv"
	FormatOFACComments Format = "ofac-comments-csv"
	FormatUN           Format = "un-xml"
)

// Default list names; Parse puts the caller's prefix in front ("demo-ofac-sdn").
const (
	ListOFAC = "ofac-sdn"
	ListUN   = "un"
)

const supported = "OFAC legacy CSV (sdn.csv, alt.csv, add.csv, sdn_comments.csv) and the UN consolidated list XML"

var ofacFormats = map[ofac.Kind]Format{
	ofac.KindSDN:      FormatOFACSDN,
	ofac.KindAlt:      FormatOFACAlt,
	ofac.KindAdd:      FormatOFACAdd,
	ofac.KindComments: FormatOFACComments,
}

var ofacKinds = map[Format]ofac.Kind{
	FormatOFACSDN:      ofac.KindSDN,
	FormatOFACAlt:      ofac.KindAlt,
	FormatOFACAdd:      ofac.KindAdd,
	FormatOFACComments: ofac.KindComments,
}

// Detect tells a file's format from its content: the UN list is XML with the root CONSOLIDATED_LIST; OFAC's
// CSV files are told apart by their first row (sdn.csv has 12 fields with a numeric ent_num, alt.csv 5 with
// aka/fka/nka third, add.csv 6, sdn_comments.csv 2). The error names the file and the supported formats.
func Detect(f File) (Format, error) {
	if len(f.Data) > MaxFileBytes {
		return "", &ParseError{File: f.Name, Msg: fmt.Sprintf("is %d bytes; at most %d are accepted", len(f.Data), MaxFileBytes)}
	}
	head := strings.TrimLeft(string(prefix(f.Data, 512)), "\xef\xbb\xbf \t\r\n")
	if head == "" {
		return "", &ParseError{File: f.Name, Msg: "is empty; expected " + supported}
	}
	if head[0] == '<' {
		if un.Sniff(f.Data) {
			return FormatUN, nil
		}
		return "", &ParseError{File: f.Name, Line: 1, Msg: "is XML but not a UN consolidated list (root element CONSOLIDATED_LIST); supported: " + supported}
	}
	if kind, ok := ofac.Sniff(f.Data); ok {
		return ofacFormats[kind], nil
	}
	return "", &ParseError{File: f.Name, Line: 1, Msg: "is not a list format Vigil reads; supported: " + supported}
}

func prefix(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// Result is one list read from one or more files.
type Result struct {
	List     string
	Format   []Format // the format of each file, in the order of Files
	Files    []string
	Entries  []*vigil.ListEntry // ordered by ID
	AsOf     time.Time          // the publisher's date of the data; zero when the files do not say (OFAC CSV)
	Warnings []string
}

// Parse detects each file's format and reads the files into lists: all OFAC CSV files of one call form one
// result, which needs an sdn.csv (alt.csv, add.csv and sdn_comments.csv alone are an error); each UN file is a
// result of its own. List names are listPrefix followed by "ofac-sdn" or "un". If any file cannot be detected
// or is malformed, Parse returns an ErrorList naming every file and line at fault and no results.
func Parse(files []File, listPrefix string) ([]Result, error) {
	var errs ErrorList
	type ofacFile struct {
		idx  int
		kind ofac.Kind
	}
	var ofacFiles []ofacFile
	var unFiles []int
	var pub ofac.Publication
	formats := make([]Format, len(files))
	for i := range files {
		format, err := Detect(files[i])
		if err != nil {
			collect(&errs, err)
			continue
		}
		formats[i] = format
		if format == FormatUN {
			unFiles = append(unFiles, i)
			continue
		}
		kind := ofacKinds[format]
		slot := pubSlot(&pub, kind)
		if *slot != nil {
			errs.Add(files[i].Name, 0, "", fmt.Sprintf("is a second OFAC %s (the first is %s); give one file of each kind", kind, (*slot).Name))
			continue
		}
		*slot = &files[i]
		ofacFiles = append(ofacFiles, ofacFile{i, kind})
	}
	if len(ofacFiles) > 0 && pub.SDN == nil {
		names := make([]string, len(ofacFiles))
		for i, of := range ofacFiles {
			names[i] = files[of.idx].Name
		}
		errs.Add(strings.Join(names, ", "), 0, "", "an OFAC import needs sdn.csv with these files; alt.csv, add.csv and sdn_comments.csv only add to its entries")
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs.Err()
	}

	var results []Result
	if pub.SDN != nil {
		res, err := ofac.Parse(pub, listPrefix+ListOFAC)
		if err != nil {
			collect(&errs, err)
		} else {
			r := Result{List: listPrefix + ListOFAC, Entries: res.Entries, Warnings: res.Warnings}
			for _, of := range ofacFiles {
				r.Files = append(r.Files, files[of.idx].Name)
				r.Format = append(r.Format, formats[of.idx])
			}
			results = append(results, r)
		}
	}
	for _, i := range unFiles {
		res, err := un.Parse(&files[i], listPrefix+ListUN)
		if err != nil {
			collect(&errs, err)
			continue
		}
		results = append(results, Result{
			List: listPrefix + ListUN, Format: []Format{FormatUN}, Files: []string{files[i].Name},
			Entries: res.Entries, AsOf: res.AsOf, Warnings: res.Warnings,
		})
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs.Err()
	}
	return results, nil
}

func pubSlot(p *ofac.Publication, kind ofac.Kind) **File {
	switch kind {
	case ofac.KindSDN:
		return &p.SDN
	case ofac.KindAlt:
		return &p.Alt
	case ofac.KindAdd:
		return &p.Add
	default:
		return &p.Comments
	}
}

// collect adds the parse errors of err to errs; any other error becomes a file-less entry.
func collect(errs *ErrorList, err error) {
	var list ErrorList
	var pe *ParseError
	switch {
	case errors.As(err, &list):
		*errs = append(*errs, list...)
	case errors.As(err, &pe):
		*errs = append(*errs, pe)
	default:
		errs.Add("", 0, "", err.Error())
	}
}
