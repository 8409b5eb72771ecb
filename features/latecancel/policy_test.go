package latecancel_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/latecancel"
)

// The policy routes answer 404 for unknown class types, refuse bad input
// with 4xx naming the field and write nothing, ignore read-only fields sent
// back, work with a trailing slash, and a policy goes with its class type.
func TestPolicyRoutes(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		yoga := f.ClassType("Yoga")
		const missing = 999999
		for _, method := range []string{"GET", "DELETE"} {
			f.ExpectProblem(http.StatusNotFound, "not_found", method, policyPath(missing), nil)
		}
		f.ExpectProblem(http.StatusNotFound, "not_found", "PUT", policyPath(missing), map[string]any{"cutoff_minutes": 60})
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", "/api/class_types/abc/late_cancel_policy", nil)
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", "/api/class_types/0/late_cancel_policy", nil)
		if n := f.Count("SELECT COUNT(*) FROM late_cancel_policies"); n != 0 {
			t.Fatalf("%d policies after PUT on a missing class type", n)
		}

		bad := []struct {
			name   string
			body   any
			status int
			code   string
			field  string
		}{
			{"negative", map[string]any{"cutoff_minutes": -1}, 422, "validation_failed", "cutoff_minutes"},
			{"over a week", map[string]any{"cutoff_minutes": latecancel.MaxCutoffMinutes + 1}, 422, "validation_failed", "cutoff_minutes"},
			{"not an integer", map[string]any{"cutoff_minutes": 1.5}, 422, "validation_failed", "cutoff_minutes"},
			{"a string", map[string]any{"cutoff_minutes": "60"}, 422, "validation_failed", "cutoff_minutes"},
			{"missing", map[string]any{}, 422, "validation_failed", "cutoff_minutes"},
			{"null", map[string]any{"cutoff_minutes": nil}, 422, "validation_failed", "cutoff_minutes"},
			{"unknown field", map[string]any{"cutoff_minutes": 60, "cutoff_hours": 1}, 422, "validation_failed", "cutoff_hours"},
			{"malformed JSON", `{"cutoff_minutes": `, 400, "malformed_json", ""},
		}
		for _, c := range bad {
			t.Run(c.name, func(t *testing.T) {
				p := f.ExpectProblem(c.status, c.code, "PUT", policyPath(yoga), c.body)
				if c.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != c.field) {
					t.Errorf("errors %+v, want one naming %s", p.Errors, c.field)
				}
				if got := f.policy(yoga); got.Source != "default" {
					t.Errorf("refused PUT wrote a policy: %+v", got)
				}
			})
		}

		// The bounds themselves are accepted.
		for _, m := range []int{0, latecancel.MaxCutoffMinutes} {
			if p := f.setPolicy(yoga, m); p.CutoffMinutes != m {
				t.Errorf("PUT %d answered %+v", m, p)
			}
		}
		// What GET gave, sent back with another class type and source: those
		// are read-only and ignored.
		var out latecancel.PolicyJSON
		f.Expect(http.StatusOK, "PUT", policyPath(yoga)+"/",
			map[string]any{"class_type": yoga + 1, "cutoff_minutes": 45, "source": "default"}, &out)
		if out != (latecancel.PolicyJSON{ClassType: yoga, CutoffMinutes: 45, Source: "class_type"}) {
			t.Errorf("PUT with read-only fields: %+v", out)
		}
		f.Expect(http.StatusOK, "GET", policyPath(yoga)+"/", nil, &out)
		if out.CutoffMinutes != 45 {
			t.Errorf("GET with a trailing slash: %+v", out)
		}
		if n := f.Count("SELECT COUNT(*) FROM late_cancel_policies"); n != 1 {
			t.Errorf("%d policy rows after several PUTs, want 1", n)
		}

		// Deleting the class type (it has no sessions) deletes its policy.
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/class_types/%d", yoga), nil, nil)
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", policyPath(yoga), nil)
		if n := f.Count("SELECT COUNT(*) FROM late_cancel_policies"); n != 0 {
			t.Errorf("%d policies left after deleting their class type", n)
		}
	})
}
