package features_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/core/testenv"
)

// operation is one operation of the OpenAPI document.
type operation struct {
	id, method, path string
	hasBody          bool
}

// documented lists the operations of env's OpenAPI document, failing t
// when one has no rule in the matrix or a rule names no operation. They
// are ordered so that what writes runs after what reads, what deletes
// last, and signing out at the very end.
func documented(t *testing.T, env *testenv.Env) []operation {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string          `json:"operationId"`
			RequestBody json.RawMessage `json:"requestBody"`
		} `json:"paths"`
	}
	env.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
	var ops []operation
	seen := map[string]bool{}
	for path, methods := range doc.Paths {
		for method, o := range methods {
			op := operation{id: o.OperationID, method: strings.ToUpper(method), path: "/api" + path, hasBody: o.RequestBody != nil}
			seen[op.id] = true
			r, ok := matrix[op.id]
			switch {
			case !ok:
				t.Errorf("%s %s (%s) has no rule in the access matrix", op.method, op.path, op.id)
			case (r.id == "") == strings.Contains(path, "{id}") || strings.Count(path, "{") > strings.Count(path, "{id}"):
				t.Errorf("%s %s (%s): the matrix points its path's id at %q", op.method, op.path, op.id, r.id)
			default:
				ops = append(ops, op)
			}
		}
	}
	for id := range matrix {
		if !seen[id] {
			t.Errorf("the access matrix has a rule for %s, which the OpenAPI document does not list", id)
		}
	}
	for _, x := range extra {
		if !seen[x.op] {
			t.Errorf("the access matrix has an extra cell for %s, which the OpenAPI document does not list", x.op)
		}
	}
	rank := map[string]int{http.MethodGet: 0, http.MethodPost: 1, http.MethodPut: 2, http.MethodPatch: 3, http.MethodDelete: 4}
	order := func(op operation) int {
		if op.id == "revoke-current-token" {
			return 5
		}
		return rank[op.method]
	}
	sort.Slice(ops, func(i, j int) bool {
		if a, b := order(ops[i]), order(ops[j]); a != b {
			return a < b
		}
		return ops[i].id < ops[j].id
	})
	if len(ops) < 80 {
		t.Fatalf("the OpenAPI document lists %d operations with a rule", len(ops))
	}
	return ops
}

// runExtras sends the matrix's extra cells as principal i.
func runExtras(t *testing.T, f *fixture, c *testenv.Client, i int) {
	t.Helper()
	for _, x := range extra {
		path := fmt.Sprintf("/api/bookings/%d", f.ids[x.id])
		res := c.Call(http.MethodPatch, path, x.body)
		if !x.want[i].allows(res.Status, true) {
			t.Errorf("%s (%s PATCH %s %v) as %s: %d, want %s: %s", x.name, x.op, path, x.body, principals[i], res.Status, x.want[i], res.Body)
		}
	}
}

// checkList checks a list of customers' rows that principal i got in res:
// the customer's holds her row and no other customer's; the other
// customer's holds none of the customer's, even asked for them by
// ?customer=; staff's holds the customer's row.
func checkList(t *testing.T, f *fixture, c *testenv.Client, i int, op operation, field, row string, res *testenv.Response) {
	t.Helper()
	customer, want := f.ids["customer"], f.ids[row]
	owners := func(res *testenv.Response) (has bool, others []int64) {
		var rows []map[string]any
		res.Decode(t, &rows)
		for _, r := range rows {
			id, _ := r["id"].(float64)
			owner, _ := r[field].(float64)
			has = has || int64(id) == want
			if self := map[int]int64{1: customer, 2: f.other}[i]; self != 0 && int64(owner) != self {
				others = append(others, int64(id))
			}
		}
		return has, others
	}
	has, others := owners(res)
	switch principals[i] {
	case "customer":
		if !has || len(others) > 0 {
			t.Errorf("%s as the customer: her row %d listed %v, other customers' rows %v: %s", op.id, want, has, others, res.Body)
		}
	case "other":
		if has || len(others) > 0 {
			t.Errorf("%s as the other customer: the customer's row %d listed %v, rows not hers %v: %s", op.id, want, has, others, res.Body)
		}
		if field == "customer" {
			path := fmt.Sprintf("%s?customer=%d", op.path, customer)
			res := c.Call(http.MethodGet, path, nil)
			if res.Status == http.StatusOK {
				if has, others := owners(res); has || len(others) > 0 {
					t.Errorf("GET %s as the other customer: the customer's row %d listed %v, rows not hers %v: %s",
						path, want, has, others, res.Body)
				}
			} else if res.Status >= 500 || res.Status == http.StatusUnauthorized {
				t.Errorf("GET %s as the other customer: %d: %s", path, res.Status, res.Body)
			}
		}
	default:
		if !has {
			t.Errorf("%s as %s: the customer's row %d is not listed: %s", op.id, principals[i], want, res.Body)
		}
	}
}
