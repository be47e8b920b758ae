package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/screen"
	"github.com/vigil-sec/vigil/source"
)

// ImportOptions controls a list import.
type ImportOptions struct {
	// AsOf is the date the data is as of. Zero means: the date the data gives itself (the UN's dateGenerated),
	// else FileTime.
	AsOf time.Time
	// FileTime is the files' modification time, the fallback as-of date.
	FileTime time.Time
	// ListPrefix is put before each list's name ("demo-" for the demo's fictional lists).
	ListPrefix string
	// Format, when set, is the format every file must have (source.ParseAs); empty detects each file's.
	Format source.Format
	Actor  string
	// NoRescreen skips re-screening stored subjects after a new version (the demo screens them itself).
	NoRescreen bool
	// Force imports a version that would otherwise be refused as suspicious: older than the active version of
	// its list, or dropping more than MaxShrink of its entries (a truncated download, the wrong file).
	Force bool
}

// MaxShrink is the largest share of a list's entries a new version may drop without Force. Official lists
// change by a few entries a week; a version that loses a tenth of them is almost always a damaged file, and
// importing it would mark every hit on the missing entries as delisted.
const MaxShrink = 0.10

// ImportedList is the outcome for one list of an import.
type ImportedList struct {
	Version  *vigil.ListVersion `json:"version"`
	Imported bool               `json:"imported"` // false: this exact version was already active
	Warnings []string           `json:"warnings,omitempty"`
	// AsOfFrom says where the version's as-of date came from: "given", "data" (the publisher's own date, as
	// the UN's dateGenerated), "file time" or "now". OFAC's legacy CSVs carry no date, so without one given
	// their age is only as good as the files' modification time.
	AsOfFrom string `json:"as_of_from"`
}

// ImportSummary is the outcome of ImportLists.
type ImportSummary struct {
	Lists    []ImportedList   `json:"lists"`
	Rescreen *RescreenSummary `json:"rescreen,omitempty"`
}

// ImportLists parses files (formats detected from their content; OFAC's sdn, alt, add and comments CSVs of one
// call form one list version), stores each list as a new active version unless that exact version is already
// active, and re-screens the stored subjects when anything changed. If any file is malformed nothing changes and
// the error (EINVALID) names the file and line.
func (e *Engine) ImportLists(ctx context.Context, files []source.File, opt ImportOptions) (*ImportSummary, error) {
	results, err := source.ParseAs(files, opt.ListPrefix, opt.Format)
	if err != nil {
		return nil, vigil.Errorf(vigil.EINVALID, "%v", err)
	}
	sum, wl, err := e.importParsed(ctx, files, results, opt)
	if err != nil || wl == nil || opt.NoRescreen {
		return sum, err
	}
	// The re-screen runs outside the import's lock, so that screenings and reports go on meanwhile against
	// the new watch-list.
	rs, err := e.rescreen(ctx, wl, time.Time{}, opt.Actor)
	if err != nil {
		return sum, fmt.Errorf("re-screen after import: %w", err)
	}
	sum.Rescreen = rs
	return sum, nil
}

// importParsed stores the parsed lists and compiles the new watch-list, under the lock that serialises imports;
// it returns the watch-list only when something changed.
func (e *Engine) importParsed(ctx context.Context, files []source.File, results []source.Result, opt ImportOptions) (*ImportSummary, *screen.Watchlist, error) {
	e.listMu.Lock()
	defer e.listMu.Unlock()

	versions := make([]*vigil.ListVersion, len(results))
	asOfFrom := make([]string, len(results))
	var refused []string
	for i, r := range results {
		var asOf time.Time
		asOf, asOfFrom[i] = firstDate(opt.AsOf, r.AsOf, opt.FileTime, e.Now())
		v := &vigil.ListVersion{
			List:     r.List,
			AsOf:     asOf.UTC().Truncate(time.Second),
			SHA256:   digest(files, r.Files),
			Files:    r.Files,
			Entries:  len(r.Entries),
			Warnings: r.Warnings,
		}
		v.Version = v.AsOf.Format("2006-01-02") + "+" + v.SHA256[:8]
		versions[i] = v
		if opt.Force {
			continue
		}
		why, err := e.suspicious(ctx, v)
		if err != nil {
			return nil, nil, err
		}
		if why != "" {
			refused = append(refused, why)
		}
	}
	if len(refused) > 0 {
		return nil, nil, vigil.Errorf(vigil.EINVALID, "nothing imported: %s; if this is really the data you want, import again with --force", strings.Join(refused, "; "))
	}

	sum := &ImportSummary{}
	changed := false
	for i, r := range results {
		v := versions[i]
		imported, err := e.Store.ImportList(ctx, v, r.Entries, opt.Actor)
		if err != nil {
			return nil, nil, fmt.Errorf("store list %s: %w", r.List, err)
		}
		if !imported {
			// Report the version already active, which is the one the data matches.
			name, active := r.List, true
			if vs, err := e.Store.FindListVersions(ctx, vigil.ListVersionFilter{List: &name, Active: &active}); err == nil && len(vs) > 0 {
				v = vs[0]
			}
		}
		changed = changed || imported
		sum.Lists = append(sum.Lists, ImportedList{Version: v, Imported: imported, Warnings: r.Warnings, AsOfFrom: asOfFrom[i]})
	}
	if !changed {
		return sum, nil, nil
	}
	wl, err := e.loadWatchlist(ctx)
	if err != nil {
		return nil, nil, err
	}
	return sum, wl, nil
}

