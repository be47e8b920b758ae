package http

import (
	"net/http"
	"strings"

	"github.com/vigil-sec/vigil"
)

var findingStatuses = []string{
	string(vigil.FindingOpen), string(vigil.FindingCleared), string(vigil.FindingDelisted), string(vigil.FindingDismissed),
}

// checkName returns a check-name parameter ("watchlist.name", "rule.<sigma id>"), nil when absent.
func (q *query) checkName(name string) *string {
	v := q.text(name, 200)
	if v == nil {
		return nil
	}
	for i, r := range *v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-:", r)) {
			q.add(name, "has %q at byte %d; a check name has letters, digits and . _ - :", r, i)
			return nil
		}
	}
	return v
}

// handleListFindings answers GET /api/v1/findings?subject_id=&check=&status=&offset=&limit=.
func (s *Server) handleListFindings(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "subject_id", "check", "status", "offset", "limit")
	var filter vigil.FindingFilter
	filter.SubjectID = q.subjectID("subject_id")
	filter.Check = q.checkName("check")
	if status := q.oneOf("status", findingStatuses...); status != nil {
		st := vigil.FindingStatus(*status)
		filter.Status = &st
	}
	filter.Offset, filter.Limit = q.page()
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	findings, total, err := s.Store.FindFindings(r.Context(), filter)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if findings == nil {
		findings = []*vigil.Finding{}
	}
	s.writeJSON(w, r, http.StatusOK, struct {
		Findings []*vigil.Finding `json:"findings"`
		Total    int              `json:"total"`
	}{findings, total})
}

// handleGetFinding answers GET /api/v1/findings/{id}.
func (s *Server) handleGetFinding(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "finding")
	if err == nil {
		err = parseQuery(r).err()
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f, err := s.Store.FindFindingByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, f)
}

// decisionRequest is the body of POST /api/v1/findings/{id}/decision. Who decided is the token's user, never
// a field of the body.
type decisionRequest struct {
	Outcome   string `json:"outcome"`
	Rationale string `json:"rationale"`
}

// handleDecideFinding answers POST /api/v1/findings/{id}/decision: a reviewer's decision on a watch-list
// match; the subject is re-screened so that its score and case reflect it at once.
func (s *Server) handleDecideFinding(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "finding")
	if err == nil {
		err = parseQuery(r).err()
	}
	if err == nil {
		err = requireJSON(r)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	body, err := readBody(w, r, maxSmallBodyBytes)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var req decisionRequest
	if err := decodeStrict(body, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	f, err := s.Engine.DecideMatch(r.Context(), id, req.Outcome, req.Rationale, actorName(r.Context()))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, f)
}
