package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/match"
)

// SearchCmd searches the imported lists for a name, or for every query of an NDJSON file.
type SearchCmd struct {
	Name        string   `arg:"" optional:"" help:"The name to search for (or give --batch)."`
	Batch       string   `help:"Read NDJSON queries, one per line ({\"name\":…, \"birth_date\":…, \"nationality\":…}), from FILE or - (standard input), and write one NDJSON result per query, in order." placeholder:"FILE|-" env:"VIGIL_BATCH"`
	BirthDate   string   `help:"Birth date that corroborates or weakens a match: YYYY, YYYY-MM or YYYY-MM-DD." env:"VIGIL_BIRTH_DATE"`
	Nationality string   `help:"Stated nationality (ISO 3166 alpha-2 or alpha-3), compared with the listed ones in each explanation; it never changes a score." env:"VIGIL_NATIONALITY"`
	Limit       int      `help:"Most matches per query." default:"10" env:"VIGIL_LIMIT"`
	MinScore    *float64 `help:"Lowest score to show (default: the reporting threshold)." env:"VIGIL_MIN_SCORE"`
	All         bool     `help:"Include organisations, vessels and aircraft, not only people." env:"VIGIL_ALL"`
	Format      string   `help:"Output format of a single search: text or json (--batch always writes NDJSON)." enum:"text,json" default:"text" env:"VIGIL_FORMAT"`
}

// searchQuery is one query as understood: the JSON shape of a --batch line and of the echo in every result.
type searchQuery struct {
	Name        string `json:"name"`
	BirthDate   string `json:"birth_date,omitempty"`
	Nationality string `json:"nationality,omitempty"`
}

// searchMatch is one ranked hit, as --format json and --batch print it.
type searchMatch struct {
	List        string  `json:"list"`
	EntryID     string  `json:"entry_id"`
	Name        string  `json:"name"`
	Score       float64 `json:"score"`
	Explanation string  `json:"explanation"`
}

// searchResult is the answer to one query.
type searchResult struct {
	Query   searchQuery   `json:"query"`
	Matches []searchMatch `json:"matches"`
}

// lineError stands in the output for a batch line that is not a valid query.
type lineError struct {
	Line  int    `json:"line"`
	Error string `json:"error"`
}

func (c *SearchCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	switch {
	case c.Batch == "" && strings.TrimSpace(c.Name) == "":
		return vigil.Errorf(vigil.EINVALID, "give a name to search for, or --batch FILE with one query per line")
	case c.Batch != "" && c.Name != "":
		return vigil.Errorf(vigil.EINVALID, "give either a name or --batch, not both")
	case c.Batch != "" && (c.BirthDate != "" || c.Nationality != ""):
		return vigil.Errorf(vigil.EINVALID, "--birth-date and --nationality are for a single name; in --batch each line gives its own")
	}
	if c.Limit < 1 || c.Limit > 1000 {
		return vigil.Errorf(vigil.EINVALID, "--limit must be between 1 and 1000")
	}
	minScore := match.Threshold
	if c.MinScore != nil {
		if *c.MinScore < 0 || *c.MinScore > 1 {
			return vigil.Errorf(vigil.EINVALID, "--min-score must be between 0 and 1")
		}
		minScore = *c.MinScore
	}
	var single searchQuery
	if c.Batch == "" {
		q, err := validQuery(searchQuery{Name: c.Name, BirthDate: c.BirthDate, Nationality: c.Nationality})
		if err != nil {
			return vigil.Errorf(vigil.EINVALID, "%s", strings.Replace(err.Error(), "birth_date", "--birth-date", 1))
		}
		single = q
	}
	e, err := m.openEngine(ctx, g)
	if err != nil {
		return err
	}
	search, err := e.Searcher(ctx)
	if err != nil {
		return err
	}
	run := func(q searchQuery) searchResult {
		hits := search(match.Query{Name: q.Name, BirthDate: q.BirthDate, Nationality: q.Nationality, PersonOnly: !c.All}, c.Limit, minScore)
		res := searchResult{Query: q, Matches: make([]searchMatch, 0, len(hits))}
		for _, h := range hits {
			res.Matches = append(res.Matches, searchMatch{h.List, h.EntryID, h.Name, h.Score, h.Explanation})
		}
		return res
	}
	if c.Batch != "" {
		return c.runBatch(m, run)
	}
	res := run(single)
	if c.Format == "json" {
		return writeJSON(m.Stdout, res)
	}
	if len(res.Matches) == 0 {
		fmt.Fprintf(m.Stdout, "No list entry matches %s at or above %.2f.\n", vigil.Quote(c.Name), minScore)
		if !c.All {
			fmt.Fprintln(m.Stdout, "Only people were searched; --all searches organisations, vessels and aircraft too.")
		}
		return nil
	}
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "SCORE\tLIST\tENTRY\tNAME\tWHY")
	for _, h := range res.Matches {
		fmt.Fprintf(tw, "%.3f\t%s\t%s\t%s\t%s\n", h.Score, h.List, vigil.Clean(h.EntryID, 40), vigil.Clean(h.Name, 60), vigil.Clean(h.Explanation, 200))
	}
	return tw.Flush()
}

