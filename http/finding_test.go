package http_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/vigil-sec/vigil"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

type findingListing struct {
	Findings []*vigil.Finding `json:"findings"`
	Total    int              `json:"total"`
}

func TestFindings(t *testing.T) {
	s := MustOpenServer(t, true)
	hit := watchlistFinding(s.MustScreen(t, hitDoc), "990001")
	s.MustScreen(t, `{"id":"ats-3","name":"Kum Hui O","birth_date":"1991"}`)
	s.MustScreen(t, clearDoc)

	t.Run("List", func(t *testing.T) {
		cases := []struct {
			name, query string
			total       int
		}{
			{"All", "", 3}, // ats-1 is on both demo lists
			{"Subject", "?subject_id=ats-1", 2},
			{"Check", "?check=watchlist.name", 3},
			{"OtherCheck", "?check=link.shared", 0},
			{"Status", "?status=open&subject_id=ats-3", 1},
			{"Dismissed", "?status=dismissed", 0},
			{"Page", "?limit=1&offset=1", 3},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var got findingListing
				s.Do(t, Request{Method: "GET", Path: "/api/v1/findings" + tc.query, Token: s.Token}).Decode(t, http.StatusOK, &got)
				if got.Total != tc.total || got.Findings == nil {
					t.Errorf("total %d, want %d: %+v", got.Total, tc.total, got.Findings)
				}
			})
		}
	})
	t.Run("ListErrors", func(t *testing.T) {
		for _, q := range []string{"?status=closed", "?subject_id=a%20b", "?check=a%3Bb", "?limit=1000", "?offset=x", "?subject=ats-1"} {
			s.Do(t, Request{Method: "GET", Path: "/api/v1/findings" + q, Token: s.Token}).WantError(t, http.StatusBadRequest, vigil.EINVALID)
		}
	})
	t.Run("Get", func(t *testing.T) {
		var f vigil.Finding
		s.Do(t, Request{Method: "GET", Path: "/api/v1/findings/" + itoa(hit.ID), Token: s.Token}).Decode(t, http.StatusOK, &f)
		if f.ID != hit.ID || f.SubjectID != "ats-1" || f.EntryID != "990001" {
			t.Errorf("finding %+v", f)
		}
		s.Do(t, Request{Method: "GET", Path: "/api/v1/findings/999999", Token: s.Token}).WantError(t, http.StatusNotFound, vigil.ENOTFOUND)
		for _, id := range []string{"abc", "0", "-1", "99999999999999999999"} {
			s.Do(t, Request{Method: "GET", Path: "/api/v1/findings/" + id, Token: s.Token}).WantError(t, http.StatusBadRequest, vigil.EINVALID, "id", "finding ID")
		}
	})
}

