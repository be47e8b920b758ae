// Package http serves Vigil's JSON API (/api/v1), its health check (/healthz) and its Prometheus metrics
// (/metrics). It holds no business logic: every route validates its input, calls the engine or the store, and
// turns the result or the error into JSON. Errors map from vigil codes to HTTP statuses in one table (codes).
package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/vigil-sec/vigil"
)

// Error codes of the HTTP layer itself, for failures that never reach a service: the transport, not the
// domain, is at fault. They sit beside the vigil codes in the same table.
const (
	ETOOLARGE  = "too_large"              // the request body exceeds the route's limit
	EMETHOD    = "method_not_allowed"     // the route exists but not for this method
	EMEDIATYPE = "unsupported_media_type" // the body is not in a format the route reads
	EFORBIDDEN = "forbidden"              // a browser sent a cross-origin state-changing request
)

// codes maps every error code to its status; it is the only place where that decision is made.
//
// ENOLISTS is 409 Conflict, not 503: the server is healthy, but its state (no list imported) forbids the
// request until a user imports lists. A 503 would make load balancers and retrying clients treat a
// configuration gap as an outage and retry in vain.
var codes = map[string]int{
	vigil.EINVALID:      http.StatusBadRequest,
	vigil.EUNAUTHORIZED: http.StatusUnauthorized,
	EFORBIDDEN:          http.StatusForbidden,
	vigil.ENOTFOUND:     http.StatusNotFound,
	EMETHOD:             http.StatusMethodNotAllowed,
	vigil.ECONFLICT:     http.StatusConflict,
	vigil.ENOLISTS:      http.StatusConflict,
	ETOOLARGE:           http.StatusRequestEntityTooLarge,
	EMEDIATYPE:          http.StatusUnsupportedMediaType,
	vigil.EINTERNAL:     http.StatusInternalServerError,
}

// ErrorStatusCode returns the HTTP status for an error code; an unknown code is an internal error.
func ErrorStatusCode(code string) int {
	if status, ok := codes[code]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// ErrorResponse is the one shape of every error the API returns.
type ErrorResponse struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the body of an error: a stable code for programs, a message for people.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Line is the NDJSON line at fault, when there is one.
	Line int `json:"line,omitempty"`
}

// errorDetail classifies err for a response and logs it when it is internal. Internal details stay in the
// log; the client gets a bland message and the request ID to quote to an operator.
func (s *Server) errorDetail(r *http.Request, err error) (int, ErrorDetail) {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return http.StatusRequestEntityTooLarge, ErrorDetail{
			Code:    ETOOLARGE,
			Message: fmt.Sprintf("request body is larger than %s, the most this route accepts", formatBytes(tooLarge.Limit)),
		}
	}
	code := vigil.ErrorCode(err)
	status, known := codes[code]
	if code == vigil.EINTERNAL || !known {
		s.logger().LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("request_id", requestID(r.Context())), slog.String("actor", actorName(r.Context())),
			slog.String("error", err.Error()))
		return http.StatusInternalServerError, ErrorDetail{
			Code:    vigil.EINTERNAL,
			Message: fmt.Sprintf("Internal error (request %s); the server log has the details.", requestID(r.Context())),
		}
	}
	return status, ErrorDetail{Code: code, Message: vigil.ErrorMessage(err)}
}

// Error writes err as the API's error response.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	status, detail := s.errorDetail(r, err)
	s.writeJSON(w, r, status, ErrorResponse{Error: detail})
}

// writeJSON encodes v fully before writing anything, so that an encoding failure still gives a clean 500
// rather than half a body. encoding/json escapes <, > and & so that no value can become markup in a browser.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		s.logger().ErrorContext(r.Context(), "encode response", "path", r.URL.Path, "error", err)
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":{"code":"internal","message":"Internal error: the response could not be encoded."}}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Body size limits per route. They bound what one request makes the server read and hold in memory.
const (
	MaxSubjectBodyBytes = 2 << 20   // one subject document, or a small JSON body
	MaxNDJSONBodyBytes  = 64 << 20  // NDJSON of many subject documents
	MaxImportBodyBytes  = 256 << 20 // list files in one multipart upload
	maxSmallBodyBytes   = 64 << 10  // a case update, a decision, a re-screen request
)

// Media types the API reads.
const (
	mediaJSON      = "application/json"
	mediaNDJSON    = "application/x-ndjson"
	mediaMultipart = "multipart/form-data"
)

