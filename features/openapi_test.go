package features_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/access"
	"github.com/gymtastic/gymtastic/core/api"
	"github.com/gymtastic/gymtastic/features"
)

// errorDoc is what these tests read of the OpenAPI document: each
// operation's responses, their problem schema and the examples' codes.
type errorDoc struct {
	Paths map[string]map[string]struct {
		OperationID string `json:"operationId"`
		Responses   map[string]struct {
			Description string `json:"description"`
			Content     map[string]struct {
				Schema struct {
					Ref string `json:"$ref"`
				} `json:"schema"`
				Examples map[string]struct {
					Value struct {
						Status int    `json:"status"`
						Code   string `json:"code"`
					} `json:"value"`
				} `json:"examples"`
			} `json:"content"`
		} `json:"responses"`
	} `json:"paths"`
}

// document builds the OpenAPI document with every feature enabled except
// those named, as `gymtastic openapi` does, without a database.
func document(t *testing.T, disabled ...string) errorDoc {
	t.Helper()
	reg := core.NewRegistry(features.All())
	sections := map[string]map[string]any{}
	for _, name := range disabled {
		sections[name] = map[string]any{"enabled": false}
	}
	if err := reg.Configure(sections); err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(api.Document(api.Deps{Registry: reg, Access: access.NewStore(nil, access.Options{})}))
	if err != nil {
		t.Fatal(err)
	}
	var doc errorDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// codes returns the codes an operation's responses list, by status.
func (d errorDoc) codes(path, method string) map[string]int {
	out := map[string]int{}
	for _, r := range d.Paths[path][method].Responses {
		for _, e := range r.Content["application/problem+json"].Examples {
			out[e.Value.Code] = e.Value.Status
		}
	}
	return out
}

// Every operation, core's and each feature's, documents its errors: at
// least one 4xx response, each error response application/problem+json
// with the Problem schema and an example per code of its own status, and
// no catch-all default.
func TestOpenAPIErrorResponses(t *testing.T) {
	doc := document(t)
	for path, methods := range doc.Paths {
		for method, op := range methods {
			name := strings.ToUpper(method) + " " + path + " (" + op.OperationID + ")"
			if _, ok := op.Responses["default"]; ok {
				t.Errorf("%s: still has a default response", name)
			}
			var fourxx int
			for status, r := range op.Responses {
				n, _ := strconv.Atoi(status)
				if n < 400 {
					continue
				}
				if n < 500 {
					fourxx++
				}
				mt, ok := r.Content["application/problem+json"]
				if !ok || mt.Schema.Ref != "#/components/schemas/Problem" {
					t.Errorf("%s %s: want application/problem+json with the Problem schema, got %+v", name, status, r.Content)
					continue
				}
				if len(mt.Examples) == 0 {
					t.Errorf("%s %s: no example", name, status)
				}
				for key, e := range mt.Examples {
					if e.Value.Status != n || e.Value.Code != key || !strings.Contains(r.Description, "`"+key+"`") {
						t.Errorf("%s %s: example %q is %d %q; the description %q should name it", name, status, key,
							e.Value.Status, e.Value.Code, r.Description)
					}
				}
			}
			if fourxx == 0 {
				t.Errorf("%s: no 4xx response", name)
			}
			codes := doc.codes(path, method)
			for _, code := range []string{"unauthenticated", "validation_failed", "database_unavailable", "timeout"} {
				if _, ok := codes[code]; !ok {
					t.Errorf("%s: does not list %s", name, code)
				}
			}
			if strings.Contains(path, "{") && codes["not_found"] != http.StatusNotFound {
				t.Errorf("%s: an id in the path, and no 404 not_found", name)
			}
			if method == "post" && codes["idempotency_key_reused"] != http.StatusUnprocessableEntity {
				t.Errorf("%s: a POST without 422 idempotency_key_reused", name)
			}
		}
	}
}

// POST /api/bookings lists the refusals of every enabled feature's
// booking rule (core.RefusalDeclarer), and not those of a disabled one.
func TestOpenAPIBookingListsRuleCodes(t *testing.T) {
	var want []*core.Error
	for _, f := range features.All() {
		if d, ok := f.(core.RefusalDeclarer); ok {
			want = append(want, d.Refusals()[core.HookBeforeBook]...)
		}
	}
	if len(want) < 4 {
		t.Fatalf("the features declare %d booking refusals; want premium's, the booking window's and the limit's", len(want))
	}
	all := document(t).codes("/bookings", "post")
	for _, e := range append(want, core.ErrSessionFull, core.ErrAlreadyBooked, core.ErrSessionStarted) {
		if all[e.Code] != e.Status {
			t.Errorf("POST /bookings: %s is %d in the document, want %d", e.Code, all[e.Code], e.Status)
		}
	}
	if all["places_available"] != 0 {
		t.Errorf("POST /bookings lists places_available, the waitlist's own refusal")
	}
	// Joining a waitlist runs the booking rules too.
	join := document(t).codes("/waitlist_entries", "post")
	for _, e := range want {
		if join[e.Code] != e.Status {
			t.Errorf("POST /waitlist_entries: %s is %d in the document, want %d", e.Code, join[e.Code], e.Status)
		}
	}
	off := document(t, "premium", "booking_limit").codes("/bookings", "post")
	for _, code := range []string{"premium_membership_required", "booking_limit_exceeded"} {
		if _, ok := off[code]; ok {
			t.Errorf("POST /bookings lists %s with its feature disabled", code)
		}
	}
	if _, ok := off["booking_not_open"]; !ok {
		t.Errorf("POST /bookings does not list booking_not_open with the booking window enabled")
	}
}

// Every refusal the code can answer with appears in the document: each
// code written in a core.Refuse, core.Forbid or core.Error literal (or
// NewProblem) of core's and every feature's non-test sources, sentinels
// included, is one some operation lists. A route that refuses with a new
// code must declare it (api.Refusals, or core.RefusalDeclarer for a
// hook's).
func TestOpenAPIListsEveryRefusal(t *testing.T) {
	listed := map[string]bool{}
	doc := document(t)
	for path, methods := range doc.Paths {
		for method := range methods {
			for code := range doc.codes(path, method) {
				listed[code] = true
			}
		}
	}
	// Answers of no operation: the router's and a fault's.
	notOperations := []string{"method_not_allowed", "not_acceptable", "internal_error", "client_closed_request"}
	found := map[string]string{}
	var files []string
	for _, pattern := range []string{"../core/*.go", "../core/api/*.go", "../core/access/*.go", "*/*.go"} {
		matches, _ := filepath.Glob(pattern)
		files = append(files, matches...)
	}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		for _, code := range refusalCodes(t, file) {
			found[code] = file
		}
	}
	if !slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(f, "workouts/") }) {
		t.Fatalf("the scan reads no feature's sources: %v", files)
	}
	if len(found) < 20 {
		t.Fatalf("found %d refusal codes in the sources; the scan is broken", len(found))
	}
	for code, file := range found {
		if !listed[code] && !slices.Contains(notOperations, code) {
			t.Errorf("%s refuses with %q, which no operation of the OpenAPI document lists: declare it with api.Refusals", file, code)
		}
	}
}

// refusalCodes returns the string literals a file gives as a refusal's
// code: the first argument of Refuse and Forbid, the second of
// NewProblem, and Code in an Error literal.
func refusalCodes(t *testing.T, file string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	lit := func(e ast.Expr) {
		if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
			if s, err := strconv.Unquote(b.Value); err == nil {
				out = append(out, s)
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			name := ""
			switch fn := x.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			switch {
			case (name == "Refuse" || name == "Forbid") && len(x.Args) > 0:
				lit(x.Args[0])
			case name == "NewProblem" && len(x.Args) > 1:
				lit(x.Args[1])
			}
		case *ast.CompositeLit:
			if sel, ok := x.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" || isIdent(x.Type, "Error") {
				for _, el := range x.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Code") {
						lit(kv.Value)
					}
				}
			}
		}
		return true
	})
	return out
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
