package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestUnstorableTextIsNotA500: PostgreSQL refusing text it cannot store
// (22021, 22P05), from a feature that did not check its input, is bad
// input: 422, never 500.
func TestUnstorableTextIsNotA500(t *testing.T) {
	for _, code := range []string{"22021", "22P05"} {
		err := fmt.Errorf("create thing: %w", &pgconn.PgError{Code: code, Message: "invalid byte sequence for encoding \"UTF8\": 0x00"})
		p := toProblem(context.Background(), http.StatusInternalServerError, err.Error(), err)
		if p.Status != http.StatusUnprocessableEntity || p.Code != "validation_failed" {
			t.Errorf("SQLSTATE %s: %d %s, want 422 validation_failed", code, p.Status, p.Code)
		}
	}
	err := &pgconn.PgError{Code: "23502"}
	if p := toProblem(context.Background(), http.StatusInternalServerError, "x", err); p.Status != http.StatusInternalServerError {
		t.Errorf("SQLSTATE 23502: %d, want 500", p.Status)
	}
}

// TestTypeMismatchNamesTheField: a number the schema accepts as an integer
// but Go cannot decode as one names its field.
func TestTypeMismatchNamesTheField(t *testing.T) {
	cases := map[string]string{
		"json: cannot unmarshal number 60.0 into Go struct field ClassSession.duration_minutes of type int": "duration_minutes",
		"json: cannot unmarshal number 1e1 into Go struct field ClassSessionPatch.capacity of type int":     "capacity",
		"json: cannot unmarshal number 2.0 into Go struct field WorkoutIn.sets.reps of type int":            "sets.reps",
	}
	for msg, field := range cases {
		d := &huma.ErrorDetail{Location: "body", Message: msg}
		p := toProblem(context.Background(), http.StatusUnprocessableEntity, "validation failed", d)
		if p.Status != http.StatusUnprocessableEntity || len(p.Errors) != 1 || p.Errors[0].Field != field {
			t.Errorf("%s: %+v, want 422 naming %s", msg, p, field)
		}
	}
	d := &huma.ErrorDetail{Location: "body", Message: "json: cannot unmarshal number into Go value of type int"}
	if p := toProblem(context.Background(), http.StatusUnprocessableEntity, "validation failed", d); p.Status != 422 || p.Errors[0].Field != "" {
		t.Errorf("no struct field: %+v", p)
	}
}
