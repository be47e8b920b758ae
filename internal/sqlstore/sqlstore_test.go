package sqlstore

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/vigil-sec/vigil"
)

// The Store itself is tested through sqlite/ and postgres/, which run storetest's contract on real databases.
// These tests cover the parts that take no database.

func TestQuery_LimitOffset(t *testing.T) {
	for _, tt := range []struct {
		name          string
		noLimit       string
		limit, offset int
		want          string
		wantArgs      []any
	}{
		{"None", "-1", 0, 0, "", []any{"x"}},
		{"Limit", "-1", 10, 0, "LIMIT $2", []any{"x", 10}},
		{"LimitOffset", "ALL", 10, 20, "LIMIT $2 OFFSET $3", []any{"x", 10, 20}},
		{"OffsetSQLite", "-1", 0, 20, "LIMIT -1 OFFSET $2", []any{"x", 20}},
		{"OffsetPostgreSQL", "ALL", 0, 20, "LIMIT ALL OFFSET $2", []any{"x", 20}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := &query{noLimit: tt.noLimit}
			q.and("id = " + q.arg("x"))
			if got := q.limitOffset(tt.limit, tt.offset); got != tt.want {
				t.Errorf("limitOffset = %q, want %q", got, tt.want)
			}
			if d := cmp.Diff(tt.wantArgs, q.withPage()); d != "" {
				t.Errorf("arguments (-want +got):\n%s", d)
			}
			// The count query takes the arguments without the page.
			if d := cmp.Diff([]any{"x"}, q.args); d != "" {
				t.Errorf("arguments without the page (-want +got):\n%s", d)
			}
		})
	}
}

func TestQuery_Arg(t *testing.T) {
	for _, tt := range []struct {
		name      string
		v         any
		where     string
		wantValue any
	}{
		{"Text", "Anna", "WHERE name = $1", "Anna"},
		{"Number", int64(7), "WHERE name = $1", int64(7)},
		// No row holds it, and PostgreSQL would refuse it as an argument.
		{"NUL", "a\x00", "WHERE FALSE AND name = $1", ""},
		{"InvalidUTF8", "\xff", "WHERE FALSE AND name = $1", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var q query
			q.and("name = " + q.arg(tt.v))
			if got := q.where(); got != tt.where {
				t.Errorf("where = %q, want %q", got, tt.where)
			}
			if d := cmp.Diff([]any{tt.wantValue}, q.args); d != "" {
				t.Errorf("arguments (-want +got):\n%s", d)
			}
		})
	}
}

func TestNullTime_Scan(t *testing.T) {
	want := time.Date(2027, 5, 6, 5, 8, 9, 987654000, time.UTC)
	for _, tt := range []struct {
		name    string
		value   any
		want    time.Time
		wantErr bool
	}{
		{"NULL", nil, time.Time{}, false},
		{"Time", want.In(time.FixedZone("CEST", 2*3600)), want, false},
		{"SQLiteText", "2027-05-06T05:08:09.987654Z", want, false},
		{"SQLiteBytes", []byte("2027-05-06T05:08:09.987654Z"), want, false},
		{"RFC3339Offset", "2027-05-06T07:08:09.987654+02:00", want, false},
		{"NotATime", "yesterday", time.Time{}, true},
		{"Integer", int64(1), time.Time{}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var n nullTime
			err := n.Scan(tt.value)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Scan(%v) error = %v, want error %v", tt.value, err, tt.wantErr)
			}
			got := time.Time(n)
			if !got.Equal(tt.want) || !got.IsZero() && got.Location() != time.UTC {
				t.Errorf("Scan(%v) = %v, want %v in UTC", tt.value, got, tt.want)
			}
		})
	}
}

func TestDialect_FormatError(t *testing.T) {
	driverErr := errors.New("driver: something")
	for _, tt := range []struct {
		name     string
		v        Violation
		ok       bool
		wantCode string
		wantMsg  string
	}{
		{"KnownUnique", Violation{Kind: Unique, Constraint: "tokens.hash"}, true, vigil.ECONFLICT, "a token with this secret already exists"},
		{"UnknownUnique", Violation{Kind: Unique, Constraint: "other.x"}, true, vigil.ECONFLICT, "this conflicts with what is already stored"},
		{"ForeignKey", Violation{Kind: ForeignKey}, true, vigil.ECONFLICT, "this refers to something that is not stored (was it deleted meanwhile?)"},
		{"Invalid", Violation{Kind: Invalid, Message: "CHECK constraint failed"}, true, vigil.EINVALID, "a value is outside what the store accepts: CHECK constraint failed"},
		{"BadText", Violation{Kind: BadText}, true, vigil.EINVALID, "a value contains a NUL character or invalid UTF-8, which cannot be stored"},
		{"NotAViolation", Violation{}, false, vigil.EINTERNAL, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := &Dialect{Violation: func(err error) (Violation, bool) {
				if !errors.Is(err, driverErr) {
					t.Errorf("Violation got %v, want the driver's error", err)
				}
				return tt.v, tt.ok
			}}
			err := d.FormatError(driverErr)
			if got := vigil.ErrorCode(err); got != tt.wantCode {
				t.Errorf("code %q (%v), want %q", got, err, tt.wantCode)
			}
			if !tt.ok && err != driverErr {
				t.Errorf("FormatError = %v, want the driver's error as it is", err)
			}
			if tt.ok && vigil.ErrorMessage(err) != tt.wantMsg {
				t.Errorf("message %q, want %q", vigil.ErrorMessage(err), tt.wantMsg)
			}
		})
	}
	if err := (&Dialect{}).FormatError(nil); err != nil {
		t.Errorf("FormatError(nil) = %v", err)
	}
}

func TestBadText(t *testing.T) {
	type inner struct {
		Name   string            `json:"name"`
		Tags   []string          `json:"tags,omitempty"`
		Attrs  map[string]string `json:"attrs"`
		Hidden string            `json:"-"`
		NoTag  string
	}
	type outer struct {
		Items []inner `json:"items"`
		Ptr   *inner  `json:"ptr"`
	}
	for _, tt := range []struct {
		name string
		v    outer
		want string
	}{
		{"Clean", outer{Items: []inner{{Name: "Kim", Tags: []string{"a"}}}}, ""},
		{"SliceField", outer{Items: []inner{{Name: "ok"}, {Tags: []string{"ok", "b\x00"}}}}, "doc.items[1].tags[1]"},
		{"Pointer", outer{Ptr: &inner{Name: "\xff"}}, "doc.ptr.name"},
		{"MapValue", outer{Ptr: &inner{Attrs: map[string]string{"k": "\x00"}}}, `doc.ptr.attrs["k"]`},
		{"MapKey", outer{Ptr: &inner{Attrs: map[string]string{"\x00": "v"}}}, "doc.ptr.attrs[key]"},
		{"UntaggedField", outer{Ptr: &inner{NoTag: "\xff"}}, "doc.ptr.NoTag"},
		{"IgnoredField", outer{Ptr: &inner{Hidden: "\xff"}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := badText(reflect.ValueOf(tt.v), "doc"); got != tt.want {
				t.Errorf("badText = %q, want %q", got, tt.want)
			}
		})
	}
}
