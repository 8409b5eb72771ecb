package core

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error is a refusal that the API maps to an application/problem+json
// answer: Status is the HTTP status, Code the stable machine-readable code
// clients rely on, Detail a sentence for a human.
type Error struct {
	Status int
	Code   string
	Detail string
	// Fields names the request fields at fault, if any.
	Fields []FieldError
	// Header holds headers the answer carries, such as Retry-After.
	Header http.Header
	// Members are the rule's own members of the problem, written next to
	// code and detail (a booking window's opens_at); a member named as one
	// of the problem's own (type, title, status, detail, code, errors,
	// errors_total) is left out.
	Members map[string]any
}

// FieldError is one problem with one request field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Detail }

// GetHeaders returns the headers the answer carries (huma.HeadersError).
func (e *Error) GetHeaders() http.Header { return e.Header }

// Is makes errors.Is match on Code, so errors.Is(err, core.ErrSessionFull)
// holds for a refusal with a more specific Detail.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Refuse builds a 409 refusal with the rule's code.
func Refuse(code, format string, args ...any) *Error {
	return &Error{Status: http.StatusConflict, Code: code, Detail: fmt.Sprintf(format, args...)}
}

// Forbid builds a 403 refusal, for rules about entitlement.
func Forbid(code, format string, args ...any) *Error {
	return &Error{Status: http.StatusForbidden, Code: code, Detail: fmt.Sprintf(format, args...)}
}

// Invalid builds a 422 validation_failed error about one field.
func Invalid(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed",
		Detail: field + ": " + msg, Fields: []FieldError{{Field: field, Message: msg}}}
}

// NotFound builds a 404 not_found error for a resource id in a path.
func NotFound(resource string, id int64) *Error {
	return &Error{Status: http.StatusNotFound, Code: "not_found", Detail: fmt.Sprintf("%s %d does not exist", resource, id)}
}

// Sentinel refusals, for errors.Is; the errors returned carry a fuller
// Detail.
var (
	ErrSessionStarted      = Refuse("session_started", "the session has already started")
	ErrSessionNotStarted   = Refuse("session_not_started", "the session has not started yet")
	ErrAlreadyBooked       = Refuse("already_booked", "the customer already holds a booking for this session")
	ErrSessionFull         = Refuse("session_full", "the session is full")
	ErrInvalidTransition   = Refuse("invalid_transition", "this status change is not allowed")
	ErrEmailTaken          = Refuse("email_taken", "another customer has this email")
	ErrNameTaken           = Refuse("name_taken", "another class type has this name")
	ErrCustomerHasBookings = Refuse("customer_has_bookings", "the customer has bookings")
	ErrClassTypeInUse      = Refuse("class_type_in_use", "the class type has sessions")
	ErrSessionHasBookings  = Refuse("session_has_bookings", "the session has active bookings")
	ErrCapacityBelowBooked = Refuse("capacity_below_booked", "the capacity is below the session's active bookings")
)

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Problems collects field problems, so that a request is refused once,
// naming every field at fault rather than the first.
type Problems []FieldError

// Add records a problem with field.
func (p *Problems) Add(field, format string, args ...any) {
	*p = append(*p, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Check records the fields a 422 validation_failed err names and returns
// nil; any other error (the database failing) it returns as it is.
func (p *Problems) Check(err error) error {
	if e, ok := AsError(err); ok && e.Code == "validation_failed" && len(e.Fields) > 0 {
		*p = append(*p, e.Fields...)
		return nil
	}
	return err
}

// Err is nil without problems, else one 422 validation_failed naming
// every field.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	parts := make([]string, len(p))
	for i, e := range p {
		parts[i] = e.Field + ": " + e.Message
	}
	return &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed",
		Detail: strings.Join(parts, "; "), Fields: p}
}
