package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/shareddata"
	"github.com/vigil-sec/vigil/internal/synth"
)

func realListFiles(tb testing.TB) []string {
	return []string{
		shareddata.Path(tb, "lists", "ofac-sdn-2024-05-03.csv"),
		shareddata.Path(tb, "lists", "ofac-alt-2026-06.csv"),
		shareddata.Path(tb, "lists", "ofac-add-2026-06.csv"),
		shareddata.Path(tb, "lists", "un-consolidated-2026-02-27.xml"),
	}
}

// BenchmarkListsImport measures `vigil lists import` of the real OFAC (sdn, alt, add) and UN files into a new
// SQLite database: parsing, storing ~16,000 entries with their aliases and indicators, compiling the watch-list.
func BenchmarkListsImport(b *testing.B) {
	files := realListFiles(b)
	dir := b.TempDir()
	for i := 0; b.Loop(); i++ {
		db := filepath.Join(dir, "import"+time.Now().Format("150405.000000000")+".db")
		m := NewMain(nil, io.Discard, io.Discard)
		if code := m.Run(context.Background(), append([]string{"lists", "import", "--db", db, "--as-of", "2026-06-30"}, files...)); code != 0 {
			b.Fatalf("exit %d", code)
		}
		m.Close()
	}
}

// BenchmarkScreenNDJSON measures `vigil screen` on NDJSON of 10,000 synthetic subjects against the real OFAC and
// UN lists, storing them (links accumulate) into a SQLite database that holds the lists; it reports subjects/s.
func BenchmarkScreenNDJSON(b *testing.B) {
	benchmarkScreen(b, false)
}

// BenchmarkScreenNDJSONDryRun is the same without storing: matching and checks alone.
func BenchmarkScreenNDJSONDryRun(b *testing.B) {
	benchmarkScreen(b, true)
}

// BenchmarkScreenSharedIdentifier screens 1,000 subjects who all give one phone and one bank account (an
// agency's details on every candidate it places): the cost per subject must not grow with the group.
func BenchmarkScreenSharedIdentifier(b *testing.B) {
	var input bytes.Buffer
	enc := json.NewEncoder(&input)
	const n = 1000
	for i := 0; i < n; i++ {
		s := vigil.Subject{ID: fmt.Sprintf("agency-%04d", i), Name: fmt.Sprintf("Candidate %04d", i),
			Phones: []string{"+48 22 123 45 67"}, BankAccounts: []vigil.BankAccount{{IBAN: "GB29NWBK60161331926819"}}}
		if err := enc.Encode(&s); err != nil {
			b.Fatal(err)
		}
	}
	runScreenBenchmark(b, input.Bytes(), n, false)
}

func benchmarkScreen(b *testing.B, dryRun bool) {
	const n = 10000
	subjects, err := synth.Subjects(n, 1)
	if err != nil {
		b.Fatal(err)
	}
	var input bytes.Buffer
	enc := json.NewEncoder(&input)
	for _, s := range subjects {
		if err := enc.Encode(s); err != nil {
			b.Fatal(err)
		}
	}
	runScreenBenchmark(b, input.Bytes(), n, dryRun)
}

// runScreenBenchmark runs `vigil screen` on input (n subjects) against a fresh copy of a database holding the
// real OFAC and UN lists, and reports subjects/s.
func runScreenBenchmark(b *testing.B, input []byte, n int, dryRun bool) {
	template := filepath.Join(b.TempDir(), "lists.db")
	m := NewMain(nil, io.Discard, io.Discard)
	if code := m.Run(context.Background(), append([]string{"lists", "import", "--db", template, "--as-of", "2026-06-30"}, realListFiles(b)...)); code != 0 {
		b.Fatalf("import: exit %d", code)
	}
	m.Close()
	lists, err := os.ReadFile(template)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "screen.db")
		if err := os.WriteFile(db, lists, 0o600); err != nil {
			b.Fatal(err)
		}
		args := []string{"screen", "--db", db, "--format", "json", "--as-of", "2026-11-25", "-"}
		if dryRun {
			args = append(args, "--dry-run")
		}
		m := NewMain(bytes.NewReader(input), io.Discard, io.Discard)
		b.StartTimer()
		start := time.Now()
		if code := m.Run(context.Background(), args); code != 0 {
			b.Fatalf("screen: exit %d", code)
		}
		elapsed += time.Since(start)
		b.StopTimer()
		m.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "subjects/s")
}
