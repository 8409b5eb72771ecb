package api

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/access"
)

// Refusals declares the refusals op answers of its own, beyond those
// documentErrors derives from its shape: core's sentinels
// (core.ErrSessionFull…) and a feature's, so that status, code and detail
// come from one place. It returns op, to wrap Op where a route is
// registered.
func Refusals(op huma.Operation, errs ...*core.Error) huma.Operation {
	op.Metadata = orEmpty(op.Metadata)
	list, _ := op.Metadata[refusalsKey].([]*core.Error)
	op.Metadata[refusalsKey] = append(slices.Clone(list), errs...)
	return op
}

// RunsHooks declares that op runs the named hooks (core.HookBeforeBook…):
// the refusals the enabled features declare for them (core.RefusalDeclarer)
// are documented on it too.
func RunsHooks(op huma.Operation, hooks ...string) huma.Operation {
	op.Metadata = orEmpty(op.Metadata)
	list, _ := op.Metadata[hooksKey].([]string)
	op.Metadata[hooksKey] = append(slices.Clone(list), hooks...)
	return op
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

const (
	refusalsKey = "gymtastic.refusals"
	hooksKey    = "gymtastic.hooks"
)

// The refusals every operation of a shape may answer, written by the
// middleware and huma (problem.go, text.go, idempotency.go, query.go,
// access.go); here as the OpenAPI document shows them.
var (
	errMalformedJSON = &core.Error{Status: http.StatusBadRequest, Code: "malformed_json",
		Detail: "the request body is not valid JSON: unexpected end of JSON input"}
	errInvalidIdempotencyKey = &core.Error{Status: http.StatusBadRequest, Code: "invalid_idempotency_key",
		Detail: "Idempotency-Key must be 1 to 255 printable ASCII characters, such as a UUID"}
	errNotFound = &core.Error{Status: http.StatusNotFound, Code: "not_found",
		Detail: "no such resource: the id in the path does not exist"}
	errIdempotencyInProgress = &core.Error{Status: http.StatusConflict, Code: "idempotency_key_in_progress",
		Detail: "a request with this Idempotency-Key is still running; retry shortly"}
	errUnsupportedMediaType = &core.Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
		Detail: "send the body as application/json"}
	errIdempotencyReused = &core.Error{Status: http.StatusUnprocessableEntity, Code: "idempotency_key_reused",
		Detail: "this Idempotency-Key was used with a different request; use a new key for a new request"}
	errDatabaseUnavailable = &core.Error{Status: http.StatusServiceUnavailable, Code: "database_unavailable",
		Detail: "the database cannot be reached; retry shortly"}
	errTimeout = &core.Error{Status: http.StatusServiceUnavailable, Code: "timeout",
		Detail: "the request took too long; retry shortly"}
	errRoleTooLow = core.Forbidden("this operation is for staff and admin keys")
	// errUseCancel is DELETE on a booking's one answer.
	errUseCancel = &core.Error{Status: http.StatusMethodNotAllowed, Code: "use_cancel",
		Detail: "bookings are never deleted; cancel with POST /api/bookings/{id}/cancel"}
	// errThrottled documents access's 429 (its detail names the seconds).
	errThrottled = &core.Error{Status: http.StatusTooManyRequests, Code: "too_many_requests",
		Detail: "too many sign-in requests; retry in 60 seconds", Header: http.Header{"Retry-After": {"60"}}}
)

// hookRefusals collects what the enabled features declare their hooks
// refuse with, by hook.
func hookRefusals(enabled []core.Feature) map[string][]*core.Error {
	out := map[string][]*core.Error{}
	for _, f := range enabled {
		d, ok := f.(core.RefusalDeclarer)
		if !ok {
			continue
		}
		for hook, errs := range d.Refusals() {
			out[hook] = append(out[hook], errs...)
		}
	}
	return out
}

// documentErrors gives every operation its error responses, one per
// status, each application/problem+json with the Problem schema, a
// description naming its codes and an example per code. They are derived
// from the operation's shape (a body, an id in the path, a POST, who may
// call it), then its own Refusals and those of the hooks it runs; the
// catch-all default response goes.
func documentErrors(doc *huma.OpenAPI, hooks map[string][]*core.Error, maxBodyBytes int64) {
	for path, op := range operations(doc) {
		errs := operationErrors(path, op, hooks, maxBodyBytes)
		delete(op.Responses, "default")
		if op.Responses == nil {
			op.Responses = map[string]*huma.Response{}
		}
		byStatus := map[int][]*core.Error{}
		var statuses []int
		for _, e := range errs {
			if _, ok := byStatus[e.Status]; !ok {
				statuses = append(statuses, e.Status)
			}
			if !slices.ContainsFunc(byStatus[e.Status], func(x *core.Error) bool { return x.Code == e.Code }) {
				byStatus[e.Status] = append(byStatus[e.Status], e)
			}
		}
		for _, status := range statuses {
			op.Responses[strconv.Itoa(status)] = problemResponse(status, byStatus[status])
		}
	}
}

