package sqlstore

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// storableText reports whether s can be kept as text by both stores: valid UTF-8 without NUL. PostgreSQL
// refuses anything else in text and jsonb, and SQLite would cut a C string at the NUL; both stores refuse such
// text alike (EINVALID) rather than each in its own way.
func storableText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// badText returns the path of the first string in v (a struct, slice, map or pointer to one) that is not
// storable text, named as in JSON after path; "" if there is none. It allocates only to name what it found.
func badText(v reflect.Value, path string) string {
	if rest, bad := findBadText(v); bad {
		return path + rest
	}
	return ""
}

func findBadText(v reflect.Value) (string, bool) {
	switch v.Kind() {
	case reflect.String:
		return "", !storableText(v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return findBadText(v.Elem())
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if rest, bad := findBadText(v.Field(i)); bad {
				if name == "" {
					name = f.Name
				}
				return "." + name + rest, true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if rest, bad := findBadText(v.Index(i)); bad {
				return fmt.Sprintf("[%d]", i) + rest, true
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if _, bad := findBadText(iter.Key()); bad {
				return "[key]", true
			}
			if rest, bad := findBadText(iter.Value()); bad {
				return fmt.Sprintf("[%q]", fmt.Sprint(iter.Key().Interface())) + rest, true
			}
		}
	}
	return "", false
}
