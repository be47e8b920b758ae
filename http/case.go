package http

import (
	"net/http"

	"github.com/vigil-sec/vigil"
)

var (
	caseStatuses = []string{string(vigil.CaseOpen), string(vigil.CaseInReview), string(vigil.CaseClosed)}
	bands        = []string{string(vigil.BandLow), string(vigil.BandMedium), string(vigil.BandHigh), string(vigil.BandCritical)}
)

// handleListCases answers GET /api/v1/cases?status=&band=&subject_id=&offset=&limit=.
func (s *Server) handleListCases(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "status", "band", "subject_id", "offset", "limit")
	var filter vigil.CaseFilter
	if status := q.oneOf("status", caseStatuses...); status != nil {
		st := vigil.CaseStatus(*status)
		filter.Status = &st
	}
	if band := q.oneOf("band", bands...); band != nil {
		b := vigil.Band(*band)
		filter.Band = &b
	}
	filter.SubjectID = q.subjectID("subject_id")
	filter.Offset, filter.Limit = q.page()
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	cases, total, err := s.Store.FindCases(r.Context(), filter)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if cases == nil {
		cases = []*vigil.Case{}
	}
	s.writeJSON(w, r, http.StatusOK, struct {
		Cases []*vigil.Case `json:"cases"`
		Total int           `json:"total"`
	}{cases, total})
}

// handleGetCase answers GET /api/v1/cases/{id}.
func (s *Server) handleGetCase(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "case")
	if err == nil {
		err = parseQuery(r).err()
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	c, err := s.Store.FindCaseByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, c)
}

// handleUpdateCase answers PATCH /api/v1/cases/{id} with a vigil.CaseUpdate body; the token's user is
// recorded as the one who changed or decided the case.
func (s *Server) handleUpdateCase(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "case")
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
	var upd vigil.CaseUpdate
	if err := decodeStrict(body, &upd); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := upd.Validate(); err != nil {
		s.Error(w, r, err)
		return
	}
	c, err := s.Store.UpdateCase(r.Context(), id, upd, actorName(r.Context()))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, c)
}
