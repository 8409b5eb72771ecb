package features_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestArrayBombs: an array body field of thousands of bad elements (a
// plan's class_types, a workout's sets) is refused with 422 naming the
// field and an answer of a few kilobytes: at most 100 errors, errors_total
// counting them all, and past 10,000 values in the body one error before
// any is decoded. It was 33 MB, one error per element and more, for 150,000
// zeros in class_types. Nothing is written.
func TestArrayBombs(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		e := newFuzzEnv(t, kind)
		zeros := func(n int) string { return "[" + strings.Repeat("0,", n-1) + "0]" }
		plan := func(ids string) string {
			return `{"name": "Bomb", "price_cents": 1, "duration_days": 30, "class_types": ` + ids + `}`
		}
		empties := "[" + strings.Repeat("{},", 4999) + "{}]"
		workout := `{"customer": 1, "started_at": "2026-03-01T09:00:00Z", "sets": ` + empties + `}`
		for _, c := range []struct {
			method, path, body, field, rule string
			many                            bool // errors_total past 100
		}{
			{"POST", "/api/membership_plans", plan(zeros(150_000)), "class_types", "more than 10000 values", false},
			{"PUT", "/api/membership_plans/1", plan(zeros(150_000)), "class_types", "more than 10000 values", false},
			{"PATCH", "/api/membership_plans/1", `{"class_types": ` + zeros(150_000) + `}`, "class_types", "more than 10000 values", false},
			{"POST", "/api/membership_plans", plan(zeros(5000)), "class_types", "", true},
			{"PATCH", "/api/membership_plans/1", `{"class_types": ` + zeros(5000) + `}`, "class_types", "", true},
			{"POST", "/api/workouts", workout, "sets", "", true},
			{"PUT", "/api/workouts/1", workout, "sets", "", true},
		} {
			t.Run(fmt.Sprintf("%s %s %d bytes", c.method, c.path, len(c.body)), func(t *testing.T) {
				before := e.rows(t)
				rec := e.serve(c.method, c.path, "application/json", []byte(c.body))
				var p struct {
					Code   string `json:"code"`
					Errors []struct {
						Field   string `json:"field"`
						Message string `json:"message"`
					} `json:"errors"`
					ErrorsTotal int `json:"errors_total"`
				}
				_ = json.Unmarshal(rec.Body.Bytes(), &p)
				if rec.Code != http.StatusUnprocessableEntity || p.Code != "validation_failed" {
					t.Fatalf("%d %.300s, want 422 validation_failed", rec.Code, rec.Body)
				}
				if rec.Body.Len() > 64<<10 || len(p.Errors) > 100 || c.many != (p.ErrorsTotal > 100) {
					t.Errorf("answer of %d bytes, %d errors, errors_total %d", rec.Body.Len(), len(p.Errors), p.ErrorsTotal)
				}
				if !slices.ContainsFunc(p.Errors, func(fe struct {
					Field   string `json:"field"`
					Message string `json:"message"`
				}) bool {
					return strings.HasPrefix(fe.Field, c.field) && strings.Contains(fe.Message, c.rule)
				}) {
					t.Errorf("no error names %s (%q): %.500s", c.field, c.rule, rec.Body)
				}
				if after := e.rows(t); after != before {
					t.Errorf("rows %s became %s", before, after)
				}
			})
		}
	})
}

// TestRequestBodySchemas: every operation that takes a body is a POST, PUT
// or PATCH and takes application/json alone, the bodies checkBody reads
// and checks, and every array in a request body has a maxItems of at most
// 1000, published in the OpenAPI document.
func TestRequestBodySchemas(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		e := newFuzzEnv(t, kind)
		type schema struct {
			Ref        string             `json:"$ref"`
			Type       any                `json:"type"`
			Properties map[string]*schema `json:"properties"`
			Items      *schema            `json:"items"`
			AnyOf      []*schema          `json:"anyOf"`
			OneOf      []*schema          `json:"oneOf"`
			MaxItems   *int               `json:"maxItems"`
		}
		var doc struct {
			Paths map[string]map[string]struct {
				RequestBody *struct {
					Content map[string]struct {
						Schema *schema `json:"schema"`
					} `json:"content"`
				} `json:"requestBody"`
			} `json:"paths"`
			Components struct {
				Schemas map[string]*schema `json:"schemas"`
			} `json:"components"`
		}
		e.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
		arrays := 0
		var walk func(where string, s *schema, seen map[string]bool)
		walk = func(where string, s *schema, seen map[string]bool) {
			if s == nil {
				return
			}
			if name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/"); ok {
				if !seen[name] {
					seen[name] = true
					walk(name, doc.Components.Schemas[name], seen)
				}
				return
			}
			if strings.Contains(fmt.Sprint(s.Type), "array") {
				arrays++
				if s.MaxItems == nil || *s.MaxItems > 1000 {
					t.Errorf("%s: an array without a maxItems of at most 1000", where)
				}
			}
			for name, p := range s.Properties {
				walk(where+"."+name, p, seen)
			}
			walk(where+"[]", s.Items, seen)
			for _, o := range append(s.AnyOf, s.OneOf...) {
				walk(where, o, seen)
			}
		}
		bodies := 0
		for path, ops := range doc.Paths {
			for method, op := range ops {
				if op.RequestBody == nil {
					continue
				}
				bodies++
				if method != "post" && method != "put" && method != "patch" {
					t.Errorf("%s %s takes a body", method, path)
				}
				for ct, media := range op.RequestBody.Content {
					if ct != "application/json" {
						t.Errorf("%s %s takes %s", method, path, ct)
					}
					walk(method+" "+path, media.Schema, map[string]bool{})
				}
			}
		}
		if bodies < 20 || arrays < 4 {
			t.Errorf("%d request bodies, %d arrays in them: the document was not read", bodies, arrays)
		}
	})
}
