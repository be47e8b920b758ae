package nameeval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vigil-sec/vigil"
)

// FuzzLoadNameBench: any cases file either fails with an error or gives cases with both names present.
func FuzzLoadNameBench(f *testing.F) {
	f.Add([]byte(casesHead+"g,Person,Kim Sang-man,\"KIM, Sang Man\",true,STRONG,,\n"), []byte(lvHead+"g,x,Person,Kim Sang-man,\"KIM, Sang Man\",true,S,,,0.9,true,TP\n"))
	f.Add([]byte(casesHead+"g,Person,\"a\"\"b\",c,false,,,\n"), []byte("name1,name2,score\na\"b,c,0\n"))
	f.Add([]byte("\xef\xbb\xbf"+casesHead), []byte(""))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, cases, lv []byte) {
		cp, lp := filepath.Join(dir, "c.csv"), filepath.Join(dir, "l.csv")
		if err := os.WriteFile(cp, cases, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(lp, lv, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := LoadNameBench(cp, lp)
		if err != nil {
			return
		}
		for _, c := range got {
			if c.Name1 == "" || c.Name2 == "" || c.LogicV2 < 0 || c.LogicV2 > 1 {
				t.Fatalf("bad case %+v", c)
			}
		}
	})
}

// FuzzVariants: list names are outside input; making variants of any name must not panic, every variant
// differs from the name, and a typo is exactly one edit away.
func FuzzVariants(f *testing.F) {
	for _, s := range []string{"CHO'N, Yo'n Ku'n", "KIM SANG-MAN", "Kim Yong-chol", "Korea Co., Ltd.", ",", "-", "O, U",
		"A, B, C", "KIM, -", "Chŏn Yŏn", "\xff\xfe", "KIM ,", "Ri  Jong--Chol"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		for _, v := range append(personVariants(name, "seed"), organizationVariants(name, "seed")...) {
			if v.query == name || v.query == "" {
				t.Fatalf("%s variant %q of %q", v.kind, v.query, name)
			}
			if v.kind == VariantTypo && utf8.ValidString(name) && !oneEdit(strings.TrimSpace(name), v.query) {
				t.Fatalf("typo %q of %q is not one edit", v.query, name)
			}
		}
		e := &vigil.ListEntry{List: "l", ID: "1", Kind: vigil.EntryPerson, Programs: []string{"DPRK"}, Name: name}
		RecallSet([]*vigil.ListEntry{e})
	})
}
