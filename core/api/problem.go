package api

import (
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"syscall"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/gymtastic/gymtastic/core"
)

// Problem is an RFC 9457 application/problem+json body with Gymtastic's
// stable code, and the members a rule adds (core.Error.Members), which RFC
// 9457 calls extension members.
type Problem struct {
	_      struct{}          `additionalProperties:"true"`
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Status int               `json:"status"`
	Detail string            `json:"detail"`
	Code   string            `json:"code"`
	Errors []core.FieldError `json:"errors,omitempty" maxItems:"100"`
	// ErrorsTotal counts every field problem found when Errors holds only
	// the first maxProblemErrors of them; absent when Errors is whole.
	ErrorsTotal int `json:"errors_total,omitempty" doc:"How many field problems were found, when errors lists only the first 100 of them."`
	// Members are written as members of the problem after the ones above,
	// by name; the operation that refuses with them documents them.
	Members map[string]any `json:"-"`
	// headers go with the answer (WWW-Authenticate, Retry-After).
	headers http.Header
}

// problemMembers are the names of a problem's own members, which
// Members cannot take.
var problemMembers = []string{"type", "title", "status", "detail", "code", "errors", "errors_total"}

// MarshalJSON writes the problem's own members, then Members by name.
func (p Problem) MarshalJSON() ([]byte, error) {
	type plain Problem // without this method
	out, err := json.Marshal(plain(p))
	if err != nil || len(p.Members) == 0 {
		return out, err
	}
	names := make([]string, 0, len(p.Members))
	for name := range p.Members {
		if !slices.Contains(problemMembers, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var b bytes.Buffer
	b.Write(out[:len(out)-1]) // without the closing brace
	for _, name := range names {
		k, _ := json.Marshal(name)
		v, err := json.Marshal(p.Members[name])
		if err != nil {
			return nil, fmt.Errorf("problem member %s: %w", name, err)
		}
		b.WriteByte(',')
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// GetHeaders implements huma.HeadersError.
func (p *Problem) GetHeaders() http.Header { return p.headers }

// Error implements error.
func (p *Problem) Error() string { return p.Code + ": " + p.Detail }

// GetStatus implements huma.StatusError.
func (p *Problem) GetStatus() int { return p.Status }

// ContentType makes huma send application/problem+json.
func (p *Problem) ContentType(ct string) string {
	if ct == "application/json" {
		return "application/problem+json"
	}
	return ct
}

// Bounds on a problem, whatever the request: one bad value makes one small
// entry, and a request with thousands of them, or one that echoes a long
// input (a property name, a number of a million digits, a path), gets an
// answer of a few kilobytes, not one as large as its body or larger.
const (
	maxProblemErrors = 100  // entries of errors; errors_total counts them all
	maxSummarized    = 10   // field problems written out in detail
	maxDetailBytes   = 2048 // detail
	maxFieldBytes    = 256  // an entry's field
	maxMessageBytes  = 512  // an entry's message
)

// NewProblem builds a problem, within the bounds above; type is a stable
// URI naming the code.
func NewProblem(status int, code, detail string, fields ...core.FieldError) *Problem {
	p := &Problem{Type: "https://gymtastic.dev/problems/" + strings.ReplaceAll(code, "_", "-"),
		Title: http.StatusText(status), Status: status, Detail: truncate(detail, maxDetailBytes), Code: code}
	if len(fields) > maxProblemErrors {
		p.ErrorsTotal = len(fields)
		fields = fields[:maxProblemErrors]
	}
	if len(fields) > 0 {
		p.Errors = make([]core.FieldError, len(fields))
		for i, f := range fields {
			p.Errors[i] = core.FieldError{Field: truncate(f.Field, maxFieldBytes), Message: truncate(f.Message, maxMessageBytes)}
		}
	}
	return p
}

// truncate cuts s to at most n bytes, on a character boundary, marking the
// cut with "…".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	cut := n - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}

var humaOnce sync.Once

// setHumaGlobals makes huma build every error with toProblem and match body
// field names case-sensitively. Global, set once per process: huma v2.37.2
// reads both from package variables, with no per-API setting.
func setHumaGlobals() {
	humaOnce.Do(func() {
		huma.NewErrorWithContext = func(hctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
			var ctx context.Context = context.Background()
			if hctx != nil {
				ctx = hctx.Context()
			}
			return toProblem(ctx, status, msg, errs...)
		}
		huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
			return toProblem(context.Background(), status, msg, errs...)
		}
		huma.ValidateStrictCasing = true
	})
}

// StatusClientClosedRequest is the status logged and counted, never
// received, for a request whose client disconnected before its answer
// (nginx's 499): not a server error, so not a 5xx in logs and metrics.
const StatusClientClosedRequest = 499

// toProblem is the one place where errors become HTTP answers: huma's own
// (malformed JSON, validation), core's refusals (*core.Error), and anything
// unexpected, logged with the request's logger.
func toProblem(ctx context.Context, status int, msg string, errs ...error) *Problem {
	for _, err := range errs {
		if err == nil {
			continue
		}
		var p *Problem
		if errors.As(err, &p) {
			return p
		}
		if ce, ok := core.AsError(err); ok {
			p := NewProblem(ce.Status, ce.Code, ce.Detail, ce.Fields...)
			p.headers, p.Members = ce.Header, ce.Members
			return p
		}
	}
	if status >= 500 {
		return serverProblem(ctx, msg, errs)
	}
	return clientProblem(ctx, status, msg, errs)
}

// serverProblem answers an error the server could not handle: the
// database unreachable or too slow, a body too large, text the database
// cannot store, a client gone, or a fault of ours (logged).
func serverProblem(ctx context.Context, msg string, errs []error) *Problem {
	if errors.Is(ctx.Err(), context.Canceled) {
		// The client went away: nobody reads this answer, and the
		// server did nothing wrong (the transaction rolled back).
		return NewProblem(StatusClientClosedRequest, "client_closed_request", "the client closed the request")
	}
	for _, err := range errs {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return NewProblem(http.StatusRequestEntityTooLarge, "body_too_large",
				fmt.Sprintf("the request body is larger than %d bytes", tooLarge.Limit))
		}
	}
	for _, err := range errs {
		if isUnstorableText(err) {
			loggerOf(ctx).WarnContext(ctx, "text the database cannot store", "error", err)
			return NewProblem(http.StatusUnprocessableEntity, "validation_failed",
				"a text value holds a character the database cannot store, such as NUL (\\u0000)")
		}
	}
	// The request's own deadline wins over what the driver made of it
	// (context.DeadlineExceeded is a net.Error), unless the database
	// could not be connected to or did not even answer the cancel of
	// the statement (pgconn.Timeout): then it is unreachable.
	deadline := errors.Is(ctx.Err(), context.DeadlineExceeded)
	for _, err := range errs {
		var connErr *pgconn.ConnectError
		unanswered := pgconn.Timeout(err) || errors.As(err, &connErr)
		if isUnavailable(err) && !isWaitTimeout(err) && (!deadline || unanswered) {
			loggerOf(ctx).ErrorContext(ctx, "database unavailable", "error", err)
			return NewProblem(http.StatusServiceUnavailable, "database_unavailable",
				"the database cannot be reached; retry shortly")
		}
	}
	timedOut := deadline
	for _, err := range errs {
		timedOut = timedOut || isWaitTimeout(err) || errors.Is(err, context.DeadlineExceeded)
	}
	if timedOut {
		loggerOf(ctx).ErrorContext(ctx, "request timed out", "error", errors.Join(errs...))
		return NewProblem(http.StatusServiceUnavailable, "timeout", "the request took too long; retry shortly")
	}
	loggerOf(ctx).ErrorContext(ctx, "internal error", "message", msg, "error", errors.Join(errs...))
	return NewProblem(http.StatusInternalServerError, "internal_error", "an unexpected error occurred; it has been logged")
}

// clientProblem answers a request huma refused: the fields at fault (with
// those an operation's later body check finds), or the status's own code.
func clientProblem(ctx context.Context, status int, msg string, errs []error) *Problem {
	var fields []core.FieldError
	allPath := len(errs) > 0
	for _, err := range errs {
		var d *huma.ErrorDetail
		if err == nil {
			continue
		}
		if !errors.As(err, &d) {
			fields = append(fields, core.FieldError{Message: err.Error()})
			allPath = false
			continue
		}
		loc := d.Location
		if !strings.HasPrefix(loc, "path.") {
			allPath = false
		}
		if loc == "body" && status == http.StatusBadRequest {
			return NewProblem(http.StatusBadRequest, "malformed_json", "the request body is not valid JSON: "+truncate(d.Message, maxMessageBytes))
		}
		if f, ok := typeMismatch(d.Message); ok && loc == "body" {
			fields = append(fields, f)
			continue
		}
		field := loc
		for _, p := range []string{"body.", "query.", "path.", "header."} {
			field = strings.TrimPrefix(field, p)
		}
		if field == "body" {
			field = ""
		}
		// huma reports a missing property at its parent object; name it.
		if name, ok := missingProperty(d.Message); ok {
			if field != "" {
				name = field + "." + name
			}
			field = name
		}
		fields = append(fields, core.FieldError{Field: field, Message: d.Message})
	}
	switch {
	case status == http.StatusUnprocessableEntity && allPath:
		return NewProblem(http.StatusNotFound, "not_found", "no such resource: the id in the path is not a valid id")
	case status == http.StatusUnprocessableEntity || status < 400:
		fields = laterBodyProblems(ctx, fields)
		return NewProblem(http.StatusUnprocessableEntity, "validation_failed", summarize(fields), fields...)
	case status == http.StatusBadRequest && strings.Contains(msg, "body is required"):
		return NewProblem(http.StatusBadRequest, "malformed_json", "the request needs a JSON body")
	case status == http.StatusRequestEntityTooLarge:
		return NewProblem(status, "body_too_large", msg)
	case status == http.StatusNotFound:
		return NewProblem(status, "not_found", msg)
	case status == http.StatusUnsupportedMediaType:
		return NewProblem(status, "unsupported_media_type", "send the body as application/json")
	case status == http.StatusNotAcceptable:
		return NewProblem(status, "not_acceptable", "this endpoint answers application/json")
	default:
		code := strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
		return NewProblem(status, code, msg, fields...)
	}
}

// typeMismatch names the field of a value the schema accepted but Go could
// not decode: an integer written as 60.0 or 1e1 is a whole number to JSON
// Schema, and so passes validation, but not to encoding/json. huma keeps
// only the decoder's message, "json: cannot unmarshal number 60.0 into Go
// struct field ClassSession.duration_minutes of type int", at "body"; the
// field is read back from it.
func typeMismatch(msg string) (core.FieldError, bool) {
	rest, ok := strings.CutPrefix(msg, "json: cannot unmarshal ")
	if !ok {
		return core.FieldError{}, false
	}
	value, rest, ok := strings.Cut(rest, " into Go struct field ")
	if !ok {
		return core.FieldError{}, false
	}
	path, typ, ok := strings.Cut(rest, " of type ")
	if !ok {
		return core.FieldError{}, false
	}
	_, field, ok := strings.Cut(path, ".") // Struct.field.path
	if !ok || field == "" {
		return core.FieldError{}, false
	}
	m := "want " + typ + ", got " + value
	if strings.HasPrefix(typ, "int") || strings.HasPrefix(typ, "uint") {
		m = "must be an integer written without a fraction or exponent, such as 60; got " + value
	}
	return core.FieldError{Field: field, Message: m}, true
}

// isUnstorableText reports PostgreSQL refusing text it cannot store: a NUL
// character or invalid UTF-8 (22021 character_not_in_repertoire) or a
// character without an equivalent in the server encoding (22P05). Core
// refuses such input by field first; this keeps a feature that does not
// from answering 500.
func isUnstorableText(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "22021" || pgErr.Code == "22P05")
}

// missingProperty extracts X from huma's "expected required property X to
// be present".
func missingProperty(msg string) (string, bool) {
	rest, ok := strings.CutPrefix(msg, "expected required property ")
	if !ok {
		return "", false
	}
	name, ok := strings.CutSuffix(rest, " to be present")
	return name, ok && name != ""
}

// summarize writes the first maxSummarized field problems as one sentence
// for detail, and counts the others.
func summarize(fields []core.FieldError) string {
	if len(fields) == 0 {
		return "the request is not valid"
	}
	parts := make([]string, 0, min(len(fields), maxSummarized)+1)
	for _, f := range fields[:min(len(fields), maxSummarized)] {
		m := truncate(f.Message, maxMessageBytes)
		if f.Field != "" {
			m = truncate(f.Field, maxFieldBytes) + ": " + m
		}
		parts = append(parts, m)
	}
	if more := len(fields) - maxSummarized; more > 0 {
		parts = append(parts, fmt.Sprintf("and %d more", more))
	}
	return strings.Join(parts, "; ")
}

// isUnavailable reports errors that mean the database cannot be reached,
// as opposed to a query that failed.
func isUnavailable(err error) bool {
	var netErr net.Error
	var pgErr *pgconn.PgError
	var connErr *pgconn.ConnectError
	switch {
	case err == nil:
		return false
	case errors.As(err, &connErr), errors.As(err, &netErr), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, net.ErrClosed),
		// The connection dropped mid-statement: the server went away.
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.Is(err, driver.ErrBadConn):
		return true
	case errors.As(err, &pgErr):
		// Class 08: connection exception; 57P01-57P03: shutting down.
		return strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "57P")
	}
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "failed to connect")
}

// isWaitTimeout reports the database giving up a wait or a statement that
// outlasted a request: PostgreSQL's lock_timeout (55P03) or
// statement_timeout or a cancel (57014), SQLite's busy timeout (the lock
// held by another writer past busy_timeout, the request timeout).
func isWaitTimeout(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "55P03" || pgErr.Code == "57014"
	}
	return err != nil && strings.Contains(err.Error(), "database is locked")
}
