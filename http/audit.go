package http

import (
	"net/http"

	"github.com/vigil-sec/vigil"
)

// handleListAudit answers GET /api/v1/audit?subject_id=&actor=&action=&offset=&limit=: audit events, newest
// first.
func (s *Server) handleListAudit(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "subject_id", "actor", "action", "offset", "limit")
	var filter vigil.AuditFilter
	filter.SubjectID = q.subjectID("subject_id")
	if v, ok := q.raw("actor"); ok {
		if err := vigil.ValidateUserName(v); err != nil {
			q.add("actor", "%s", trimField(vigil.ErrorMessage(err), "name"))
		} else {
			filter.Actor = &v
		}
	}
	filter.Action = q.checkName("action")
	filter.Offset, filter.Limit = q.page()
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	events, total, err := s.Store.FindAuditEvents(r.Context(), filter)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if events == nil {
		events = []*vigil.AuditEvent{}
	}
	s.writeJSON(w, r, http.StatusOK, struct {
		Events []*vigil.AuditEvent `json:"events"`
		Total  int                 `json:"total"`
	}{events, total})
}

// trimField drops the "field: " a root-package validator puts before its message, where the API names the
// parameter itself.
func trimField(msg, field string) string {
	if len(msg) > len(field)+2 && msg[:len(field)+2] == field+": " {
		return msg[len(field)+2:]
	}
	return msg
}
