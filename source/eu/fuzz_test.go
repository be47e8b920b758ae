package eu

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

var birthDateForm = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// FuzzParse checks that no input makes Parse panic, and that it returns either an error list naming the file
// and no result, or entries that keep the parser's promises: numeric unique IDs in order, a name, canonical
// identifiers, birth dates in Vigil's forms and nationalities as ISO codes.
func FuzzParse(f *testing.F) {
	const open = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-05-08T16:47:04.449+02:00">` + "\n"
	for _, s := range []string{
		open + `<sanctionEntity logicalId="1"><subjectType code="person"/><nameAlias wholeName="A" strong="true"/></sanctionEntity></export>`,
		open + `<sanctionEntity logicalId="2"><subjectType code="enterprise"/><nameAlias wholeName="B" strong="false"/>` +
			`<address countryIso2Code="KP"><contactInfo key="PHONE" value="02 381 8208"/><contactInfo key="EMAIL" value="a@ b.example and c@d.example"/>` +
			`<contactInfo key="WEB" value="www.Example.example/x/"/></address></sanctionEntity></export>`,
		open + `<sanctionEntity logicalId="3"><subjectType code="person"/><nameAlias firstName="C" lastName="D"/>` +
			`<birthdate year="1970" monthOfYear="2" dayOfMonth="29"/><birthdate yearRangeFrom="1960" yearRangeTo="1962" circa="true"/>` +
			`<identification identificationTypeCode="passport" number="АВ1" latinNumber="AB1" countryIso2Code="CS" countryDescription="SERBIA"/></sanctionEntity></export>`,
		`<?xml version="1.0"?><!DOCTYPE export [<!ENTITY a "b">]><export xmlns="http://eu.europa.ec/fpi/fsd/export"/>`,
	} {
		f.Add([]byte(s))
	}
	if data, err := os.ReadFile(filepath.Join("testdata", "edge.xml")); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Parse(&File{Name: "eu.xml", Data: data}, "eu")
		if err != nil {
			var list listfile.ErrorList
			if res != nil || !errors.As(err, &list) || len(list) == 0 || list[0].File != "eu.xml" {
				t.Fatalf("bad error result: %v, %v", res, err)
			}
			return
		}
		if len(res.Entries) == 0 {
			t.Fatal("no entries and no error")
		}
		var prev uint64
		for i, e := range res.Entries {
			id, err := strconv.ParseUint(e.ID, 10, 64)
			if err != nil || strconv.FormatUint(id, 10) != e.ID || i > 0 && id <= prev || e.Name == "" || e.List != "eu" {
				t.Fatalf("bad entry %+v", e)
			}
			prev = id
			for _, a := range e.Aliases {
				if a.Name == "" || a.Type != "aka" {
					t.Fatalf("entry %s: bad alias %+v", e.ID, a)
				}
			}
			for _, d := range e.BirthDates {
				if !birthDateForm.MatchString(d.Date) || d.To != "" && !birthDateForm.MatchString(d.To) {
					t.Fatalf("entry %s: bad birth date %+v", e.ID, d)
				}
			}
			for _, c := range e.Nationalities {
				if code, ok := vigil.CountryCode(c); !ok || code != c {
					t.Fatalf("entry %s: bad nationality %q", e.ID, c)
				}
			}
			for _, id := range e.Identifiers {
				var again string
				var err error
				switch id.Kind {
				case vigil.IdentDocument:
					number := vigil.DocumentNumber(id.Value)
					again, err = vigil.CanonicalDocument(id.Value[:len(id.Value)-len(number)-1], number)
				case vigil.IdentEmail:
					again, err = vigil.CanonicalEmail(id.Value)
				case vigil.IdentPhone:
					again, err = vigil.CanonicalPhone(id.Value, "")
				case vigil.IdentWebsite:
					var ok bool
					if again, ok = canonicalWebsite(id.Value); !ok {
						err = errors.New("not a website")
					}
				default:
					t.Fatalf("entry %s: identifier of kind %q", e.ID, id.Kind)
				}
				if err != nil || again != id.Value {
					t.Fatalf("entry %s: identifier %+v is not canonical (%q, %v)", e.ID, id, again, err)
				}
			}
		}
	})
}