// suspicious says why a new version of a list should not replace the active one without a human's say-so, or ""
// when it may.
func (e *Engine) suspicious(ctx context.Context, v *vigil.ListVersion) (string, error) {
	active := true
	vs, err := e.Store.FindListVersions(ctx, vigil.ListVersionFilter{List: &v.List, Active: &active})
	if err != nil {
		return "", fmt.Errorf("find the active version of %s: %w", v.List, err)
	}
	if len(vs) == 0 || vs[0].SHA256 == v.SHA256 {
		return "", nil
	}
	cur := vs[0]
	if dropped := cur.Entries - v.Entries; dropped > 0 && float64(dropped) > MaxShrink*float64(cur.Entries) {
		return fmt.Sprintf("%s would drop %d of its %d entries (%d%%): is a file truncated or the wrong one?",
			v.List, dropped, cur.Entries, dropped*100/cur.Entries), nil
	}
	if v.AsOf.Before(cur.AsOf) {
		return fmt.Sprintf("%s data as of %s is older than the active version's (%s)", v.List,
			v.AsOf.Format("2006-01-02"), cur.AsOf.Format("2006-01-02")), nil
	}
	return "", nil
}

// firstDate picks a version's as-of date: the one given, else the data's own, else the files' modification
// time, else now; and says which.
func firstDate(given, data, fileTime, now time.Time) (time.Time, string) {
	switch {
	case !given.IsZero():
		return given, "given"
	case !data.IsZero():
		return data, "data"
	case !fileTime.IsZero():
		return fileTime, "file time"
	}
	return now, "now"
}

// digest is the sha256 over the sorted sha256 sums of the named files' contents, so that the same files give
// the same version whatever their names and whatever order they were given in.
func digest(files []source.File, names []string) string {
	byName := make(map[string][]byte, len(files))
	for _, f := range files {
		byName[f.Name] = f.Data
	}
	sums := make([]string, 0, len(names))
	for _, n := range names {
		sum := sha256.Sum256(byName[n])
		sums = append(sums, string(sum[:]))
	}
	slices.Sort(sums)
	h := sha256.New()
	for _, s := range sums {
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// DecideMatch records a reviewer's decision on a watch-list finding and re-screens the subject so that its
// score and case reflect it at once. The decision remembers the subject and the entry as they are now; if
// either changes, the match is raised again.
func (e *Engine) DecideMatch(ctx context.Context, findingID int64, outcome, rationale, actor string) (*vigil.Finding, error) {
	f, err := e.Store.FindFindingByID(ctx, findingID)
	if err != nil {
		return nil, err
	}
	if f.List == "" || f.EntryID == "" {
		return nil, vigil.Errorf(vigil.EINVALID, "finding %d is a %s finding; only watch-list matches can be decided", f.ID, f.Check)
	}
	s, err := e.Store.FindSubjectByID(ctx, f.SubjectID)
	if err != nil {
		return nil, err
	}
	wl, err := e.current(ctx)
	if err != nil {
		return nil, err
	}
	d := &vigil.MatchDecision{
		SubjectID: f.SubjectID, List: f.List, EntryID: f.EntryID,
		Outcome: outcome, Rationale: rationale, DecidedBy: actor,
		SubjectFingerprint: screen.SubjectFingerprint(s),
	}
	if entry := wl.Entry(f.List, f.EntryID); entry != nil {
		d.EntryFingerprint = screen.EntryFingerprint(entry)
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	decided, err := e.Store.DecideMatch(ctx, findingID, d)
	if err != nil {
		return nil, err
	}
	if !wl.Empty() {
		if _, err := e.rescreenStored(ctx, s, wl, e.asOf(time.Time{}), actor, nil); err != nil {
			return nil, fmt.Errorf("re-screen after decision: %w", err)
		}
		if decided, err = e.Store.FindFindingByID(ctx, findingID); err != nil {
			return nil, err
		}
	}
	return decided, nil
}
