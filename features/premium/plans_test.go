package premium_test

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/premium"
)

// Plans: create, read, list by id with pagination, replace, change, delete.
func TestPlansCRUD(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		sauna := f.ClassType("Sauna")
		f.mark(sauna)

		var created premium.PlanJSON
		r := f.Expect(http.StatusCreated, "POST", "/api/membership_plans/", map[string]any{
			"name": "  Wellness  ", "price_cents": 0, "duration_days": 1, "class_types": []int64{sauna, f.swimming},
		}, &created)
		want := premium.PlanJSON{ID: created.ID, Name: "Wellness", Description: "", PriceCents: 0, DurationDays: 1,
			ClassTypes: []int64{f.swimming, sauna}, CreatedAt: base}
		if !reflect.DeepEqual(created, want) {
			t.Errorf("created %+v, want %+v", created, want)
		}
		if loc := r.Header.Get("Location"); loc != fmt.Sprintf("/api/membership_plans/%d", created.ID) {
			t.Errorf("Location %q", loc)
		}
		if got := f.getPlan(created.ID); !reflect.DeepEqual(got, want) {
			t.Errorf("GET %+v, want %+v", got, want)
		}

		var page []premium.PlanJSON
		r = f.Expect(http.StatusOK, "GET", "/api/membership_plans?limit=1", nil, &page)
		if len(page) != 1 || page[0].ID != f.plan || !strings.Contains(r.Header.Get("Link"), `rel="next"`) {
			t.Errorf("first page %+v, Link %q", page, r.Header.Get("Link"))
		}
		r = f.Expect(http.StatusOK, "GET", "/api/membership_plans?limit=1&offset=1", nil, &page)
		if len(page) != 1 || !reflect.DeepEqual(page[0], want) || r.Header.Get("Link") != "" {
			t.Errorf("second page %+v, Link %q", page, r.Header.Get("Link"))
		}

		// PUT what GET gave, changed; read-only fields sent back are ignored.
		put := map[string]any{"id": 999, "created_at": "2001-01-01T00:00:00Z", "name": "Wellness+",
			"price_cents": 9900, "duration_days": 90, "class_types": []int64{sauna}}
		var replaced premium.PlanJSON
		f.Expect(http.StatusOK, "PUT", fmt.Sprintf("/api/membership_plans/%d/", created.ID), put, &replaced)
		want = premium.PlanJSON{ID: created.ID, Name: "Wellness+", PriceCents: 9900, DurationDays: 90,
			ClassTypes: []int64{sauna}, CreatedAt: base}
		if !reflect.DeepEqual(replaced, want) {
			t.Errorf("replaced %+v, want %+v", replaced, want)
		}
		var patched premium.PlanJSON
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/membership_plans/%d", created.ID),
			map[string]any{"description": "Sauna, three months"}, &patched)
		want.Description = "Sauna, three months"
		if !reflect.DeepEqual(patched, want) {
			t.Errorf("patched %+v, want %+v", patched, want)
		}

		f.ExpectProblem(http.StatusConflict, "name_taken", "POST", "/api/membership_plans",
			map[string]any{"name": "PREMIUM", "price_cents": 1, "duration_days": 1, "class_types": []int64{}})
		f.ExpectProblem(http.StatusConflict, "name_taken", "PATCH", fmt.Sprintf("/api/membership_plans/%d", created.ID),
			map[string]any{"name": "premium"})
		// Every letter, not only ASCII (SQLite's own lower() leaves É).
		f.Expect(http.StatusCreated, "POST", "/api/membership_plans",
			map[string]any{"name": "Été", "price_cents": 1, "duration_days": 1, "class_types": []int64{}}, nil)
		f.ExpectProblem(http.StatusConflict, "name_taken", "POST", "/api/membership_plans",
			map[string]any{"name": "ÉTÉ", "price_cents": 1, "duration_days": 1, "class_types": []int64{}})

		// In use by a membership, even a cancelled one: 409.
		m := f.membership(f.Customer("Ada"), created.ID, "2030-03-01", "")
		f.cancelMembership(m.ID)
		p := f.ExpectProblem(http.StatusConflict, "membership_plan_in_use", "DELETE", fmt.Sprintf("/api/membership_plans/%d", created.ID), nil)
		if !strings.Contains(p.Detail, "1 membership") {
			t.Errorf("detail %q", p.Detail)
		}
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/memberships/%d", m.ID), nil, nil)
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/membership_plans/%d", created.ID), nil, nil)
		if n := f.Count("SELECT COUNT(*) FROM membership_plan_class_types WHERE plan_id = ?", created.ID); n != 0 {
			t.Errorf("%d class types left of a deleted plan", n)
		}
		for _, m := range []string{"GET", "PUT", "PATCH", "DELETE"} {
			f.ExpectProblem(http.StatusNotFound, "not_found", m, fmt.Sprintf("/api/membership_plans/%d", created.ID), put)
		}
	})
}

