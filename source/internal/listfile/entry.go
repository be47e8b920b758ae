package listfile

import (
	"slices"
	"strings"

	"github.com/vigil-sec/vigil"
)

// AddAlias adds a to e's aliases unless it is empty, e's name, or already there, names compared without regard
// to case; a strong alias replaces a weak one of the same name, since the publisher vouches for it.
func AddAlias(e *vigil.ListEntry, a vigil.Alias) {
	if a.Name == "" || strings.EqualFold(a.Name, e.Name) {
		return
	}
	for i, have := range e.Aliases {
		if strings.EqualFold(have.Name, a.Name) {
			if have.Weak && !a.Weak {
				e.Aliases[i] = a
			}
			return
		}
	}
	e.Aliases = append(e.Aliases, a)
}

// AppendOnce appends v to list unless list has it already: lists repeat a date of birth, an address or a
// nationality in several places of one entry.
func AppendOnce[T comparable](list []T, v T) []T {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
