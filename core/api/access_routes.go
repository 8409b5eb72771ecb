package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/access"
)

// APIKey is an API key as the API shows it; Key, the secret, only in the
// answer that creates it.
type APIKey struct {
	ID         int64      `json:"id" readOnly:"true"`
	Name       string     `json:"name" minLength:"1" maxLength:"256" doc:"What the key is for: \"front desk\", \"booking kiosk\"."`
	Role       string     `json:"role" enum:"admin,staff" doc:"admin may do everything; staff everything but manage API keys."`
	Prefix     string     `json:"prefix" readOnly:"true" doc:"The secret's first characters, to tell keys apart."`
	Key        string     `json:"key,omitempty" readOnly:"true" doc:"The secret, shown once, in the answer to POST: keep it now."`
	CreatedAt  time.Time  `json:"created_at" readOnly:"true"`
	LastUsedAt *time.Time `json:"last_used_at" readOnly:"true" nullable:"true" doc:"Written at most once a minute."`
	RevokedAt  *time.Time `json:"revoked_at" readOnly:"true" nullable:"true"`
}

func apiKeyOut(k *access.APIKey) APIKey {
	return APIKey{ID: k.ID, Name: k.Name, Role: string(k.Role), Prefix: k.Prefix, CreatedAt: k.CreatedAt.UTC(),
		LastUsedAt: UTCPtr(k.LastUsedAt), RevokedAt: UTCPtr(k.RevokedAt)}
}

// SignIn is a customer token, answered once when it is made.
type SignIn struct {
	Token     string    `json:"token" doc:"The customer token (gtc_…): send it as Authorization: Bearer <token>."`
	ExpiresAt time.Time `json:"expires_at" doc:"When the token stops working (auth.customer_token_ttl after it was made)."`
	Customer  int64     `json:"customer" doc:"The customer it signs in."`
}

// Me is the caller, as GET /api/me answers.
type Me struct {
	Kind     string `json:"kind" enum:"anonymous,admin,staff,customer" doc:"What the caller's secret is."`
	Customer *int64 `json:"customer" nullable:"true" doc:"A customer token's customer; null otherwise."`
	APIKey   *int64 `json:"api_key" nullable:"true" doc:"An API key's id; null otherwise (and in trusted mode)."`
	Trusted  bool   `json:"trusted" doc:"true when auth.enabled is false: every request acts as an admin."`
}

type apiKeyBody struct {
	Body struct {
		Name string `json:"name" minLength:"1" maxLength:"256" example:"front desk"`
		Role string `json:"role" enum:"admin,staff" example:"staff"`
	}
}

type loginCodeBody struct {
	Body struct {
		Email string `json:"email" minLength:"1" maxLength:"320" doc:"The customer's email." example:"ada@example.com"`
	}
}

type tokenBody struct {
	Body struct {
		Email string `json:"email" minLength:"1" maxLength:"320" example:"ada@example.com"`
		Code  string `json:"code" minLength:"1" maxLength:"32" doc:"The code from the email." example:"482913"`
	}
}

type accepted struct {
	Status int
	Body   struct {
		Detail string `json:"detail"`
	}
}

// clientAddr is the address sign-in is throttled by (clientIP).
func clientAddr(ctx context.Context) string {
	addr, _ := ctx.Value(clientAddrKey{}).(string)
	return addr
}

type clientAddrKey struct{}

