package http

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/engine"
	"github.com/vigil-sec/vigil/source"
)

// listStatus is a list's active version with its freshness, and the versions it replaced.
type listStatus struct {
	*vigil.ListVersion
	// AgeDays is whole days from the date the data is as of to now.
	AgeDays int `json:"age_days"`
	// Stale is true when the data is older than the server's maximum list age: screening against it may miss
	// designations made since.
	Stale   bool                 `json:"stale"`
	History []*vigil.ListVersion `json:"history"`
}

// handleListLists answers GET /api/v1/lists: each list's active version with freshness, and its history.
func (s *Server) handleListLists(w http.ResponseWriter, r *http.Request) {
	if err := parseQuery(r).err(); err != nil {
		s.Error(w, r, err)
		return
	}
	versions, err := s.Store.FindListVersions(r.Context(), vigil.ListVersionFilter{})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	byList := map[string]*listStatus{}
	var history []*vigil.ListVersion
	for _, v := range versions {
		if v.Active {
			byList[v.List] = &listStatus{ListVersion: v, History: []*vigil.ListVersion{}}
		} else {
			history = append(history, v)
		}
	}
	for _, v := range history { // newest first, as the store returns them
		if ls := byList[v.List]; ls != nil {
			ls.History = append(ls.History, v)
		}
	}
	now := s.now()
	out := make([]*listStatus, 0, len(byList))
	for _, ls := range byList {
		age := now.Sub(ls.AsOf)
		ls.AgeDays = max(0, int(age/(24*time.Hour)))
		ls.Stale = s.ListMaxAge > 0 && age > s.ListMaxAge
		out = append(out, ls)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].List < out[j].List })
	s.writeJSON(w, r, http.StatusOK, struct {
		Lists      []*listStatus `json:"lists"`
		MaxAgeDays int           `json:"max_age_days,omitempty"`
	}{out, int(s.ListMaxAge / (24 * time.Hour))})
}

// Bounds of a list upload beyond its total size.
const (
	maxImportFiles    = 16
	maxFileNameBytes  = 255
	maxFormValueBytes = 64
)

// handleImportLists answers POST /api/v1/lists/import: multipart/form-data with one or more `file` parts, an
// optional `as_of` (YYYY-MM-DD), an optional `force` (true: import a version older than the active one, or
// one that drops more than a tenth of its entries) and an optional `format` that every file must have (see
// source.Formats; by default each file's format is recognised from its content). A malformed file changes
// nothing.
func (s *Server) handleImportLists(w http.ResponseWriter, r *http.Request) {
	if err := parseQuery(r).err(); err != nil {
		s.Error(w, r, err)
		return
	}
	mt, params, err := mediaType(r)
	if err == nil && (mt != mediaMultipart || params["boundary"] == "") {
		err = vigil.Errorf(EMEDIATYPE, "Content-Type is %s; send %s with one or more file parts (curl: -F file=@sdn.csv)",
			describeMediaType(mt), mediaMultipart)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.extendDeadlines(w)
	body := http.MaxBytesReader(w, r.Body, s.maxImportBytes())
	form, err := readImportForm(multipart.NewReader(body, params["boundary"]))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	// The import and the re-screen that follows run to the end even if the client goes away: stopping
	// half-way would leave stored subjects unscreened against the new list.
	sum, err := s.Engine.ImportLists(context.WithoutCancel(r.Context()), form.files, engine.ImportOptions{
		AsOf: form.asOf, Force: form.force, Format: form.format, Actor: actorName(r.Context()),
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, sum)
}

// importForm is a list upload.
type importForm struct {
	files  []source.File
	asOf   time.Time
	force  bool
	format source.Format
}

// readImportForm reads the parts of a list upload, refusing anything it does not expect.
func readImportForm(mr *multipart.Reader) (*importForm, error) {
	form := &importForm{}
	seen := map[string]bool{}
	for n := 1; ; n++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, multipartError("multipart body", err)
		}
		switch part.FormName() {
		case "file":
			if len(form.files) == maxImportFiles {
				return nil, vigil.Errorf(vigil.EINVALID, "file: more than %d files; import them in several requests", maxImportFiles)
			}
			name := part.FileName()
			if err := validateFileName(name, n); err != nil {
				return nil, err
			}
			if seen[name] {
				return nil, vigil.Errorf(vigil.EINVALID, "file: %s is given twice", vigil.Quote(name))
			}
			seen[name] = true
			data, err := io.ReadAll(part)
			if err != nil {
				return nil, multipartError("file "+vigil.Quote(name), err)
			}
			if len(bytes.TrimSpace(data)) == 0 {
				return nil, vigil.Errorf(vigil.EINVALID, "file: %s is empty", vigil.Quote(name))
			}
			form.files = append(form.files, source.File{Name: name, Data: data})
		case "as_of":
			if !form.asOf.IsZero() {
				return nil, vigil.Errorf(vigil.EINVALID, "as_of: given more than once")
			}
			v, err := io.ReadAll(io.LimitReader(part, maxFormValueBytes+1))
			if err != nil {
				return nil, multipartError("as_of", err)
			}
			if form.asOf, err = time.Parse(time.DateOnly, strings.TrimSpace(string(v))); err != nil || len(v) > maxFormValueBytes {
				return nil, vigil.Errorf(vigil.EINVALID, "as_of: %s is not a date of the form YYYY-MM-DD", vigil.Quote(string(v)))
			}
		case "force":
			if seen["\x00force"] {
				return nil, vigil.Errorf(vigil.EINVALID, "force: given more than once")
			}
			seen["\x00force"] = true
			v, err := io.ReadAll(io.LimitReader(part, maxFormValueBytes+1))
			if err != nil {
				return nil, multipartError("force", err)
			}
			if form.force, err = strconv.ParseBool(strings.TrimSpace(string(v))); err != nil {
				return nil, vigil.Errorf(vigil.EINVALID, "force: %s is not true or false", vigil.Quote(string(v)))
			}
		case "format":
			if form.format != "" {
				return nil, vigil.Errorf(vigil.EINVALID, "format: given more than once")
			}
			v, err := io.ReadAll(io.LimitReader(part, maxFormValueBytes+1))
			if err != nil {
				return nil, multipartError("format", err)
			}
			f := source.Format(strings.TrimSpace(string(v)))
			if !slices.Contains(source.Formats(), f) {
				return nil, vigil.Errorf(vigil.EINVALID, "format: %s is not a list format Vigil reads; leave it out to detect each file's format", vigil.QuoteN(string(v), 64))
			}
			form.format = f
		default:
			return nil, vigil.Errorf(vigil.EINVALID, "form field %s is not expected; send file parts and optionally as_of, force and format",
				vigil.Quote(part.FormName()))
		}
	}
	if len(form.files) == 0 {
		return nil, vigil.Errorf(vigil.EINVALID, "file: at least one file part is required (curl: -F file=@sdn.csv)")
	}
	return form, nil
}

