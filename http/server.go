package http

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/engine"
	"github.com/vigil-sec/vigil/match"
	"github.com/vigil-sec/vigil/source"
)

// Engine is what the API needs of the screening engine; *engine.Engine satisfies it.
type Engine interface {
	Screen(ctx context.Context, s *vigil.Subject, opt engine.ScreenOptions) (*vigil.Report, error)
	Report(ctx context.Context, id string) (*vigil.Report, error)
	Search(ctx context.Context, q match.Query, limit int, minScore float64) ([]engine.SearchHit, error)
	ImportLists(ctx context.Context, files []source.File, opt engine.ImportOptions) (*engine.ImportSummary, error)
	DecideMatch(ctx context.Context, findingID int64, outcome, rationale, actor string) (*vigil.Finding, error)
	Rescreen(ctx context.Context, asOf time.Time, actor string) (*engine.RescreenSummary, error)
	EraseSubject(ctx context.Context, id, actor string) error
}

var _ Engine = (*engine.Engine)(nil)

// Default timeouts. A request reading or writing slower than these is cut off, so that slow clients cannot
// hold connections open; the bulk routes (NDJSON screening, list import, re-screen) get BulkTimeout instead.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 60 * time.Second
	DefaultWriteTimeout      = 2 * time.Minute
	DefaultIdleTimeout       = 2 * time.Minute
	DefaultBulkTimeout       = 30 * time.Minute
	DefaultShutdownTimeout   = 30 * time.Second
	DefaultMaxHeaderBytes    = 64 << 10
)

// Server is the HTTP server of `vigil serve`. Set the exported fields, then call Open; or mount Handler in a
// server of your own (tests use httptest).
type Server struct {
	// Addr is the address to listen on; ":0" picks a free port (see URL).
	Addr   string
	Engine Engine
	Store  vigil.Store
	Logger *slog.Logger
	// Registry is the private Prometheus registry /metrics serves. NewServer creates it with Vigil's metrics
	// and the Go and process collectors; add collectors of your own to it, do not replace it.
	Registry *prometheus.Registry
	// ListMaxAge is the age past which GET /api/v1/lists marks a list stale (0: never).
	ListMaxAge time.Duration

	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	BulkTimeout       time.Duration
	// Body limits; zero means the default (MaxSubjectBodyBytes, MaxNDJSONBodyBytes, MaxImportBodyBytes).
	MaxSubjectBytes int64
	MaxNDJSONBytes  int64
	MaxImportBytes  int64

	// ShutdownTimeout bounds how long Close waits for requests in flight before cutting them off.
	ShutdownTimeout time.Duration
	MaxHeaderBytes  int

	// Now is the clock for list freshness; tests fix it.
	Now func() time.Time

	metrics     *metrics
	handlerOnce sync.Once
	handler     http.Handler

	mu     sync.Mutex
	ln     net.Listener
	server *http.Server
	served chan struct{} // closed when Serve returns
}

// NewServer returns a server with default limits and a fresh metrics registry.
func NewServer() *Server {
	s := &Server{
		Logger:            slog.New(slog.DiscardHandler),
		Registry:          prometheus.NewRegistry(),
		ReadHeaderTimeout: DefaultReadHeaderTimeout,
		ReadTimeout:       DefaultReadTimeout,
		WriteTimeout:      DefaultWriteTimeout,
		IdleTimeout:       DefaultIdleTimeout,
		BulkTimeout:       DefaultBulkTimeout,
		ShutdownTimeout:   DefaultShutdownTimeout,
		MaxHeaderBytes:    DefaultMaxHeaderBytes,
		Now:               time.Now,
	}
	s.metrics = newMetrics(s)
	s.metrics.register(s.Registry)
	return s
}

func (s *Server) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

func (s *Server) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Open listens on Addr and serves in a goroutine. Listening synchronously reports a taken port at once.
func (s *Server) Open() error {
	if s.Engine == nil || s.Store == nil {
		return errors.New("http server: Engine and Store are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln != nil {
		return errors.New("http server: already open")
	}
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.Addr, err)
	}
	s.ln = ln
	s.server = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: s.ReadHeaderTimeout,
		ReadTimeout:       s.ReadTimeout,
		WriteTimeout:      s.WriteTimeout,
		IdleTimeout:       s.IdleTimeout,
		MaxHeaderBytes:    s.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.logger().Handler(), slog.LevelWarn),
	}
	s.served = make(chan struct{})
	go func(srv *http.Server, done chan struct{}) {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logger().Error("http server stopped", "error", err)
		}
	}(s.server, s.served)
	s.logger().Info("http server listening", "url", s.urlLocked())
	return nil
}

