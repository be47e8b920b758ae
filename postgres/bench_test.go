package postgres_test

import (
	"testing"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/storetest"
)

func BenchmarkSaveScreening(b *testing.B) {
	storetest.BenchSaveScreening(b, func(b *testing.B) vigil.Store { return MustOpenDB(b) })
}

func BenchmarkImportList(b *testing.B) {
	storetest.BenchImportList(b, MustOpenDB(b))
}

func BenchmarkFindLinks(b *testing.B) {
	storetest.BenchFindLinks(b, MustOpenDB(b))
}
