package api

import (
	"context"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
)

// Core's own bodies whose checks go beyond the schema join a schema's 422
// with what those checks find (WithBodyChecks): a customer's names and
// address, a session's start and class type.

// Resolve leaves the customer's field checks for a refused schema.
func (b *customerBody) Resolve(ctx huma.Context) []error {
	CheckBodyLater(ctx, func(context.Context, any) []core.FieldError { return b.Body.input().FieldProblems(true) })
	return nil
}

// Resolve leaves the customer's field checks for a refused schema.
func (b *customerUpdate) Resolve(ctx huma.Context) []error {
	CheckBodyLater(ctx, func(context.Context, any) []core.FieldError { return b.Body.input().FieldProblems(false) })
	return nil
}

// Resolve leaves the session's checks for a refused schema.
func (b *sessionBody) Resolve(ctx huma.Context) []error {
	CheckBodyLater(ctx, func(c context.Context, svc *core.Service) []core.FieldError { return sessionChecks(c, svc, &b.Body) })
	return nil
}

// Resolve leaves the session's checks for a refused schema.
func (b *sessionUpdate) Resolve(ctx huma.Context) []error {
	CheckBodyLater(ctx, func(c context.Context, svc *core.Service) []core.FieldError { return sessionChecks(c, svc, &b.Body) })
	return nil
}

// sessionChecks checks a session's start and, when the schema read one, that
// its class type exists.
func sessionChecks(ctx context.Context, svc *core.Service, s *ClassSession) []core.FieldError {
	var p core.Problems
	if !s.StartsAt.IsZero() {
		_ = p.Check(core.CheckTime("starts_at", s.StartsAt))
	}
	if s.ClassType > 0 {
		_ = p.Check(svc.CheckClassType(ctx, s.ClassType)) // a database error: the schema's problems stand alone
	}
	return p
}
