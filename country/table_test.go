package country

import "testing"

// TestTablesConsistent guards against two spellings that fold alike but name different countries, which would
// make the result depend on map order.
func TestTablesConsistent(t *testing.T) {
	tableOnce.Do(buildTables)
	seen := map[string]string{}
	check := func(table map[string]string, kind string) {
		for name, code := range table {
			key := fold(name)
			if key == "" {
				t.Errorf("%s %q folds to nothing", kind, name)
			}
			if prev, ok := seen[key]; ok && prev != code {
				t.Errorf("%s %q folds to %q, which is %s elsewhere but %s here", kind, name, key, prev, code)
			}
			seen[key] = code
			if names[key] != code && kind != "demonym" {
				t.Errorf("%s %q resolves to %s, not %s", kind, name, names[key], code)
			}
		}
	}
	check(aliases, "alias")
	check(demonyms, "demonym")
	for name, code := range regions {
		if regionNames[fold(name)] != code {
			t.Errorf("region %q not in the table", name)
		}
	}
}