// URL returns the base URL of the open server; an unspecified listen address is shown as 127.0.0.1.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.urlLocked()
}

func (s *Server) urlLocked() string {
	if s.ln == nil {
		return ""
	}
	addr, ok := s.ln.Addr().(*net.TCPAddr)
	if !ok {
		return "http://" + s.ln.Addr().String()
	}
	host := "127.0.0.1"
	if !addr.IP.IsUnspecified() {
		host = addr.IP.String()
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(addr.Port))
}

// Close stops accepting connections and waits up to ShutdownTimeout for requests in flight to finish; then it
// closes the connections that are left. It returns an error if it had to cut requests off.
func (s *Server) Close() error {
	s.mu.Lock()
	srv, done := s.server, s.served
	s.server, s.ln = nil, nil
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	timeout := s.ShutdownTimeout
	if timeout <= 0 {
		timeout = DefaultShutdownTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := srv.Shutdown(ctx)
	if err != nil {
		err = fmt.Errorf("shut down http server: requests still running after %s were cut off: %w", timeout, err)
		srv.Close()
	}
	<-done
	return err
}

// Handler returns the server's handler: every route with its middleware.
func (s *Server) Handler() http.Handler {
	s.handlerOnce.Do(func() { s.handler = s.routes() })
	return s.handler
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(s.logger().Handler(), slog.LevelError),
		Registry: s.Registry,
	}))

	// Reads need a token; changes need a token and a same-origin (or non-browser) request.
	read := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.authenticate(h)) }
	write := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.crossOrigin(s.authenticate(h))) }

	write("POST /api/v1/subjects", s.handleCreateSubject)
	write("POST /api/v1/screen", s.handleScreen)
	read("GET /api/v1/subjects", s.handleListSubjects)
	read("GET /api/v1/subjects/{id}", s.handleGetSubject)
	read("GET /api/v1/subjects/{id}/report", s.handleGetReport)
	write("DELETE /api/v1/subjects/{id}", s.handleDeleteSubject)

	read("GET /api/v1/findings", s.handleListFindings)
	read("GET /api/v1/findings/{id}", s.handleGetFinding)
	write("POST /api/v1/findings/{id}/decision", s.handleDecideFinding)

	read("GET /api/v1/cases", s.handleListCases)
	read("GET /api/v1/cases/{id}", s.handleGetCase)
	write("PATCH /api/v1/cases/{id}", s.handleUpdateCase)

	read("GET /api/v1/lists", s.handleListLists)
	write("POST /api/v1/lists/import", s.handleImportLists)
	write("POST /api/v1/rescreen", s.handleRescreen)

	read("GET /api/v1/search", s.handleSearch)
	read("GET /api/v1/audit", s.handleListAudit)

	// Everything else: 404, or 405 when the path exists under another method. A catch-all replaces the
	// mux's own plain-text answers so that every error is the same JSON.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.handleUnmatched(w, r, mux) })

	return s.observe(s.recoverPanic(securityHeaders(mux)))
}

// handleUnmatched answers a request no route took: 405 with Allow when another method of the path has a
// route, else 404.
func (s *Server) handleUnmatched(w http.ResponseWriter, r *http.Request, mux *http.ServeMux) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.Error(w, r, vigil.Errorf(EMETHOD, "%s is not allowed on %s; use %s", r.Method, r.URL.Path, strings.Join(allowed, ", ")))
		return
	}
	s.Error(w, r, vigil.Errorf(vigil.ENOTFOUND, "no route %s %s; the API is under /api/v1 (see docs/api.md)", r.Method, vigil.Quote(r.URL.Path)))
}

// handleHealth answers GET /healthz: 200 when the store answers within two seconds, else 503.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	active := true
	if _, err := s.Store.FindListVersions(ctx, vigil.ListVersionFilter{Active: &active}); err != nil {
		s.logger().ErrorContext(ctx, "health check: store does not answer", "error", err)
		s.writeJSON(w, r, http.StatusServiceUnavailable, ErrorResponse{Error: ErrorDetail{
			Code: "unavailable", Message: "the store does not answer",
		}})
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
}

// securityHeaders sets the headers every response carries: JSON by default, never sniffed as anything else,
// never cached (responses hold personal data), never framed or run as a document.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses state-changing requests that browsers mark as cross-origin (Sec-Fetch-Site, Origin),
// answering with the API's JSON error.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, vigil.Errorf(EFORBIDDEN, "cross-origin request refused: the API changes nothing for another site's page"))
	}))
	return cop.Handler(next)
}

