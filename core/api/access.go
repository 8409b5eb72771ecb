package api

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/access"
)

// Who says who may call an operation. Every operation declares one where
// it is registered (Op's first argument); New refuses to build an API with
// an operation that does not, and authorize enforces it before the
// operation reads its input.
type Who int

// The access levels of docs/access.md.
const (
	// Anyone may call: signed in or not (signing in itself).
	Anyone Who = iota + 1
	// Schedule is the gym's timetable: anyone while auth.public_schedule
	// is true (the default), else any signed-in caller.
	Schedule
	// Members: customers for their own rows (the operation's query is
	// limited to core.OwnerOf), staff and admins for every row.
	Members
	// StaffOnly: staff and admin keys.
	StaffOnly
	// AdminOnly: admin keys.
	AdminOnly
)

// String is the level as the OpenAPI document's x-access names it.
func (w Who) String() string {
	switch w {
	case Anyone:
		return "anyone"
	case Schedule:
		return "schedule"
	case Members:
		return "members"
	case StaffOnly:
		return "staff"
	case AdminOnly:
		return "admin"
	}
	return "undeclared"
}

// sentence says who may call, for an operation's description.
func (w Who) sentence() string {
	switch w {
	case Anyone:
		return "**Access:** anyone, signed in or not."
	case Schedule:
		return "**Access:** anyone while `auth.public_schedule` is on (the default), else any signed-in caller."
	case Members:
		return "**Access:** customers (their own rows only: another's row is 404), staff and admins."
	case StaffOnly:
		return "**Access:** staff and admin keys; a customer token → 403 `forbidden`."
	case AdminOnly:
		return "**Access:** admin keys; staff keys and customer tokens → 403 `forbidden`."
	}
	return ""
}

// declare marks op with who may call it, in its metadata (for authorize),
// its security requirement and x-access (for the OpenAPI document) and its
// description (for a reader).
func declare(op *huma.Operation, w Who) {
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata[accessKey] = w
	if op.Extensions == nil {
		op.Extensions = map[string]any{}
	}
	op.Extensions["x-access"] = w.String()
	switch w {
	case Anyone, Schedule:
		// No secret needed (the empty requirement), or a bearer one:
		// a secret sent is checked, and a bad one is 401.
		op.Security = []map[string][]string{{}, {bearerScheme: {}}}
	default:
		op.Security = []map[string][]string{{bearerScheme: {}}}
	}
	if op.Description == "" {
		op.Description = w.sentence()
	} else {
		op.Description += "\n\n" + w.sentence()
	}
}

const (
	accessKey    = "gymtastic.access"
	bearerScheme = "bearer"
)

// Errors of the access layer.
var (
	errSignIn = &core.Error{Status: http.StatusUnauthorized, Code: "unauthenticated",
		Detail: "this operation needs Authorization: Bearer <API key or customer token>",
		Header: http.Header{"Www-Authenticate": {`Bearer realm="gymtastic"`}}}
	errBadAuthorization = &core.Error{Status: http.StatusUnauthorized, Code: "unauthenticated",
		Detail: "the Authorization header must be Bearer followed by an API key or a customer token",
		Header: http.Header{"Www-Authenticate": {`Bearer realm="gymtastic", error="invalid_request"`}}}
)

// allows reports whether p may call an operation declared w: nil, or the
// refusal (401 for an anonymous caller, 403 for one whose role is short).
func (w Who) allows(p core.Principal, publicSchedule bool) error {
	switch {
	case w == Anyone, w == Schedule && publicSchedule:
		return nil
	case p.Anonymous():
		return errSignIn
	case w == Schedule, w == Members:
		return nil
	case w == StaffOnly && p.Staff(), w == AdminOnly && p.Role == core.RoleAdmin:
		return nil
	case w == StaffOnly:
		return core.Forbidden("this operation is for staff and admin keys")
	default:
		return core.Forbidden("this operation is for admin keys")
	}
}

