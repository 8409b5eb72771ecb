package features_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// base is when the matrix's frozen clock stands.
var base = time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)

// fixture is one principal's world: a customer and another customer, each
// with a row of every kind a path's id can point to (a booking, a
// late-cancelled booking, a membership, a milestone achievement, a workout
// in progress, a place on a full session's waitlist), and a fresh row of every other kind (class type, session,
// milestone, plan, equipment, booking segment…), so that what one principal's cells write
// or delete leaves the next principal's cells as they would be alone.
type fixture struct {
	t     *testing.T
	env   *testenv.Env
	n     int
	ids   map[string]int64 // the path ids, by the names the matrix uses
	other int64            // the other customer
	email string           // the customer's email
	// secrets are the principals' bearer secrets, in principals' order.
	secrets [len(principals)]string
}

// newFixture builds the n-th fixture on env, whose clock stands at base.
func newFixture(t *testing.T, env *testenv.Env, n int) *fixture {
	t.Helper()
	f := &fixture{t: t, env: env, n: n, ids: map[string]int64{}}
	name := func(s string) string { return fmt.Sprintf("%s %d", s, n) }

	f.ids["class_type"] = env.ClassType(name("Yoga"))
	f.ids["session"] = env.Session(f.ids["class_type"], base.Add(48*time.Hour), 0)
	f.ids["open_session"] = env.Session(f.ids["class_type"], base.Add(72*time.Hour), 0)
	soon := env.Session(f.ids["class_type"], base.Add(time.Hour), 0) // within the default 12-hour cutoff
	// A one-place session, another day (the booking limit's), taken by a
	// third customer: the customers wait for it.
	f.ids["full_session"] = env.Session(f.ids["class_type"], base.Add(96*time.Hour), 1)
	f.post("/api/bookings", map[string]any{"customer": env.Customer(fmt.Sprintf("Filler%d", n)), "class_session": f.ids["full_session"]})
	f.ids["premium_class_type"] = env.ClassType(name("Swimming"))
	f.post("/api/premium_class_types", map[string]any{"class_type": f.ids["premium_class_type"]})
	f.ids["plan"] = f.post("/api/membership_plans", map[string]any{"name": name("Premium"), "description": "d",
		"price_cents": 4900, "duration_days": 30, "class_types": []int64{f.ids["premium_class_type"]}})
	f.ids["milestone"] = f.post("/api/milestones", map[string]any{"name": name("First class"), "interval": "P1M",
		"session_count": 1})
	f.ids["equipment"] = f.post("/api/equipment", map[string]any{"name": name("Rowing machine"), "kind": "cardio"})
	f.ids["exercise"] = f.post("/api/exercises", map[string]any{"name": name("Curl"), "equipment": nil, "kind": "strength"})
	f.ids["segment"] = f.post("/api/booking_segments", map[string]any{"name": name("Members"), "opens_days_before": 28,
		"customers": []int64{}})
	f.ids["spin"] = env.ClassType(name("Spin"))
	f.ids["schedule"] = f.post("/api/class_schedules", f.schedule())
	key, _, err := env.App.Access.CreateKey(context.Background(), name("spare"), core.RoleStaff)
	if err != nil {
		t.Fatal(err)
	}
	f.ids["api_key"] = key.ID

	// The customer's rows, then the other customer's of every kind.
	for i, who := range []string{"Customer", "Other"} {
		c := env.Customer(fmt.Sprintf("%s%d", who, n))
		late := f.post("/api/bookings", map[string]any{"customer": c, "class_session": soon})
		var b struct{ Status string }
		env.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", late), nil, &b)
		if b.Status != "late_cancelled" {
			t.Fatalf("fixture: booking %d is %s, want late_cancelled", late, b.Status)
		}
		booking := f.post("/api/bookings", map[string]any{"customer": c, "class_session": f.ids["session"]})
		membership := f.post("/api/memberships", map[string]any{"customer": c, "plan": f.ids["plan"],
			"starts_on": base.Format(time.DateOnly), "amount_paid_cents": 4900, "payment_method": "cash"})
		workout := f.post("/api/workouts", map[string]any{"customer": c, "started_at": base.Add(-time.Hour).Format(time.RFC3339),
			"sets": []any{map[string]any{"exercise": f.ids["exercise"], "reps": 8, "weight_kg": 40}}})
		entry := f.post("/api/waitlist_entries", map[string]any{"customer": c, "class_session": f.ids["full_session"]})
		var got []struct{ ID, Email int64 }
		env.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/milestone_achievements?customer=%d&milestone=%d", c, f.ids["milestone"]), nil, &got)
		if len(got) != 1 {
			t.Fatalf("fixture: customer %d has %d achievements of milestone %d, want 1", c, len(got), f.ids["milestone"])
		}
		if i == 1 {
			f.other = c
			continue
		}
		f.ids["customer"], f.ids["late_booking"], f.ids["booking"] = c, late, booking
		f.ids["membership"], f.ids["workout"], f.ids["waitlist_entry"] = membership, workout, entry
		f.ids["achievement"], f.ids["email"] = got[0].ID, got[0].Email
		var cust struct{ Email string }
		env.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d", c), nil, &cust)
		f.email = cust.Email
	}

	f.secrets = [len(principals)]string{"", env.CustomerToken(t, f.ids["customer"]), env.CustomerToken(t, f.other),
		env.Key(t, core.RoleStaff), env.Key(t, core.RoleAdmin)}
	return f
}

// post creates a row as the admin and returns its id.
func (f *fixture) post(path string, body any) int64 {
	f.t.Helper()
	var out testenv.ID
	f.env.Expect(http.StatusCreated, "POST", path, body, &out)
	return out.ID
}

// workout is a valid workout of the customer's.
func (f *fixture) workout() map[string]any {
	return map[string]any{"customer": f.ids["customer"], "started_at": base.Add(-2 * time.Hour).Format(time.RFC3339),
		"sets": []any{map[string]any{"exercise": f.ids["exercise"], "reps": 5, "weight_kg": 20}}}
}

// schedule is a valid class schedule: Spin on Tuesdays.
func (f *fixture) schedule() map[string]any {
	return map[string]any{"class_type": f.ids["spin"], "weekdays": []string{"tue"}, "start_time": "07:00",
		"starts_on": base.Format(time.DateOnly)}
}
