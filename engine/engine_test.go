package engine_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/demo"
	"github.com/vigil-sec/vigil/engine"
	"github.com/vigil-sec/vigil/source"
	"github.com/vigil-sec/vigil/sqlite"
)

var asOf = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// mustEngine returns an engine over a new SQLite store with the demo lists imported.
func mustEngine(tb testing.TB) *engine.Engine {
	tb.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "vigil.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	e := engine.New(store, nil)
	files, err := demo.Lists()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := e.ImportLists(ctx, files, engine.ImportOptions{ListPrefix: demo.ListPrefix, AsOf: asOf, Actor: "test"}); err != nil {
		tb.Fatal(err)
	}
	return e
}

func mustScreen(tb testing.TB, e *engine.Engine, s *vigil.Subject) *vigil.Report {
	tb.Helper()
	r, err := e.Screen(context.Background(), s, engine.ScreenOptions{AsOf: asOf, Actor: "test"})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// findings returns the report's open findings of a check.
func findings(r *vigil.Report, check string) []*vigil.Finding {
	return withStatus(r, check, vigil.FindingOpen)
}

func withStatus(r *vigil.Report, check string, status vigil.FindingStatus) []*vigil.Finding {
	var out []*vigil.Finding
	for _, f := range r.Findings {
		if f.Check == check && f.Status == status {
			out = append(out, f)
		}
	}
	return out
}

func TestScreen_NoListsRefuses(t *testing.T) {
	store, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	e := engine.New(store, nil)
	if err := e.LoadWatchlist(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err = e.Screen(context.Background(), &vigil.Subject{Name: "Anna Kowalska"}, engine.ScreenOptions{})
	if vigil.ErrorCode(err) != vigil.ENOLISTS {
		t.Fatalf("err = %v, want %s", err, vigil.ENOLISTS)
	}
	if _, n, _ := store.FindSubjects(context.Background(), vigil.SubjectFilter{}); n != 0 {
		t.Error("nothing may be stored")
	}
}

func TestScreen_InvalidStoresNothing(t *testing.T) {
	e := mustEngine(t)
	_, err := e.Screen(context.Background(), &vigil.Subject{ID: "x-1", Name: "A\x1bB"}, engine.ScreenOptions{})
	if vigil.ErrorCode(err) != vigil.EINVALID {
		t.Fatalf("err = %v", err)
	}
	if _, err := e.Store.FindSubjectByID(context.Background(), "x-1"); vigil.ErrorCode(err) != vigil.ENOTFOUND {
		t.Errorf("an invalid subject must not be stored: %v", err)
	}
}

func TestScreen_CaseOpensAtHigh(t *testing.T) {
	e := mustEngine(t)
	hit := mustScreen(t, e, &vigil.Subject{ID: "c-1", Name: "Kyong Sik Ri", BirthDate: "1988-03-14"})
	if hit.Band.Rank() < vigil.BandHigh.Rank() || hit.Case == nil || hit.Case.Status != vigil.CaseOpen {
		t.Fatalf("a sanctioned name with a matching birth date must open a case: %+v", hit)
	}
	benign := mustScreen(t, e, &vigil.Subject{ID: "c-2", Name: "Anna Kowalska", BirthDate: "1990-01-01"})
	if benign.Case != nil || benign.Score != 0 || len(benign.Findings) != 0 {
		t.Errorf("benign subject: %+v", benign)
	}
	// Screening again updates the case instead of opening another.
	again := mustScreen(t, e, &vigil.Subject{ID: "c-1", Name: "Kyong Sik Ri", BirthDate: "1988-03-14"})
	if again.Case == nil || again.Case.ID != hit.Case.ID {
		t.Errorf("re-screen opened another case: %+v vs %+v", again.Case, hit.Case)
	}
	cases, n, err := e.Store.FindCases(context.Background(), vigil.CaseFilter{})
	if err != nil || n != 1 || cases[0].SubjectID != "c-1" || !strings.Contains(cases[0].Reason, "watchlist") {
		t.Errorf("cases %+v (%d) %v", cases, n, err)
	}
}

func TestScreen_LinksReachBothSides(t *testing.T) {
	e := mustEngine(t)
	a := mustScreen(t, e, &vigil.Subject{ID: "l-a", Name: "Ethan Walker", BankAccounts: []vigil.BankAccount{{IBAN: "GB29 NWBK 6016 1331 9268 19"}}})
	if len(findings(a, "link.shared")) != 0 {
		t.Fatal("nothing to share with yet")
	}
	b := mustScreen(t, e, &vigil.Subject{ID: "l-b", Name: "Marco Bianchi", BankAccounts: []vigil.BankAccount{{IBAN: "GB29NWBK60161331926819"}}})
	if len(findings(b, "link.shared")) != 1 {
		t.Fatalf("b: %+v", b.Findings)
	}
	ra, err := e.Report(context.Background(), "l-a")
	if err != nil {
		t.Fatal(err)
	}
	fs := findings(ra, "link.shared")
	if len(fs) != 1 || !strings.Contains(fs[0].Summary+fs[0].Evidence[0].Ref, "l-b") {
		t.Errorf("the earlier subject must learn of the link: %+v", ra.Findings)
	}
	// When b drops the shared account, the link ends on both sides.
	mustScreen(t, e, &vigil.Subject{ID: "l-b", Name: "Marco Bianchi", BankAccounts: []vigil.BankAccount{{IBAN: "DE89370400440532013000"}}})
	ra, err = e.Report(context.Background(), "l-a")
	if err != nil {
		t.Fatal(err)
	}
	if len(findings(ra, "link.shared")) != 0 {
		t.Errorf("a link that is gone must leave the other side too: %+v", ra.Findings)
	}
	// A dry run links to nothing: the next subject does not see it.
	if _, err := e.Screen(context.Background(), &vigil.Subject{ID: "l-c", Name: "Dry Run", BankAccounts: []vigil.BankAccount{{IBAN: "FR7630006000011234567890189"}}}, engine.ScreenOptions{DryRun: true}); err != nil {
		t.Fatal(err)
	}
	d := mustScreen(t, e, &vigil.Subject{ID: "l-d", Name: "Other Person", BankAccounts: []vigil.BankAccount{{IBAN: "FR7630006000011234567890189"}}})
	if len(findings(d, "link.shared")) != 0 {
		t.Errorf("a dry-run subject must leave no trace: %+v", d.Findings)
	}
}

func TestImport_DelistingMarksFindings(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	r := mustScreen(t, e, &vigil.Subject{ID: "d-1", Name: "Lucas Moreau", Wallets: []vigil.Wallet{{Chain: "ETH", Address: "0x7d4a3c1b9e2f5a6d8c0b1e3f4a5d6c7b8e9f0a1b"}}})
	if len(findings(r, "watchlist.identifier")) != 1 || r.Band != vigil.BandCritical {
		t.Fatalf("report %+v", r)
	}
	// A new OFAC version without entry 990001.
	files, _ := demo.Lists()
	var next []source.File
	for _, f := range files {
		if f.Name == "sdn.csv" {
			var kept []string
			for _, line := range strings.SplitAfter(string(f.Data), "\n") {
				if !strings.HasPrefix(line, "990001,") {
					kept = append(kept, line)
				}
			}
			f.Data = []byte(strings.Join(kept, ""))
		}
		if f.Name != "consolidated.xml" {
			next = append(next, f)
		}
	}
	sum, err := e.ImportLists(ctx, next, engine.ImportOptions{ListPrefix: demo.ListPrefix, AsOf: asOf.AddDate(0, 0, 1), Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rescreen == nil || sum.Rescreen.Delisted < 1 {
		t.Errorf("re-screen after the new version must mark the delisting: %+v", sum.Rescreen)
	}
	after, err := e.Report(ctx, "d-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(findings(after, "watchlist.identifier")) != 0 || after.Score != 0 {
		t.Errorf("the delisted match must no longer count: %+v", after.Findings)
	}
	if gone := withStatus(after, "watchlist.identifier", vigil.FindingDelisted); len(gone) != 1 || gone[0].Score != 0 {
		t.Errorf("the report must show the delisted match, scoring nothing: %+v", after.Findings)
	}
	subject := "d-1"
	status := vigil.FindingDelisted
	delisted, _, err := e.Store.FindFindings(ctx, vigil.FindingFilter{SubjectID: &subject, Status: &status})
	if err != nil || len(delisted) != 1 || delisted[0].EntryID != "990001" {
		t.Errorf("delisted findings %+v %v", delisted, err)
	}
}

func TestDecideMatch_SuppressesUntilSubjectChanges(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	s := &vigil.Subject{ID: "m-1", Name: "Kyong Sik Ri", BirthDate: "1988-03-14"}
	r := mustScreen(t, e, s)
	names := findings(r, "watchlist.name")
	if len(names) == 0 {
		t.Fatal("no name match")
	}
	for _, f := range names {
		if _, err := e.DecideMatch(ctx, f.ID, vigil.OutcomeNotThisPerson, "Different person: verified passport in person.", "alice"); err != nil {
			t.Fatal(err)
		}
	}
	after := mustScreen(t, e, &vigil.Subject{ID: "m-1", Name: "Kyong Sik Ri", BirthDate: "1988-03-14"})
	if len(findings(after, "watchlist.name")) != 0 || after.Score != 0 {
		t.Fatalf("decided matches must stay suppressed on re-screens: %+v", after.Findings)
	}
	if len(withStatus(after, "watchlist.name", vigil.FindingDismissed)) == 0 {
		t.Errorf("the report must show the dismissed matches, scoring nothing: %+v", after.Findings)
	}
	decisions, err := e.Store.FindMatchDecisions(ctx, "m-1")
	if err != nil || len(decisions) == 0 || decisions[0].DecidedBy != "alice" {
		t.Errorf("decisions %+v %v", decisions, err)
	}
	changed := mustScreen(t, e, &vigil.Subject{ID: "m-1", Name: "Kyong Sik Ri", BirthDate: "1988-03-14", OtherNames: []string{"Ri Kyong-sik"}})
	if len(findings(changed, "watchlist.name")) == 0 {
		t.Error("a changed subject must be matched again")
	}
	// Only watch-list findings can be decided.
	other := mustScreen(t, e, &vigil.Subject{ID: "m-2", Name: "Jonas Weber", Emails: []string{"jw@mailinator.com"}})
	if _, err := e.DecideMatch(ctx, other.Findings[0].ID, vigil.OutcomeNotThisPerson, "x", "alice"); vigil.ErrorCode(err) != vigil.EINVALID {
		t.Errorf("deciding an email finding: %v", err)
	}
}

func TestRescreen_SameAsOfSameReport(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	mustScreen(t, e, &vigil.Subject{ID: "r-1", Name: "Yong Gun Jon", BirthDate: "1986-11-02"})
	before, err := e.Report(ctx, "r-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Rescreen(ctx, asOf, "test"); err != nil {
		t.Fatal(err)
	}
	after, err := e.Report(ctx, "r-1")
	if err != nil {
		t.Fatal(err)
	}
	if before.Score != after.Score || len(before.Findings) != len(after.Findings) || !before.AsOf.Equal(after.AsOf) {
		t.Errorf("re-screen as of the same time changed the report:\n%+v\n%+v", before, after)
	}
}

func TestEraseSubject_RemovesWhatOthersSayAboutIt(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	mustScreen(t, e, &vigil.Subject{ID: "e-a", Name: "Ethan Walker", BankAccounts: []vigil.BankAccount{{IBAN: "GB29NWBK60161331926819"}}})
	mustScreen(t, e, &vigil.Subject{ID: "e-b", Name: "Marco Bianchi", BankAccounts: []vigil.BankAccount{{IBAN: "GB29NWBK60161331926819"}}})
	if err := e.EraseSubject(ctx, "e-b", "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Store.FindSubjectByID(ctx, "e-b"); vigil.ErrorCode(err) != vigil.ENOTFOUND {
		t.Fatalf("e-b still stored: %v", err)
	}
	id := "e-a"
	all, _, err := e.Store.FindFindings(ctx, vigil.FindingFilter{SubjectID: &id})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range all {
		if strings.Contains(f.Summary, "Marco") || strings.Contains(f.Summary, "e-b") {
			t.Errorf("a finding of e-a still names the erased subject: %+v", f)
		}
	}
	r, err := e.Report(ctx, "e-a")
	if err != nil {
		t.Fatal(err)
	}
	if r.Score != 0 {
		t.Errorf("e-a must be rescored without the erased link: %+v", r)
	}
	if err := e.EraseSubject(ctx, "e-b", "alice"); vigil.ErrorCode(err) != vigil.ENOTFOUND {
		t.Errorf("erasing twice: %v", err)
	}
}

// TestScreen_ConcurrentLinks screens pairs of subjects sharing a bank account from many goroutines at once:
// every pair must end up linked on both sides, whatever the interleaving.
func TestScreen_ConcurrentLinks(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	ibans := []string{"DE89370400440532013000", "GB29NWBK60161331926819", "FR7630006000011234567890189",
		"PL61109010140000071219812874", "NL91ABNA0417164300", "BE68539007547034", "ES9121000418450200051332",
		"IT60X0542811101000000123456"}
	var wg sync.WaitGroup
	errs := make(chan error, 2*len(ibans))
	for i, iban := range ibans {
		for side := 0; side < 2; side++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := &vigil.Subject{ID: fmt.Sprintf("p%d-%d", i, side), Name: fmt.Sprintf("Person %c%c", 'A'+i, 'K'+side),
					BankAccounts: []vigil.BankAccount{{IBAN: iban}}}
				if _, err := e.Screen(ctx, s, engine.ScreenOptions{AsOf: asOf, Actor: "test"}); err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for i := range ibans {
		for side := 0; side < 2; side++ {
			r, err := e.Report(ctx, fmt.Sprintf("p%d-%d", i, side))
			if err != nil {
				t.Fatal(err)
			}
			if len(findings(r, "link.shared")) != 1 {
				t.Errorf("p%d-%d lost its link in a concurrent screening: %+v", i, side, r.Findings)
			}
		}
	}
}

// TestScreen_SeesListsImportedElsewhere: an engine (a running `vigil serve`) judges against the lists another
// process imported since it started, instead of marking live hits delisted.
func TestScreen_SeesListsImportedElsewhere(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "vigil.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	importer, server := engine.New(store, nil), engine.New(store, nil)
	files, _ := demo.Lists()
	var ofacOnly []source.File
	for _, f := range files {
		if f.Name != "consolidated.xml" {
			ofacOnly = append(ofacOnly, f)
		}
	}
	if _, err := importer.ImportLists(ctx, ofacOnly, engine.ImportOptions{ListPrefix: demo.ListPrefix, AsOf: asOf, Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := server.LoadWatchlist(ctx); err != nil {
		t.Fatal(err)
	}
	s := &vigil.Subject{ID: "x-1", Name: "Kim Su Gyong", BirthDate: "1993-07-21"} // on the demo UN list only
	if r := mustScreen(t, server, s); len(findings(r, "watchlist.name")) != 0 {
		t.Fatalf("not on the OFAC list: %+v", r.Findings)
	}
	if _, err := importer.ImportLists(ctx, files, engine.ImportOptions{ListPrefix: demo.ListPrefix, AsOf: asOf, Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	r := mustScreen(t, server, &vigil.Subject{ID: "x-1", Name: "Kim Su Gyong", BirthDate: "1993-07-21"})
	if len(findings(r, "watchlist.name")) == 0 || len(r.Lists) != 2 {
		t.Errorf("the server must judge against the UN list imported meanwhile: lists %+v, findings %+v", r.Lists, r.Findings)
	}
}

func TestImport_RefusesSuspiciousVersions(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	files, _ := demo.Lists()
	var sdn source.File
	for _, f := range files {
		if f.Name == "sdn.csv" {
			sdn = f
		}
	}
	lines := strings.SplitAfter(string(sdn.Data), "\n")
	truncated := source.File{Name: "sdn.csv", Data: []byte(strings.Join(lines[:3], ""))}
	opt := engine.ImportOptions{ListPrefix: demo.ListPrefix, AsOf: asOf.AddDate(0, 0, 1), Actor: "test"}
	_, err := e.ImportLists(ctx, []source.File{truncated}, opt)
	if vigil.ErrorCode(err) != vigil.EINVALID || !strings.Contains(vigil.ErrorMessage(err), "would drop 9 of its 12 entries") {
		t.Fatalf("a truncated list must be refused: %v", err)
	}
	older := source.File{Name: "sdn.csv", Data: []byte(strings.Join(lines[:len(lines)-2], "") + "\n")}
	opt.AsOf = asOf.AddDate(0, 0, -1)
	if _, err := e.ImportLists(ctx, []source.File{older}, opt); vigil.ErrorCode(err) != vigil.EINVALID || !strings.Contains(vigil.ErrorMessage(err), "older than the active version") {
		t.Fatalf("an older version must be refused: %v", err)
	}
	active := true
	if vs, _ := e.Store.FindListVersions(ctx, vigil.ListVersionFilter{Active: &active}); len(vs) != 2 || vs[0].Entries+vs[1].Entries != 18 {
		t.Fatalf("a refused import changed the lists: %+v", vs)
	}
	opt.Force = true
	sum, err := e.ImportLists(ctx, []source.File{truncated}, opt)
	if err != nil || !sum.Lists[0].Imported || sum.Lists[0].Version.Entries != 3 {
		t.Fatalf("with Force the version is imported: %+v, %v", sum, err)
	}
}

// TestScreen_WidelySharedIdentifierStaysBounded: an identifier that many subjects hold (an agency's phone on
// every candidate it places) makes each new screening refresh a bounded number of others, not all of them, and
// the new subject's finding still counts every holder.
func TestScreen_WidelySharedIdentifierStaysBounded(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	const n = 60
	var last *vigil.Report
	for i := 0; i < n; i++ {
		refreshed := 0
		r, err := e.Screen(ctx, &vigil.Subject{ID: fmt.Sprintf("ag-%02d", i), Name: fmt.Sprintf("Candidate %02d", i), Phones: []string{"+48 22 123 45 67"}},
			engine.ScreenOptions{AsOf: asOf, Actor: "test", Refreshed: func(string) { refreshed++ }})
		if err != nil {
			t.Fatal(err)
		}
		if refreshed > vigil.MaxLinksPerIdentifier {
			t.Fatalf("screening %d refreshed %d other subjects; at most %d", i, refreshed, vigil.MaxLinksPerIdentifier)
		}
		last = r
	}
	links := findings(last, "link.shared")
	if len(links) != 1 || !strings.Contains(links[0].Summary, fmt.Sprintf("%d other subjects", n-1)) {
		t.Errorf("the last subject's link finding must count all %d others: %+v", n-1, links)
	}
}

// TestCaseDecisionStandsOnRescreen: a cleared case is not reopened by re-screens that find nothing new, and a new
// fact opens a new case that says what is new.
func TestCaseDecisionStandsOnRescreen(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	s := func(wallets ...vigil.Wallet) *vigil.Subject {
		return &vigil.Subject{ID: "cd-1", Name: "Kyong Sik Ri", BirthDate: "1988-03-14", Wallets: wallets}
	}
	r := mustScreen(t, e, s())
	if r.Case == nil {
		t.Fatal("no case opened")
	}
	cleared, rationale := vigil.DecisionCleared, "Met in person; a namesake, born in Seoul; documents checked."
	if _, err := e.Store.UpdateCase(ctx, r.Case.ID, vigil.CaseUpdate{Decision: &cleared, Rationale: &rationale}, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Rescreen(ctx, asOf.Add(time.Hour), "nightly"); err != nil {
		t.Fatal(err)
	}
	if again, _ := e.Report(ctx, "cd-1"); again.Case != nil {
		t.Fatalf("a re-screen with nothing new reopened the cleared case: %+v", again.Case)
	}
	r = mustScreen(t, e, s(vigil.Wallet{Chain: "ETH", Address: "0x7d4a3c1b9e2f5a6d8c0b1e3f4a5d6c7b8e9f0a1b"}))
	if r.Case == nil {
		t.Fatal("a new fact (a sanctioned wallet) must open a new case")
	}
	c, err := e.Store.FindCaseByID(ctx, r.Case.ID)
	if err != nil || !strings.Contains(c.Reason, "new since case") {
		t.Errorf("the new case must say what is new: %+v %v", c, err)
	}
}

// interleavingStore updates a subject (as another request would) just before the first re-screen of it is
// saved, to prove that a re-screen never writes back the copy it read.
type interleavingStore struct {
	vigil.Store
	once   sync.Once
	update *vigil.Subject
}

func (s *interleavingStore) SaveScreening(ctx context.Context, sc *vigil.Screening) (*vigil.ScreeningResult, error) {
	if sc.Rescreen && sc.Subject.ID == s.update.ID {
		var err error
		s.once.Do(func() {
			_, err = s.Store.SaveScreening(ctx, &vigil.Screening{Subject: s.update, AsOf: sc.AsOf, CaseBand: vigil.BandHigh, Band: vigil.BandLow, Actor: "api"})
		})
		if err != nil {
			return nil, err
		}
	}
	return s.Store.SaveScreening(ctx, sc)
}

func TestRescreen_NeverUndoesAConcurrentUpdate(t *testing.T) {
	base := mustEngine(t)
	ctx := context.Background()
	mustScreen(t, base, &vigil.Subject{ID: "u-1", Name: "Anna Kowalska", Emails: []string{"old@example.com"}})
	store := &interleavingStore{Store: base.Store, update: &vigil.Subject{ID: "u-1", Name: "Anna Kowalska", Emails: []string{"new@example.com"}}}
	e := engine.New(store, nil)
	if err := e.LoadWatchlist(ctx); err != nil {
		t.Fatal(err)
	}
	sum, err := e.Rescreen(ctx, asOf.Add(time.Hour), "nightly")
	if err != nil {
		t.Fatal(err)
	}
	got, err := base.Store.FindSubjectByID(ctx, "u-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Emails) != 1 || got.Emails[0] != "new@example.com" || sum.Subjects != 1 {
		t.Errorf("the re-screen undid the update made meanwhile: %q (summary %+v)", got.Emails, sum)
	}
}

// TestEraseSubject_LargeGroupKeepsOtherLinks: erasing one of thirty subjects sharing a bank account leaves the
// other twenty-nine linked to one another.
func TestEraseSubject_LargeGroupKeepsOtherLinks(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	for i := 0; i < 30; i++ {
		mustScreen(t, e, &vigil.Subject{ID: fmt.Sprintf("g-%02d", i), Name: fmt.Sprintf("Member %02d", i),
			BankAccounts: []vigil.BankAccount{{IBAN: "GB29NWBK60161331926819"}}})
	}
	if err := e.EraseSubject(ctx, "g-00", "dpo"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < 30; i++ {
		r, err := e.Report(ctx, fmt.Sprintf("g-%02d", i))
		if err != nil {
			t.Fatal(err)
		}
		fs := findings(r, "link.shared")
		if len(fs) != 1 || strings.Contains(fs[0].Summary, "g-00") {
			t.Errorf("g-%02d after erasing g-00: %+v", i, r.Findings)
		}
	}
}

// TestImport_RelistedEntryShownOnce: an entry delisted and then listed again gives one open finding, not an
// open one beside the old delisted one.
func TestImport_RelistedEntryShownOnce(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	s := func() *vigil.Subject {
		return &vigil.Subject{ID: "rl-1", Name: "Lucas Moreau", Wallets: []vigil.Wallet{{Chain: "ETH", Address: "0x7d4a3c1b9e2f5a6d8c0b1e3f4a5d6c7b8e9f0a1b"}}}
	}
	mustScreen(t, e, s())
	files, _ := demo.Lists()
	var without, with []source.File
	for _, f := range files {
		if f.Name == "consolidated.xml" {
			continue
		}
		with = append(with, f)
		if f.Name == "sdn.csv" {
			var kept []string
			for _, line := range strings.SplitAfter(string(f.Data), "\n") {
				if !strings.HasPrefix(line, "990001,") {
					kept = append(kept, line)
				}
			}
			f = source.File{Name: f.Name, Data: []byte(strings.Join(kept, ""))}
		}
		without = append(without, f)
	}
	opt := engine.ImportOptions{ListPrefix: demo.ListPrefix, AsOf: asOf.AddDate(0, 0, 1), Actor: "test", NoRescreen: true}
	if _, err := e.ImportLists(ctx, without, opt); err != nil {
		t.Fatal(err)
	}
	mustScreen(t, e, s()) // delisted now
	opt.AsOf = asOf.AddDate(0, 0, 2)
	if _, err := e.ImportLists(ctx, with, opt); err != nil {
		t.Fatal(err)
	}
	r := mustScreen(t, e, s()) // listed again
	keys := map[string]int{}
	for _, f := range r.Findings {
		keys[f.Key]++
		if keys[f.Key] > 1 {
			t.Errorf("finding %s shown twice: %+v", f.Key, r.Findings)
		}
	}
	if len(findings(r, "watchlist.identifier")) != 1 || r.Band != vigil.BandCritical {
		t.Errorf("the relisted entry must be an open critical hit again: %+v", r.Findings)
	}
}

// TestScreen_LeavingAGroupEndsItsLinks: a subject that no longer holds an account fifteen share stops being
// named in the others' findings, whatever the size of the group.
func TestScreen_LeavingAGroupEndsItsLinks(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	member := func(i int, iban string) *vigil.Subject {
		return &vigil.Subject{ID: fmt.Sprintf("m-%02d", i), Name: fmt.Sprintf("Member %02d", i), BankAccounts: []vigil.BankAccount{{IBAN: iban}}}
	}
	for i := 0; i < 15; i++ {
		mustScreen(t, e, member(i, "GB29NWBK60161331926819"))
	}
	mustScreen(t, e, member(0, "DE89370400440532013000"))
	for i := 1; i < 15; i++ {
		r, err := e.Report(ctx, fmt.Sprintf("m-%02d", i))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range findings(r, "link.shared") {
			for _, ev := range f.Evidence {
				if ev.Ref == "m-00" {
					t.Errorf("m-%02d still names m-00, which left the group: %s", i, f.Summary)
				}
			}
		}
	}
}