// validateFileName checks an uploaded file's name, which appears in list versions and reports.
func validateFileName(name string, part int) error {
	switch {
	case name == "":
		return vigil.Errorf(vigil.EINVALID, "file: part %d has no file name; send it as a file (curl: -F file=@sdn.csv)", part)
	case len(name) > maxFileNameBytes:
		return vigil.Errorf(vigil.EINVALID, "file: name %s is longer than %d bytes", vigil.Quote(name), maxFileNameBytes)
	case !utf8.ValidString(name):
		return vigil.Errorf(vigil.EINVALID, "file: name %s is not valid UTF-8", vigil.Quote(name))
	case name == "." || name == "..":
		return vigil.Errorf(vigil.EINVALID, "file: %s is not a file name", vigil.Quote(name))
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == '/' || r == '\\' || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			return vigil.Errorf(vigil.EINVALID, "file: name %s contains %U", vigil.Quote(name), r)
		}
	}
	return nil
}

// multipartError keeps a body-too-large error as it is (413) and makes any other a 400 naming the part.
func multipartError(what string, err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return err
	}
	return vigil.Errorf(vigil.EINVALID, "%s: %v", what, err)
}

// rescreenRequest is the optional body of POST /api/v1/rescreen.
type rescreenRequest struct {
	// AsOf fixes the time the checks are judged at: RFC 3339, or a date (midnight UTC). Empty: now.
	AsOf string `json:"as_of"`
}

// handleRescreen answers POST /api/v1/rescreen: every stored subject is screened again against the current
// lists. It runs to the end even if the client goes away.
func (s *Server) handleRescreen(w http.ResponseWriter, r *http.Request) {
	if err := parseQuery(r).err(); err != nil {
		s.Error(w, r, err)
		return
	}
	body, err := readBody(w, r, maxSmallBodyBytes)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var asOf time.Time
	if len(bytes.TrimSpace(body)) > 0 {
		var req rescreenRequest
		if err := requireJSON(r); err != nil {
			s.Error(w, r, err)
			return
		}
		if err := decodeStrict(body, &req); err != nil {
			s.Error(w, r, err)
			return
		}
		if req.AsOf != "" {
			if asOf, err = parseTimeOrDate(req.AsOf); err != nil {
				s.Error(w, r, vigil.Errorf(vigil.EINVALID, "as_of: %v", err))
				return
			}
		}
	}
	s.extendDeadlines(w)
	sum, err := s.Engine.Rescreen(context.WithoutCancel(r.Context()), asOf, actorName(r.Context()))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, sum)
}
