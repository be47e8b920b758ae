package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/alecthomas/kong"
)

// CLI is the command tree. Every flag has a VIGIL_* environment equivalent.
type CLI struct {
	Globals

	Demo     DemoCmd     `cmd:"" help:"Build a demo database from fictional lists and ~60 synthetic people, screen them and print the result."`
	Serve    ServeCmd    `cmd:"" help:"Serve the JSON API (/api/v1), /healthz and /metrics."`
	Screen   ScreenCmd   `cmd:"" help:"Screen one subject document, or NDJSON of many, and print the reports."`
	Report   ReportCmd   `cmd:"" help:"Print the current report of a stored subject."`
	Rescreen RescreenCmd `cmd:"" help:"Screen every stored subject again against the current lists."`
	Search   SearchCmd   `cmd:"" help:"Search the imported lists for a name."`
	Lists    ListsCmd    `cmd:"" help:"Import, update and show sanctions lists."`
	Tokens   TokensCmd   `cmd:"" help:"Create, list and revoke API tokens."`
	Migrate  MigrateCmd  `cmd:"" help:"Bring the database schema up to date (every command also does this when it opens the database)."`
	Version  VersionCmd  `cmd:"" help:"Print the version."`
}

// Globals are the flags every command takes.
type Globals struct {
	DB       string `help:"Database: a SQLite file path (default vigil.db in the working directory) or a postgres:// URL." default:"vigil.db" env:"VIGIL_DB" placeholder:"PATH|URL"`
	Policy   string `help:"Scoring policy YAML file (default: the embedded policy)." env:"VIGIL_POLICY" type:"existingfile" placeholder:"FILE"`
	LogLevel string `help:"Log level: debug, info, warn, error." default:"warn" env:"VIGIL_LOG_LEVEL" enum:"debug,info,warn,error"`
}

// ListsCmd groups the list commands.
type ListsCmd struct {
	Import ListsImportCmd `cmd:"" help:"Import list files (OFAC sdn/alt/add/sdn_comments CSV, UN consolidated XML); formats are detected from content."`
	Update ListsUpdateCmd `cmd:"" help:"Download the current lists from their publishers and import them."`
	Ls     ListsLsCmd     `cmd:"" help:"Show the imported list versions and their age."`
}

// TokensCmd groups the token commands.
type TokensCmd struct {
	Create TokensCreateCmd `cmd:"" help:"Create an API token for a named user and print it once."`
	Revoke TokensRevokeCmd `cmd:"" help:"Revoke a token by ID, or every token of a user by name."`
	Ls     TokensLsCmd     `cmd:"" help:"List tokens (never their secrets)."`
}

// dateFlag is a YYYY-MM-DD date or an RFC 3339 time given on the command line.
type dateFlag struct{ time.Time }

func (d *dateFlag) Decode(ctx *kong.DecodeContext) error {
	var s string
	if err := ctx.Scan.PopValueInto("time", &s); err != nil {
		return err
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			d.Time = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("%q is not a date (YYYY-MM-DD) or an RFC 3339 time", s)
}

// VersionCmd prints the version.
type VersionCmd struct{}

func (c *VersionCmd) Run(m *Main) error {
	fmt.Fprintln(m.Stdout, versionString())
	return nil
}

// versionString names the build: the version set at link time, or else the module version and the commit the
// Go toolchain recorded.
func versionString() string {
	v, rev, dirty := version, commit, false
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if rev == "" {
					rev = s.Value
				}
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	out := "vigil " + v
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		out += " (" + rev
		if dirty {
			out += ", modified"
		}
		out += ")"
	}
	return out + " " + runtime.Version()
}
