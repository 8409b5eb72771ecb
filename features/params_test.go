package features_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features"
)

// TestEveryOperationHoldsToItsParameters: with every feature on, every
// operation of the OpenAPI document, core's and each feature's, answers
// 404 not_found to an id written +1 (which strconv reads as 1) and 422
// naming an undeclared query parameter, without writing, on both
// databases: the check is made once for all, where huma runs the
// operation, so an operation added later is covered.
func TestEveryOperationHoldsToItsParameters(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		e := &fuzzEnv{Env: testenv.New(t, kind, testenv.Options{Features: features.All()})}
		if _, err := e.App.Service.CreateFixtures(t.Context(), false); err != nil {
			t.Fatal(err)
		}
		tables, err := e.App.DB.Migrator().GetTables()
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range tables {
			if !strings.HasPrefix(name, "sqlite_") && name != "schema_migrations" && name != "idempotency_keys" {
				e.tables = append(e.tables, name)
			}
		}
		var doc struct {
			Paths map[string]map[string]any `json:"paths"`
		}
		e.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
		var ops, ids int
		before := e.rows(t)
		for path, methods := range doc.Paths {
			for method := range methods {
				method = strings.ToUpper(method)
				if method == "PARAMETERS" {
					continue
				}
				ops++
				path := "/api" + path
				if strings.Contains(path, "{id}") {
					ids++
					r := e.Call(method, strings.ReplaceAll(path, "{id}", "+1"), nil)
					if r.Status != http.StatusNotFound || r.Problem().Code != "not_found" {
						t.Errorf("%s %s with id +1: %d %s", method, path, r.Status, r.Body)
					}
				}
				target := pathParam.ReplaceAllString(path, "1") + "?zz_unknown=1"
				r := e.Call(method, target, nil)
				if p := r.Problem(); r.Status != http.StatusUnprocessableEntity || len(p.Errors) != 1 || p.Errors[0].Field != "zz_unknown" {
					t.Errorf("%s %s: %d %s, want 422 naming zz_unknown", method, target, r.Status, r.Body)
				}
			}
		}
		if after := e.rows(t); after != before {
			t.Errorf("refused requests wrote: rows %s became %s", before, after)
		}
		if ops < 40 || ids < 20 {
			t.Errorf("only %d operations, %d with an id, in the document", ops, ids)
		}
	})
}
