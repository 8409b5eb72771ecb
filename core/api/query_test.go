package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestPathIDsAreDigits: an id in a path is digits only; +1, -1, 1e0, an
// encoded +, or a slash hidden as %2F (routed as a real one) are 404
// not_found for every method, and change nothing, on both databases.
func TestPathIDsAreDigits(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		id := env.Customer("Ada")
		if id != 1 {
			t.Fatalf("customer %d, want 1", id)
		}
		body := map[string]any{"first_name": "Eve", "last_name": "X", "email": "eve@example.com"}
		for _, path := range []string{"/api/customers/+1", "/api/customers/%2B1", "/api/customers%2f1", "/api/customers%2F1/",
			"/api/customers/1%2f", "/api/customers/%2f1", "/api/customers/-1", "/api/customers/1e0", "/api/customers/0x1",
			"/api/customers/1.0", "/api/customers/%201", "/api/customers/1%20"} {
			for _, m := range []string{"GET", "PUT", "PATCH", "DELETE", "HEAD"} {
				var b any
				if m == "PUT" || m == "PATCH" {
					b = body
				}
				r := env.Call(m, path, b)
				if r.Status != http.StatusNotFound || (m != "HEAD" && r.Problem().Code != "not_found") {
					t.Errorf("%s %s: %d %s, want 404 not_found", m, path, r.Status, r.Body)
				}
			}
		}
		var c map[string]any
		env.Expect(http.StatusOK, "GET", "/api/customers/1", nil, &c)
		if c["first_name"] != "Ada" {
			t.Errorf("customer 1 changed: %v", c)
		}
		for _, path := range []string{"/api/customers/1/", "/api/customers/01", "/api/customers/%31"} {
			env.Expect(http.StatusOK, "GET", path, nil, nil)
		}
	})
}

// TestUnknownQueryParameters: a query parameter the operation does not
// declare, or one Go's parser would drop, is 422 validation_failed naming
// it, for lists, single resources and writes, and nothing is written; the
// declared ones, and the next-page link, keep working.
func TestUnknownQueryParameters(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		for _, n := range []string{"Ada", "Bob", "Cy"} {
			env.Customer(n)
		}
		body := map[string]any{"first_name": "Eve", "last_name": "X", "email": "eve@example.com"}
		for _, c := range []struct {
			method, path string
			fields       []string
		}{
			{"GET", "/api/customers?emial=ada@example.com", []string{"emial"}},
			{"GET", "/api/customers/?Email=x&limit=5", []string{"Email"}},
			{"GET", "/api/customers?email=a%zz", []string{"email"}},
			{"GET", "/api/customers?email=x;limit=5", []string{"email"}},
			{"GET", "/api/customers?%zz=1", []string{"%zz"}},
			{"GET", "/api/customers?a=1&b=2&a=3&limit=1", []string{"a", "b"}},
			{"GET", "/api/customers?=1", []string{""}},
			{"GET", "/api/customers/1?fields=id", []string{"fields"}},
			{"GET", "/api/class_sessions?from=2026-03-01&to=2026-03-01&since=2026-03-01&limit=5", []string{"since"}},
			{"GET", "/api/bookings?date=2026-03-01", []string{"date"}},
			// With an unknown parameter, a bad value of a declared one is
			// named too, after it.
			{"GET", "/api/customers?limit=abc&zz=1", []string{"zz", "limit"}},
			{"GET", "/api/customers?zz=1&limit=5000&offset=-1", []string{"zz", "limit", "offset"}},
			{"GET", "/api/class_sessions?class_type=-1&zz=1&from=2026-03-01", []string{"zz", "class_type"}},
			{"POST", "/api/customers?dry_run=1", []string{"dry_run"}},
			{"PATCH", "/api/customers/1?x=1", []string{"x"}},
			{"DELETE", "/api/customers/1?force=true", []string{"force"}},
		} {
			var b any
			if c.method == "POST" || c.method == "PATCH" {
				b = body
			}
			r := env.Call(c.method, c.path, b)
			p := r.Problem()
			if r.Status != http.StatusUnprocessableEntity || p.Code != "validation_failed" || len(p.Errors) != len(c.fields) {
				t.Errorf("%s %s: %d %s, want 422 validation_failed naming %v", c.method, c.path, r.Status, r.Body, c.fields)
				continue
			}
			for i, f := range c.fields {
				if p.Errors[i].Field != f {
					t.Errorf("%s %s: errors %+v, want %v", c.method, c.path, p.Errors, c.fields)
				}
			}
		}
		var rows []map[string]any
		env.Expect(http.StatusOK, "GET", "/api/customers", nil, &rows)
		if len(rows) != 3 || rows[0]["first_name"] != "Ada" {
			t.Errorf("a refused request wrote: %v", rows)
		}

		env.Expect(http.StatusOK, "GET", "/api/customers?email=ada%40example.com&limit=5&offset=0", nil, nil)
		env.Expect(http.StatusOK, "GET", "/api/customers?", nil, nil)
		r := env.Expect(http.StatusOK, "GET", "/api/customers?limit=1&email=", nil, &rows)
		next := r.Header.Get("Link")
		start, end := strings.Index(next, "<"), strings.Index(next, ">")
		if start < 0 || end < start {
			t.Fatalf("Link %q", next)
		}
		link := next[start+1 : end]
		link = link[strings.Index(link, "/api/"):]
		env.Expect(http.StatusOK, "GET", link, nil, &rows)
		if len(rows) != 1 || fmt.Sprint(rows[0]["id"]) != "2" {
			t.Errorf("GET %s: %v", link, rows)
		}
	})
}
