package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/access"
	"github.com/gymtastic/gymtastic/core/api"
)

// routeFeature is a feature with one route, GET /<name>/ping, built by
// api.Op when declared, else by hand: an operation that says nothing of
// who may call it.
type routeFeature struct {
	name     string
	declared bool
}

func (f routeFeature) Name() string { return f.name }

func (f routeFeature) Routes(a huma.API) {
	op := huma.Operation{OperationID: f.name + "-ping", Method: http.MethodGet, Path: "/" + f.name + "/ping"}
	if f.declared {
		op = api.Op(api.StaffOnly, op.Method, op.Path, op.OperationID, f.name, "Ping", "")
	}
	huma.Register(a, op, func(context.Context, *struct{}) (*struct{}, error) { return nil, nil })
}

// build builds the API with f enabled and returns what it panicked with,
// nil when it did not.
func build(t *testing.T, f core.Feature) (panicked any) {
	t.Helper()
	reg := core.NewRegistry([]core.Feature{f})
	if err := reg.Configure(nil); err != nil {
		t.Fatal(err)
	}
	defer func() { panicked = recover() }()
	api.New(api.Deps{Registry: reg, Access: access.NewStore(nil, access.Options{})})
	return nil
}

// A route registered without saying who may call it would be open to
// anyone: building the API refuses it, naming it, rather than serve it.
func TestUndeclaredOperationPanics(t *testing.T) {
	if p := build(t, routeFeature{name: "declared", declared: true}); p != nil {
		t.Fatalf("a feature whose route is built by api.Op: api.New panicked: %v", p)
	}
	p := build(t, routeFeature{name: "undeclared"})
	msg := fmt.Sprint(p)
	if p == nil || !strings.Contains(msg, "GET /undeclared/ping") || !strings.Contains(msg, "undeclared-ping") {
		t.Fatalf("a feature whose route declares no access: api.New panicked with %q, want one naming GET /undeclared/ping (undeclared-ping)", msg)
	}
}
