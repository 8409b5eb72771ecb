package premium_test

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/premium"
)

// state is what a refused request must leave as it was: a plan, a
// membership and the number of rows of each of the feature's tables.
type state struct {
	plan       premium.PlanJSON
	membership premium.MembershipJSON
	rows       [3]int64
}

// state reads plan and membership back over HTTP and counts the rows.
func (f *fixture) state(plan, membership int64) state {
	f.t.Helper()
	return state{plan: f.getPlan(plan), membership: f.getMembership(membership), rows: [3]int64{
		f.Count("SELECT COUNT(*) FROM membership_plans"), f.Count("SELECT COUNT(*) FROM membership_plan_class_types"),
		f.Count("SELECT COUNT(*) FROM memberships")}}
}

// getMembership reads a membership back over HTTP.
func (f *fixture) getMembership(id int64) premium.MembershipJSON {
	f.t.Helper()
	var m premium.MembershipJSON
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/memberships/%d", id), nil, &m)
	return m
}

// expectUnchanged fails t unless the state reads back as before.
func (f *fixture) expectUnchanged(t *testing.T, before state) {
	t.Helper()
	if now := f.state(before.plan.ID, before.membership.ID); !reflect.DeepEqual(now, before) {
		t.Errorf("changed: %+v, was %+v", now, before)
	}
}

// TestPatchNull: no field of a plan or a membership may be null (ends_on
// and paid_at take defaults on POST and PUT only). An explicit null in a
// PATCH is refused with 422 naming the field, and nothing is written, even
// when the body also changes another field.
func TestPatchNull(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		m := f.membership(f.Customer("Ada"), f.plan, "2030-03-01", "")
		for _, c := range []struct {
			path   string
			fields []string
			change map[string]any // a valid change to send along
			other  map[string]any // the same, for a field change names
		}{
			{fmt.Sprintf("/api/membership_plans/%d", f.plan),
				[]string{"name", "description", "price_cents", "duration_days", "class_types"},
				map[string]any{"name": "Changed", "price_cents": 1},
				map[string]any{"description": "Changed", "duration_days": 7}},
			{fmt.Sprintf("/api/memberships/%d", m.ID),
				[]string{"customer", "plan", "starts_on", "ends_on", "status", "amount_paid_cents", "payment_method", "paid_at"},
				map[string]any{"amount_paid_cents": 1, "status": "cancelled"},
				map[string]any{"ends_on": "2030-03-20", "paid_at": base.Add(-time.Hour).Format(time.RFC3339)}},
		} {
			for _, field := range c.fields {
				t.Run(field, func(t *testing.T) {
					before := f.state(f.plan, m.ID)
					f.Call("PATCH", c.path, map[string]any{field: nil}).ExpectInvalid(t, field, "must not be null")
					f.expectUnchanged(t, before)
				})
				t.Run(field+" with a valid change", func(t *testing.T) {
					body := map[string]any{field: nil}
					change := c.change
					if _, clash := change[field]; clash {
						change = c.other
					}
					for k, v := range change {
						body[k] = v
					}
					before := f.state(f.plan, m.ID)
					f.Call("PATCH", c.path, body).ExpectInvalid(t, field, "must not be null")
					f.expectUnchanged(t, before)
				})
			}
		}
	})
}

