package premium_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestEveryFieldProblemAtOnce: a plan or a membership with several fields
// the schema accepts but the feature refuses gets one 422 naming each.
func TestEveryFieldProblemAtOnce(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		ada := f.Customer("Ada")
		for _, c := range []struct {
			path   string
			body   map[string]any
			fields []string
		}{
			{"/api/membership_plans", map[string]any{"name": " ", "description": "a\u0001b", "price_cents": 0, "duration_days": 30,
				"class_types": []int64{}}, []string{"description", "name"}},
			{"/api/memberships", map[string]any{"customer": ada, "plan": f.plan, "starts_on": "2026-03-10", "ends_on": "2026-03-01",
				"amount_paid_cents": 0, "paid_at": "2099-01-01T00:00:00Z"}, []string{"ends_on", "paid_at"}},
		} {
			p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", c.path, c.body)
			if got := p.SortedFields(); !slices.Equal(got, c.fields) {
				t.Errorf("POST %s: errors name %v, want %v: %+v", c.path, got, c.fields, p.Errors)
			}
		}
	})
}