// authorize enforces every operation's declaration, before its input is
// read.
func authorize(api huma.API, publicSchedule bool) func(huma.Context, func(huma.Context)) {
	return func(hctx huma.Context, next func(huma.Context)) {
		w, _ := hctx.Operation().Metadata[accessKey].(Who)
		if err := w.allows(core.PrincipalOf(hctx.Context()), publicSchedule); err != nil {
			if ce, ok := core.AsError(err); ok {
				for k, v := range ce.Header {
					hctx.SetHeader(k, strings.Join(v, ", "))
				}
			}
			_ = huma.WriteErr(api, hctx, http.StatusForbidden, "", err)
			return
		}
		next(hctx)
	}
}

// checkDeclared panics, naming the operation, when one was registered
// without saying who may call it (not built with Op): a route nobody
// declared would otherwise be open to anyone.
func checkDeclared(doc *huma.OpenAPI) {
	for path, op := range operations(doc) {
		if _, ok := op.Metadata[accessKey].(Who); !ok {
			panic(fmt.Sprintf("api: operation %s %s (%s) declares no access: build it with api.Op(who, …)",
				op.Method, path, op.OperationID))
		}
	}
}

// documentAccess adds the bearer scheme to the OpenAPI document.
func documentAccess(doc *huma.OpenAPI) {
	if doc.Components == nil {
		doc.Components = &huma.Components{}
	}
	if doc.Components.SecuritySchemes == nil {
		doc.Components.SecuritySchemes = map[string]*huma.SecurityScheme{}
	}
	doc.Components.SecuritySchemes[bearerScheme] = &huma.SecurityScheme{
		Type: "http", Scheme: "bearer",
		Description: "A staff or admin API key (gtk_…) or a customer token (gtc_…): " +
			"`Authorization: Bearer <secret>`.",
	}
}

// authenticate says who is calling: the holder of the request's bearer
// secret, anonymous without one, or core.Trusted for every request when
// auth.enabled is false. An unknown, revoked or expired secret → 401, even
// where anyone may call: a client that sends a secret means to use it.
func authenticate(store *access.Store, enabled bool, proxies []netip.Prefix) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := core.Trusted
		if enabled {
			p = core.Principal{}
			if h := c.GetHeader("Authorization"); h != "" {
				scheme, secret, ok := strings.Cut(h, " ")
				secret = strings.TrimSpace(secret)
				if !ok || !strings.EqualFold(scheme, "Bearer") || secret == "" {
					writeProblem(c, toProblem(c.Request.Context(), http.StatusUnauthorized, "", errBadAuthorization))
					return
				}
				v, err := store.Verify(c.Request.Context(), secret)
				if err != nil {
					writeProblem(c, toProblem(c.Request.Context(), http.StatusInternalServerError, "authenticate", err))
					return
				}
				p = v
			}
		}
		ctx := context.WithValue(core.WithPrincipal(c.Request.Context(), p), clientAddrKey{}, clientIP(c.Request, proxies))
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// clientIP is the address sign-in is throttled by: the peer's, or behind
// proxies in server.trusted_proxies, the nearest address in
// X-Forwarded-For that is not one of them (what the proxy next to us saw;
// the addresses further left are the client's word).
func clientIP(r *http.Request, proxies []netip.Prefix) string {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	ip := ap.Addr().Unmap()
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops); trusted(ip, proxies) && i > 0; i-- {
		next, err := netip.ParseAddr(strings.TrimSpace(hops[i-1]))
		if err != nil {
			break
		}
		ip = next.Unmap()
	}
	return ip.String()
}

func trusted(ip netip.Addr, proxies []netip.Prefix) bool {
	for _, p := range proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// metricsAccess lets a scraper on the same host, or a staff or admin key,
// read /metrics on the API's listener (server.metrics_addr serves it on a
// listener of its own, unauthenticated, instead).
func metricsAccess(c *gin.Context) {
	host, _, _ := net.SplitHostPort(c.Request.RemoteAddr)
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		c.Next()
		return
	}
	p := core.PrincipalOf(c.Request.Context())
	if p.Staff() {
		c.Next()
		return
	}
	err := error(core.Forbidden("/metrics answers the host itself and staff keys; or set server.metrics_addr"))
	if p.Anonymous() {
		err = errSignIn
	}
	writeProblem(c, toProblem(c.Request.Context(), http.StatusForbidden, "", err))
}
