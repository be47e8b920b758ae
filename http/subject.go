package http

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/engine"
)

// handleCreateSubject answers POST /api/v1/subjects: store and screen one subject document; 201 with the
// report for a new subject, 200 when the document updated a known ID. NDJSON gives 200 with an array.
func (s *Server) handleCreateSubject(w http.ResponseWriter, r *http.Request) {
	if err := parseQuery(r).err(); err != nil {
		s.Error(w, r, err)
		return
	}
	// NDJSON is accepted wherever one document is; its answer is an array (200), as from /api/v1/screen.
	if mt, _, _ := mediaType(r); mt == mediaNDJSON {
		s.screenNDJSON(w, r, engine.ScreenOptions{Actor: actorName(r.Context())})
		return
	}
	if err := requireJSON(r); err != nil {
		s.Error(w, r, err)
		return
	}
	body, err := readBody(w, r, s.maxSubjectBytes())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	subj, err := vigil.ParseSubject(body)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	report, created, err := s.screen(r.Context(), subj, engine.ScreenOptions{Actor: actorName(r.Context())})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/subjects/"+url.PathEscape(report.Subject.ID))
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	s.writeJSON(w, r, status, report)
}

// screen screens one parsed document and counts it in the metrics. created reports whether a stored
// screening made a new subject. Two concurrent first posts of one ID may both say created; the store keeps
// one subject either way.
func (s *Server) screen(ctx context.Context, subj *vigil.Subject, opt engine.ScreenOptions) (report *vigil.Report, created bool, err error) {
	created = !opt.DryRun
	// The open findings before, to count those this screening opens.
	before := map[string]bool{}
	if !opt.DryRun && subj.ID != "" && vigil.ValidateSubjectID(subj.ID) == nil {
		switch _, err := s.Store.FindSubjectByID(ctx, subj.ID); vigil.ErrorCode(err) {
		case "":
			created = false
			open := vigil.FindingOpen
			findings, _, err := s.Store.FindFindings(ctx, vigil.FindingFilter{SubjectID: &subj.ID, Status: &open})
			if err != nil {
				return nil, false, err
			}
			for _, f := range findings {
				before[f.Key] = true
			}
		case vigil.ENOTFOUND:
		default:
			return nil, false, err
		}
	}
	if report, err = s.Engine.Screen(ctx, subj, opt); err != nil {
		return nil, false, err
	}
	s.metrics.observeReport(report, before)
	return report, created, nil
}

// screenFailure is the body of a failed NDJSON screening: the error, and the reports of the documents before
// the failing one, which were screened (and, unless a dry run, stored) and must not be lost to the caller.
type screenFailure struct {
	Error   ErrorDetail     `json:"error"`
	Reports []*vigil.Report `json:"reports"`
}

// handleScreen answers POST /api/v1/screen: one JSON document gives one report; NDJSON
// (application/x-ndjson) gives an array of reports, whatever its length. ?dry_run=true stores nothing;
// ?as_of= fixes the time the checks are judged at.
func (s *Server) handleScreen(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "dry_run", "as_of")
	opt := engine.ScreenOptions{DryRun: q.bool("dry_run"), AsOf: q.time("as_of"), Actor: actorName(r.Context())}
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	mt, _, err := mediaType(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	switch mt {
	case mediaJSON:
		body, err := readBody(w, r, s.maxSubjectBytes())
		if err != nil {
			s.Error(w, r, err)
			return
		}
		subj, err := vigil.ParseSubject(body)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		report, _, err := s.screen(r.Context(), subj, opt)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		s.writeJSON(w, r, http.StatusOK, report)
	case mediaNDJSON:
		s.screenNDJSON(w, r, opt)
	default:
		s.Error(w, r, vigil.Errorf(EMEDIATYPE, "Content-Type is %s; send %s for one document or %s for one document per line",
			describeMediaType(mt), mediaJSON, mediaNDJSON))
	}
}

