package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/vigil-sec/vigil"
)

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeReportText prints a report for a person at a terminal.
func writeReportText(w io.Writer, r *vigil.Report) {
	fmt.Fprintf(w, "Subject %s (%s) %s\n", vigil.Clean(r.Subject.ID, 128), r.Subject.Kind, vigil.Clean(r.Subject.Name, 120))
	fmt.Fprintf(w, "Score %d/100, band %s, as of %s", r.Score, strings.ToUpper(string(r.Band)), r.AsOf.Format("2006-01-02 15:04:05Z07:00"))
	if !r.Stored {
		fmt.Fprint(w, " (dry run: nothing stored)")
	}
	fmt.Fprintln(w)
	if r.Case != nil {
		fmt.Fprintf(w, "Case %d is %s: a reviewer decides; Vigil takes no action by itself.\n", r.Case.ID, r.Case.Status)
	}
	if len(r.Findings) == 0 {
		fmt.Fprintln(w, "No findings.")
	}
	for _, f := range r.Findings {
		if f.Status != "" && f.Status != vigil.FindingOpen {
			// Shown for the record, scoring nothing: a reviewer dismissed it, or its list entry was delisted.
			fmt.Fprintf(w, "  (%s, was %s) %s: %s\n", f.Status, f.Severity, f.Check, vigil.Clean(f.Summary, 400))
			continue
		}
		fmt.Fprintf(w, "  [%s] +%d %s: %s\n", f.Severity, f.Score, f.Check, vigil.Clean(f.Summary, 400))
		for _, e := range f.Evidence {
			fmt.Fprintf(w, "      %s %s: %s\n", vigil.Clean(e.Kind, 40), vigil.Clean(e.Ref, 120), vigil.Clean(e.Detail, 300))
		}
	}
	var lists []string
	for _, l := range r.Lists {
		lists = append(lists, l.Name+" "+l.Version)
	}
	fmt.Fprintf(w, "Lists: %s; policy %s %s\n\n", strings.Join(lists, ", "), r.Policy.Name, r.Policy.Version)
}

func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}
