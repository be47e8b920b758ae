// Package uk reads the UK Sanctions List that the Foreign, Commonwealth & Development Office publishes, since
// 28 January 2026 the single official UK list (OFSI's Consolidated List was retired then). Three of its
// formats are read, each told apart by content:
//
//   - the CSV (UK-Sanctions-List.csv): a "Report Date: 13-Feb-2026" line, a header row ("Last Updated", "Unique
//     ID", "OFSI Group ID", "UN Reference Number", "Name 6", "Name 1" … "Name 5", "Name type", "Alias
//     strength", … "Hull identification number (HIN)"), then one row per name, the rows of one designation
//     sharing its "Unique ID";
//   - the XML (UK-Sanctions-List.xml): root Designations with DateGenerated and one Designation per
//     designation (UniqueID, Names/Name with Name1 … Name6, NameType and AliasStrength, NonLatinNames,
//     RegimeName, IndividualEntityShip, Addresses, IndividualDetails/Individual with DOBs, Nationalities,
//     PassportDetails, NationalIdentifierDetails, Genders, BirthDetails …);
//   - the summary OpenDocument spreadsheet: one row per designation with Unique ID, OFSI Group ID, Name, Regime
//     Name, Type, Designation source, Date Designated and Sanctions Imposed, and no aliases.
//
// Mapping: the entry ID is the Unique ID ("DPR0001"). The programme is the regime code the Unique ID starts
// with ("DPR" for the Democratic People's Republic of Korea regime, "RUS" for Russia): the FCDO numbers each
// designation within its regime, so the code is the same in all three formats, which write the regime name
// differently (the regulations' title in the CSV and XML, a short name in the spreadsheet); in the spreadsheet
// of August 2025 each of the 31 regimes has its own prefix. The name is the first primary name, its parts in
// the publisher's order (Name 6, the surname or whole name, then Name 1 … Name 5), as the spreadsheet writes it
// ("PUTIN Vladimir Vladimirovich"); further primary names, primary name variations, aliases and names in
// non-Latin script are aliases, those of alias strength "Low quality a.k.a" (or any strength saying low or
// weak) Weak. A designation whose primary name is empty (the FCDO has some) is named by its first variation or
// strong alias, with a warning. Passports and national identifiers are identifiers of kind document, with the
// issuer when their additional information names one country; emails, phone numbers and websites are
// identifiers too. Title joins titles and positions; Remarks joins the other information, the UK statement of
// reasons and the details that have no field of their own (UN reference number, IMO number, flag, type of
// ship, business registration number). Address lines 1 to 4 are the street, line 5 the region, line 6 the town.
// The as-of date is the CSV's report date or the XML's DateGenerated; the spreadsheet carries none.
//
// Input is hostile: the file size is capped, XML directives (DOCTYPE, entities) are refused, XML nesting, text
// and the elements of one designation are capped, the spreadsheet's content.xml is decompressed only up to a
// cap and its repeated rows and columns are counted, never expanded, and the names and values kept for one
// designation are capped (the CSV's rows of one Unique ID are otherwise unbounded).
//
// Structural faults (a missing, malformed or duplicate Unique ID, in the CSV one Unique ID with two designation
// types, an unknown designation type, a missing header column, malformed XML, CSV or zip, an unreadable report
// date or DateGenerated) make Parse return a listfile.ErrorList naming file, line and record, and no entries.
// Values the parser cannot use (an unreadable date of birth or designation, an unknown country, an invalid
// document number) and columns or elements it does not know are skipped and reported in Warnings, so that a
// change in a release does not stop `vigil lists update`. A designation without any name is skipped with a
// warning: the real spreadsheet of August 2025 has two (BEL0174 and RUS1467).
package uk

import (
	"bytes"

	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// File is a list file: a name for messages and its content.
type File = listfile.File

// Kind is which of the UK Sanctions List formats a file is.
type Kind string

// The formats Parse reads.
const (
	KindCSV Kind = "csv" // UK-Sanctions-List.csv
	KindXML Kind = "xml" // UK-Sanctions-List.xml
	KindODS Kind = "ods" // the summary spreadsheet (OpenDocument)
)

const (
	// maxFieldBytes bounds one CSV field, XML element text or spreadsheet cell. The longest statements of
	// reasons are a few kilobytes.
	maxFieldBytes = 64 << 10
	// maxNames bounds the names kept for one designation; real designations have fewer than 100.
	maxNames = 500
	// maxValues bounds the values of one kind (titles, addresses, identifiers …) kept for one designation.
	maxValues = 1000
	// maxDistinct bounds the distinct unknown columns, elements, name types and country names reported.
	maxDistinct = 50
	// maxErrors stops collecting errors from a file that is plainly broken.
	maxErrors = 10
	// sniffWindow is how much of a file Sniff looks at.
	sniffWindow = 64 << 10
)

// Sniff tells from the content which UK Sanctions List format data is: XML whose root element is
// Designations, CSV whose header row (after an optional "Report Date" line) has the columns "Unique ID" and
// "Name 6", or an OpenDocument spreadsheet whose first row has "Unique ID" and "Regime Name". ok is false for
// anything else. It reads at most the first 64 KiB of the file, or of the spreadsheet's content.xml.
func Sniff(data []byte) (kind Kind, ok bool) {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if sniffODS(data) {
			return KindODS, true
		}
	case sniffXML(data):
		return KindXML, true
	case sniffCSV(data):
		return KindCSV, true
	}
	return "", false
}

// Result is what Parse read: entries ordered by Unique ID; AsOf is the report date (CSV) or DateGenerated (XML), zero for the spreadsheet.
type Result = listfile.Result

// Parse reads a UK Sanctions List file in any of the three formats into entries whose List is list. On any
// structural fault it returns a listfile.ErrorList naming file, line and record, and no entries. Lines are the
// file's lines for CSV and XML and the spreadsheet's rows for the spreadsheet. The format is told as Sniff tells
// it, and a file Sniff does not recognise is read as the format it looks closest to (a zip archive as the
// spreadsheet, text starting with "<" as XML, anything else as CSV), so that the error says what is wrong.
func Parse(f *File, list string) (*Result, error) {
	var errs listfile.ErrorList
	if f == nil {
		errs.Add("uk", 0, "", "no file given")
		return nil, errs.Err()
	}
	if !listfile.CheckSize(f.Name, f.Data, &errs) {
		return nil, errs.Err()
	}
	p := newParser(f.Name, list)
	switch {
	case bytes.HasPrefix(f.Data, []byte("PK\x03\x04")):
		p.parseODS(f.Data)
	case looksLikeXML(f.Data):
		p.parseXML(f.Data)
	default:
		// The CSV reader says what is missing: a header row, its columns, valid UTF-8.
		p.parseCSV(f.Data)
	}
	if p.errs.Len() > 0 {
		p.errs.Sort()
		return nil, p.errs.Err()
	}
	res := &Result{Entries: p.finish(), AsOf: p.asOf}
	res.Warnings = p.warningList()
	return res, nil
}

// looksLikeXML reports data whose first character, after a byte order mark and white space, is "<".
func looksLikeXML(data []byte) bool {
	data = bytes.TrimLeft(listfile.TrimBOM(data), " \t\r\n")
	return len(data) > 0 && data[0] == '<'
}
