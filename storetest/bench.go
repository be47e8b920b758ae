package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vigil-sec/vigil"
)

// benchSubject is a realistic subject document: a few of every identifier.
func benchSubject(id string, i int) *vigil.Subject {
	return &vigil.Subject{
		ID: id, Kind: vigil.KindCandidate, Name: fmt.Sprintf("Candidate %d Nowak", i), BirthDate: "1994-03-07",
		Residence: &vigil.Residence{Country: "PL", City: "Kraków"},
		Emails:    []string{fmt.Sprintf("c%d@example.com", i)},
		Phones:    []string{fmt.Sprintf("+48 512 %03d %03d", i/1000%1000, i%1000)},
		Addresses: []vigil.Address{
			{Use: vigil.AddressHome, Line: fmt.Sprintf("ul. Długa %d", i%200), City: "Kraków", Postcode: "31-147", Country: "PL"},
			{Use: vigil.AddressShipping, Line: "4410 Harbor Way", City: "Tacoma", Postcode: "98421", Country: "US"},
		},
		BankAccounts: []vigil.BankAccount{{IBAN: "PL61109010140000071219812874"}},
		Devices:      []vigil.Device{{ID: "LAPTOP", Serial: fmt.Sprintf("PF%06d", i)}},
		Application:  &vigil.Application{ResumeText: "Senior engineer with ten years of Go, Next.js and Kubernetes."},
	}
}

// benchScreening screens s with 5 findings at a band that opens a case.
func benchScreening(s *vigil.Subject) *vigil.Screening {
	sc := &vigil.Screening{
		Subject: s, AsOf: time.Now(), Checks: []string{"watchlist.name", "link.shared", "phone.voip"},
		Score: 70, Band: vigil.BandHigh, CaseBand: vigil.BandHigh, CaseReason: "bench", Actor: "bench",
	}
	for k := 0; k < 5; k++ {
		sc.Findings = append(sc.Findings, &vigil.Finding{
			Check: sc.Checks[k%3], Key: fmt.Sprintf("key:%d", k), Severity: vigil.SeverityMedium, Score: 10,
			Summary:  "Shares a shipping address with two other subjects",
			Evidence: []vigil.Evidence{{Kind: "subject", Ref: "s-other", Detail: "addresses[1]"}}, Count: 1,
		})
	}
	return sc
}

// BenchSaveScreening benchmarks SaveScreening of a subject with 7 identifiers, 5 findings and a case: New adds a
// subject per operation, Rescreen screens the same 100 subjects again and again, as a nightly re-screen does.
func BenchSaveScreening(b *testing.B, open func(b *testing.B) vigil.Store) {
	b.Run("New", func(b *testing.B) {
		s := open(b)
		ctx := context.Background()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := s.SaveScreening(ctx, benchScreening(benchSubject("", i))); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("Rescreen", func(b *testing.B) {
		s := open(b)
		ctx := context.Background()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := s.SaveScreening(ctx, benchScreening(benchSubject(fmt.Sprintf("s-%d", i%100), i%100))); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchImportList benchmarks importing an OFAC-sized synthetic list (15,000 entries, 20,000 aliases, 4,000
// identifiers), each time as a new version that replaces the one before.
func BenchImportList(b *testing.B, s vigil.Store) {
	entries := SyntheticEntries("ofac-sdn", 15000)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		v := &vigil.ListVersion{List: "ofac-sdn", Version: fmt.Sprint(i), AsOf: time.Now(), SHA256: fmt.Sprintf("%064d", i)}
		if imported, err := s.ImportList(ctx, v, entries, "bench"); err != nil || !imported {
			b.Fatalf("import %d: imported %v, %v", i, imported, err)
		}
		i++
	}
	b.ReportMetric(float64(len(entries))*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// BenchFindLinks benchmarks FindLinks for a subject whose bank account 5,000 stored subjects share (a payroll
// agency's account, or a laptop farm's): the store must return MaxLinksPerIdentifier of them and count the rest,
// without reading all of them out.
func BenchFindLinks(b *testing.B, s vigil.Store) {
	const holders = 5000
	ctx := context.Background()
	for i := range holders {
		subj := &vigil.Subject{
			ID: fmt.Sprintf("s-%05d", i), Kind: vigil.KindContractor, Name: fmt.Sprintf("Contractor %d", i),
			Emails:       []string{fmt.Sprintf("c%d@example.com", i)},
			Phones:       []string{fmt.Sprintf("+48 512 %03d %03d", i/1000%1000, i%1000)},
			BankAccounts: []vigil.BankAccount{{IBAN: "PL61109010140000071219812874"}},
		}
		sc := &vigil.Screening{Subject: subj, AsOf: time.Now(), Band: vigil.BandLow, CaseBand: vigil.BandHigh, Actor: "bench"}
		if _, err := s.SaveScreening(ctx, sc); err != nil {
			b.Fatalf("store subject %d: %v", i, err)
		}
	}
	subj, err := s.FindSubjectByID(ctx, "s-02500")
	if err != nil {
		b.Fatal(err)
	}
	idents := subj.Identifiers()
	b.ReportAllocs()
	for b.Loop() {
		links, err := s.FindLinks(ctx, subj.ID, idents)
		if err != nil {
			b.Fatal(err)
		}
		if len(links) == 0 {
			b.Fatal("no links to the shared bank account")
		}
	}
}
