// Package nameeval measures a name matcher: it reads the labelled pairs of ../shared/data/name-bench, computes
// precision, recall and F1 at a threshold, the best F1 over all thresholds and the best recall at a precision
// floor, builds a recall set of name variants from the DPRK entries of the watch-lists themselves, and a
// false-positive set of common names that are on no list. It knows nothing of any matcher, so the same sets
// measure Vigil's match package and other screeners alike (bench/ runs moov-io/watchman on them), and its
// romanisation table is its own: it is the test of the matcher's tables, not a copy of them.
package nameeval

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// Case is one labelled pair of name-bench cases.csv.
type Case struct {
	Group, Schema string // case_group (nk_checks, synth_people …), schema (Person, Company, Organization …)
	Name1, Name2  string
	Match         bool // is_match: the two names designate the same party
	Quality       string
	Category      string
	Notes         string
	LogicV2       float64 // OpenSanctions logic-v2 score of the pair from logicv2-frozen.csv; NaN when absent
}

// Limits on the name-bench files: the real ones hold under a thousand rows of short names.
const (
	maxBenchBytes   = 16 << 20
	maxBenchRows    = 100_000
	maxBenchNameLen = 1000
)

// casesHeader is the header of cases.csv, in order.
var casesHeader = []string{"case_group", "schema", "name1", "name2", "is_match", "quality", "category", "notes"}

// LoadNameBench reads cases.csv and, when logicV2Path is not empty, the frozen logic-v2 scores, which it joins
// to the cases by the pair of names (name1, name2). The scores depend on the names alone (the file never gives
// one pair two scores; LoadNameBench fails if it does), so a pair repeated in several case groups, or whose
// label cases.csv has since corrected, still carries logic-v2's score; the labels are always those of
// cases.csv. Errors name the file and line.
func LoadNameBench(casesPath, logicV2Path string) ([]Case, error) {
	recs, err := readBenchCSV(casesPath)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty; want the header %s", casesPath, strings.Join(casesHeader, ","))
	}
	if !equalFold(recs[0], casesHeader) {
		return nil, fmt.Errorf("%s:1: header %q, want %s", casesPath, strings.Join(recs[0], ","), strings.Join(casesHeader, ","))
	}
	cases := make([]Case, 0, len(recs)-1)
	for i, r := range recs[1:] {
		line := i + 2
		if len(r) != len(casesHeader) {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d", casesPath, line, len(r), len(casesHeader))
		}
		m, err := parseBool(r[4])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: is_match: %v", casesPath, line, err)
		}
		if err := checkName(r[2]); err != nil {
			return nil, fmt.Errorf("%s:%d: name1: %v", casesPath, line, err)
		}
		if err := checkName(r[3]); err != nil {
			return nil, fmt.Errorf("%s:%d: name2: %v", casesPath, line, err)
		}
		cases = append(cases, Case{Group: r[0], Schema: r[1], Name1: r[2], Name2: r[3], Match: m,
			Quality: r[5], Category: r[6], Notes: r[7], LogicV2: math.NaN()})
	}
	if logicV2Path == "" {
		return cases, nil
	}
	scores, err := readLogicV2(logicV2Path)
	if err != nil {
		return nil, err
	}
	for i := range cases {
		if s, ok := scores[pairKey{cases[i].Name1, cases[i].Name2}]; ok {
			cases[i].LogicV2 = s
		}
	}
	return cases, nil
}

type pairKey struct{ name1, name2 string }

// readLogicV2 reads logicv2-frozen.csv, finding its columns by name in the header.
func readLogicV2(path string) (map[pairKey]float64, error) {
	recs, err := readBenchCSV(path)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty; want a header with name1, name2 and score", path)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, want := range []string{"name1", "name2", "score"} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("%s:1: header %q has no column %s", path, strings.Join(recs[0], ","), want)
		}
	}
	n1, n2, sc := col["name1"], col["name2"], col["score"]
	scores := make(map[pairKey]float64, len(recs)-1)
	for i, r := range recs[1:] {
		line := i + 2
		if len(r) != len(recs[0]) {
			return nil, fmt.Errorf("%s:%d: %d fields, the header has %d", path, line, len(r), len(recs[0]))
		}
		s, err := strconv.ParseFloat(strings.TrimSpace(r[sc]), 64)
		if err != nil || math.IsNaN(s) || s < 0 || s > 1 {
			return nil, fmt.Errorf("%s:%d: score %q is not a number in [0, 1]", path, line, r[sc])
		}
		k := pairKey{r[n1], r[n2]}
		if old, dup := scores[k]; dup && old != s {
			return nil, fmt.Errorf("%s:%d: the pair %q, %q has the score %v here and %v on an earlier line", path, line, r[n1], r[n2], s, old)
		}
		scores[k] = s
	}
	return scores, nil
}

// readBenchCSV reads a whole name-bench CSV file within the size and row limits.
func readBenchCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxBenchBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > maxBenchBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxBenchBytes)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	var recs [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return recs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err) // csv.ParseError carries the line
		}
		if len(recs) > maxBenchRows {
			return nil, fmt.Errorf("%s: more than %d rows", path, maxBenchRows)
		}
		recs = append(recs, rec)
	}
}

func equalFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(strings.TrimSpace(a[i]), b[i]) {
			return false
		}
	}
	return true
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%q is neither true nor false", s)
}

func checkName(s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return errors.New("empty")
	case len(s) > maxBenchNameLen:
		return fmt.Errorf("%d bytes; at most %d", len(s), maxBenchNameLen)
	}
	return nil
}
