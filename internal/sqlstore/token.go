package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/vigil-sec/vigil"
)

// tokenAdmin is the actor of token changes in the audit log: only an administrator, through the CLI on the
// server's machine, creates and revokes tokens, and the TokenService does not say which one.
const tokenAdmin = "admin"

// CreateToken stores a token for the named user under hash (see vigil.NewTokenSecret) and logs it as
// "token.create". EINVALID for a bad name, prefix or hash; ECONFLICT for a hash already stored.
func (s *Store) CreateToken(ctx context.Context, name, prefix, hash string) (*vigil.Token, error) {
	if err := vigil.ValidateUserName(name); err != nil {
		return nil, err
	}
	if hash == "" || len(hash) > 128 || !storableText(hash) {
		return nil, vigil.Errorf(vigil.EINVALID, "hash: a token hash of 1–128 characters is required")
	}
	if len(prefix) > 32 || !storableText(prefix) {
		return nil, vigil.Errorf(vigil.EINVALID, "prefix: up to 32 characters of the secret are allowed")
	}
	tx, err := s.beginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	t := &vigil.Token{Name: name, Prefix: prefix, CreatedAt: tx.now}
	if err := tx.QueryRowContext(ctx, `
		INSERT INTO tokens (name, prefix, hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		name, prefix, hash, tx.timeArg(t.CreatedAt)).Scan(&t.ID); err != nil {
		return nil, fmt.Errorf("create token for %s: %w", name, tx.formatError(err))
	}
	if err := insertAuditEvent(ctx, tx, &vigil.AuditEvent{
		Actor: tokenAdmin, Action: "token.create", Target: fmt.Sprintf("token:%d", t.ID),
		Detail: fmt.Sprintf("token %s… for %s", prefix, name),
	}); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("create token for %s: %w", name, tx.formatError(err))
	}
	return t, nil
}

// FindTokens lists tokens, revoked ones included, oldest first.
func (s *Store) FindTokens(ctx context.Context) ([]*vigil.Token, error) {
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findTokens(ctx, tx, "", nil)
}

// RevokeToken revokes the active token with the given numeric ID or, when no active token has that ID, every
// active token of the user with that name (user names may be digits too), logs it as "token.revoke" and returns
// how many were revoked. ENOTFOUND if none was active.
func (s *Store) RevokeToken(ctx context.Context, idOrName string) (int, error) {
	tx, err := s.beginTx(ctx, false)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var revoked []*vigil.Token
	if id, err := strconv.ParseInt(idOrName, 10, 64); err == nil {
		if revoked, err = findTokens(ctx, tx, "id = $1 AND revoked_at IS NULL", id); err != nil {
			return 0, err
		}
	}
	if len(revoked) == 0 {
		if revoked, err = findTokens(ctx, tx, "name = $1 AND revoked_at IS NULL", idOrName); err != nil {
			return 0, err
		}
	}
	if len(revoked) == 0 {
		return 0, vigil.Errorf(vigil.ENOTFOUND, "no active token has the ID or user name %s", vigil.Quote(idOrName))
	}
	for _, t := range revoked {
		if _, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = $2 WHERE id = $1`, t.ID, tx.timeArg(tx.now)); err != nil {
			return 0, fmt.Errorf("revoke token %d: %w", t.ID, tx.formatError(err))
		}
		if err := insertAuditEvent(ctx, tx, &vigil.AuditEvent{
			Actor: tokenAdmin, Action: "token.revoke", Target: fmt.Sprintf("token:%d", t.ID),
			Detail: fmt.Sprintf("token %s… of %s", t.Prefix, t.Name),
		}); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("revoke tokens: %w", tx.formatError(err))
	}
	return len(revoked), nil
}

// AuthenticateToken returns the active token whose secret hashes to hash. EUNAUTHORIZED otherwise, with the
// same message whether the token is unknown or revoked.
func (s *Store) AuthenticateToken(ctx context.Context, hash string) (*vigil.Token, error) {
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	tokens, err := findTokens(ctx, tx, "hash = $1 AND revoked_at IS NULL", hash)
	if err != nil {
		return nil, err
	} else if len(tokens) == 0 {
		return nil, vigil.Errorf(vigil.EUNAUTHORIZED, "the token is not valid: unknown or revoked")
	}
	return tokens[0], nil
}

// findTokens returns the tokens matching where (with its one argument), or all tokens for an empty where.
func findTokens(ctx context.Context, tx *Tx, where string, arg any) ([]*vigil.Token, error) {
	if s, ok := arg.(string); ok && !storableText(s) {
		return nil, nil // no token has such a name or hash
	}
	var args []any
	if where != "" {
		where, args = "WHERE "+where, []any{arg}
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT id, name, prefix, created_at, revoked_at FROM tokens `+where+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("find tokens: %w", err)
	}
	defer rows.Close()
	var tokens []*vigil.Token
	for rows.Next() {
		var (
			t         vigil.Token
			revokedAt time.Time
		)
		if err := rows.Scan(&t.ID, &t.Name, &t.Prefix, (*nullTime)(&t.CreatedAt), (*nullTime)(&revokedAt)); err != nil {
			return nil, fmt.Errorf("find tokens: %w", err)
		}
		if !revokedAt.IsZero() {
			t.RevokedAt = &revokedAt
		}
		tokens = append(tokens, &t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find tokens: %w", err)
	}
	return tokens, nil
}
