package screen_test

import (
	"fmt"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/score"
	"github.com/vigil-sec/vigil/screen"
)

func ExampleScreen() {
	// A fictitious list entry; real ones come from the imported lists.
	entries := []*vigil.ListEntry{{
		List: "ofac-sdn", ID: "990001", Kind: vigil.EntryPerson, Name: "RYANG, Myong Chol",
		BirthDates: []vigil.BirthDate{{Date: "1979-05-14"}}, Programs: []string{"DPRK3"},
		Identifiers: []vigil.EntryIdentifier{{Kind: vigil.IdentEmail, Value: "ryang.dev@mailbox.example", Raw: "ryang.dev@mailbox.example", Type: "Email Address"}},
	}}
	w := screen.NewWatchlist([]*vigil.ListVersion{{List: "ofac-sdn", Version: "2026-09-30"}}, entries)

	subject := &vigil.Subject{
		ID: "ats-2001", Name: "Myong Chol Ryang", BirthDate: "1979-05-14",
		Residence: &vigil.Residence{Country: "PL"},
		Emails:    []string{"ryang.dev@mailbox.example", "mc.ryang@mailinator.com"},
		Phones:    []string{"+48 512 345 678"},
	}
	findings := screen.Screen(&screen.Input{Subject: subject, AsOf: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Watchlist: w})
	res := score.DefaultPolicy().Score(findings)
	for _, f := range findings {
		fmt.Printf("%s %s %d: %s\n", f.Severity, f.Check, f.Score, f.Summary)
	}
	fmt.Println(res.Score, res.Band)
	// Output:
	// critical watchlist.identifier 100: The subject's email address "ryang.dev@mailbox.example" is listed for ofac-sdn entry 990001 "RYANG, Myong Chol" [DPRK3].
	// medium email 0: Email address "mc.ryang@mailinator.com" is at "mailinator.com", a service that hands out throwaway mailboxes.
	// 100 critical
}
