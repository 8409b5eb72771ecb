package api

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gymtastic/gymtastic/core"
)

// TestNewProblemIsBounded: NewProblem keeps the first 100 field problems
// and counts them all, and cuts a long detail, field or message on a
// character boundary, marked with "…"; a short problem is left whole.
func TestNewProblemIsBounded(t *testing.T) {
	long := strings.Repeat("é", 10_000)
	fields := make([]core.FieldError, 250)
	for i := range fields {
		fields[i] = core.FieldError{Field: long, Message: long}
	}
	p := NewProblem(422, "validation_failed", summarize(fields), fields...)
	if len(p.Errors) != maxProblemErrors || p.ErrorsTotal != 250 {
		t.Errorf("%d errors, errors_total %d", len(p.Errors), p.ErrorsTotal)
	}
	for _, s := range []struct {
		what string
		v    string
		max  int
	}{{"detail", p.Detail, maxDetailBytes}, {"field", p.Errors[0].Field, maxFieldBytes}, {"message", p.Errors[99].Message, maxMessageBytes}} {
		if len(s.v) > s.max || !utf8.ValidString(s.v) || !strings.HasSuffix(s.v, "…") {
			t.Errorf("%s of %d bytes (at most %d), valid UTF-8 %v: …%q", s.what, len(s.v), s.max, utf8.ValidString(s.v), s.v[max(len(s.v)-12, 0):])
		}
	}
	if fields[0].Field != long {
		t.Error("NewProblem changed its caller's fields")
	}
	short := []core.FieldError{{Field: "email", Message: "must be an email address"}}
	p = NewProblem(422, "validation_failed", summarize(short), short...)
	if p.Detail != "email: must be an email address" || len(p.Errors) != 1 || p.Errors[0] != short[0] || p.ErrorsTotal != 0 {
		t.Errorf("a short problem changed: %+v", p)
	}
	if got := summarize(fields[:12]); !strings.HasSuffix(got, "; and 2 more") {
		t.Errorf("summarize of 12: …%q", got[max(len(got)-20, 0):])
	}
}
