package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/engine"
)

// ScreenCmd screens subject documents.
type ScreenCmd struct {
	File   string    `arg:"" help:"Subject document (JSON) or NDJSON of many; - reads standard input." placeholder:"FILE|-"`
	Format string    `help:"Output format: text or json." enum:"text,json" default:"text" env:"VIGIL_FORMAT"`
	DryRun bool      `help:"Screen without storing anything." env:"VIGIL_DRY_RUN"`
	AsOf   *dateFlag `help:"Judge the checks as of this time (YYYY-MM-DD or RFC 3339) instead of now; same inputs and time give the same report." env:"VIGIL_AS_OF"`
	NDJSON bool      `name:"ndjson" help:"Read NDJSON even if the input has one line, so the output is always an array." env:"VIGIL_NDJSON"`
}

// Run screens each document in turn. Documents before a bad one stay stored and their reports are printed;
// nothing of the bad one is kept; the exit code is then 2.
func (c *ScreenCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	e, err := m.openEngine(ctx, g)
	if err != nil {
		return err
	}
	if e.Watchlist().Empty() {
		// Refuse before reading anything: a database without lists would give a silent all-clear.
		_, err := e.Screen(ctx, &vigil.Subject{Name: "x"}, engine.ScreenOptions{DryRun: true})
		return err
	}
	in, closeIn, err := openInput(m, c.File)
	if err != nil {
		return err
	}
	defer closeIn()

	opt := engine.ScreenOptions{DryRun: c.DryRun, Actor: "cli"}
	if c.AsOf != nil {
		opt.AsOf = c.AsOf.Time
	}
	out := &reportWriter{w: m.Stdout, format: c.Format}
	// A stored subject's report changes when a later one shares an identifier with it, so stored reports are
	// printed at the end, those that changed read again; a dry run links nothing and prints as it goes.
	var held []*vigil.Report
	at := map[string]int{}
	stale := map[int]bool{}
	if !c.DryRun {
		opt.Refreshed = func(id string) {
			if i, ok := at[id]; ok {
				stale[i] = true
			}
		}
	}
	reader := vigil.NewSubjectReader(in)
	var failure error
	for {
		s, err := reader.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			failure = err
			break
		}
		if !out.started {
			out.begin(reader.NDJSON() || c.NDJSON)
		}
		r, err := e.Screen(ctx, s, opt)
		if err != nil {
			if reader.NDJSON() && vigil.ErrorCode(err) == vigil.EINVALID {
				err = vigil.Errorf(vigil.EINVALID, "line %d: %s", reader.Line(), vigil.ErrorMessage(err))
			}
			failure = err
			break
		}
		if c.DryRun {
			if err := out.write(r); err != nil {
				return err
			}
			continue
		}
		at[r.Subject.ID] = len(held)
		held = append(held, r)
	}
	if !out.started {
		out.begin(reader.NDJSON() || c.NDJSON)
	}
	for i, r := range held {
		if stale[i] {
			// On failure the report as screened is printed, and the failure said after the output is whole.
			if fresh, err := e.Report(ctx, r.Subject.ID); err == nil {
				r = fresh
			} else if failure == nil {
				failure = fmt.Errorf("read the updated report of %s: %w", r.Subject.ID, err)
			}
		}
		if err := out.write(r); err != nil {
			return err
		}
	}
	if err := out.end(); err != nil {
		return err
	}
	if failure != nil && out.count > 0 {
		if opt.DryRun {
			return fmt.Errorf("%w (the %d subjects before it were screened, dry run: nothing stored)", failure, out.count)
		}
		return fmt.Errorf("%w (the %d subjects before it are stored; their reports are above)", failure, out.count)
	}
	return failure
}

func openInput(m *Main, name string) (io.Reader, func(), error) {
	if name == "-" {
		return m.Stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, vigil.Errorf(vigil.EINVALID, "%s does not exist", name)
	} else if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", name, err)
	}
	return f, func() { f.Close() }, nil
}

// reportWriter prints reports as they come: a JSON object for one document, a JSON array for NDJSON (closed
// properly even when a later line fails), or text.
type reportWriter struct {
	w       io.Writer
	format  string
	array   bool
	started bool
	count   int
}

func (rw *reportWriter) begin(array bool) {
	rw.started, rw.array = true, array
	if rw.format == "json" && rw.array {
		fmt.Fprint(rw.w, "[")
	}
}

func (rw *reportWriter) write(r *vigil.Report) error {
	defer func() { rw.count++ }()
	if rw.format != "json" {
		writeReportText(rw.w, r)
		return nil
	}
	if rw.array {
		if rw.count > 0 {
			fmt.Fprint(rw.w, ",")
		}
		fmt.Fprintln(rw.w)
	}
	return writeJSON(rw.w, r)
}

func (rw *reportWriter) end() error {
	if rw.format == "json" && rw.array {
		if rw.count > 0 {
			_, err := fmt.Fprintln(rw.w, "]")
			return err
		}
		_, err := fmt.Fprintln(rw.w, "[]")
		return err
	}
	return nil
}

// ReportCmd prints a stored subject's report.
type ReportCmd struct {
	ID     string `arg:"" help:"Subject ID."`
	Format string `help:"Output format: text or json." enum:"text,json" default:"text" env:"VIGIL_FORMAT"`
}

func (c *ReportCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	e, err := m.openEngine(ctx, g)
	if err != nil {
		return err
	}
	r, err := e.Report(ctx, c.ID)
	if err != nil {
		return err
	}
	if c.Format == "json" {
		return writeJSON(m.Stdout, r)
	}
	writeReportText(m.Stdout, r)
	return nil
}

// RescreenCmd screens every stored subject again.
type RescreenCmd struct {
	AsOf *dateFlag `help:"Judge as of this time instead of now." env:"VIGIL_AS_OF"`
}

func (c *RescreenCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	e, err := m.openEngine(ctx, g)
	if err != nil {
		return err
	}
	var at dateFlag
	if c.AsOf != nil {
		at = *c.AsOf
	}
	sum, err := e.Rescreen(ctx, at.Time, "cli")
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Re-screened %d subjects: %d new findings, %d findings delisted, %d subjects with an open case.\n",
		sum.Subjects, sum.NewFindings, sum.Delisted, sum.CasesOpen)
	return nil
}
