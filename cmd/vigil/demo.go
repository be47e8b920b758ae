package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/demo"
	"github.com/vigil-sec/vigil/engine"
	"github.com/vigil-sec/vigil/source"
)

// demoActor is who the demo's changes are recorded as; its list imports mark a database as the demo's.
const demoActor = "demo"

// DemoCmd builds and screens the demo database.
type DemoCmd struct {
	Lists      string        `help:"Import the real list files in this folder instead of the fictional demo lists." type:"existingdir" placeholder:"DIR" env:"VIGIL_DEMO_LISTS"`
	Serve      bool          `help:"Serve the API on the demo database afterwards." env:"VIGIL_SERVE"`
	Addr       string        `help:"Address to serve on with --serve." default:"127.0.0.1:8080" env:"VIGIL_ADDR"`
	AdminToken string        `help:"Bootstrap token for --serve (default: one is made and printed)." env:"VIGIL_ADMIN_TOKEN"`
	AsOf       *dateFlag     `help:"Judge as of this time instead of now." env:"VIGIL_AS_OF"`
	ListMaxAge time.Duration `help:"With --serve, flag lists older than this as stale." default:"168h" env:"VIGIL_LIST_MAX_AGE"`
	Force      bool          `help:"With --lists, import even list files older than those the demo database holds." env:"VIGIL_FORCE"`
}

func (c *DemoCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	if err := m.resetDemo(ctx, g, c.Lists == ""); err != nil {
		return err
	}
	e, err := m.openEngine(ctx, g)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Building the Vigil demo in %s.\n\n", redactURL(g.DB))
	files, opt, err := c.listFiles()
	if err != nil {
		return err
	}
	if err := m.importLists(ctx, e, files, opt, c.Lists != ""); err != nil {
		return err
	}
	reports, err := c.screenSubjects(ctx, e)
	if err != nil {
		return err
	}
	writeDemoSummary(m.Stdout, reports)
	if !c.Serve {
		fmt.Fprintf(m.Stdout, "\nNext: `vigil report %s` explains a subject; `vigil search \"Ri Kyong Sik\"` searches the lists; `vigil demo --serve` serves the API.\n", topSubject(reports))
		return nil
	}
	fmt.Fprintln(m.Stdout)
	return m.serve(ctx, e, c.Addr, c.AdminToken, c.ListMaxAge)
}

func (c *DemoCmd) listFiles() (files []source.File, opt engine.ImportOptions, err error) {
	opt.Actor = demoActor
	opt.NoRescreen = true
	opt.Force = c.Force
	if c.AsOf != nil {
		opt.AsOf = c.AsOf.Time
	}
	if c.Lists == "" {
		opt.ListPrefix = demo.ListPrefix
		opt.FileTime = time.Now() // the fictional OFAC-format list has no date: it is as of whenever the demo runs
		files, err = demo.Lists()
		return files, opt, err
	}
	entries, err := os.ReadDir(c.Lists)
	if err != nil {
		return nil, opt, fmt.Errorf("read list folder %s: %w", c.Lists, err)
	}
	var names []string
	for _, de := range entries {
		if de.Type().IsRegular() && !strings.HasPrefix(de.Name(), ".") && !strings.EqualFold(filepath.Ext(de.Name()), ".md") && !strings.EqualFold(filepath.Ext(de.Name()), ".ods") {
			names = append(names, filepath.Join(c.Lists, de.Name()))
		}
	}
	if len(names) == 0 {
		return nil, opt, vigil.Errorf(vigil.EINVALID, "%s holds no list files", c.Lists)
	}
	files, modTime, err := readListFiles(names)
	opt.FileTime = modTime
	return files, opt, err
}

func (c *DemoCmd) screenSubjects(ctx context.Context, e *engine.Engine) ([]*vigil.Report, error) {
	opt := engine.ScreenOptions{Actor: demoActor}
	if c.AsOf != nil {
		opt.AsOf = c.AsOf.Time
	}
	r := vigil.NewSubjectReader(bytes.NewReader(demo.Subjects()))
	var reports []*vigil.Report
	for {
		s, err := r.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("demo subjects: %w", err)
		}
		rep, err := e.Screen(ctx, s, opt)
		if err != nil {
			return nil, fmt.Errorf("screen demo subject %s: %w", s.ID, err)
		}
		reports = append(reports, rep)
	}
	// Linked subjects were re-screened as their partners arrived: take every report as it stands now.
	for i, rep := range reports {
		cur, err := e.Report(ctx, rep.Subject.ID)
		if err != nil {
			return nil, err
		}
		reports[i] = cur
	}
	return reports, nil
}

