// Package source reads watch-list files in their publishers' formats into Vigil's list entries. It tells the
// format of each file from its content (never its name, which users and mirrors change), groups the files of
// one publication, and fetches the official files for `vigil lists update`. The formats themselves live in
// sub-packages: source/ofac (OFAC legacy CSV), source/ofacxml (OFAC SDN_ADVANCED and SDN_ENHANCED XML),
// source/un (UN consolidated XML), source/eu (EU consolidated financial sanctions, FSF XML 1.1), source/uk
// (the UK Sanctions List as CSV, XML and the summary ODS) and source/opensanctions (FollowTheMoney JSON lines
// and targets.simple.csv).
package source

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/eu"
	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/ofac"
	"github.com/vigil-sec/vigil/source/ofacxml"
	"github.com/vigil-sec/vigil/source/opensanctions"
	"github.com/vigil-sec/vigil/source/uk"
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
	FormatOFACAdvanced Format = "ofac-sdn-advanced-xml"
	FormatOFACEnhanced Format = "ofac-sdn-enhanced-xml"
	FormatUN           Format = "un-xml"
	FormatEU           Format = "eu-fsf-xml"
	FormatUKCSV        Format = "uk-csv"
	FormatUKXML        Format = "uk-xml"
	FormatUKODS        Format = "uk-ods"
	FormatOSFTM        Format = "opensanctions-ftm-jsonl"
	FormatOSTargets    Format = "opensanctions-targets-csv"
)

// Default list names; Parse puts the caller's prefix in front ("demo-ofac-sdn").
const (
	ListOFAC          = "ofac-sdn"
	ListUN            = "un"
	ListEU            = "eu"
	ListUK            = "uk"
	ListOpenSanctions = "opensanctions"
)

const supported = "OFAC legacy CSV (sdn.csv, alt.csv, add.csv, sdn_comments.csv), OFAC SDN_ADVANCED or SDN_ENHANCED XML, " +
	"the UN consolidated list XML, the EU financial sanctions XML (FSF 1.1), the UK Sanctions List (CSV, XML or the ODS summary), " +
	"and OpenSanctions entities.ftm.json or targets.simple.csv"

// Formats lists every format, as --format accepts them. A family name ("ofac-csv") stands for the four OFAC
// legacy CSV files.
func Formats() []Format {
	return []Format{FormatOFACCSV, FormatOFACAdvanced, FormatOFACEnhanced, FormatUN, FormatEU, FormatUKCSV,
		FormatUKXML, FormatUKODS, FormatOSFTM, FormatOSTargets}
}

// FormatOFACCSV names the OFAC legacy CSV files together, for --format.
const FormatOFACCSV Format = "ofac-csv"

// family is the format a user names for a file of format f.
func family(f Format) Format {
	if _, ok := ofacKinds[f]; ok {
		return FormatOFACCSV
	}
	return f
}

// single is a format read one file at a time: the list it fills and its parser.
type single struct {
	list  string
	parse func(f *File, list string) (*listfile.Result, error)
}

var singles = map[Format]single{
	FormatUN:           {ListUN, un.Parse},
	FormatOFACAdvanced: {ListOFAC, ofacxml.Parse},
	FormatOFACEnhanced: {ListOFAC, ofacxml.Parse},
	FormatEU:           {ListEU, eu.Parse},
	FormatUKCSV:        {ListUK, uk.Parse},
	FormatUKXML:        {ListUK, uk.Parse},
	FormatUKODS:        {ListUK, uk.Parse},
	FormatOSFTM:        {ListOpenSanctions, opensanctions.Parse},
	FormatOSTargets:    {ListOpenSanctions, opensanctions.Parse},
}

var ukFormats = map[uk.Kind]Format{uk.KindCSV: FormatUKCSV, uk.KindXML: FormatUKXML, uk.KindODS: FormatUKODS}

var osFormats = map[opensanctions.Kind]Format{opensanctions.KindFTM: FormatOSFTM, opensanctions.KindTargetsCSV: FormatOSTargets}

var ofacXMLFormats = map[ofacxml.Kind]Format{ofacxml.KindAdvanced: FormatOFACAdvanced, ofacxml.KindEnhanced: FormatOFACEnhanced}

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