func TestDecideFinding(t *testing.T) {
	s := MustOpenServer(t, true)
	ctx := context.Background()
	report := s.MustScreen(t, hitDoc)
	hit := watchlistFinding(report, "990001")
	if hit == nil {
		t.Fatal("no watch-list finding to decide")
	}
	path := "/api/v1/findings/" + itoa(hit.ID) + "/decision"
	decide := func(body string) *Response {
		return s.Do(t, Request{Method: "POST", Path: path, Body: body, ContentType: "application/json", Token: s.Token})
	}

	errs := []struct {
		name, body string
		status     int
		code       string
		parts      []string
	}{
		{"UnknownFields", `{"outcome":"not_this_person","rationale":"x","decided_by":"mallory","why":"y"}`, 400, vigil.EINVALID,
			[]string{`"decided_by"`, `"why"`, "outcome, rationale"}},
		{"RepeatedField", `{"outcome":"same_person","outcome":"not_this_person","rationale":"x"}`, 400, vigil.EINVALID, []string{`"outcome"`, "more than once"}},
		{"BadOutcome", `{"outcome":"maybe","rationale":"x"}`, 400, vigil.EINVALID, []string{"outcome"}},
		{"NoRationale", `{"outcome":"not_this_person"}`, 400, vigil.EINVALID, []string{"rationale", "required"}},
		{"WrongType", `{"outcome":1,"rationale":"x"}`, 400, vigil.EINVALID, []string{"outcome", "string"}},
		{"NotAnObject", `["not_this_person"]`, 400, vigil.EINVALID, []string{"array", "object"}},
		{"Trailing", `{"outcome":"not_this_person","rationale":"x"} {}`, 400, vigil.EINVALID, []string{"more than one"}},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			decide(tc.body).WantError(t, tc.status, tc.code, tc.parts...)
		})
	}
	t.Run("NotFound", func(t *testing.T) {
		s.Do(t, Request{Method: "POST", Path: "/api/v1/findings/999999/decision", Body: `{"outcome":"same_person","rationale":"x"}`,
			ContentType: "application/json", Token: s.Token}).WantError(t, http.StatusNotFound, vigil.ENOTFOUND)
	})
	t.Run("NotThisPerson", func(t *testing.T) {
		var f vigil.Finding
		decide(`{"outcome":"not_this_person","rationale":"Passport PL checked in person; born in Gdańsk."}`).Decode(t, http.StatusOK, &f)
		if f.Status != vigil.FindingDismissed {
			t.Errorf("status %q, want dismissed", f.Status)
		}
		decisions, err := s.Store.FindMatchDecisions(ctx, "ats-1")
		if err != nil {
			t.Fatal(err)
		}
		if len(decisions) != 1 || decisions[0].DecidedBy != "alice" || decisions[0].Outcome != vigil.OutcomeNotThisPerson {
			t.Errorf("decisions %+v, want one by alice", decisions)
		}
		events, _, err := s.Store.FindAuditEvents(ctx, vigil.AuditFilter{Action: ptr("finding.decide")})
		if err != nil || len(events) != 1 || events[0].Actor != "alice" {
			t.Errorf("audit %+v (%v)", events, err)
		}
		// The subject was re-screened: its report shows the match as dismissed, scoring nothing.
		var r vigil.Report
		s.Do(t, Request{Method: "GET", Path: "/api/v1/subjects/ats-1/report", Token: s.Token}).Decode(t, http.StatusOK, &r)
		if m := watchlistFinding(&r, "990001"); m == nil || m.Status != vigil.FindingDismissed || m.Score != 0 {
			t.Errorf("the report must show the dismissed match with no score: %+v", r.Findings)
		}
	})
}

type caseListing struct {
	Cases []*vigil.Case `json:"cases"`
	Total int           `json:"total"`
}

