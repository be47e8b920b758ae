package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/engine"
	"github.com/vigil-sec/vigil/source"
)

// maxListFileBytes bounds one list file; the largest official file (OFAC's sdn.csv) is a few megabytes.
const maxListFileBytes = 256 << 20

// ListsImportCmd imports list files.
type ListsImportCmd struct {
	Files  []string  `arg:"" help:"List files. OFAC's sdn, alt, add and sdn_comments CSVs given together form one version." type:"path"`
	AsOf   *dateFlag `help:"The date the data is as of (default: the date the data gives, else the files' modification time)." env:"VIGIL_LIST_AS_OF"`
	Force  bool      `help:"Import even a version older than the active one, or one that drops more than a tenth of its entries." env:"VIGIL_FORCE"`
	Format string    `help:"The files' format (auto: told from each file's content): ${enum}." enum:"auto,ofac-csv,ofac-sdn-advanced-xml,ofac-sdn-enhanced-xml,un-xml,eu-fsf-xml,uk-csv,uk-xml,uk-ods,opensanctions-ftm-jsonl,opensanctions-targets-csv" default:"auto" env:"VIGIL_LIST_FORMAT"`
}

func (c *ListsImportCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	files, modTime, err := readListFiles(c.Files)
	if err != nil {
		return err
	}
	e, err := m.openEngine(ctx, g)
	if err != nil {
		return err
	}
	opt := engine.ImportOptions{FileTime: modTime, Actor: "cli", Force: c.Force}
	if c.Format != "auto" {
		opt.Format = source.Format(c.Format)
	}
	if c.AsOf != nil {
		opt.AsOf = c.AsOf.Time
	}
	return m.importLists(ctx, e, files, opt, c.AsOf == nil)
}

// importLists imports files and reports each list; noteUndated adds how to date a list whose files carry no date.
func (m *Main) importLists(ctx context.Context, e *engine.Engine, files []source.File, opt engine.ImportOptions, noteUndated bool) error {
	start := time.Now()
	sum, err := e.ImportLists(ctx, files, opt)
	if err != nil {
		return err
	}
	for _, l := range sum.Lists {
		v := l.Version
		if l.Imported {
			fmt.Fprintf(m.Stdout, "Imported %s version %s: %d entries as of %s (sha256 %s…).\n", v.List, v.Version, v.Entries, v.AsOf.Format("2006-01-02"), v.SHA256[:12])
			switch {
			case noteUndated && (l.AsOfFrom == "file time" || l.AsOfFrom == "now"):
				fmt.Fprintf(m.Stdout, "  note: the files carry no date, so the version is dated by %s; give --as-of with the publication date to keep list ages true.\n",
					map[string]string{"file time": "their modification time", "now": "today"}[l.AsOfFrom])
			}
		} else {
			fmt.Fprintf(m.Stdout, "%s version %s is already the active version; nothing changed.\n", v.List, v.Version)
		}
		for i, w := range l.Warnings {
			if i == 10 {
				fmt.Fprintf(m.Stdout, "  … and %d more warnings (see `vigil lists ls --format json`)\n", len(l.Warnings)-10)
				break
			}
			fmt.Fprintf(m.Stdout, "  warning: %s\n", vigil.Clean(w, 300))
		}
	}
	if rs := sum.Rescreen; rs != nil {
		fmt.Fprintf(m.Stdout, "Re-screened %d stored subjects: %d new findings, %d findings delisted.\n", rs.Subjects, rs.NewFindings, rs.Delisted)
	}
	m.logger.Info("lists imported", "took", time.Since(start))
	return nil
}

// readListFiles reads the named files whole (bounded) and returns the newest modification time among them.
func readListFiles(names []string) ([]source.File, time.Time, error) {
	var files []source.File
	var newest time.Time
	for _, name := range names {
		f, err := os.Open(name)
		if errors.Is(err, os.ErrNotExist) {
			return nil, newest, vigil.Errorf(vigil.EINVALID, "%s does not exist", name)
		} else if err != nil {
			return nil, newest, fmt.Errorf("open %s: %w", name, err)
		}
		st, err := f.Stat()
		if err == nil && st.IsDir() {
			f.Close()
			return nil, newest, vigil.Errorf(vigil.EINVALID, "%s is a folder; give the list files themselves", name)
		}
		data, err := io.ReadAll(io.LimitReader(f, maxListFileBytes+1))
		f.Close()
		if err != nil {
			return nil, newest, fmt.Errorf("read %s: %w", name, err)
		}
		if len(data) > maxListFileBytes {
			return nil, newest, vigil.Errorf(vigil.EINVALID, "%s is larger than %d MiB; that is no sanctions list", name, maxListFileBytes>>20)
		}
		if st != nil && st.ModTime().After(newest) {
			newest = st.ModTime()
		}
		files = append(files, source.File{Name: filepath.Base(name), Data: data})
	}
	return files, newest, nil
}