// Detect tells a file's format from its content: XML by its root element (CONSOLIDATED_LIST for the UN,
// Sanctions or sanctionsData for OFAC, export for the EU, Designations for the UK), a zip by the ODS it holds,
// OFAC's CSV files by their first row (sdn.csv has 12 fields with a numeric ent_num, alt.csv 5 with
// aka/fka/nka third, add.csv 6, sdn_comments.csv 2), the UK CSV by its report-date line and header, and
// OpenSanctions by its JSON lines or header. The error names the file and the supported formats.
func Detect(f File) (Format, error) {
	if len(f.Data) > MaxFileBytes {
		return "", &ParseError{File: f.Name, Msg: fmt.Sprintf("is %d bytes; at most %d are accepted", len(f.Data), MaxFileBytes)}
	}
	if kind, ok := uk.Sniff(f.Data); ok && kind == uk.KindODS {
		return FormatUKODS, nil
	}
	head := strings.TrimLeft(string(prefix(f.Data, 512)), "\xef\xbb\xbf \t\r\n")
	if head == "" {
		return "", &ParseError{File: f.Name, Msg: "is empty; expected " + supported}
	}
	if head[0] == '<' {
		switch {
		case un.Sniff(f.Data):
			return FormatUN, nil
		case eu.Sniff(f.Data):
			return FormatEU, nil
		}
		if kind, ok := ofacxml.Sniff(f.Data); ok {
			return ofacXMLFormats[kind], nil
		}
		if kind, ok := uk.Sniff(f.Data); ok && kind == uk.KindXML {
			return FormatUKXML, nil
		}
		return "", &ParseError{File: f.Name, Line: 1, Msg: "is XML but not a list Vigil reads; supported: " + supported}
	}
	if kind, ok := ofac.Sniff(f.Data); ok {
		return ofacFormats[kind], nil
	}
	if kind, ok := opensanctions.Sniff(f.Data); ok {
		return osFormats[kind], nil
	}
	if kind, ok := uk.Sniff(f.Data); ok {
		return ukFormats[kind], nil
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
// result, which needs an sdn.csv (alt.csv, add.csv and sdn_comments.csv alone are an error); every other file
// is a result of its own. List names are listPrefix followed by "ofac-sdn", "un", "eu", "uk" or
// "opensanctions". If any file cannot be detected or is malformed, Parse returns an ErrorList naming every
// file and line at fault and no results.
func Parse(files []File, listPrefix string) ([]Result, error) {
	return ParseAs(files, listPrefix, "")
}

// ParseAs is Parse with every file required to be of format want (a Format, or FormatOFACCSV for any of the
// OFAC legacy CSV files); an empty want detects each file's format. A file detected as another format is an
// error naming both; a file that cannot be detected is read as want, so that its errors say what is wrong.
func ParseAs(files []File, listPrefix string, want Format) ([]Result, error) {
	if want != "" && !slices.Contains(Formats(), want) {
		names := make([]string, 0, len(Formats()))
		for _, f := range Formats() {
			names = append(names, string(f))
		}
		return nil, vigil.Errorf(vigil.EINVALID, "format %s is not one Vigil reads; use one of %s", vigil.Quote(string(want)), strings.Join(names, ", "))
	}
	var errs ErrorList
	type ofacFile struct {
		idx  int
		kind ofac.Kind
	}
	var ofacFiles []ofacFile
	var singleFiles []int
	var pub ofac.Publication
	formats := make([]Format, len(files))
	for i := range files {
		format, err := Detect(files[i])
		switch {
		case err != nil && want != "" && want != FormatOFACCSV:
			format = want // its parser says what is wrong
		case err != nil:
			collect(&errs, err)
			continue
		case want != "" && family(format) != want:
			errs.Add(files[i].Name, 0, "", fmt.Sprintf("is %s, not %s as --format says; leave --format out to detect each file's format", family(format), want))
			continue
		}
		formats[i] = format
		if _, ok := singles[format]; ok {
			singleFiles = append(singleFiles, i)
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
	lists := map[string]string{}
	for _, r := range results {
		lists[r.List] = strings.Join(r.Files, ", ")
	}
	for _, i := range singleFiles {
		sp := singles[formats[i]]
		list := listPrefix + sp.list
		if other, ok := lists[list]; ok {
			errs.Add(files[i].Name, 0, "", fmt.Sprintf("is another edition of list %s (as %s is); import one edition of a list at a time", list, other))
			continue
		}
		lists[list] = files[i].Name
		res, err := sp.parse(&files[i], list)
		if err != nil {
			collect(&errs, err)
			continue
		}
		results = append(results, Result{
			List: list, Format: []Format{formats[i]}, Files: []string{files[i].Name},
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