func TestCases(t *testing.T) {
	s := MustOpenServer(t, true)
	report := s.MustScreen(t, hitDoc)
	s.MustScreen(t, clearDoc)
	if report.Case == nil {
		t.Fatal("the hit opened no case")
	}
	casePath := "/api/v1/cases/" + itoa(report.Case.ID)
	patch := func(path, body string) *Response {
		return s.Do(t, Request{Method: "PATCH", Path: path, Body: body, ContentType: "application/json", Token: s.Token})
	}

	t.Run("List", func(t *testing.T) {
		for _, tc := range []struct {
			query string
			total int
		}{{"", 1}, {"?status=open", 1}, {"?status=closed", 0}, {"?band=" + string(report.Band), 1}, {"?band=low", 0}, {"?subject_id=ats-2", 0}} {
			var got caseListing
			s.Do(t, Request{Method: "GET", Path: "/api/v1/cases" + tc.query, Token: s.Token}).Decode(t, http.StatusOK, &got)
			if got.Total != tc.total || len(got.Cases) != tc.total {
				t.Errorf("%s: total %d, want %d", tc.query, got.Total, tc.total)
			}
		}
		for _, q := range []string{"?status=done", "?band=severe", "?subject_id=%00", "?limit=-5"} {
			s.Do(t, Request{Method: "GET", Path: "/api/v1/cases" + q, Token: s.Token}).WantError(t, http.StatusBadRequest, vigil.EINVALID)
		}
	})
	t.Run("Get", func(t *testing.T) {
		var c vigil.Case
		s.Do(t, Request{Method: "GET", Path: casePath, Token: s.Token}).Decode(t, http.StatusOK, &c)
		if c.SubjectID != "ats-1" || c.Status != vigil.CaseOpen {
			t.Errorf("case %+v", c)
		}
		s.Do(t, Request{Method: "GET", Path: "/api/v1/cases/424242", Token: s.Token}).WantError(t, http.StatusNotFound, vigil.ENOTFOUND)
		s.Do(t, Request{Method: "GET", Path: "/api/v1/cases/x", Token: s.Token}).WantError(t, http.StatusBadRequest, vigil.EINVALID, "case ID")
	})

	errs := []struct {
		name, body string
		parts      []string
	}{
		{"UnknownFields", `{"status":"in_review","decided_by":"mallory","notes":"x"}`, []string{`"decided_by"`, `"notes"`, "assignee"}},
		{"DecisionWithoutRationale", `{"decision":"cleared"}`, []string{"rationale", "required"}},
		{"BadDecision", `{"decision":"fire","rationale":"x"}`, []string{"decision"}},
		{"BadStatus", `{"status":"archived"}`, []string{"status"}},
		{"Nothing", `{}`, []string{"changes nothing"}},
		{"Null", `null`, []string{"null", "object"}},
		{"Control", `{"note":"a\u202eb"}`, []string{"note", "bidirectional"}},
	}
	for _, tc := range errs {
		t.Run("Update/"+tc.name, func(t *testing.T) {
			patch(casePath, tc.body).WantError(t, http.StatusBadRequest, vigil.EINVALID, tc.parts...)
		})
	}
	t.Run("Update/NotFound", func(t *testing.T) {
		patch("/api/v1/cases/424242", `{"status":"in_review"}`).WantError(t, http.StatusNotFound, vigil.ENOTFOUND)
	})
	t.Run("Update/Review", func(t *testing.T) {
		var c vigil.Case
		patch(casePath, `{"status":"in_review","assignee":"alice","note":"Asked HR for the passport scan."}`).Decode(t, http.StatusOK, &c)
		if c.Status != vigil.CaseInReview || c.Assignee != "alice" || len(c.Notes) != 1 || c.Notes[0].Author != "alice" {
			t.Errorf("case %+v", c)
		}
	})
	t.Run("Update/Decision", func(t *testing.T) {
		var c vigil.Case
		patch(casePath, `{"decision":"cleared","rationale":"Different person: passport and birthplace verified."}`).Decode(t, http.StatusOK, &c)
		if c.Decision != vigil.DecisionCleared || c.DecidedBy != "alice" || c.DecidedAt == nil || c.Status != vigil.CaseClosed ||
			c.Rationale != "Different person: passport and birthplace verified." {
			t.Errorf("case %+v", c)
		}
	})
	t.Run("Audit", func(t *testing.T) {
		var got struct {
			Events []*vigil.AuditEvent `json:"events"`
			Total  int                 `json:"total"`
		}
		s.Do(t, Request{Method: "GET", Path: "/api/v1/audit?actor=alice&subject_id=ats-1&action=case.update", Token: s.Token}).Decode(t, http.StatusOK, &got)
		if got.Total != 2 || len(got.Events) != 2 {
			t.Fatalf("%d case.update events by alice, want 2: %+v", got.Total, got.Events)
		}
		for _, e := range got.Events {
			if e.Actor != "alice" || e.SubjectID != "ats-1" || e.Action != "case.update" {
				t.Errorf("event %+v", e)
			}
		}
		s.Do(t, Request{Method: "GET", Path: "/api/v1/audit?limit=1", Token: s.Token}).Decode(t, http.StatusOK, &got)
		if len(got.Events) != 1 || got.Total < 4 { // list.import, two subject.screen, two case.update
			t.Errorf("limit 1: %d events of %d", len(got.Events), got.Total)
		}
		for _, q := range []string{"?actor=a%20b", "?subject_id=%3C", "?limit=0", "?who=alice"} {
			s.Do(t, Request{Method: "GET", Path: "/api/v1/audit" + q, Token: s.Token}).WantError(t, http.StatusBadRequest, vigil.EINVALID)
		}
	})
}