// resetDemo makes --db an empty database, refusing to touch one that is not a demo database: one that holds
// subjects other than the demo's, lists imported by anyone but the demo, or tokens without the demo's lists.
func (m *Main) resetDemo(ctx context.Context, g *Globals, fictional bool) error {
	if !isPostgresURL(g.DB) {
		if _, err := os.Stat(g.DB); errors.Is(err, os.ErrNotExist) {
			return nil
		}
	}
	store, err := m.openStore(ctx, g)
	if err != nil {
		return err
	}
	refuse := func(what string) error {
		return vigil.Errorf(vigil.ECONFLICT, "%s is not the demo's database: it holds %s; the demo rebuilds its database from scratch, so give it another with --db", redactURL(g.DB), what)
	}
	subjects, _, err := store.FindSubjects(ctx, vigil.SubjectFilter{})
	if err != nil {
		return err
	}
	for _, s := range subjects {
		if !strings.HasPrefix(s.ID, demo.IDPrefix) {
			return refuse("subjects that are not the demo's (such as " + s.ID + ")")
		}
	}
	action := "list.import"
	imports, _, err := store.FindAuditEvents(ctx, vigil.AuditFilter{Action: &action})
	if err != nil {
		return err
	}
	for _, ev := range imports {
		if ev.Actor != demoActor {
			return refuse("lists that " + ev.Actor + " imported")
		}
	}
	if tokens, err := store.FindTokens(ctx); err != nil {
		return err
	} else if len(tokens) > 0 && len(imports) == 0 {
		return refuse("API tokens")
	}
	if isPostgresURL(g.DB) {
		// A PostgreSQL database is emptied subject by subject; its list versions stay. Mixing the fictional
		// lists with real ones would screen the demo against both.
		active := true
		versions, err := store.FindListVersions(ctx, vigil.ListVersionFilter{Active: &active})
		if err != nil {
			return err
		}
		for _, v := range versions {
			if strings.HasPrefix(v.List, demo.ListPrefix) != fictional {
				return vigil.Errorf(vigil.ECONFLICT, "%s holds the list %s from an earlier demo with other lists; give the demo a fresh database", redactURL(g.DB), v.List)
			}
		}
		for _, s := range subjects {
			if _, err := store.DeleteSubject(ctx, s.ID, demoActor); err != nil { // all of them go: no one is left to re-screen
				return err
			}
		}
		return nil
	}
	m.Close()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(g.DB + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove old demo database: %w", err)
		}
	}
	return nil
}

func writeDemoSummary(w io.Writer, reports []*vigil.Report) {
	sorted := append([]*vigil.Report(nil), reports...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Score != sorted[j].Score {
			return sorted[i].Score > sorted[j].Score
		}
		return sorted[i].Subject.ID < sorted[j].Subject.ID
	})
	fmt.Fprintf(w, "\nScreened %d subjects:\n\n", len(reports))
	tw := newTable(w)
	fmt.Fprintln(tw, "SUBJECT\tKIND\tNAME\tSCORE\tBAND\tCASE\tFINDINGS")
	bands := map[vigil.Band]int{}
	for _, r := range sorted {
		bands[r.Band]++
		var checks []string
		seen := map[string]bool{}
		for _, f := range r.Findings {
			if f.Status == vigil.FindingOpen && !seen[f.Check] {
				seen[f.Check] = true
				checks = append(checks, f.Check)
			}
		}
		caseCol := "-"
		if r.Case != nil {
			caseCol = fmt.Sprintf("#%d %s", r.Case.ID, r.Case.Status)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.Subject.ID, r.Subject.Kind, vigil.Clean(r.Subject.Name, 40), r.Score, r.Band, caseCol, strings.Join(checks, ", "))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nBands: %d critical, %d high, %d medium, %d low. Cases open for high and critical; people decide them.\n",
		bands[vigil.BandCritical], bands[vigil.BandHigh], bands[vigil.BandMedium], bands[vigil.BandLow])
}

func topSubject(reports []*vigil.Report) string {
	best := reports[0]
	for _, r := range reports {
		if r.Score > best.Score {
			best = r
		}
	}
	return best.Subject.ID
}
