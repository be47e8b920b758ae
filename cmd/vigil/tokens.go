package main

import (
	"context"
	"fmt"

	"github.com/vigil-sec/vigil"
)

// TokensCreateCmd creates a token.
type TokensCreateCmd struct {
	Name string `arg:"" help:"The user the token acts as; every decision made with it names this user."`
}

func (c *TokensCreateCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	if err := vigil.ValidateUserName(c.Name); err != nil {
		return err
	}
	store, err := m.openStore(ctx, g)
	if err != nil {
		return err
	}
	secret, hash := vigil.NewTokenSecret()
	t, err := store.CreateToken(ctx, c.Name, vigil.TokenPrefix(secret), hash)
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, secret)
	fmt.Fprintf(m.Stderr, "Token %d for %s created. It is shown only this once; revoke it with `vigil tokens revoke %d`.\n", t.ID, t.Name, t.ID)
	return nil
}

// TokensRevokeCmd revokes tokens.
type TokensRevokeCmd struct {
	Token string `arg:"" help:"A token ID, or a user name to revoke all of that user's tokens." placeholder:"ID|NAME"`
}

func (c *TokensRevokeCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	store, err := m.openStore(ctx, g)
	if err != nil {
		return err
	}
	n, err := store.RevokeToken(ctx, c.Token)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Revoked %d token(s).\n", n)
	return nil
}

// TokensLsCmd lists tokens.
type TokensLsCmd struct{}

func (c *TokensLsCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	store, err := m.openStore(ctx, g)
	if err != nil {
		return err
	}
	tokens, err := store.FindTokens(ctx)
	if err != nil {
		return err
	}
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "ID\tUSER\tPREFIX\tCREATED\tREVOKED")
	for _, t := range tokens {
		revoked := "-"
		if t.RevokedAt != nil {
			revoked = t.RevokedAt.Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s…\t%s\t%s\n", t.ID, t.Name, t.Prefix, t.CreatedAt.Format("2006-01-02 15:04"), revoked)
	}
	return tw.Flush()
}

// MigrateCmd brings the schema up to date.
type MigrateCmd struct{}

func (c *MigrateCmd) Run(ctx context.Context, m *Main, g *Globals) error {
	// Opening a store applies its pending migrations in a transaction.
	if _, err := m.openStore(ctx, g); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Database %s is up to date.\n", redactURL(g.DB))
	return nil
}