// operationErrors lists what op may answer with, in the order written.
func operationErrors(path string, op *huma.Operation, hooks map[string][]*core.Error, maxBodyBytes int64) []*core.Error {
	body := op.RequestBody != nil
	post := op.Method == http.MethodPost
	var errs []*core.Error
	if body {
		errs = append(errs, errMalformedJSON)
	}
	if post {
		errs = append(errs, errInvalidIdempotencyKey)
	}
	who, _ := op.Metadata[accessKey].(Who)
	if who != Anyone {
		errs = append(errs, errSignIn)
	}
	errs = append(errs, access.ErrUnauthenticated) // a bad secret, everywhere
	if who == StaffOnly || who == AdminOnly {
		e := errRoleTooLow
		if who == AdminOnly {
			e = core.Forbidden("this operation is for admin keys")
		}
		errs = append(errs, e)
	}
	if strings.Contains(path, "{") {
		errs = append(errs, errNotFound)
	}
	if post {
		errs = append(errs, errIdempotencyInProgress)
	}
	if body {
		tooLarge := bodyTooLarge(maxBodyBytes)
		errs = append(errs, &core.Error{Status: tooLarge.Status, Code: tooLarge.Code, Detail: tooLarge.Detail}, errUnsupportedMediaType)
	}
	errs = append(errs, unknownQuery(op))
	if post {
		errs = append(errs, errIdempotencyReused)
	}
	errs = append(errs, errDatabaseUnavailable, errTimeout)
	own, _ := op.Metadata[refusalsKey].([]*core.Error)
	errs = append(errs, own...)
	names, _ := op.Metadata[hooksKey].([]string)
	for _, h := range names {
		errs = append(errs, hooks[h]...)
	}
	slices.SortStableFunc(errs, func(a, b *core.Error) int { return a.Status - b.Status })
	return errs
}

// unknownQuery is op's answer to a query parameter it does not take, as
// declaredParams writes it: the example of 422 validation_failed.
func unknownQuery(op *huma.Operation) *core.Error {
	fields := undeclaredQuery("sort=name", op)
	if len(fields) == 0 {
		return core.Invalid("sort", "is not a parameter of this operation")
	}
	return &core.Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed",
		Detail: summarize(fields), Fields: fields}
}

// problemResponse documents one status of an operation's errors.
func problemResponse(status int, errs []*core.Error) *huma.Response {
	codes := make([]string, len(errs))
	examples := make(map[string]*huma.Example, len(errs))
	for i, e := range errs {
		codes[i] = "`" + e.Code + "`"
		p := NewProblem(e.Status, e.Code, e.Detail, e.Fields...)
		p.Members = e.Members
		examples[e.Code] = &huma.Example{Summary: e.Code, Value: p}
	}
	resp := &huma.Response{
		Description: fmt.Sprintf("%s: %s.", http.StatusText(status), strings.Join(codes, ", ")),
		Content: map[string]*huma.MediaType{"application/problem+json": {
			Schema:   &huma.Schema{Ref: "#/components/schemas/Problem"},
			Examples: examples,
		}},
	}
	switch status {
	case http.StatusUnauthorized:
		resp.Headers = map[string]*huma.Param{"WWW-Authenticate": {
			Description: "The Bearer scheme, with error=\"invalid_token\" for a secret that is unknown, revoked or expired.",
			Schema:      &huma.Schema{Type: huma.TypeString}}}
	case http.StatusTooManyRequests:
		resp.Headers = map[string]*huma.Param{"Retry-After": {
			Description: "Seconds to wait before trying again.",
			Schema:      &huma.Schema{Type: huma.TypeInteger, Minimum: ptr(1.0)}}}
	}
	return resp
}

// markResponseOnly makes every property of a schema no request reaches
// (a body, a parameter) readOnly: such a schema describes only what the
// server writes (an email of the outbox, a report row, a problem), so
// none of its fields is the client's to send.
func markResponseOnly(doc *huma.OpenAPI) {
	schemas := doc.Components.Schemas.Map()
	inRequest := map[*huma.Schema]bool{}
	reach := schemaWalk(doc, func(s *huma.Schema) { inRequest[s] = true })
	inputSchemas(doc, reach)
	for _, s := range schemas {
		if inRequest[s] {
			continue
		}
		for _, p := range s.Properties {
			if p.Ref == "" {
				p.ReadOnly = true
			}
		}
	}
}
