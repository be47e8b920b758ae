package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/storetest"
)

func BenchmarkSaveScreening(b *testing.B) {
	b.Run("File", func(b *testing.B) {
		storetest.BenchSaveScreening(b, func(b *testing.B) vigil.Store { return mustOpen(b, filepath.Join(b.TempDir(), "bench.db")) })
	})
	b.Run("Memory", func(b *testing.B) {
		storetest.BenchSaveScreening(b, func(b *testing.B) vigil.Store { return MustOpenDB(b) })
	})
}

func BenchmarkImportList(b *testing.B) {
	storetest.BenchImportList(b, mustOpen(b, filepath.Join(b.TempDir(), "bench.db")))
}

func BenchmarkFindLinks(b *testing.B) {
	storetest.BenchFindLinks(b, mustOpen(b, filepath.Join(b.TempDir(), "bench.db")))
}
