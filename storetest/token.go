package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/vigil-sec/vigil"
)

func mustToken(t *testing.T, s vigil.Store, name string) (*vigil.Token, string) {
	t.Helper()
	secret, hash := vigil.NewTokenSecret()
	tok, err := s.CreateToken(context.Background(), name, vigil.TokenPrefix(secret), hash)
	noErr(t, err)
	return tok, hash
}

var tokenTests = []test{
	{"CreateAuthenticateRevoke", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		secret, hash := vigil.NewTokenSecret()
		tok, err := s.CreateToken(ctx, "alice", vigil.TokenPrefix(secret), hash)
		noErr(t, err)
		want := &vigil.Token{ID: tok.ID, Name: "alice", Prefix: vigil.TokenPrefix(secret), CreatedAt: tok.CreatedAt}
		diff(t, "created token", tok, want)
		isUTC(t, "token creation", tok.CreatedAt)

		got, err := s.AuthenticateToken(ctx, vigil.HashToken(secret))
		noErr(t, err)
		diff(t, "authenticated token", got, want)

		n, err := s.RevokeToken(ctx, fmt.Sprint(tok.ID))
		noErr(t, err)
		if n != 1 {
			t.Errorf("revoked %d tokens, want 1", n)
		}
		_, err = s.AuthenticateToken(ctx, hash)
		wantCode(t, err, vigil.EUNAUTHORIZED)
		tokens, err := s.FindTokens(ctx)
		noErr(t, err)
		if len(tokens) != 1 || tokens[0].RevokedAt == nil || !tokens[0].RevokedAt.After(tok.CreatedAt) {
			t.Fatalf("tokens %+v, want the one token revoked after its creation", tokens)
		}
		isUTC(t, "revocation", *tokens[0].RevokedAt)
		_, err = s.RevokeToken(ctx, fmt.Sprint(tok.ID))
		wantCode(t, err, vigil.ENOTFOUND)

		var actions []string
		events, _, err := s.FindAuditEvents(ctx, vigil.AuditFilter{})
		noErr(t, err)
		for _, e := range events {
			actions = append(actions, e.Action)
		}
		diff(t, "audited token changes", actions, []string{"token.revoke", "token.create"})
	}},
	{"RevokeByName", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		_, aliceHash1 := mustToken(t, s, "alice")
		_, aliceHash2 := mustToken(t, s, "alice")
		_, bobHash := mustToken(t, s, "bob")
		n, err := s.RevokeToken(ctx, "alice")
		noErr(t, err)
		if n != 2 {
			t.Errorf("revoked %d tokens of alice, want 2", n)
		}
		for _, h := range []string{aliceHash1, aliceHash2} {
			_, err := s.AuthenticateToken(ctx, h)
			wantCode(t, err, vigil.EUNAUTHORIZED)
		}
		if _, err := s.AuthenticateToken(ctx, bobHash); err != nil {
			t.Errorf("bob's token stopped working: %v", err)
		}
		_, err = s.RevokeToken(ctx, "alice")
		wantCode(t, err, vigil.ENOTFOUND, `"alice"`)
	}},
	{"RevokeNumericName", func(t *testing.T, s vigil.Store) {
		// A user may be called "4242"; with no token of that ID, the name is meant.
		_, hash := mustToken(t, s, "4242")
		n, err := s.RevokeToken(context.Background(), "4242")
		noErr(t, err)
		if n != 1 {
			t.Errorf("revoked %d tokens, want 1", n)
		}
		_, err = s.AuthenticateToken(context.Background(), hash)
		wantCode(t, err, vigil.EUNAUTHORIZED)
	}},
	{"FindTokensOldestFirst", func(t *testing.T, s vigil.Store) {
		a, _ := mustToken(t, s, "carol")
		b, _ := mustToken(t, s, "alice")
		c, _ := mustToken(t, s, "bob")
		tokens, err := s.FindTokens(context.Background())
		noErr(t, err)
		diff(t, "tokens", tokens, []*vigil.Token{a, b, c})
	}},
	{"Errors", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		_, hash := mustToken(t, s, "alice")
		_, err := s.CreateToken(ctx, "bob", "vgl_x", hash)
		wantCode(t, err, vigil.ECONFLICT)
		for _, name := range []string{"", "two words", "../admin", "a\x00b"} {
			_, err := s.CreateToken(ctx, name, "vgl_x", "fresh-hash-"+name)
			wantCode(t, err, vigil.EINVALID, "name")
		}
		_, err = s.CreateToken(ctx, "bob", "vgl_x", "")
		wantCode(t, err, vigil.EINVALID, "hash")
		_, err = s.AuthenticateToken(ctx, vigil.HashToken("vgl_unknown"))
		wantCode(t, err, vigil.EUNAUTHORIZED)
		_, err = s.AuthenticateToken(ctx, "")
		wantCode(t, err, vigil.EUNAUTHORIZED)
		_, err = s.RevokeToken(ctx, "nobody")
		wantCode(t, err, vigil.ENOTFOUND)
		tokens, err := s.FindTokens(ctx)
		noErr(t, err)
		if len(tokens) != 1 {
			t.Errorf("%d tokens after failed creations, want 1", len(tokens))
		}
	}},
}