func accessRoutes(api huma.API, store *access.Store, trusted bool) {
	const tag = "Access"
	huma.Register(api, Op(AdminOnly, http.MethodGet, "/api_keys", "list-api-keys", tag, "List API keys",
		"Ordered by id, revoked keys included. Secrets are never shown again."),
		func(ctx context.Context, in *ListParams) (*List[APIKey], error) {
			rows, more, err := store.ListKeys(ctx, in.Page())
			if err != nil {
				return nil, err
			}
			return NewList(ctx, Map(rows, apiKeyOut), more, *in), nil
		})
	huma.Register(api, Op(AdminOnly, http.MethodPost, "/api_keys", "create-api-key", tag, "Create an API key",
		"Answers the secret once, in `key`; it is stored only as a hash."),
		func(ctx context.Context, in *apiKeyBody) (*Created[APIKey], error) {
			k, secret, err := store.CreateKey(ctx, in.Body.Name, core.Role(in.Body.Role))
			if err != nil {
				return nil, err
			}
			out := apiKeyOut(k)
			out.Key = secret
			return NewCreated(ctx, "api_keys", k.ID, out), nil
		})
	huma.Register(api, Op(AdminOnly, http.MethodGet, "/api_keys/{id}", "get-api-key", tag, "Get an API key", ""),
		func(ctx context.Context, in *IDPath) (*Output[APIKey], error) {
			k, err := store.GetKey(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &Output[APIKey]{apiKeyOut(k)}, nil
		})
	huma.Register(api, Op(AdminOnly, http.MethodDelete, "/api_keys/{id}", "revoke-api-key", tag, "Revoke an API key",
		"The key stops working at once on this server and within 30 seconds on every other replica; its row stays, "+
			"with `revoked_at`."),
		func(ctx context.Context, in *IDPath) (*struct{}, error) {
			_, err := store.RevokeKey(ctx, in.ID)
			return nil, err
		})

	huma.Register(api, Refusals(Op(Anyone, http.MethodPost, "/auth/login_codes", "request-login-code", tag,
		"Email a customer a sign-in code",
		"Always 202, whether or not the email is a customer's, so that nobody learns who is one. A customer gets a "+
			"6-digit code by email, valid for 15 minutes, usable once. 429 `too_many_requests` with Retry-After past 3 "+
			"codes for one email or 20 for one client address in 15 minutes."), errThrottled),
		func(ctx context.Context, in *loginCodeBody) (*accepted, error) {
			if err := store.RequestCode(ctx, in.Body.Email, clientAddr(ctx)); err != nil {
				return nil, err
			}
			out := &accepted{Status: http.StatusAccepted}
			out.Body.Detail = "if a customer has this email, a sign-in code is on its way"
			return out, nil
		})
	huma.Register(api, Refusals(Op(Anyone, http.MethodPost, "/auth/tokens", "create-token", tag,
		"Sign in with an emailed code",
		"Exchanges the code for a customer token. A wrong, used or expired code → 401 `invalid_code` (a code dies "+
			"after 5 wrong tries); 429 `too_many_requests` with Retry-After past 10 tries for one email or 30 for one "+
			"client address in 15 minutes."), access.ErrInvalidCode, errThrottled),
		func(ctx context.Context, in *tokenBody) (*Created[SignIn], error) {
			t, secret, err := store.Redeem(ctx, in.Body.Email, in.Body.Code, clientAddr(ctx))
			if err != nil {
				return nil, err
			}
			return &Created[SignIn]{Body: SignIn{Token: secret, ExpiresAt: t.ExpiresAt.UTC(), Customer: t.CustomerID}}, nil
		})
	huma.Register(api, Op(StaffOnly, http.MethodPost, "/customers/{id}/tokens", "issue-customer-token", tag,
		"Issue a customer token",
		"For a kiosk or a member without email access: a token for the customer, as signing in would give."),
		func(ctx context.Context, in *IDPath) (*Created[SignIn], error) {
			t, secret, err := store.IssueToken(ctx, nil, in.ID)
			if err != nil {
				return nil, err
			}
			return &Created[SignIn]{Body: SignIn{Token: secret, ExpiresAt: t.ExpiresAt.UTC(), Customer: t.CustomerID}}, nil
		})
	huma.Register(api, Refusals(Op(Members, http.MethodDelete, "/auth/tokens/current", "revoke-current-token", tag, "Sign out",
		"Revokes the customer token the request carries. An API key is revoked at /api/api_keys instead (403)."), core.ErrForbidden),
		func(ctx context.Context, _ *struct{}) (*struct{}, error) {
			p := core.PrincipalOf(ctx)
			if p.TokenID == 0 {
				return nil, core.Forbidden("only a customer token signs out; revoke an API key at /api/api_keys")
			}
			return nil, store.RevokeToken(ctx, p.TokenID)
		})
	huma.Register(api, Op(Anyone, http.MethodGet, "/me", "get-me", tag, "Who am I",
		"What the request's secret is: `anonymous` without one."),
		func(ctx context.Context, _ *struct{}) (*Output[Me], error) {
			p := core.PrincipalOf(ctx)
			me := Me{Kind: string(p.Role), Trusted: trusted}
			if p.Anonymous() {
				me.Kind = "anonymous"
			}
			if p.CustomerID != 0 {
				me.Customer = &p.CustomerID
			}
			if p.KeyID != 0 {
				me.APIKey = &p.KeyID
			}
			return &Output[Me]{me}, nil
		})
}
