package api

import (
	"context"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
)

// A body that huma's schema refuses never reaches its handler, so the
// handler's own checks (a workout set of the wrong kind for its exercise)
// stayed hidden behind the schema's (a number out of range) until the
// client fixed those: one problem found per round trip. An operation
// registered through WithBodyChecks may leave, from a huma resolver on its
// input (which huma runs on the decoded body even when the schema refused
// it), a check that runs only when the schema refused the request; the
// field problems it finds that the schema did not already name join the
// same 422. A body the schema accepts goes to the handler, which checks
// everything as before: the later check costs nothing then.

type bodyChecksKey struct{}

type bodyChecks struct {
	checker any
	check   func() []core.FieldError
}

// WithBodyChecks gives op a place for CheckBodyLater, and its checks the
// checker: what they need that the input cannot hold (the feature, the
// service), or nil.
func WithBodyChecks(op huma.Operation, checker any) huma.Operation {
	op.Middlewares = append(op.Middlewares, func(ctx huma.Context, next func(huma.Context)) {
		next(huma.WithValue(ctx, bodyChecksKey{}, &bodyChecks{checker: checker}))
	})
	return op
}

// CheckBodyLater leaves check to run if the schema refused the request
// (see WithBodyChecks); call it from a huma.Resolver on the input. check
// gets the request's context and the operation's checker, which must be a
// T (else nothing is left to run).
func CheckBodyLater[T any](ctx huma.Context, check func(ctx context.Context, checker T) []core.FieldError) {
	b, ok := ctx.Context().Value(bodyChecksKey{}).(*bodyChecks)
	if !ok {
		return
	}
	checker, ok := b.checker.(T)
	if !ok && b.checker != nil {
		return
	}
	reqCtx := ctx.Context()
	b.check = func() []core.FieldError { return check(reqCtx, checker) }
}

// laterBodyProblems adds to fields, the schema's, those the check left by
// CheckBodyLater finds on fields the schema did not name.
func laterBodyProblems(ctx context.Context, fields []core.FieldError) []core.FieldError {
	b, ok := ctx.Value(bodyChecksKey{}).(*bodyChecks)
	if !ok || b.check == nil {
		return fields
	}
	check := b.check
	b.check = nil // once
	named := make(map[string]bool, len(fields))
	for _, f := range fields {
		named[f.Field] = true
	}
	for _, f := range check() {
		if !named[f.Field] {
			fields = append(fields, f)
		}
	}
	return fields
}
