package core

import (
	"context"
	"net/http"
)

// Role is what a caller is: an admin or staff API key, or a customer's
// token. The zero Role is an anonymous caller.
type Role string

// Roles, from the most to the least trusted.
const (
	RoleAdmin    Role = "admin"
	RoleStaff    Role = "staff"
	RoleCustomer Role = "customer"
)

// Principal is who is calling: the holder of the secret the request
// carried. The zero Principal is anonymous.
type Principal struct {
	Role Role
	// CustomerID is the customer a customer token belongs to; 0 otherwise.
	CustomerID int64
	// KeyID is the api_keys row of an API key, TokenID the customer_tokens
	// row of a customer token; 0 otherwise (and both 0 in trusted mode).
	KeyID   int64
	TokenID int64
}

// Trusted is the principal of every request when auth.enabled is false: the
// original version's trusted clients, who may do anything.
var Trusted = Principal{Role: RoleAdmin}

// Anonymous reports whether no secret identified the caller.
func (p Principal) Anonymous() bool { return p.Role == "" }

// Staff reports whether the caller is staff or an admin.
func (p Principal) Staff() bool { return p.Role == RoleStaff || p.Role == RoleAdmin }

// Owner is the customer whose rows alone the caller may see and act on: a
// customer's own id, or 0 for staff and admins (every row).
func (p Principal) Owner() int64 {
	if p.Role == RoleCustomer {
		return p.CustomerID
	}
	return 0
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalOf returns the caller ctx carries. A context that carries none
// (a CLI command, a background job, a test calling the service directly) is
// trusted, as core's own callers are.
func PrincipalOf(ctx context.Context) Principal {
	if p, ok := ctx.Value(principalKey{}).(Principal); ok {
		return p
	}
	return Trusted
}

// OwnerOf is PrincipalOf(ctx).Owner(): the customer id every query of rows
// that belong to a customer adds to its WHERE, or 0 for no limit.
func OwnerOf(ctx context.Context) int64 { return PrincipalOf(ctx).Owner() }

// ErrForbidden is the refusal of a caller who may not do what it asks.
var ErrForbidden = &Error{Status: http.StatusForbidden, Code: "forbidden",
	Detail: "your credentials do not allow this"}

// Forbidden builds a 403 forbidden refusal with a detail saying why.
func Forbidden(format string, args ...any) *Error {
	return Forbid("forbidden", format, args...)
}

// RequireStaff refuses (403 forbidden) a caller who is not staff or admin;
// what names the action in the detail ("recording attendance").
func RequireStaff(ctx context.Context, what string) error {
	if PrincipalOf(ctx).Staff() {
		return nil
	}
	return Forbidden("%s is for staff", what)
}

// ActAs returns the customer a caller acts for when a body names one:
// a customer acts for herself (0 → her own id; another id → 403
// forbidden); staff and admins for whomever they name.
func ActAs(ctx context.Context, customerID int64) (int64, error) {
	owner := OwnerOf(ctx)
	switch {
	case owner == 0:
		return customerID, nil
	case customerID == 0 || customerID == owner:
		return owner, nil
	default:
		return 0, Forbidden("a customer may act only in her own name: customer must be %d or left out", owner)
	}
}
