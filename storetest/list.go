package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vigil-sec/vigil"
)

// version returns a list version to import; sha tells versions apart.
func version(list, sha string) *vigil.ListVersion {
	return &vigil.ListVersion{
		List: list, Version: "2026-03-01+" + sha, AsOf: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), SHA256: sha,
		Files: []string{"sdn.csv", "alt.csv", "add.csv"}, Warnings: []string{"sdn.csv line 7: unknown program code \"XYZ\""},
	}
}

// entry returns a list entry with every field set and n identifiers.
func entry(list, id string, n int) *vigil.ListEntry {
	e := &vigil.ListEntry{
		List: list, ID: id, Kind: vigil.EntryPerson, Name: "KIM Chol " + id,
		Aliases:       []vigil.Alias{{Name: "Kim Cheol " + id, Type: "aka"}, {Name: "Kimmy", Type: "aka", Weak: true}},
		BirthDates:    []vigil.BirthDate{{Date: "1985-04-12"}, {Date: "1984", To: "1986", Circa: true}},
		BirthPlaces:   []string{"Pyongyang, North Korea"},
		Nationalities: []string{"KP"}, Gender: "male",
		Addresses: []vigil.EntryAddress{{Line: "Chilgol 1-dong", City: "Pyongyang", Region: "Mangyongdae", Postcode: "", Country: "KP"}},
		Programs:  []string{"DPRK3", "DPRK4"}, Title: "IT worker", ListedOn: "2023-05-23",
		Remarks: "Linked To: CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY.",
	}
	for i := 0; i < n; i++ {
		e.Identifiers = append(e.Identifiers, vigil.EntryIdentifier{
			Kind: vigil.IdentEmail, Value: fmt.Sprintf("kim%s.%d@example.com", id, i), Raw: fmt.Sprintf("Kim%s.%d@Example.com", id, i), Type: "Email Address",
		})
	}
	if n > 0 {
		e.Identifiers[0] = vigil.EntryIdentifier{Kind: vigil.IdentWallet, Value: "0x" + fmt.Sprintf("%040d", len(id)),
			Raw: "0x" + fmt.Sprintf("%040d", len(id)), Type: "Digital Currency Address - ETH", Chain: "ETH"}
	}
	return e
}

func entryIDs(es []*vigil.ListEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.List+"/"+e.ID)
	}
	return out
}

func mustImport(t *testing.T, s vigil.Store, v *vigil.ListVersion, entries []*vigil.ListEntry) {
	t.Helper()
	imported, err := s.ImportList(context.Background(), v, entries, actor)
	noErr(t, err)
	if !imported {
		t.Fatalf("ImportList(%s %s) imported nothing", v.List, v.SHA256)
	}
}