// TestPlanPatchAbsentFields: a PATCH of a plan changes the fields given
// and leaves the others as stored.
func TestPlanPatchAbsentFields(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		sauna := f.ClassType("Sauna")
		f.mark(sauna)
		path := fmt.Sprintf("/api/membership_plans/%d", f.plan)
		want := f.getPlan(f.plan)
		cases := []testenv.PatchCase[premium.PlanJSON]{
			{Body: map[string]any{}, Change: func(*premium.PlanJSON) {}},
			{Body: map[string]any{"name": "Premium+"}, Change: func(p *premium.PlanJSON) { p.Name = "Premium+" }},
			{Body: map[string]any{"description": "Pool"}, Change: func(p *premium.PlanJSON) { p.Description = "Pool" }},
			{Body: map[string]any{"description": ""}, Change: func(p *premium.PlanJSON) { p.Description = "" }},
			{Body: map[string]any{"price_cents": 5900}, Change: func(p *premium.PlanJSON) { p.PriceCents = 5900 }},
			{Body: map[string]any{"duration_days": 90}, Change: func(p *premium.PlanJSON) { p.DurationDays = 90 }},
			{Body: map[string]any{"class_types": []int64{sauna, f.swimming}}, Change: func(p *premium.PlanJSON) { p.ClassTypes = []int64{f.swimming, sauna} }},
			{Body: map[string]any{"class_types": []int64{}}, Change: func(p *premium.PlanJSON) { p.ClassTypes = []int64{} }},
			// Read-only fields sent back are ignored, null or not.
			{Body: map[string]any{"id": nil, "created_at": nil, "price_cents": 4900}, Change: func(p *premium.PlanJSON) { p.PriceCents = 4900 }},
		}
		testenv.ExpectPatches(t, f.Client, path, want, cases)
	})
}

// TestMembershipPatchAbsentFields: a PATCH of a membership changes the
// fields given and leaves the others as stored.
func TestMembershipPatchAbsentFields(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		bob := f.Customer("Bob")
		gold := f.newPlan("Gold", 60, f.swimming)
		m := f.membership(f.Customer("Ada"), f.plan, "2030-03-01", "")
		path := fmt.Sprintf("/api/memberships/%d", m.ID)
		want := m
		paid := base.Add(-2 * time.Hour)
		cases := []testenv.PatchCase[premium.MembershipJSON]{
			{Body: map[string]any{}, Change: func(*premium.MembershipJSON) {}},
			{Body: map[string]any{"customer": bob}, Change: func(m *premium.MembershipJSON) { m.Customer = bob }},
			{Body: map[string]any{"plan": gold}, Change: func(m *premium.MembershipJSON) { m.Plan = gold }},
			{Body: map[string]any{"starts_on": "2030-02-20"}, Change: func(m *premium.MembershipJSON) { m.StartsOn = "2030-02-20" }},
			{Body: map[string]any{"ends_on": "2030-04-15"}, Change: func(m *premium.MembershipJSON) { m.EndsOn = ptr("2030-04-15") }},
			{Body: map[string]any{"status": "cancelled"}, Change: func(m *premium.MembershipJSON) { m.Status, m.CancelledAt = "cancelled", ptr(base) }},
			{Body: map[string]any{"status": "active"}, Change: func(m *premium.MembershipJSON) { m.Status, m.CancelledAt = "active", nil }},
			{Body: map[string]any{"amount_paid_cents": 100}, Change: func(m *premium.MembershipJSON) { m.AmountPaidCents = 100 }},
			{Body: map[string]any{"payment_method": "cash"}, Change: func(*premium.MembershipJSON) {}},
			{Body: map[string]any{"paid_at": paid.Format(time.RFC3339)}, Change: func(m *premium.MembershipJSON) { m.PaidAt = &paid }},
			// Read-only fields sent back are ignored, null or not.
			{Body: map[string]any{"id": nil, "created_at": nil, "cancelled_at": nil, "amount_paid_cents": 200},
				Change: func(m *premium.MembershipJSON) { m.AmountPaidCents = 200 }},
		}
		testenv.ExpectPatches(t, f.Client, path, want, cases)
	})
}

// TestPatchSchemas: the OpenAPI document publishes the PATCH fields as
// their type, not nullable (null is refused), but for the read-only
// cancelled_at.
func TestPatchSchemas(t *testing.T) {
	f := newFixture(t, config.SQLite, "")
	f.ExpectPatchSchema(t, "PlanPatch", 7)
	f.ExpectPatchSchema(t, "MembershipPatch", 11, "cancelled_at")
}
