package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
)

// A refusal's Members are written as members of the problem, after its own
// and by name; one named as a member of the problem's own is left out, so
// that a rule can never change code or status. Without Members the problem
// is written as before.
func TestProblemMembers(t *testing.T) {
	refusal := core.Refuse("booking_not_open", "opens later")
	refusal.Members = map[string]any{"opens_at": "2030-03-01T07:00:00Z", "days": 14, "code": "other", "status": 200}
	p := toProblem(context.Background(), http.StatusInternalServerError, "", fmt.Errorf("book: %w", refusal))
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"https://gymtastic.dev/problems/booking-not-open","title":"Conflict","status":409,` +
		`"detail":"opens later","code":"booking_not_open","days":14,"opens_at":"2030-03-01T07:00:00Z"}`
	if string(out) != want {
		t.Errorf("problem with members:\n%s\nwant\n%s", out, want)
	}
	plain, err := json.Marshal(NewProblem(http.StatusConflict, "session_full", "full"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"type":"https://gymtastic.dev/problems/session-full","title":"Conflict","status":409,"detail":"full","code":"session_full"}`; string(plain) != want {
		t.Errorf("problem without members: %s, want %s", plain, want)
	}
	bad := NewProblem(http.StatusConflict, "x", "y")
	bad.Members = map[string]any{"f": func() {}}
	if _, err := json.Marshal(bad); err == nil {
		t.Error("a member JSON cannot write was written")
	}
}

// The OpenAPI document's Problem schema allows the members rules add.
func TestProblemSchemaAllowsMembers(t *testing.T) {
	r := huma.NewMapRegistry("#/components/schemas/", huma.DefaultSchemaNamer)
	s := r.Schema(reflect.TypeFor[Problem](), true, "")
	s = r.SchemaFromRef(s.Ref)
	if s.AdditionalProperties != true {
		t.Errorf("Problem's additionalProperties: %v, want true", s.AdditionalProperties)
	}
	if _, ok := s.Properties["Members"]; ok {
		t.Error("Members is a property of the Problem schema")
	}
}
