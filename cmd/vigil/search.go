package main

import (
	"context"
	"fmt"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/match"
)

// SearchCmd searches the imported lists for a name.
type SearchCmd struct {
	Name      string   `arg:"" help:"The name to search for."`
	BirthDate string   `help:"Birth date that corroborates or weakens a match: YYYY, YYYY-MM or YYYY-MM-DD." env:"VIGIL_BIRTH_DATE"`
	Limit     int      `help:"Most matches to show." default:"10" env:"VIGIL_LIMIT"`
	MinScore  *float64 `help:"Lowest score to show (default: the reporting threshold)." env:"VIGIL_MIN_SCORE"`
	All       bool     `help:"Include organisations, vessels and aircraft, not only people." env:"VIGIL_ALL"`
	Format    string   `help:"Output format: text or json." enum:"text,json" default:"text" env:"VIGIL_FORMAT"`
}

func (c *SearchCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	if c.BirthDate != "" {
		if _, _, err := vigil.ParsePartialDate(c.BirthDate); err != nil {
			return vigil.Errorf(vigil.EINVALID, "--birth-date: %v", err)
		}
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
	e, err := m.openEngine(ctx, g)
	if err != nil {
		return err
	}
	q := match.Query{Name: c.Name, BirthDate: c.BirthDate, PersonOnly: !c.All}
	hits, err := e.Search(ctx, q, c.Limit, minScore)
	if err != nil {
		return err
	}
	if c.Format == "json" {
		type jsonMatch struct {
			List        string  `json:"list"`
			EntryID     string  `json:"entry_id"`
			Name        string  `json:"name"`
			Score       float64 `json:"score"`
			Explanation string  `json:"explanation"`
		}
		type jsonQuery struct {
			Name      string `json:"name"`
			BirthDate string `json:"birth_date,omitempty"`
		}
		out := struct {
			Query   jsonQuery   `json:"query"`
			Matches []jsonMatch `json:"matches"`
		}{Query: jsonQuery{c.Name, c.BirthDate}, Matches: []jsonMatch{}}
		for _, h := range hits {
			out.Matches = append(out.Matches, jsonMatch{h.List, h.EntryID, h.Name, h.Score, h.Explanation})
		}
		return writeJSON(m.Stdout, out)
	}
	if len(hits) == 0 {
		fmt.Fprintf(m.Stdout, "No list entry matches %s at or above %.2f.\n", vigil.Quote(c.Name), minScore)
		if !c.All {
			fmt.Fprintln(m.Stdout, "Only people were searched; --all searches organisations, vessels and aircraft too.")
		}
		return nil
	}
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "SCORE\tLIST\tENTRY\tNAME\tWHY")
	for _, h := range hits {
		fmt.Fprintf(tw, "%.3f\t%s\t%s\t%s\t%s\n", h.Score, h.List, vigil.Clean(h.EntryID, 40), vigil.Clean(h.Name, 60), vigil.Clean(h.Explanation, 200))
	}
	return tw.Flush()
}
