package main

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/engine"
	vigilhttp "github.com/vigil-sec/vigil/http"
)

// ServeCmd serves the API.
type ServeCmd struct {
	Addr       string        `help:"Address to listen on." default:"127.0.0.1:8080" env:"VIGIL_ADDR"`
	AdminToken string        `help:"Bootstrap token for the user admin (default: one is made and printed at first start)." env:"VIGIL_ADMIN_TOKEN"`
	ListMaxAge time.Duration `help:"Flag lists older than this as stale." default:"168h" env:"VIGIL_LIST_MAX_AGE"`
}

func (c *ServeCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	e, err := m.openEngine(ctx, g)
	if err != nil {
		return err
	}
	return m.serve(ctx, e, c.Addr, c.AdminToken, c.ListMaxAge)
}

func (m *Main) serve(ctx context.Context, e *engine.Engine, addr, adminToken string, listMaxAge time.Duration) error {
	if err := m.bootstrapToken(ctx, e.Store, adminToken); err != nil {
		return err
	}
	srv := vigilhttp.NewServer()
	srv.Addr = addr
	srv.Engine = e
	srv.Store = e.Store
	srv.Logger = m.logger
	srv.ListMaxAge = listMaxAge
	if err := srv.Open(); err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	fmt.Fprintf(m.Stdout, "Vigil API listening on %s/api/v1 (health %s/healthz, metrics %s/metrics). Stop with Ctrl-C.\n", srv.URL(), srv.URL(), srv.URL())
	<-ctx.Done()
	fmt.Fprintln(m.Stderr, "Shutting down: finishing requests in flight…")
	return srv.Close()
}

// bootstrapToken makes sure someone can call the API: the token given in VIGIL_ADMIN_TOKEN, or, when the store
// has no active token at all, a new one for "admin" printed once.
func (m *Main) bootstrapToken(ctx context.Context, store vigil.Store, given string) error {
	if given != "" {
		if len(given) < 24 {
			return vigil.Errorf(vigil.EINVALID, "VIGIL_ADMIN_TOKEN is too short to be a secret: use at least 24 random characters (or `vigil tokens create NAME`)")
		}
		hash := vigil.HashToken(given)
		if _, err := store.AuthenticateToken(ctx, hash); err == nil {
			return nil
		}
		_, err := store.CreateToken(ctx, "admin", vigil.TokenPrefix(given), hash)
		return err
	}
	tokens, err := store.FindTokens(ctx)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		if t.RevokedAt == nil {
			return nil
		}
	}
	secret, hash := vigil.NewTokenSecret()
	if _, err := store.CreateToken(ctx, "admin", vigil.TokenPrefix(secret), hash); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Bootstrap API token for user admin (shown once; create named tokens with `vigil tokens create NAME`):\n  %s\n", secret)
	return nil
}