var importListTests = []test{
	{"StoresVersion", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		entries := []*vigil.ListEntry{entry("ofac-sdn", "36", 0), entry("ofac-sdn", "12", 2), entry("ofac-sdn", "7", 1)}
		v := version("ofac-sdn", "aaa")
		mustImport(t, s, v, entries)
		if v.ID == 0 || v.ImportedAt.IsZero() || !v.Active || v.Entries != 3 {
			t.Errorf("version not filled in: %+v", v)
		}
		versions, err := s.FindListVersions(ctx, vigil.ListVersionFilter{})
		noErr(t, err)
		diff(t, "versions", versions, []*vigil.ListVersion{v})
		isUTC(t, "version times", versions[0].AsOf, versions[0].ImportedAt)

		got, err := s.FindListEntries(ctx, vigil.ListEntryFilter{})
		noErr(t, err)
		// Ordered by list and ID, as strings.
		diff(t, "entries", got, []*vigil.ListEntry{entry("ofac-sdn", "12", 2), entry("ofac-sdn", "36", 0), entry("ofac-sdn", "7", 1)})

		inds, n, err := s.FindIndicators(ctx, vigil.IndicatorFilter{})
		noErr(t, err)
		if n != 3 || len(inds) != 3 {
			t.Fatalf("%d indicators (total %d), want 3: one per entry identifier", len(inds), n)
		}
		want := &vigil.Indicator{ID: inds[0].ID, Kind: vigil.IdentEmail, Value: "kim12.1@example.com", Raw: "Kim12.1@Example.com",
			Type: "Email Address", List: "ofac-sdn", EntryID: "12", VersionID: v.ID}
		diff(t, "first indicator", inds[0], want)

		events, _, err := s.FindAuditEvents(ctx, vigil.AuditFilter{Action: ptr("list.import")})
		noErr(t, err)
		if len(events) != 1 || events[0].Actor != actor || events[0].SubjectID != "" {
			t.Errorf("audit events %+v, want one list.import by %s", events, actor)
		}
	}},
	{"ReplacesVersionAtomically", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		v1 := version("ofac-sdn", "aaa")
		mustImport(t, s, v1, []*vigil.ListEntry{entry("ofac-sdn", "1", 1), entry("ofac-sdn", "2", 2)})
		v2 := version("ofac-sdn", "bbb")
		v2.AsOf = v2.AsOf.AddDate(0, 1, 0)
		mustImport(t, s, v2, []*vigil.ListEntry{entry("ofac-sdn", "2", 1), entry("ofac-sdn", "3", 3)})

		got, err := s.FindListEntries(ctx, vigil.ListEntryFilter{})
		noErr(t, err)
		diff(t, "entries after the new version", entryIDs(got), []string{"ofac-sdn/2", "ofac-sdn/3"})
		diff(t, "replaced entry", got[0], entry("ofac-sdn", "2", 1))
		inds, n, err := s.FindIndicators(ctx, vigil.IndicatorFilter{})
		noErr(t, err)
		if n != 4 {
			t.Errorf("%d indicators, want the new version's 4", n)
		}
		for _, ind := range inds {
			if ind.VersionID != v2.ID {
				t.Errorf("indicator %+v is not of the active version %d", ind, v2.ID)
			}
		}

		versions, err := s.FindListVersions(ctx, vigil.ListVersionFilter{List: ptr("ofac-sdn")})
		noErr(t, err)
		v1.Active = false
		diff(t, "version history, newest first", versions, []*vigil.ListVersion{v2, v1})
		inactive, err := s.FindListVersions(ctx, vigil.ListVersionFilter{Active: ptr(false)})
		noErr(t, err)
		diff(t, "inactive versions", inactive, []*vigil.ListVersion{v1})
		active, err := s.FindListVersions(ctx, vigil.ListVersionFilter{List: ptr("ofac-sdn"), Active: ptr(true)})
		noErr(t, err)
		diff(t, "active versions", active, []*vigil.ListVersion{v2})
	}},
	{"SameSHAIsNoOp", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		v1 := version("ofac-sdn", "aaa")
		mustImport(t, s, v1, []*vigil.ListEntry{entry("ofac-sdn", "1", 1)})
		again := version("ofac-sdn", "aaa")
		imported, err := s.ImportList(ctx, again, []*vigil.ListEntry{entry("ofac-sdn", "1", 1), entry("ofac-sdn", "99", 1)}, actor)
		noErr(t, err)
		if imported {
			t.Error("imported = true for the sha256 of the active version")
		}
		if again.ID != v1.ID || !again.ImportedAt.Equal(v1.ImportedAt) || !again.Active {
			t.Errorf("version = %+v, want the active version %d", again, v1.ID)
		}
		versions, err := s.FindListVersions(ctx, vigil.ListVersionFilter{})
		noErr(t, err)
		diff(t, "versions", versions, []*vigil.ListVersion{v1})
		got, err := s.FindListEntries(ctx, vigil.ListEntryFilter{})
		noErr(t, err)
		diff(t, "entries", entryIDs(got), []string{"ofac-sdn/1"})
		if _, n, _ := s.FindAuditEvents(ctx, vigil.AuditFilter{Action: ptr("list.import")}); n != 1 {
			t.Errorf("%d list.import events, want 1: nothing happened the second time", n)
		}
	}},
	{"ReimportOfOlderSHA", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		mustImport(t, s, version("un", "aaa"), []*vigil.ListEntry{entry("un", "1", 0)})
		mustImport(t, s, version("un", "bbb"), []*vigil.ListEntry{entry("un", "2", 0)})
		// Going back to the first data is a change: only the active version's sha256 makes an import a no-op.
		mustImport(t, s, version("un", "aaa"), []*vigil.ListEntry{entry("un", "1", 0)})
		got, err := s.FindListEntries(ctx, vigil.ListEntryFilter{})
		noErr(t, err)
		diff(t, "entries", entryIDs(got), []string{"un/1"})
		versions, err := s.FindListVersions(ctx, vigil.ListVersionFilter{List: ptr("un")})
		noErr(t, err)
		if len(versions) != 3 || !versions[0].Active || versions[1].Active || versions[2].Active {
			t.Errorf("versions %+v, want three with the newest active", versions)
		}
	}},
	{"ListsAreIndependent", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		mustImport(t, s, version("ofac-sdn", "aaa"), []*vigil.ListEntry{entry("ofac-sdn", "1", 1)})
		mustImport(t, s, version("un", "aaa"), []*vigil.ListEntry{entry("un", "KPi.1", 1)}) // same sha, other list
		mustImport(t, s, version("un", "ccc"), []*vigil.ListEntry{entry("un", "KPi.2", 1)})
		got, err := s.FindListEntries(ctx, vigil.ListEntryFilter{})
		noErr(t, err)
		diff(t, "entries", entryIDs(got), []string{"ofac-sdn/1", "un/KPi.2"})
		active, err := s.FindListVersions(ctx, vigil.ListVersionFilter{Active: ptr(true)})
		noErr(t, err)
		if len(active) != 2 {
			t.Errorf("%d active versions, want one per list", len(active))
		}
	}},
	{"EntryWithoutListTakesVersionList", func(t *testing.T, s vigil.Store) {
		e := entry("", "1", 1)
		mustImport(t, s, version("uk", "aaa"), []*vigil.ListEntry{e})
		got, err := s.FindListEntries(context.Background(), vigil.ListEntryFilter{})
		noErr(t, err)
		diff(t, "entries", got, []*vigil.ListEntry{entry("uk", "1", 1)})
	}},
	{"ManyEntries", func(t *testing.T, s vigil.Store) {
		// More rows than one batched statement takes, and not a multiple of it.
		const n = 1234
		var entries []*vigil.ListEntry
		idents := 0
		for i := 0; i < n; i++ {
			entries = append(entries, entry("big", fmt.Sprintf("%05d", i), i%3))
			idents += i % 3
		}
		mustImport(t, s, version("big", "aaa"), entries)
		got, err := s.FindListEntries(context.Background(), vigil.ListEntryFilter{})
		noErr(t, err)
		if len(got) != n {
			t.Fatalf("%d entries, want %d", len(got), n)
		}
		diff(t, "last entry", got[n-1], entries[n-1])
		_, total, err := s.FindIndicators(context.Background(), vigil.IndicatorFilter{})
		noErr(t, err)
		if total != idents {
			t.Errorf("%d indicators, want %d", total, idents)
		}
	}},
	{"Invalid", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		mustImport(t, s, version("ofac-sdn", "aaa"), []*vigil.ListEntry{entry("ofac-sdn", "1", 1)})
		tests := []struct {
			name    string
			v       *vigil.ListVersion
			entries []*vigil.ListEntry
			actor   string
			msg     string
		}{
			{"NoVersion", nil, nil, actor, "version"},
			{"NoList", version("", "bbb"), nil, actor, "list"},
			{"BadListName", version("ofac sdn/../x", "bbb"), nil, actor, "list"},
			{"NoSHA", version("ofac-sdn", ""), nil, actor, "sha256"},
			{"DuplicateEntryID", version("ofac-sdn", "bbb"), []*vigil.ListEntry{entry("ofac-sdn", "1", 0), entry("ofac-sdn", "1", 0)}, actor, "entries[1].id"},
			{"EntryWithoutID", version("ofac-sdn", "bbb"), []*vigil.ListEntry{entry("ofac-sdn", "", 0)}, actor, "entries[0].id"},
			{"EntryOfOtherList", version("ofac-sdn", "bbb"), []*vigil.ListEntry{entry("un", "1", 0)}, actor, "entries[0].list"},
			{"NullEntry", version("ofac-sdn", "bbb"), []*vigil.ListEntry{nil}, actor, "entries[0]"},
			{"IdentifierWithoutValue", version("ofac-sdn", "bbb"), []*vigil.ListEntry{{ID: "5", Name: "X", Identifiers: []vigil.EntryIdentifier{{Kind: vigil.IdentEmail}}}}, actor, "identifiers[0]"},
			{"NoActor", version("ofac-sdn", "bbb"), []*vigil.ListEntry{entry("ofac-sdn", "2", 0)}, "", "actor"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				imported, err := s.ImportList(ctx, tt.v, tt.entries, tt.actor)
				wantCode(t, err, vigil.EINVALID, tt.msg)
				if imported {
					t.Error("imported = true with an error")
				}
			})
		}
		got, err := s.FindListEntries(ctx, vigil.ListEntryFilter{})
		noErr(t, err)
		diff(t, "entries after failed imports", entryIDs(got), []string{"ofac-sdn/1"})
		versions, err := s.FindListVersions(ctx, vigil.ListVersionFilter{})
		noErr(t, err)
		if len(versions) != 1 {
			t.Errorf("%d versions after failed imports, want 1", len(versions))
		}
	}},
}