// Every field of a plan is validated, on POST, PUT and PATCH, naming the
// field; nothing is written.
func TestPlanValidation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		valid := func(change map[string]any) map[string]any {
			b := map[string]any{"name": "Gold", "description": "", "price_cents": 100, "duration_days": 30,
				"class_types": []int64{f.swimming}}
			for k, v := range change {
				if v == nil {
					delete(b, k)
				} else {
					b[k] = v
				}
			}
			return b
		}
		cases := []struct {
			name, field string
			change      map[string]any
		}{
			{"name missing", "name", map[string]any{"name": nil}},
			{"name empty", "name", map[string]any{"name": ""}},
			{"name blank", "name", map[string]any{"name": "   "}},
			{"name too long", "name", map[string]any{"name": strings.Repeat("n", 257)}},
			{"name not a string", "name", map[string]any{"name": 5}},
			{"description too long", "description", map[string]any{"description": strings.Repeat("d", 10001)}},
			{"description not a string", "description", map[string]any{"description": false}},
			{"price missing", "price_cents", map[string]any{"price_cents": nil}},
			{"price negative", "price_cents", map[string]any{"price_cents": -1}},
			{"price fractional", "price_cents", map[string]any{"price_cents": 1.5}},
			{"price too high", "price_cents", map[string]any{"price_cents": 1_000_000_000_001}},
			{"duration missing", "duration_days", map[string]any{"duration_days": nil}},
			{"duration zero", "duration_days", map[string]any{"duration_days": 0}},
			{"duration too long", "duration_days", map[string]any{"duration_days": 36601}},
			{"class types missing", "class_types", map[string]any{"class_types": nil}},
			{"class types not a list", "class_types", map[string]any{"class_types": "1"}},
			{"class type not premium", "class_types", map[string]any{"class_types": []int64{f.swimming, f.yoga}}},
			{"class type unknown", "class_types", map[string]any{"class_types": []int64{999}}},
			{"class type zero", "class_types", map[string]any{"class_types": []int64{0}}},
			{"class type twice", "class_types", map[string]any{"class_types": []int64{f.swimming, f.swimming}}},
			{"unknown field", "price", map[string]any{"price": 5}},
		}
		plans := f.Count("SELECT COUNT(*) FROM membership_plans")
		links := f.Count("SELECT COUNT(*) FROM membership_plan_class_types")
		path := fmt.Sprintf("/api/membership_plans/%d", f.plan)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				for _, req := range []struct{ method, path string }{{"POST", "/api/membership_plans"}, {"PUT", path}, {"PATCH", path}} {
					body := valid(c.change)
					if req.method == "PATCH" {
						if _, changed := c.change[c.field]; !changed || c.change[c.field] == nil {
							continue // PATCH has no required fields
						}
						body = map[string]any{c.field: c.change[c.field]}
					}
					expectInvalid(t, f, req.method, req.path, body, c.field)
				}
			})
		}
		if p, l := f.Count("SELECT COUNT(*) FROM membership_plans"), f.Count("SELECT COUNT(*) FROM membership_plan_class_types"); p != plans || l != links {
			t.Errorf("refused requests wrote: %d plans and %d class types, had %d and %d", p, l, plans, links)
		}
		if got := f.getPlan(f.plan); got.Name != "Premium" || !reflect.DeepEqual(got.ClassTypes, []int64{f.swimming}) {
			t.Errorf("the plan changed: %+v", got)
		}
		f.ExpectProblem(http.StatusBadRequest, "malformed_json", "POST", "/api/membership_plans", `{"name": "x",`)
	})
}

// expectInvalid expects 422 validation_failed naming field (or an element
// of it, such as class_types[0]).
func expectInvalid(t *testing.T, f *fixture, method, path string, body any, field string) {
	t.Helper()
	p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", method, path, body)
	for _, e := range p.Errors {
		if e.Field == field || strings.HasPrefix(e.Field, field+"[") {
			return
		}
	}
	t.Errorf("%s %s: errors %+v do not name %s (detail %q)", method, path, p.Errors, field, p.Detail)
}