// screenNDJSON screens documents one at a time as they are read, so that memory holds one document and the
// reports; it stops at the first bad line.
func (s *Server) screenNDJSON(w http.ResponseWriter, r *http.Request, opt engine.ScreenOptions) {
	s.extendDeadlines(w)
	sr := vigil.NewSubjectReader(http.MaxBytesReader(w, r.Body, s.maxNDJSONBytes()))
	reports := []*vigil.Report{}
	fail := func(err error, line int) {
		status, detail := s.errorDetail(r, err)
		detail.Line = line
		s.writeJSON(w, r, status, screenFailure{Error: detail, Reports: reports})
	}
	for {
		subj, err := sr.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			fail(err, lineOf(err))
			return
		}
		report, _, err := s.screen(r.Context(), subj, opt)
		if err != nil {
			if vigil.ErrorCode(err) == vigil.EINVALID {
				err = vigil.Errorf(vigil.EINVALID, "line %d: %s", sr.Line(), vigil.ErrorMessage(err))
				fail(err, sr.Line())
				return
			}
			fail(err, 0)
			return
		}
		reports = append(reports, report)
	}
	s.writeJSON(w, r, http.StatusOK, reports)
}

// lineOf reads the line number the subject reader puts at the start of its messages ("line 3: …").
func lineOf(err error) int {
	var line int
	if _, e := fmt.Sscanf(vigil.ErrorMessage(err), "line %d", &line); e != nil {
		return 0
	}
	return line
}

// subjectSummary is a subject in a listing; the documents themselves are one request away.
type subjectSummary struct {
	ID        string            `json:"id"`
	Kind      vigil.SubjectKind `json:"kind"`
	Name      string            `json:"name"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
}

var subjectKinds = []string{
	string(vigil.KindCandidate), string(vigil.KindEmployee), string(vigil.KindContractor), string(vigil.KindFormerEmployee),
}

// handleListSubjects answers GET /api/v1/subjects?kind=&name=&offset=&limit=.
func (s *Server) handleListSubjects(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "kind", "name", "offset", "limit")
	var filter vigil.SubjectFilter
	if kind := q.oneOf("kind", subjectKinds...); kind != nil {
		k := vigil.SubjectKind(*kind)
		filter.Kind = &k
	}
	filter.Name = q.text("name", 300)
	filter.Offset, filter.Limit = q.page()
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	subjects, total, err := s.Store.FindSubjects(r.Context(), filter)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := make([]subjectSummary, 0, len(subjects))
	for _, subj := range subjects {
		out = append(out, subjectSummary{
			ID: subj.ID, Kind: subj.Kind, Name: subj.Name, CreatedAt: subj.CreatedAt, UpdatedAt: subj.UpdatedAt,
		})
	}
	s.writeJSON(w, r, http.StatusOK, struct {
		Subjects []subjectSummary `json:"subjects"`
		Total    int              `json:"total"`
	}{out, total})
}

// subjectResponse is a stored subject: its document as given, and what the store keeps about it.
type subjectResponse struct {
	Subject   *vigil.Subject `json:"subject"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
	// ScreenedAt is the as-of time of the last screening; null if the subject was never screened.
	ScreenedAt *time.Time `json:"screened_at"`
}

// handleGetSubject answers GET /api/v1/subjects/{id}.
func (s *Server) handleGetSubject(w http.ResponseWriter, r *http.Request) {
	id, err := pathSubjectID(r)
	if err == nil {
		err = parseQuery(r).err()
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	subj, err := s.Store.FindSubjectByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	resp := subjectResponse{Subject: subj, CreatedAt: subj.CreatedAt, UpdatedAt: subj.UpdatedAt}
	if !subj.ScreenedAt.IsZero() {
		at := subj.ScreenedAt
		resp.ScreenedAt = &at
	}
	s.writeJSON(w, r, http.StatusOK, resp)
}

// handleGetReport answers GET /api/v1/subjects/{id}/report: the current report, as of the last screening.
func (s *Server) handleGetReport(w http.ResponseWriter, r *http.Request) {
	id, err := pathSubjectID(r)
	if err == nil {
		err = parseQuery(r).err()
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	report, err := s.Engine.Report(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, report)
}

// handleDeleteSubject answers DELETE /api/v1/subjects/{id}: erasure of the subject and everything stored about
// it; the audit log records that the token's user erased it.
func (s *Server) handleDeleteSubject(w http.ResponseWriter, r *http.Request) {
	id, err := pathSubjectID(r)
	if err == nil {
		err = parseQuery(r).err()
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Engine.EraseSubject(r.Context(), id, actorName(r.Context())); err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Del("Content-Type")
	w.WriteHeader(http.StatusNoContent)
}
