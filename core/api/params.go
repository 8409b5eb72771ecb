package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
)

// MaxID is the largest id accepted in a body (2^53-1, exact in JSON
// numbers everywhere).
const MaxID = 9007199254740991

// ListParams are the pagination query parameters every list takes.
type ListParams struct {
	Limit  int `query:"limit" default:"100" minimum:"1" maximum:"1000" doc:"Page size (default 100, at most 1000)."`
	Offset int `query:"offset" minimum:"0" maximum:"1000000000" doc:"Rows to skip."`
}

// Page converts the parameters for core.
func (l ListParams) Page() core.Page {
	if l.Limit == 0 {
		l.Limit = 100
	}
	return core.Page{Limit: l.Limit, Offset: l.Offset}
}

// IDPath is a resource id in the path.
type IDPath struct {
	ID int64 `path:"id" minimum:"1" doc:"The resource's id."`
}

// ActionInput is the input of an action on one resource, such as a cancel:
// the id in the path, and no body or an empty object. A field sent in it
// would be ignored, so it is refused as any unknown field is, with 422
// naming it.
type ActionInput struct {
	IDPath
	Body *EmptyObject `required:"false" doc:"No body, or {}: the action takes no fields, and refuses any with 422 naming it."`
}

// EmptyObject is a body that may be {} and nothing else.
type EmptyObject struct{}

// Output is a single resource.
type Output[T any] struct {
	Body T
}

// Created is a created resource with its Location.
type Created[T any] struct {
	Location string `header:"Location"`
	Body     T
}

// List is a page of resources; Link carries rel="next" when more follow.
type List[T any] struct {
	Link string `header:"Link" doc:"<url>; rel=\"next\" when more rows follow."`
	Body []T
}

type requestURLKey struct{}

// withRequestURL remembers the request's path and query so list handlers
// can build Link. The Host header is left out: see publicLinks.
func withRequestURL(ctx context.Context, r *http.Request) context.Context {
	return context.WithValue(ctx, requestURLKey{}, &url.URL{Path: r.URL.Path, RawQuery: r.URL.RawQuery})
}

// RequestURL returns the URL of the request being served as links name
// it: absolute when server.public_url or a trusted proxy says how clients
// reach us, else relative (path and query).
func RequestURL(ctx context.Context) *url.URL {
	u, _ := ctx.Value(requestURLKey{}).(*url.URL)
	if u == nil {
		u = &url.URL{Path: "/"}
	}
	return baseOf(ctx).url(u.Path, u.RawQuery)
}

// NewList wraps a page of rows, with a next link when more follow.
func NewList[T any](ctx context.Context, rows []T, more bool, p ListParams) *List[T] {
	if rows == nil {
		rows = []T{}
	}
	out := &List[T]{Body: rows}
	if more {
		u := RequestURL(ctx)
		q := u.Query()
		page := p.Page()
		q.Set("limit", strconv.Itoa(page.Limit))
		q.Set("offset", strconv.Itoa(page.Offset+page.Limit))
		u.RawQuery = q.Encode()
		out.Link = fmt.Sprintf("<%s>; rel=\"next\"", u.String())
	}
	return out
}

// Map converts rows with fn.
func Map[A, B any](rows []A, fn func(*A) B) []B {
	out := make([]B, len(rows))
	for i := range rows {
		out[i] = fn(&rows[i])
	}
	return out
}

// NewCreated wraps a created resource with its Location, relative or
// absolute as RequestURL.
func NewCreated[T any](ctx context.Context, path string, id int64, body T) *Created[T] {
	return &Created[T]{Location: linkTo(ctx, fmt.Sprintf("/api/%s/%d", strings.Trim(path, "/"), id)), Body: body}
}

// Op returns an operation with Gymtastic's defaults. Every operation, core's
// and each feature's, is built here, and says here who may call it.
//
// MaxBodyBytes is -1: huma's own per-operation limit (1 MiB by default,
// refusing a body of exactly the limit) is off, so server.max_body_bytes,
// which limitBody applies to every request, is the one limit.
func Op(who Who, method, path, id, tag, summary, description string) huma.Operation {
	op := huma.Operation{OperationID: id, Method: method, Path: path, Tags: []string{tag},
		Summary: summary, Description: description, MaxBodyBytes: -1}
	declare(&op, who)
	switch method {
	case http.MethodPost:
		op.DefaultStatus = http.StatusCreated
	case http.MethodDelete:
		op.DefaultStatus = http.StatusNoContent
	}
	return op
}

// ParseBound parses an optional from/to query value (RFC 3339 time or
// gym-local date) into a UTC instant; field names the parameter in errors.
func ParseBound(field, v string, loc *time.Location, upper bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := core.ParseBound(v, loc, upper)
	if err != nil {
		return time.Time{}, core.Invalid(field, "%v", err)
	}
	return t, nil
}

// ParseTime parses an optional RFC 3339 query value bounding a range
// (upper: exclusive, as starts_before) into a UTC instant, by
// core.ParseBound's rules; field names the parameter in errors.
func ParseTime(field, v string, upper bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := core.ParseTimeBound(v, upper)
	if err != nil {
		return time.Time{}, core.Invalid(field, "%v", err)
	}
	return t, nil
}

// UTC formats t for output: RFC 3339 in UTC.
func UTC(t time.Time) time.Time { return t.UTC() }

// UTCPtr is UTC for optional times.
func UTCPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
