package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"

	"github.com/vigil-sec/vigil"
)

// clean makes an untrusted string safe to print on a terminal: control and bidirectional-override characters
// (which can rewrite or hide what a reviewer sees) are shown as escapes, and the string is cut at max
// characters.
func clean(s string, max int) string {
	var b strings.Builder
	n := 0
	for i, r := range s {
		if n == max {
			fmt.Fprintf(&b, "… (%d more bytes)", len(s)-i)
			break
		}
		n++
		switch {
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		case unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeReportText prints a report for a person at a terminal.
func writeReportText(w io.Writer, r *vigil.Report) {
	fmt.Fprintf(w, "Subject %s (%s) %s\n", clean(r.Subject.ID, 128), r.Subject.Kind, clean(r.Subject.Name, 120))
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
		fmt.Fprintf(w, "  [%s] +%d %s: %s\n", f.Severity, f.Score, f.Check, clean(f.Summary, 400))
		for _, e := range f.Evidence {
			fmt.Fprintf(w, "      %s %s: %s\n", clean(e.Kind, 40), clean(e.Ref, 120), clean(e.Detail, 300))
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
