// Command vigil screens candidates and staff for signs of DPRK IT workers hired under false identities: it
// checks them against sanctions lists and each other, explains every finding, scores the risk and opens cases
// for people to decide. This file only wires flags, the store, the engine and the server together.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // residence time zones validate the same on every machine

	"github.com/alecthomas/kong"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/engine"
	"github.com/vigil-sec/vigil/postgres"
	"github.com/vigil-sec/vigil/score"
	"github.com/vigil-sec/vigil/sqlite"
)

// Build information, set with -ldflags "-X main.version=…".
var (
	version = "dev"
	commit  = ""
)

// Exit codes, as ARCHITECTURE.md fixes them.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain(os.Stdin, os.Stdout, os.Stderr)
	code := m.Run(ctx, os.Args[1:])
	m.Close()
	os.Exit(code)
}

// Main is the program: its streams, its parsed command and what it opened. Tests run it in-process.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	store          vigil.Store
	engine         *engine.Engine
	logger         *slog.Logger
}

// NewMain returns a Main over the given streams.
func NewMain(stdin io.Reader, stdout, stderr io.Writer) *Main {
	return &Main{Stdin: stdin, Stdout: stdout, Stderr: stderr}
}

// Run parses args, runs the command and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	var cli CLI
	exitCode := -1
	parser, err := kong.New(&cli,
		kong.Name("vigil"),
		kong.Description("Vigil keeps DPRK IT workers hired under false identities out, and finds them when they got in."),
		kong.UsageOnError(),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.Writers(m.Stdout, m.Stderr),
		kong.Exit(func(code int) { exitCode = code }),
		kong.Vars{"version": version},
		kong.Bind(m),
		kong.BindTo(ctx, (*context.Context)(nil)),
	)
	if err != nil {
		fmt.Fprintf(m.Stderr, "vigil: %v\n", err)
		return exitFailure
	}
	kctx, err := parser.Parse(args)
	if exitCode >= 0 { // --help and friends
		return exitCode
	}
	if err != nil {
		fmt.Fprintf(m.Stderr, "vigil: %v\n", err)
		return exitUsage
	}
	m.logger = newLogger(m.Stderr, cli.LogLevel)
	kctx.Bind(&cli.Globals)
	if err := kctx.Run(); err != nil {
		return m.report(err)
	}
	return exitOK
}

// report prints err for a person and picks the exit code: 2 for bad input or usage, 1 for anything else.
func (m *Main) report(err error) int {
	var exit exitError
	if errors.As(err, &exit) {
		if exit.msg != "" {
			fmt.Fprintln(m.Stderr, "vigil: "+exit.msg)
		}
		return exit.code
	}
	switch vigil.ErrorCode(err) {
	case vigil.EINVALID, vigil.ENOTFOUND, vigil.ECONFLICT:
		fmt.Fprintf(m.Stderr, "vigil: %s\n", vigil.ErrorMessage(err))
		return exitUsage
	case vigil.EINTERNAL:
		fmt.Fprintf(m.Stderr, "vigil: %v\n", err)
		return exitFailure
	default:
		fmt.Fprintf(m.Stderr, "vigil: %s\n", vigil.ErrorMessage(err))
		return exitFailure
	}
}

// exitError ends a command with a given code after it has printed what it had to.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// Close releases what Run opened.
func (m *Main) Close() error {
	if m.store != nil {
		err := m.store.Close()
		m.store = nil
		return err
	}
	return nil
}

// openStore opens the database --db names: a postgres:// URL or a SQLite file path.
func (m *Main) openStore(ctx context.Context, g *Globals) (vigil.Store, error) {
	if m.store != nil {
		return m.store, nil
	}
	var (
		s   vigil.Store
		err error
	)
	if isPostgresURL(g.DB) {
		s, err = postgres.Open(ctx, g.DB)
	} else {
		s, err = sqlite.Open(ctx, g.DB)
	}
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", redactURL(g.DB), err)
	}
	m.store = s
	return s, nil
}

// openEngine opens the store and compiles its lists into the watch-list.
func (m *Main) openEngine(ctx context.Context, g *Globals) (*engine.Engine, error) {
	if m.engine != nil {
		return m.engine, nil
	}
	store, err := m.openStore(ctx, g)
	if err != nil {
		return nil, err
	}
	policy := score.DefaultPolicy()
	if g.Policy != "" {
		if policy, err = score.LoadPolicy(g.Policy); err != nil {
			return nil, vigil.Errorf(vigil.EINVALID, "policy %s: %v", g.Policy, err)
		}
	}
	e := engine.New(store, policy)
	e.Logger = m.logger
	if err := e.LoadWatchlist(ctx); err != nil {
		return nil, err
	}
	m.engine = e
	return e, nil
}

func isPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// redactURL hides a password in a database URL before it is printed.
func redactURL(dsn string) string {
	if !isPostgresURL(dsn) {
		return dsn
	}
	scheme, rest, _ := strings.Cut(dsn, "://")
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		if user, _, hasPass := strings.Cut(rest[:at], ":"); hasPass {
			return scheme + "://" + user + ":***@" + rest[at+1:]
		}
	}
	return dsn
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelWarn
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