// mediaType returns the request's media type, refusing a charset other than UTF-8 (the only one Vigil reads).
// An absent Content-Type is "".
func mediaType(r *http.Request) (string, map[string]string, error) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return "", nil, nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", nil, vigil.Errorf(EMEDIATYPE, "Content-Type %s cannot be parsed: %v", vigil.Quote(ct), err)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return "", nil, vigil.Errorf(EMEDIATYPE, "charset %s is not supported; send UTF-8", vigil.Quote(cs))
	}
	return mt, params, nil
}

// requireJSON checks that a JSON body says so. Requiring the type is also a guard against cross-site form
// posts, which cannot send application/json without a CORS preflight.
func requireJSON(r *http.Request) error {
	mt, _, err := mediaType(r)
	if err != nil {
		return err
	}
	if mt != mediaJSON {
		return vigil.Errorf(EMEDIATYPE, "Content-Type is %s; send %s (curl: -H 'Content-Type: application/json')",
			describeMediaType(mt), mediaJSON)
	}
	return nil
}

func describeMediaType(mt string) string {
	if mt == "" {
		return "missing"
	}
	return vigil.Quote(mt)
}

// readBody reads a whole request body under limit; exceeding it yields the *http.MaxBytesError that Error
// turns into a 413.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, err
		}
		return nil, vigil.Errorf(vigil.EINVALID, "request body could not be read: %v", err)
	}
	return body, nil
}

// decodeStrict decodes a JSON object body into v (a pointer to a struct with json tags) strictly: valid
// UTF-8, one object, no unknown or repeated fields (all of them named at once), values of the right types.
// Repeated fields are refused because two parsers may keep different copies: what was validated must be
// what is used.
func decodeStrict(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return vigil.Errorf(vigil.EINVALID, "empty body: expected a JSON object")
	}
	if !utf8.Valid(data) {
		return vigil.Errorf(vigil.EINVALID, "body is not valid UTF-8")
	}
	known := jsonFields(reflect.TypeOf(v).Elem())
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil {
		return jsonSyntaxError(err)
	} else if d, ok := tok.(json.Delim); !ok || d != '{' {
		return vigil.Errorf(vigil.EINVALID, "body is a JSON %s; expected an object", jsonKind(tok))
	}
	seen := map[string]bool{}
	var unknown, repeated []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return jsonSyntaxError(err)
		}
		key, _ := tok.(string)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return jsonSyntaxError(err)
		}
		switch {
		case seen[key]:
			repeated = append(repeated, vigil.Quote(key))
		case !known[key]:
			unknown = append(unknown, vigil.Quote(key))
		}
		seen[key] = true
	}
	if _, err := dec.Token(); err != nil {
		return jsonSyntaxError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return vigil.Errorf(vigil.EINVALID, "body holds more than one JSON value; send one object")
	}
	var problems []string
	if len(unknown) > 0 {
		problems = append(problems, fmt.Sprintf("unknown field%s %s; the fields are %s",
			plural(len(unknown)), strings.Join(unknown, ", "), strings.Join(sortedKeys(known), ", ")))
	}
	if len(repeated) > 0 {
		problems = append(problems, fmt.Sprintf("field%s %s given more than once", plural(len(repeated)), strings.Join(repeated, ", ")))
	}
	if len(problems) > 0 {
		return vigil.Errorf(vigil.EINVALID, "%s", strings.Join(problems, "; "))
	}
	strict := json.NewDecoder(bytes.NewReader(data))
	strict.DisallowUnknownFields()
	if err := strict.Decode(v); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			field := typ.Field
			if field == "" {
				field = "body"
			}
			return vigil.Errorf(vigil.EINVALID, "%s: expected %s, got a JSON %s", field, describeGoType(typ.Type), typ.Value)
		}
		return jsonSyntaxError(err)
	}
	return nil
}

func jsonSyntaxError(err error) error {
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		return vigil.Errorf(vigil.EINVALID, "invalid JSON at byte %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return vigil.Errorf(vigil.EINVALID, "invalid JSON: the body ends early")
	}
	return vigil.Errorf(vigil.EINVALID, "invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

func jsonKind(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		return "array"
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "value"
}

func describeGoType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	case reflect.Struct:
		return "an object"
	case reflect.Slice:
		return "an array"
	}
	return t.String()
}

// jsonFields returns the JSON keys of a struct type, read from its tags.
func jsonFields(t reflect.Type) map[string]bool {
	fields := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		fields[name] = true
	}
	return fields
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