type contextKey int

const (
	tokenKey contextKey = iota
	requestInfoKey
)

// requestInfo is what the request log needs to know from inside the handler chain.
type requestInfo struct {
	id    string
	actor string // set once the token is known
}

// authenticate lets a request through only with `Authorization: Bearer <token>` of an active token, whose user
// then is the actor of everything the request does.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secret, given := bearerToken(r)
		if secret == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="vigil"`)
			msg := "this route needs a token: send Authorization: Bearer <token> (create one with `vigil tokens create NAME`)"
			if given {
				msg = "the Authorization header is not of the form Bearer <token>"
			}
			s.Error(w, r, vigil.Errorf(vigil.EUNAUTHORIZED, "%s", msg))
			return
		}
		tok, err := s.Store.AuthenticateToken(r.Context(), vigil.HashToken(secret))
		if err != nil {
			if vigil.ErrorCode(err) == vigil.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", `Bearer realm="vigil", error="invalid_token"`)
				err = vigil.Errorf(vigil.EUNAUTHORIZED, "the token is unknown or revoked")
			}
			s.Error(w, r, err)
			return
		}
		if info, ok := r.Context().Value(requestInfoKey).(*requestInfo); ok {
			info.actor = tok.Name
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), tokenKey, tok)))
	})
}

// maxTokenBytes bounds what is hashed; Vigil's secrets are 56 characters.
const maxTokenBytes = 512

// bearerToken returns the token of an Authorization header (the scheme is case-insensitive, RFC 6750) and
// whether the header was given at all.
func bearerToken(r *http.Request) (token string, given bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, token, ok := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" || len(token) > maxTokenBytes || strings.ContainsAny(token, " \t") {
		return "", true
	}
	return token, true
}

// actorName is the user a request acts as: the name of its token.
func actorName(ctx context.Context) string {
	if tok, ok := ctx.Value(tokenKey).(*vigil.Token); ok {
		return tok.Name
	}
	return ""
}

func requestID(ctx context.Context) string {
	if info, ok := ctx.Value(requestInfoKey).(*requestInfo); ok {
		return info.id
	}
	return ""
}

func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusRecorder remembers the status a handler wrote, for logs and metrics. Unwrap lets
// http.ResponseController reach the connection to extend deadlines.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives each request an ID, and logs and counts it by route pattern and status.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{id: newRequestID()}
		w.Header().Set("X-Request-Id", info.id)
		r = r.WithContext(context.WithValue(r.Context(), requestInfoKey, info))
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			route := r.Pattern
			if route == "" || route == "/" {
				route = "unmatched"
			}
			elapsed := time.Since(start)
			s.metrics.observeRequest(route, status, elapsed)
			level := slog.LevelInfo
			if route == "GET /metrics" || route == "GET /healthz" {
				level = slog.LevelDebug
			}
			s.logger().LogAttrs(r.Context(), level, "request",
				slog.String("method", r.Method), slog.String("route", route), slog.String("path", r.URL.Path),
				slog.Int("status", status), slog.Duration("took", elapsed), slog.String("actor", info.actor),
				slog.String("request_id", info.id))
		}()
		next.ServeHTTP(rec, r)
	})
}

// recoverPanic turns a panic in a handler into a logged 500 instead of a dropped connection.
func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Error(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func orDefault(n, def int64) int64 {
	if n <= 0 {
		return def
	}
	return n
}

func (s *Server) maxSubjectBytes() int64 { return orDefault(s.MaxSubjectBytes, MaxSubjectBodyBytes) }
func (s *Server) maxNDJSONBytes() int64  { return orDefault(s.MaxNDJSONBytes, MaxNDJSONBodyBytes) }
func (s *Server) maxImportBytes() int64  { return orDefault(s.MaxImportBytes, MaxImportBodyBytes) }

// extendDeadlines gives a bulk request BulkTimeout to be read and answered. It is best effort: a writer
// that cannot (httptest's recorder) keeps the server's timeouts.
func (s *Server) extendDeadlines(w http.ResponseWriter) {
	d := s.BulkTimeout
	if d <= 0 {
		d = DefaultBulkTimeout
	}
	rc := http.NewResponseController(w)
	deadline := time.Now().Add(d)
	_ = rc.SetReadDeadline(deadline)
	_ = rc.SetWriteDeadline(deadline)
}