// validQuery checks and normalises a query: a name of at most 1,024 bytes, a partial birth date, an ISO
// country code (alpha-3 becomes alpha-2). Errors name the field.
func validQuery(q searchQuery) (searchQuery, error) {
	switch {
	case strings.TrimSpace(q.Name) == "":
		return q, errors.New("name: is required")
	case len(q.Name) > maxQueryNameBytes:
		return q, fmt.Errorf("name: is %d bytes; at most %d are allowed", len(q.Name), maxQueryNameBytes)
	case !utf8.ValidString(q.Name):
		return q, errors.New("name: is not valid UTF-8")
	}
	if q.BirthDate != "" {
		if _, _, err := vigil.ParsePartialDate(q.BirthDate); err != nil {
			return q, fmt.Errorf("birth_date: %v", err)
		}
	}
	if q.Nationality != "" {
		cc, ok := vigil.CountryCode(q.Nationality)
		if !ok {
			return q, fmt.Errorf("nationality: %s is not an ISO 3166-1 country code (alpha-2 such as \"PL\", or alpha-3 such as \"POL\")", vigil.QuoteN(q.Nationality, 16))
		}
		q.Nationality = cc
	}
	return q, nil
}

// Bounds of a batch: a query line, and how many lines are searched at once (in parallel) before their
// results are written in order.
const (
	maxQueryNameBytes = 1024
	maxQueryLineBytes = 16 << 10
	batchChunk        = 256
)

// runBatch answers every line of the batch input in order. A line that is not a valid query is answered by
// {"line": N, "error": …}; the command then ends with exit code 2, after every line has been answered.
func (c *SearchCmd) runBatch(m *Main, run func(searchQuery) searchResult) error {
	in, closeIn, err := openInput(m, c.Batch)
	if err != nil {
		return err
	}
	defer closeIn()
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriter(m.Stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	type item struct {
		line int
		q    searchQuery
		err  error
		res  searchResult
	}
	var (
		items          []item
		line, bad, all int
		readFailure    error
	)
	workers := runtime.GOMAXPROCS(0)
	flush := func() error {
		var wg sync.WaitGroup
		next := make(chan int)
		for range workers {
			wg.Go(func() {
				for i := range next {
					items[i].res = run(items[i].q)
				}
			})
		}
		for i := range items {
			if items[i].err == nil {
				next <- i
			}
		}
		close(next)
		wg.Wait()
		for i := range items {
			var v any = items[i].res
			if items[i].err != nil {
				v = lineError{Line: items[i].line, Error: items[i].err.Error()}
			}
			if err := enc.Encode(v); err != nil {
				return fmt.Errorf("write results: %w", err)
			}
		}
		items = items[:0]
		return w.Flush()
	}
	for {
		raw, tooLong, err := readLine(r, maxQueryLineBytes)
		if err == io.EOF && raw == nil {
			break
		} else if err != nil && err != io.EOF {
			readFailure = fmt.Errorf("read %s: %w", c.Batch, err)
			break
		}
		line++
		trimmed := bytes.TrimSpace(raw)
		if len(trimmed) == 0 && !tooLong {
			continue // blank lines separate nothing and ask nothing
		}
		all++
		it := item{line: line}
		if tooLong {
			it.err = fmt.Errorf("line is longer than %d bytes; a query is a short JSON object", maxQueryLineBytes)
		} else {
			it.q, it.err = parseQueryLine(trimmed)
		}
		if it.err != nil {
			bad++
		}
		items = append(items, it)
		if len(items) == batchChunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if readFailure != nil {
		return readFailure
	}
	if bad > 0 {
		return exitError{code: exitUsage, msg: fmt.Sprintf("%d of %d lines are not valid queries; their results are {\"line\": N, \"error\": …}", bad, all)}
	}
	return nil
}

// parseQueryLine reads one batch line: a JSON object with name and optionally birth_date and nationality,
// nothing else.
func parseQueryLine(raw []byte) (searchQuery, error) {
	var q searchQuery
	if !utf8.Valid(raw) {
		return q, errors.New("line is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&q); err != nil {
		return q, fmt.Errorf("not a query object {\"name\":…, \"birth_date\":…, \"nationality\":…}: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return q, errors.New("more than one JSON value on the line; give one query per line")
	}
	return validQuery(q)
}

// readLine returns the next line without its newline. A line longer than limit is consumed to its end and
// returned empty with tooLong set, so that one bad line does not end the batch.
func readLine(r *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > limit+1 {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			if len(buf) == 0 && !tooLong {
				return nil, false, io.EOF
			}
			return bytes.TrimRight(buf, "\r\n"), tooLong, nil
		case err != nil:
			return nil, false, err
		}
		return bytes.TrimRight(buf, "\r\n"), tooLong, nil
	}
}
