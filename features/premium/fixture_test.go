package premium_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/premium"
)

// base is when the tests' frozen clock starts: 2030-03-04 09:00 UTC.
var base = time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)

// fixture is a running Gymtastic with the feature, in a gym time zone,
// with a premium Swimming class type, a plan unlocking it and a plain Yoga
// class type.
type fixture struct {
	*testenv.Env
	t        *testing.T
	feature  *premium.Feature
	loc      *time.Location
	swimming int64
	yoga     int64
	plan     int64
}

func newFixture(t *testing.T, kind config.DatabaseKind, zone string, extra ...core.Feature) *fixture {
	t.Helper()
	if zone == "" {
		zone = "UTC"
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	feature := premium.New()
	env := testenv.New(t, kind, testenv.Options{Features: append([]core.Feature{feature}, extra...), Timezone: zone})
	env.Clock.Set(base)
	f := &fixture{Env: env, t: t, feature: feature, loc: loc}
	f.swimming = env.ClassType("Swimming")
	f.yoga = env.ClassType("Yoga")
	f.mark(f.swimming)
	f.plan = f.newPlan("Premium", 30, f.swimming)
	return f
}

// at is a gym-local wall time, "2006-01-02 15:04".
func (f *fixture) at(local string) time.Time {
	f.t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", local, f.loc)
	if err != nil {
		f.t.Fatal(err)
	}
	return v
}

func (f *fixture) mark(classType int64) premium.PremiumClassTypeJSON {
	f.t.Helper()
	var out premium.PremiumClassTypeJSON
	f.Expect(http.StatusCreated, "POST", "/api/premium_class_types", map[string]any{"class_type": classType}, &out)
	return out
}

func (f *fixture) newPlan(name string, days int, classTypes ...int64) int64 {
	f.t.Helper()
	if classTypes == nil {
		classTypes = []int64{}
	}
	var out testenv.ID
	f.Expect(http.StatusCreated, "POST", "/api/membership_plans", map[string]any{
		"name": name, "description": name + " plan", "price_cents": 4900, "duration_days": days, "class_types": classTypes,
	}, &out)
	return out.ID
}

func (f *fixture) getPlan(id int64) premium.PlanJSON {
	f.t.Helper()
	var out premium.PlanJSON
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/membership_plans/%d", id), nil, &out)
	return out
}

// membership records a membership of plan from startsOn; endsOn "" takes
// the default.
func (f *fixture) membership(customer, plan int64, startsOn, endsOn string) premium.MembershipJSON {
	f.t.Helper()
	body := map[string]any{"customer": customer, "plan": plan, "starts_on": startsOn, "amount_paid_cents": 4900}
	if endsOn != "" {
		body["ends_on"] = endsOn
	}
	var out premium.MembershipJSON
	f.Expect(http.StatusCreated, "POST", "/api/memberships", body, &out)
	return out
}

func (f *fixture) cancelMembership(id int64) premium.MembershipJSON {
	f.t.Helper()
	var out premium.MembershipJSON
	f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/memberships/%d/cancel", id), nil, &out)
	return out
}

// book expects the booking to succeed and returns its id.
func (f *fixture) book(customer, session int64) int64 {
	f.t.Helper()
	var out testenv.ID
	f.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": customer, "class_session": session}, &out)
	return out.ID
}

// refused expects the booking to be refused for want of a membership,
// writing nothing, and returns the problem's detail.
func (f *fixture) refused(customer, session int64) string {
	f.t.Helper()
	before := f.Count("SELECT COUNT(*) FROM bookings")
	p := f.ExpectProblem(http.StatusForbidden, "premium_membership_required", "POST", "/api/bookings",
		map[string]any{"customer": customer, "class_session": session})
	if after := f.Count("SELECT COUNT(*) FROM bookings"); after != before {
		f.t.Fatalf("a refused booking wrote: %d bookings, had %d", after, before)
	}
	return p.Detail
}