// ListsUpdateCmd downloads and imports the current lists.
type ListsUpdateCmd struct {
	List        []string      `help:"Lists to update: ofac, un, eu, uk." default:"ofac,un" enum:"ofac,un,eu,uk" env:"VIGIL_LIST"`
	OFACBaseURL string        `name:"ofac-base-url" help:"Where OFAC publishes SDN.CSV, ALT.CSV, ADD.CSV and SDN_COMMENTS.CSV." default:"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/" env:"VIGIL_OFAC_BASE_URL"`
	UNURL       string        `name:"un-url" help:"Where the UN publishes the consolidated XML list." default:"https://scsanctions.un.org/resources/xml/en/consolidated.xml" env:"VIGIL_UN_URL"`
	EUURL       string        `name:"eu-url" help:"Where the European Commission publishes the consolidated financial sanctions list (FSF XML 1.1, with its public token)." default:"https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw" env:"VIGIL_EU_URL"`
	UKURL       string        `name:"uk-url" help:"Where the FCDO publishes the UK Sanctions List as XML or CSV (its address changes with each publication: copy it from gov.uk's UK Sanctions List page)." env:"VIGIL_UK_URL"`
	Timeout     time.Duration `help:"Give up on a download after this long." default:"2m" env:"VIGIL_TIMEOUT"`
	Force       bool          `help:"Import even a version older than the active one, or one that drops more than a tenth of its entries." env:"VIGIL_FORCE"`
}

func (c *ListsUpdateCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	var eps []source.Endpoint
	for _, l := range c.List {
		switch l {
		case "ofac":
			base := strings.TrimSuffix(c.OFACBaseURL, "/") + "/"
			eps = append(eps, source.Endpoint{List: "ofac-sdn", URLs: []string{base + "SDN.CSV", base + "ALT.CSV", base + "ADD.CSV", base + "SDN_COMMENTS.CSV"}})
		case "un":
			eps = append(eps, source.Endpoint{List: "un", URLs: []string{c.UNURL}})
		case "eu":
			eps = append(eps, source.Endpoint{List: "eu", URLs: []string{c.EUURL}})
		case "uk":
			if c.UKURL == "" {
				return vigil.Errorf(vigil.EINVALID, "--list uk needs --uk-url: the FCDO publishes each edition of the UK Sanctions List at a new address (gov.uk, \"The UK Sanctions List\")")
			}
			eps = append(eps, source.Endpoint{List: "uk", URLs: []string{c.UKURL}})
		}
	}
	dctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	files, err := source.Download(dctx, &http.Client{Timeout: c.Timeout}, eps)
	if err != nil {
		return fmt.Errorf("download lists (are you online? `vigil lists import FILE…` imports files you downloaded yourself): %w", err)
	}
	e, err := m.openEngine(ctx, g)
	if err != nil {
		return err
	}
	// Downloaded today, the files are as current as the publisher's list: their date is today's.
	return m.importLists(ctx, e, files, engine.ImportOptions{FileTime: time.Now(), Actor: "cli", Force: c.Force}, false)
}

// ListsLsCmd shows list versions.
type ListsLsCmd struct {
	All    bool          `help:"Show replaced versions too." env:"VIGIL_ALL"`
	MaxAge time.Duration `help:"Warn about lists older than this." default:"168h" env:"VIGIL_LIST_MAX_AGE"`
	Format string        `help:"Output format: text or json." enum:"text,json" default:"text" env:"VIGIL_FORMAT"`
}

func (c *ListsLsCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	store, err := m.openStore(ctx, g)
	if err != nil {
		return err
	}
	var filter vigil.ListVersionFilter
	if !c.All {
		active := true
		filter.Active = &active
	}
	versions, err := store.FindListVersions(ctx, filter)
	if err != nil {
		return err
	}
	if c.Format == "json" {
		if versions == nil {
			versions = []*vigil.ListVersion{}
		}
		return writeJSON(m.Stdout, versions)
	}
	if len(versions) == 0 {
		fmt.Fprintln(m.Stdout, "No lists imported. Import them with `vigil lists import FILE…` or `vigil lists update`.")
		return nil
	}
	now := time.Now()
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "LIST\tVERSION\tAS OF\tAGE\tENTRIES\tACTIVE\tWARNINGS\tSHA256")
	var stale []string
	for _, v := range versions {
		age := now.Sub(v.AsOf)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%dd\t%d\t%v\t%d\t%s\n", v.List, v.Version, v.AsOf.Format("2006-01-02"), int(age.Hours()/24), v.Entries, v.Active, len(v.Warnings), v.SHA256[:16])
		if v.Active && age > c.MaxAge {
			stale = append(stale, fmt.Sprintf("%s is %d days old", v.List, int(age.Hours()/24)))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range stale {
		fmt.Fprintf(m.Stdout, "warning: %s (older than %s): run `vigil lists update` or import newer files.\n", s, c.MaxAge)
	}
	return nil
}
