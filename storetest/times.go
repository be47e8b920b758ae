package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-sec/vigil"
)

var timeTests = []test{
	{"RoundTripInUTC", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		f := finding("detector.impossible_travel", "travel:1", vigil.SeverityHigh, 30)
		f.FirstSeen = asOf.Add(-90 * time.Minute)
		sc := screening(&vigil.Subject{ID: "a", Name: "Anna Kowalska"}, asOf, f)
		sc.Score, sc.Band = 80, vigil.BandCritical
		mustSave(t, s, sc)

		got := findingsOf(t, s, "a")[0]
		for name, tt := range map[string]struct{ got, want time.Time }{
			"first seen": {got.FirstSeen, f.FirstSeen},
			"last seen":  {got.LastSeen, asOf},
		} {
			if !tt.got.Equal(tt.want) || tt.got.Location() != time.UTC {
				t.Errorf("%s = %v, want %v in UTC", name, tt.got, tt.want.UTC())
			}
		}
		subj, err := s.FindSubjectByID(ctx, "a")
		noErr(t, err)
		if !subj.ScreenedAt.Equal(asOf) {
			t.Errorf("screened at %v, want %v", subj.ScreenedAt, asOf.UTC())
		}
		isUTC(t, "subject times", subj.CreatedAt, subj.UpdatedAt, subj.ScreenedAt)
		cases, _, err := s.FindCases(ctx, vigil.CaseFilter{SubjectID: ptr("a")})
		noErr(t, err)
		isUTC(t, "case times", cases[0].OpenedAt, cases[0].UpdatedAt)

		v := version("ofac-sdn", "aaa")
		v.AsOf = time.Date(2026, 3, 1, 9, 30, 0, 0, time.FixedZone("EST", -5*3600))
		mustImport(t, s, v, nil)
		vs, err := s.FindListVersions(ctx, vigil.ListVersionFilter{})
		noErr(t, err)
		if !vs[0].AsOf.Equal(v.AsOf) || vs[0].AsOf.Location() != time.UTC {
			t.Errorf("list as-of %v, want %v in UTC", vs[0].AsOf, v.AsOf.UTC())
		}
	}},
	{"KeptToTheMicrosecond", func(t *testing.T, s vigil.Store) {
		// Both stores keep what PostgreSQL keeps: microseconds. Finer digits are cut, not rounded.
		when := time.Date(2026, 3, 14, 15, 9, 26, 123456789, time.UTC)
		res := mustSave(t, s, screening(&vigil.Subject{ID: "a", Name: "Anna Kowalska"}, when, finding("x.y", "k", vigil.SeverityLow, 1)))
		want := time.Date(2026, 3, 14, 15, 9, 26, 123456000, time.UTC)
		fs := findingsOf(t, s, "a")
		for name, got := range map[string]time.Time{"result": res.Findings[0].LastSeen, "stored": fs[0].LastSeen, "subject": res.Subject.ScreenedAt} {
			if !got.Equal(want) {
				t.Errorf("%s last seen %v, want %v", name, got, want)
			}
		}
		// Filters compare at the same precision: the finding is not seen before its own time.
		if _, n, err := s.FindFindings(context.Background(), vigil.FindingFilter{SeenBefore: &when}); err != nil || n != 0 {
			t.Errorf("%d findings seen before %v (%v), want 0", n, when, err)
		}
		later := want.Add(time.Microsecond)
		if _, n, err := s.FindFindings(context.Background(), vigil.FindingFilter{SeenBefore: &later}); err != nil || n != 1 {
			t.Errorf("%d findings seen before %v (%v), want 1", n, later, err)
		}
	}},
}