var auditTests = []test{
	{"Filters", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		mustSubject(t, s, &vigil.Subject{ID: "a", Name: "Anna Kowalska"})                  // 1 subject.screen by tester
		c := mustCase(t, s, "b", vigil.BandHigh)                                           // 2 subject.screen by tester
		_, err := s.UpdateCase(ctx, c.ID, vigil.CaseUpdate{Note: ptr("Looked.")}, "alice") // 3 case.update by alice
		noErr(t, err)
		mustImport(t, s, version("ofac-sdn", "aaa"), nil) // 4 list.import by tester
		all, n, err := s.FindAuditEvents(ctx, vigil.AuditFilter{})
		noErr(t, err)
		if n != 4 || len(all) != 4 {
			t.Fatalf("%d events (total %d), want 4", len(all), n)
		}
		for i := 1; i < len(all); i++ {
			if all[i-1].At.Before(all[i].At) || all[i-1].ID < all[i].ID {
				t.Errorf("events not newest first: %d at %v before %d at %v", all[i-1].ID, all[i-1].At, all[i].ID, all[i].At)
			}
		}
		actions := func(es []*vigil.AuditEvent) []string {
			var out []string
			for _, e := range es {
				out = append(out, e.Action+"/"+e.SubjectID)
			}
			return out
		}
		tests := []struct {
			name   string
			filter vigil.AuditFilter
			want   []string
			total  int
		}{
			{"All", vigil.AuditFilter{}, []string{"list.import/", "case.update/b", "subject.screen/b", "subject.screen/a"}, 4},
			{"Subject", vigil.AuditFilter{SubjectID: ptr("b")}, []string{"case.update/b", "subject.screen/b"}, 2},
			{"Actor", vigil.AuditFilter{Actor: ptr("alice")}, []string{"case.update/b"}, 1},
			{"Action", vigil.AuditFilter{Action: ptr("subject.screen")}, []string{"subject.screen/b", "subject.screen/a"}, 2},
			{"Before", vigil.AuditFilter{Before: &all[1].At}, []string{"subject.screen/b", "subject.screen/a"}, 2},
			{"Limit", vigil.AuditFilter{Limit: 1}, []string{"list.import/"}, 4},
			{"OffsetAndLimit", vigil.AuditFilter{Offset: 1, Limit: 2}, []string{"case.update/b", "subject.screen/b"}, 4},
			{"Nothing", vigil.AuditFilter{Actor: ptr("mallory")}, nil, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, n, err := s.FindAuditEvents(ctx, tt.filter)
				noErr(t, err)
				diff(t, "events", actions(got), tt.want)
				if n != tt.total {
					t.Errorf("total = %d, want %d", n, tt.total)
				}
			})
		}
	}},
}