var findListDataTests = []test{
	{"FindListEntries", func(t *testing.T, s vigil.Store) {
		mustImport(t, s, version("ofac-sdn", "aaa"), []*vigil.ListEntry{entry("ofac-sdn", "2", 0), entry("ofac-sdn", "1", 0)})
		mustImport(t, s, version("un", "aaa"), []*vigil.ListEntry{entry("un", "1", 0)})
		tests := []struct {
			name   string
			filter vigil.ListEntryFilter
			want   []string
		}{
			{"All", vigil.ListEntryFilter{}, []string{"ofac-sdn/1", "ofac-sdn/2", "un/1"}},
			{"List", vigil.ListEntryFilter{List: ptr("un")}, []string{"un/1"}},
			{"ID", vigil.ListEntryFilter{ID: ptr("1")}, []string{"ofac-sdn/1", "un/1"}},
			{"ListAndID", vigil.ListEntryFilter{List: ptr("ofac-sdn"), ID: ptr("2")}, []string{"ofac-sdn/2"}},
			{"UnknownList", vigil.ListEntryFilter{List: ptr("eu")}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.FindListEntries(context.Background(), tt.filter)
				noErr(t, err)
				diff(t, "entries", entryIDs(got), tt.want)
			})
		}
	}},
	{"FindIndicators", func(t *testing.T, s vigil.Store) {
		mustImport(t, s, version("ofac-sdn", "aaa"), []*vigil.ListEntry{entry("ofac-sdn", "1", 3), entry("ofac-sdn", "22", 1)})
		mustImport(t, s, version("un", "aaa"), []*vigil.ListEntry{entry("un", "1", 2)})
		key := func(is []*vigil.Indicator) []string {
			var out []string
			for _, i := range is {
				out = append(out, fmt.Sprintf("%s/%s/%s=%s", i.List, i.EntryID, i.Kind, i.Value))
			}
			return out
		}
		wallet1 := "0x" + fmt.Sprintf("%040d", 1)
		tests := []struct {
			name   string
			filter vigil.IndicatorFilter
			want   []string
			total  int
		}{
			{"All", vigil.IndicatorFilter{}, []string{
				"ofac-sdn/1/email=kim1.1@example.com", "un/1/email=kim1.1@example.com", "ofac-sdn/1/email=kim1.2@example.com",
				"ofac-sdn/1/wallet=" + wallet1, "un/1/wallet=" + wallet1, "ofac-sdn/22/wallet=0x" + fmt.Sprintf("%040d", 2),
			}, 6},
			{"Kind", vigil.IndicatorFilter{Kind: ptr(vigil.IdentWallet)}, []string{
				"ofac-sdn/1/wallet=" + wallet1, "un/1/wallet=" + wallet1, "ofac-sdn/22/wallet=0x" + fmt.Sprintf("%040d", 2)}, 3},
			{"KindAndValue", vigil.IndicatorFilter{Kind: ptr(vigil.IdentWallet), Value: &wallet1}, []string{
				"ofac-sdn/1/wallet=" + wallet1, "un/1/wallet=" + wallet1}, 2},
			{"List", vigil.IndicatorFilter{List: ptr("un")}, []string{"un/1/email=kim1.1@example.com", "un/1/wallet=" + wallet1}, 2},
			{"Limit", vigil.IndicatorFilter{Limit: 2}, []string{"ofac-sdn/1/email=kim1.1@example.com", "un/1/email=kim1.1@example.com"}, 6},
			{"OffsetAndLimit", vigil.IndicatorFilter{Kind: ptr(vigil.IdentWallet), Offset: 2, Limit: 2}, []string{"ofac-sdn/22/wallet=0x" + fmt.Sprintf("%040d", 2)}, 3},
			{"Unknown", vigil.IndicatorFilter{Value: ptr("nobody@example.com")}, nil, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, n, err := s.FindIndicators(context.Background(), tt.filter)
				noErr(t, err)
				diff(t, "indicators", key(got), tt.want)
				if n != tt.total {
					t.Errorf("total = %d, want %d", n, tt.total)
				}
			})
		}
	}},
}
