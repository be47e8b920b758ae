package sqlstore

import "github.com/vigil-sec/vigil"

// conflictMessages explain, per unique constraint (named as in Violation), what a conflict means to the user
// who caused it.
var conflictMessages = map[string]string{
	"subjects.id":                       "a subject with this ID already exists",
	"tokens.hash":                       "a token with this secret already exists",
	"cases.subject_id":                  "the subject already has an open case",
	"list_versions.list":                "the list already has an active version",
	"findings.subject_id, findings.key": "the subject already has a finding with this key",
	"list_entries.version_id, list_entries.entry_id":                                      "the list version already has an entry with this ID",
	"subject_identifiers.subject_id, subject_identifiers.kind, subject_identifiers.value": "the subject already holds this identifier",
}

// FormatError turns a constraint violation, as d.Violation reads it, into a vigil error: ECONFLICT, or
// EINVALID for a value the schema or the database refuses. Other errors are returned as they are.
func (d *Dialect) FormatError(err error) error {
	if err == nil {
		return nil
	}
	v, ok := d.Violation(err)
	if !ok {
		return err
	}
	switch v.Kind {
	case Unique:
		if m, ok := conflictMessages[v.Constraint]; ok {
			return vigil.Errorf(vigil.ECONFLICT, "%s", m)
		}
		return vigil.Errorf(vigil.ECONFLICT, "this conflicts with what is already stored")
	case ForeignKey:
		return vigil.Errorf(vigil.ECONFLICT, "this refers to something that is not stored (was it deleted meanwhile?)")
	case Invalid:
		return vigil.Errorf(vigil.EINVALID, "a value is outside what the store accepts: %s", v.Message)
	case BadText:
		return vigil.Errorf(vigil.EINVALID, "a value contains a NUL character or invalid UTF-8, which cannot be stored")
	}
	return err
}
