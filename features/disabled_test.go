package features_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/app"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/bookinglimit"
	"github.com/gymtastic/gymtastic/features/bookingwindow"
	"github.com/gymtastic/gymtastic/features/latecancel"
	"github.com/gymtastic/gymtastic/features/milestones"
	"github.com/gymtastic/gymtastic/features/premium"
	"github.com/gymtastic/gymtastic/features/schedules"
	"github.com/gymtastic/gymtastic/features/waitlist"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// startWith runs Gymtastic with one feature on an existing database, its
// section as given, as a restart with a changed config.yaml would; the
// clock stands at base.
func startWith(t *testing.T, dbURL string, f core.Feature, section map[string]any) (*testenv.Client, *app.App) {
	t.Helper()
	reg := core.NewRegistry([]core.Feature{f})
	cfg := testenv.Config(t, reg, dbURL, testenv.Options{})
	if err := reg.Configure(map[string]map[string]any{f.Name(): section}); err != nil {
		t.Fatal(err)
	}
	a, err := app.New(context.Background(), cfg, reg, slog.New(slog.NewTextHandler(io.Discard, nil)),
		app.Options{Now: func() time.Time { return base }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	if _, err := a.Runner.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
	return testenv.AppClient(t, a), a
}

// request is one call that a disabled feature's routes answer with 404.
type request struct {
	method, path string
	body         any
}

// rowIDs are the rows a case creates, by name, for its later steps.
type rowIDs map[string]int64

// disabledCase switches one feature on, off and on again on the same
// database. Every step but on and off may be nil.
type disabledCase struct {
	feature func() core.Feature
	on, off map[string]any // the feature's section when enabled, disabled
	// before runs with the feature enabled, writing what it keeps.
	before func(t *testing.T, on *testenv.Client, ids rowIDs)
	// whileOff checks what the feature no longer does when disabled.
	whileOff func(t *testing.T, off *testenv.Client, ids rowIDs)
	// routes answer 404 when disabled, and no documented path contains
	// any of paths.
	routes func(ids rowIDs) []request
	paths  []string
	// kept checks, after the routes were called, that the data stayed.
	kept func(t *testing.T, off *testenv.Client, a *app.App, ids rowIDs)
	// again checks the feature enabled again.
	again func(t *testing.T, again *testenv.Client, ids rowIDs)
}

// Disabled, a feature's rule does not run, its routes answer 404 and leave
// the OpenAPI document, and its data stays for when it is enabled again.
func TestDisabled(t *testing.T) {
	for _, c := range []disabledCase{bookingLimitOff, bookingWindowOff, lateCancelsOff, milestonesOff, premiumOff, waitlistOff, workoutsOff, schedulesOff} {
		t.Run(c.feature().Name(), func(t *testing.T) {
			testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
				url := testenv.DatabaseURL(t, kind)
				ids := rowIDs{}
				on, _ := startWith(t, url, c.feature(), c.on)
				if c.before != nil {
					c.before(t, on, ids)
				}
				off, a := startWith(t, url, c.feature(), c.off)
				if c.whileOff != nil {
					c.whileOff(t, off, ids)
				}
				if c.routes != nil {
					for _, r := range c.routes(ids) {
						off.ExpectProblem(http.StatusNotFound, "not_found", r.method, r.path, r.body)
					}
				}
				var doc struct{ Paths map[string]any }
				off.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
				for p := range doc.Paths {
					for _, s := range c.paths {
						if strings.Contains(p, s) {
							t.Errorf("disabled feature's path %s in the OpenAPI document", p)
						}
					}
				}
				if c.kept != nil {
					c.kept(t, off, a, ids)
				}
				if c.again != nil {
					again, _ := startWith(t, url, c.feature(), c.on)
					c.again(t, again, ids)
				}
			})
		})
	}
}

// count returns the rows of table.
func count(a *app.App, table string) int64 {
	var n int64
	a.DB.Raw("SELECT COUNT(*) FROM " + table).Scan(&n)
	return n
}

// Disabled, there is no limit; enabled again, bookings made meanwhile stay,
// and the customer cannot add to that day until below the limit. A
// disabled feature's config is still decoded.
var bookingLimitOff = disabledCase{
	feature: func() core.Feature { return bookinglimit.New() },
	on:      map[string]any{"max_per_day": 2},
	off:     map[string]any{"enabled": false, "max_per_day": 1},
	whileOff: func(t *testing.T, off *testenv.Client, ids rowIDs) {
		ids["yoga"] = off.ClassType("Yoga")
		ids["ada"] = off.Customer("Ada")
		day := time.Date(2030, 6, 1, 7, 0, 0, 0, time.UTC)
		for i := 0; i < 3; i++ {
			var b testenv.ID
			off.Expect(http.StatusCreated, "POST", "/api/bookings",
				map[string]any{"customer": ids["ada"], "class_session": off.Session(ids["yoga"], day.Add(time.Duration(i)*time.Hour), 0)}, &b)
			ids[fmt.Sprint("held", i)] = b.ID
		}
	},
	again: func(t *testing.T, on *testenv.Client, ids rowIDs) {
		late := on.Session(ids["yoga"], time.Date(2030, 6, 1, 17, 0, 0, 0, time.UTC), 0)
		p := on.ExpectProblem(http.StatusConflict, "booking_limit_exceeded", "POST", "/api/bookings",
			map[string]any{"customer": ids["ada"], "class_session": late})
		for _, w := range []string{"2030-06-01", "holds 3", fmt.Sprintf("booking %d ", ids["held0"]),
			fmt.Sprintf("booking %d ", ids["held1"]), fmt.Sprintf("booking %d ", ids["held2"])} {
			if !strings.Contains(p.Detail, w) {
				t.Errorf("detail %q does not name %q", p.Detail, w)
			}
		}
		for _, b := range []int64{ids["held0"], ids["held1"]} {
			on.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b), nil, nil)
		}
		on.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": ids["ada"], "class_session": late}, nil)
	},
}

// Disabled, a session can be booked any time before it starts (staff
// exemption off, so the admin's bookings are judged as a customer's);
// windows and segments stay, and apply again when the feature is enabled.
var bookingWindowOff = disabledCase{
	feature: func() core.Feature { return bookingwindow.New() },
	on:      map[string]any{"staff_exempt": false},
	off:     map[string]any{"enabled": false, "staff_exempt": false},
	before: func(t *testing.T, on *testenv.Client, ids rowIDs) {
		ids["yoga"], ids["ada"] = on.ClassType("Yoga"), on.Customer("Ada")
		on.Expect(http.StatusOK, "PUT", bookingWindowPath(ids["yoga"]), map[string]any{"opens_days_before": 7, "closes_minutes_before": 60}, nil)
		var segment testenv.ID
		on.Expect(http.StatusCreated, "POST", "/api/booking_segments", map[string]any{"name": "Gold", "opens_days_before": 10,
			"customers": []int64{ids["ada"]}}, &segment)
		ids["segment"] = segment.ID
		ids["session"] = on.Session(ids["yoga"], base.AddDate(0, 0, 30), 0)
		on.ExpectProblem(http.StatusConflict, "booking_not_open", "POST", "/api/bookings",
			map[string]any{"customer": ids["ada"], "class_session": ids["session"]})
	},
	whileOff: func(t *testing.T, off *testenv.Client, ids rowIDs) {
		off.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": ids["ada"], "class_session": ids["session"]}, nil)
	},
	routes: func(ids rowIDs) []request {
		segment := fmt.Sprintf("/api/booking_segments/%d", ids["segment"])
		return []request{
			{"GET", bookingWindowPath(ids["yoga"]), nil},
			{"PUT", bookingWindowPath(ids["yoga"]), map[string]any{"opens_days_before": 3, "closes_minutes_before": 0}},
			{"DELETE", bookingWindowPath(ids["yoga"]), nil},
			{"GET", fmt.Sprintf("/api/class_sessions/%d/booking_window", ids["session"]), nil},
			{"GET", "/api/booking_segments", nil},
			{"POST", "/api/booking_segments", map[string]any{"name": "Silver", "opens_days_before": 3, "customers": []int64{}}},
			{"GET", segment, nil},
			{"PUT", segment, map[string]any{"name": "Gold", "opens_days_before": 3, "customers": []int64{}}},
			{"PATCH", segment, map[string]any{"name": "Platinum"}},
			{"DELETE", segment, nil},
		}
	},
	paths: []string{"booking_window", "booking_segment"},
	kept: func(t *testing.T, _ *testenv.Client, a *app.App, _ rowIDs) {
		for table, want := range map[string]int64{"booking_window_policies": 1, "booking_segments": 1, "booking_segment_customers": 1} {
			if n := count(a, table); n != want {
				t.Errorf("disabled: %d rows in %s, want %d", n, table, want)
			}
		}
	},
	again: func(t *testing.T, again *testenv.Client, ids rowIDs) {
		later := again.Session(ids["yoga"], base.AddDate(0, 0, 31), 0)
		again.ExpectProblem(http.StatusConflict, "booking_not_open", "POST", "/api/bookings",
			map[string]any{"customer": ids["ada"], "class_session": later})
		var w struct {
			OpensAt time.Time `json:"opens_at"`
		}
		again.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/class_sessions/%d/booking_window?customer=%d", later, ids["ada"]), nil, &w)
		if want := base.AddDate(0, 0, 21); !w.OpensAt.Equal(want) {
			t.Errorf("Ada's window after re-enabling opens at %s, want %s (her segment's 10 days)", w.OpensAt, want)
		}
	},
}

func bookingWindowPath(classType int64) string {
	return fmt.Sprintf("/api/class_types/%d/booking_window", classType)
}

func policyPath(classType int64) string {
	return fmt.Sprintf("/api/class_types/%d/late_cancel_policy", classType)
}

// Disabled, every cancel is plain cancelled, however late, and nothing is
// recorded; policies stay and are back when the feature is enabled again.
var lateCancelsOff = disabledCase{
	feature: func() core.Feature { return latecancel.New() },
	on:      map[string]any{"enabled": true},
	off:     map[string]any{"enabled": false},
	before: func(t *testing.T, on *testenv.Client, ids rowIDs) {
		ids["yoga"] = on.ClassType("Yoga")
		on.Expect(http.StatusOK, "PUT", policyPath(ids["yoga"]), map[string]any{"cutoff_minutes": 600}, nil)
	},
	whileOff: func(t *testing.T, off *testenv.Client, ids rowIDs) {
		ids["ada"] = off.Customer("Ada")
		session := off.Session(ids["yoga"], base.Add(time.Minute), 0) // a minute from now: late under any cutoff
		var b testenv.ID
		off.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": ids["ada"], "class_session": session}, &b)
		ids["booking"] = b.ID
		var out struct{ Status string }
		off.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), nil, &out)
		if out.Status != core.StatusCancelled {
			t.Errorf("cancel with the feature disabled: %s, want cancelled", out.Status)
		}
	},
	routes: func(ids rowIDs) []request {
		return []request{
			{"GET", policyPath(ids["yoga"]), nil},
			{"PUT", policyPath(ids["yoga"]), map[string]any{"cutoff_minutes": 5}},
			{"DELETE", policyPath(ids["yoga"]), nil},
			{"GET", "/api/late_cancels", nil},
			{"GET", fmt.Sprintf("/api/bookings/%d/late_cancel", ids["booking"]), nil},
		}
	},
	paths: []string{"late_cancel"},
	kept: func(t *testing.T, _ *testenv.Client, a *app.App, _ rowIDs) {
		if policies, decisions := count(a, "late_cancel_policies"), count(a, "late_cancel_decisions"); policies != 1 || decisions != 0 {
			t.Errorf("disabled: %d policies and %d decisions, want 1 and 0", policies, decisions)
		}
	},
	again: func(t *testing.T, again *testenv.Client, ids rowIDs) {
		var p latecancel.PolicyJSON
		again.Expect(http.StatusOK, "GET", policyPath(ids["yoga"]), nil, &p)
		if p.CutoffMinutes != 600 || p.Source != "class_type" {
			t.Errorf("policy after re-enabling: %+v", p)
		}
		session := again.Session(ids["yoga"], base.Add(time.Hour), 0)
		var b testenv.ID
		again.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": ids["ada"], "class_session": session}, &b)
		var out struct{ Status string }
		again.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), nil, &out)
		if out.Status != core.StatusLateCancelled {
			t.Errorf("cancel after re-enabling: %s, want late_cancelled", out.Status)
		}
	},
}

// Disabled, bookings achieve nothing and send no email; milestones stay.
var milestonesOff = disabledCase{
	feature: func() core.Feature { return milestones.New() },
	on:      map[string]any{"enabled": true},
	off:     map[string]any{"enabled": false},
	before: func(t *testing.T, on *testenv.Client, _ rowIDs) {
		on.Expect(http.StatusCreated, "POST", "/api/milestones", map[string]any{"name": "First", "interval": "P1W", "session_count": 1}, nil)
	},
	whileOff: func(t *testing.T, off *testenv.Client, _ rowIDs) {
		ct := off.ClassType("Yoga")
		if r := off.Book(off.Customer("Ada"), off.Session(ct, base.Add(48*time.Hour), 0)); r.Status != http.StatusCreated {
			t.Fatalf("book with the feature disabled: %d %s", r.Status, r.Body)
		}
	},
	routes: func(rowIDs) []request {
		return []request{
			{"GET", "/api/milestones", nil},
			{"GET", "/api/milestones/1", nil},
			{"GET", "/api/milestone_achievements", nil},
			{"POST", "/api/milestones", map[string]any{"name": "Second", "interval": "P1W", "session_count": 1}},
		}
	},
	paths: []string{"milestone"},
	kept: func(t *testing.T, _ *testenv.Client, a *app.App, _ rowIDs) {
		achievements, emails, defined := count(a, "milestone_achievements"), count(a, "emails"), count(a, "milestones")
		if achievements != 0 || emails != 0 || defined != 1 {
			t.Errorf("disabled: %d achievements, %d emails, %d milestones; want 0, 0, 1", achievements, emails, defined)
		}
	},
	again: func(t *testing.T, again *testenv.Client, _ rowIDs) {
		var list []milestones.MilestoneJSON
		again.Expect(http.StatusOK, "GET", "/api/milestones", nil, &list)
		if len(list) != 1 || list[0].Name != "First" {
			t.Errorf("milestones after re-enabling: %+v", list)
		}
	},
}

// Disabled, premium marks are ignored (everyone books); marks, plans and
// memberships stay, to apply again when the feature is enabled, and its
// routes are documented again.
var premiumOff = disabledCase{
	feature: func() core.Feature { return premium.New() },
	on:      map[string]any{"enabled": true},
	off:     map[string]any{"enabled": false},
	before: func(t *testing.T, on *testenv.Client, ids rowIDs) {
		ids["swimming"] = on.ClassType("Swimming")
		on.Expect(http.StatusCreated, "POST", "/api/premium_class_types", map[string]any{"class_type": ids["swimming"]}, nil)
		var plan, membership testenv.ID
		on.Expect(http.StatusCreated, "POST", "/api/membership_plans", map[string]any{"name": "Premium", "price_cents": 4900,
			"duration_days": 30, "class_types": []int64{ids["swimming"]}}, &plan)
		ids["ada"], ids["bob"] = on.Customer("Ada"), on.Customer("Bob")
		on.Expect(http.StatusCreated, "POST", "/api/memberships", map[string]any{"customer": ids["ada"], "plan": plan.ID,
			"starts_on": "2030-03-01", "amount_paid_cents": 4900}, &membership)
		ids["plan"], ids["membership"] = plan.ID, membership.ID
		ids["session"] = on.Session(ids["swimming"], base.Add(48*time.Hour), 0)
		on.ExpectProblem(http.StatusForbidden, "premium_membership_required", "POST", "/api/bookings",
			map[string]any{"customer": ids["bob"], "class_session": ids["session"]})
	},
	whileOff: func(t *testing.T, off *testenv.Client, ids rowIDs) {
		off.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": ids["bob"], "class_session": ids["session"]}, nil)
	},
	routes: func(ids rowIDs) []request {
		swimming, plan, membership := ids["swimming"], ids["plan"], ids["membership"]
		return []request{
			{"GET", "/api/premium_class_types", nil},
			{"POST", "/api/premium_class_types", map[string]any{"class_type": swimming}},
			{"GET", fmt.Sprintf("/api/premium_class_types/%d", swimming), nil},
			{"DELETE", fmt.Sprintf("/api/premium_class_types/%d", swimming), nil},
			{"GET", "/api/membership_plans", nil},
			{"POST", "/api/membership_plans", map[string]any{"name": "X", "price_cents": 1, "duration_days": 1, "class_types": []int64{}}},
			{"GET", fmt.Sprintf("/api/membership_plans/%d", plan), nil},
			{"PUT", fmt.Sprintf("/api/membership_plans/%d", plan), map[string]any{"name": "X"}},
			{"PATCH", fmt.Sprintf("/api/membership_plans/%d", plan), map[string]any{"name": "X"}},
			{"DELETE", fmt.Sprintf("/api/membership_plans/%d", plan), nil},
			{"GET", "/api/memberships", nil},
			{"POST", "/api/memberships", map[string]any{"customer": ids["ada"]}},
			{"GET", fmt.Sprintf("/api/memberships/%d", membership), nil},
			{"PUT", fmt.Sprintf("/api/memberships/%d", membership), map[string]any{"customer": ids["ada"]}},
			{"PATCH", fmt.Sprintf("/api/memberships/%d", membership), map[string]any{"status": "cancelled"}},
			{"POST", fmt.Sprintf("/api/memberships/%d/cancel", membership), nil},
			{"DELETE", fmt.Sprintf("/api/memberships/%d", membership), nil},
		}
	},
	paths: []string{"premium", "membership"},
	kept: func(t *testing.T, _ *testenv.Client, a *app.App, _ rowIDs) {
		for table, want := range map[string]int64{"premium_class_types": 1, "membership_plans": 1, "membership_plan_class_types": 1, "memberships": 1} {
			if n := count(a, table); n != want {
				t.Errorf("disabled: %d rows in %s, want %d", n, table, want)
			}
		}
	},
	again: func(t *testing.T, again *testenv.Client, ids rowIDs) {
		later := again.Session(ids["swimming"], base.Add(72*time.Hour), 0)
		again.ExpectProblem(http.StatusForbidden, "premium_membership_required", "POST", "/api/bookings",
			map[string]any{"customer": ids["bob"], "class_session": later})
		again.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": ids["ada"], "class_session": later}, nil)
		var doc struct{ Paths map[string]any }
		again.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
		for _, p := range []string{"/premium_class_types", "/premium_class_types/{id}", "/membership_plans",
			"/membership_plans/{id}", "/memberships", "/memberships/{id}", "/memberships/{id}/cancel"} {
			if doc.Paths[p] == nil {
				t.Errorf("enabled: %s missing from the OpenAPI document", p)
			}
		}
		var list []premium.MembershipJSON
		again.Expect(http.StatusOK, "GET", "/api/memberships", nil, &list)
		if len(list) != 1 || list[0].ID != ids["membership"] {
			t.Errorf("memberships after re-enabling: %+v", list)
		}
	},
}

// Disabled, the data stays, core still works, and a customer with workouts
// can still be deleted; enabled again, the rest is where it was.
var workoutsOff = disabledCase{
	feature: func() core.Feature { return workouts.New() },
	on:      map[string]any{"enabled": true},
	off:     map[string]any{"enabled": false},
	before: func(t *testing.T, on *testenv.Client, ids rowIDs) {
		ids["ada"], ids["bob"] = on.Customer("Ada"), on.Customer("Bob")
		var exercises []workouts.ExerciseJSON
		on.Expect(http.StatusOK, "GET", "/api/exercises?kind=strength&limit=1", nil, &exercises)
		ids["exercise"] = exercises[0].ID
		var w workouts.WorkoutJSON
		for _, c := range []int64{ids["ada"], ids["bob"]} {
			on.Expect(http.StatusCreated, "POST", "/api/workouts", map[string]any{"customer": c,
				"started_at": base.Add(-time.Hour).Format(time.RFC3339), "sets": []any{workoutSet(ids)}}, &w)
		}
		ids["workout"] = w.ID // Bob's
	},
	routes: func(ids rowIDs) []request {
		id := fmt.Sprint(ids["workout"])
		return []request{
			{"GET", "/api/equipment", nil},
			{"POST", "/api/equipment", map[string]any{"name": "Rower", "kind": "cardio"}},
			{"GET", "/api/equipment/1", nil},
			{"PUT", "/api/equipment/1", map[string]any{"name": "Rower", "kind": "cardio"}},
			{"PATCH", "/api/equipment/1", map[string]any{"name": "Rower"}},
			{"DELETE", "/api/equipment/1", nil},
			{"GET", "/api/exercises/", nil},
			{"POST", "/api/exercises", map[string]any{"name": "Rowing", "kind": "cardio"}},
			{"GET", "/api/exercises/1", nil},
			{"PUT", "/api/exercises/1", map[string]any{"name": "Rowing", "kind": "cardio"}},
			{"PATCH", "/api/exercises/1", map[string]any{"name": "Rowing"}},
			{"DELETE", "/api/exercises/1", nil},
			{"GET", "/api/workouts", nil},
			{"POST", "/api/workouts", map[string]any{"customer": ids["bob"], "started_at": base.Format(time.RFC3339)}},
			{"GET", "/api/workouts/" + id, nil},
			{"PUT", "/api/workouts/" + id, map[string]any{"customer": ids["bob"], "started_at": base.Format(time.RFC3339), "sets": []any{}}},
			{"PATCH", "/api/workouts/" + id, map[string]any{"notes": "x"}},
			{"DELETE", "/api/workouts/" + id, nil},
			{"POST", "/api/workouts/" + id + "/sets", workoutSet(ids)},
			{"GET", fmt.Sprintf("/api/customers/%d/workout_summary", ids["bob"]), nil},
		}
	},
	paths: []string{"workout", "exercise", "equipment"},
	kept: func(t *testing.T, off *testenv.Client, a *app.App, ids rowIDs) {
		off.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d", ids["bob"]), nil, nil)
		off.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/customers/%d", ids["ada"]), nil, nil)
		if workoutRows, setRows := count(a, "workouts"), count(a, "workout_sets"); workoutRows != 1 || setRows != 1 {
			t.Errorf("disabled: %d workouts and %d sets, want Bob's 1 and 1", workoutRows, setRows)
		}
	},
	again: func(t *testing.T, again *testenv.Client, ids rowIDs) {
		var got workouts.WorkoutJSON
		again.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/workouts/%d", ids["workout"]), nil, &got)
		if got.Customer != ids["bob"] || len(got.Sets) != 1 {
			t.Errorf("after re-enabling: %+v", got)
		}
		var s workouts.SummaryJSON
		again.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d/workout_summary", ids["bob"]), nil, &s)
		if s.Workouts != 1 {
			t.Errorf("summary after re-enabling: %+v", s)
		}
	},
}

// workoutSet is a strength set of the case's exercise.
func workoutSet(ids rowIDs) map[string]any {
	return map[string]any{"exercise": ids["exercise"], "reps": 5, "weight_kg": 20}
}

// Disabled, a cancel or a capacity raised promotes nobody: the place is
// anyone's. Enabled again, the entries wait where they were.
var waitlistOff = disabledCase{
	feature: func() core.Feature { return waitlist.New() },
	on:      map[string]any{"enabled": true},
	off:     map[string]any{"enabled": false},
	before: func(t *testing.T, on *testenv.Client, ids rowIDs) {
		ids["session"] = on.Session(on.ClassType("Yoga"), base.Add(48*time.Hour), 1)
		var held, e testenv.ID
		on.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": on.Customer("Holder"), "class_session": ids["session"]}, &held)
		ids["ada"] = on.Customer("Ada")
		on.Expect(http.StatusCreated, "POST", "/api/waitlist_entries", map[string]any{"customer": ids["ada"], "class_session": ids["session"]}, &e)
		ids["held"], ids["entry"] = held.ID, e.ID
	},
	whileOff: func(t *testing.T, off *testenv.Client, ids rowIDs) {
		off.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", ids["held"]), nil, nil)
		off.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/class_sessions/%d", ids["session"]), map[string]any{"capacity": 3}, nil)
		off.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": off.Customer("Direct"), "class_session": ids["session"]}, nil)
	},
	routes: func(ids rowIDs) []request {
		return []request{
			{"GET", "/api/waitlist_entries", nil},
			{"GET", fmt.Sprintf("/api/waitlist_entries/%d", ids["entry"]), nil},
			{"POST", "/api/waitlist_entries", map[string]any{"customer": ids["ada"], "class_session": ids["session"]}},
			{"POST", fmt.Sprintf("/api/waitlist_entries/%d/leave", ids["entry"]), nil},
		}
	},
	paths: []string{"waitlist"},
	kept: func(t *testing.T, _ *testenv.Client, a *app.App, ids rowIDs) {
		var waiting, bookings int64
		a.DB.Raw("SELECT COUNT(*) FROM waitlist_entries WHERE status = 'waiting'").Scan(&waiting)
		a.DB.Raw("SELECT COUNT(*) FROM bookings WHERE customer_id = ?", ids["ada"]).Scan(&bookings)
		if waiting != 1 || bookings != 0 || count(a, "emails") != 0 {
			t.Errorf("disabled: %d waiting, %d bookings of the waiting customer, %d emails; want 1, 0, 0",
				waiting, bookings, count(a, "emails"))
		}
	},
	again: func(t *testing.T, again *testenv.Client, ids rowIDs) {
		var got waitlist.EntryJSON
		again.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/waitlist_entries/%d", ids["entry"]), nil, &got)
		if got.Status != waitlist.StatusWaiting || got.Position == nil || *got.Position != 1 {
			t.Errorf("entry after re-enabling: %+v", got)
		}
	},
}

// Disabled, no schedule makes sessions (serve and worker run no job of
// it) and its routes are gone; the sessions it made are sessions like any
// other, and the schedules stay for when it is enabled again.
var schedulesOff = disabledCase{
	feature: func() core.Feature { return schedules.New() },
	on:      map[string]any{"horizon_days": 14},
	off:     map[string]any{"enabled": false, "horizon_days": 14},
	before: func(t *testing.T, on *testenv.Client, ids rowIDs) {
		ids["yoga"] = on.ClassType("Yoga")
		var s testenv.ID
		on.Expect(http.StatusCreated, "POST", "/api/class_schedules", map[string]any{"class_type": ids["yoga"],
			"weekdays": []string{"mon", "wed"}, "start_time": "18:30", "starts_on": "2030-03-04"}, &s)
		ids["schedule"] = s.ID
		var list []testenv.ID
		on.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/class_schedules/%d/sessions", s.ID), nil, &list)
		ids["session"] = list[0].ID
	},
	whileOff: func(t *testing.T, off *testenv.Client, ids rowIDs) {
		off.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/class_sessions/%d", ids["session"]), nil, nil)
	},
	routes: func(ids rowIDs) []request {
		one := fmt.Sprintf("/api/class_schedules/%d", ids["schedule"])
		return []request{
			{"GET", "/api/class_schedules", nil},
			{"POST", "/api/class_schedules", map[string]any{"class_type": ids["yoga"], "weekdays": []string{"tue"}, "start_time": "07:00", "starts_on": "2030-03-04"}},
			{"GET", one, nil},
			{"PATCH", one, map[string]any{"active": false}},
			{"DELETE", one, nil},
			{"GET", one + "/sessions", nil},
			{"POST", one + "/skips", map[string]any{"date": "2030-03-06"}},
		}
	},
	paths: []string{"schedule"},
	kept: func(t *testing.T, _ *testenv.Client, a *app.App, ids rowIDs) {
		for _, f := range a.Registry.Enabled() {
			if _, ok := f.(core.BackgroundJob); ok {
				t.Errorf("disabled: feature %s's job would run", f.Name())
			}
		}
		if n, s := count(a, "class_schedules"), count(a, "class_sessions"); n != 1 || s != 3 {
			t.Errorf("disabled: %d schedules and %d sessions, want 1 and 3 (4 less the one deleted)", n, s)
		}
	},
	again: func(t *testing.T, again *testenv.Client, ids rowIDs) {
		var list []testenv.ID
		again.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/class_schedules/%d/sessions", ids["schedule"]), nil, &list)
		if len(list) != 3 {
			t.Errorf("after re-enabling: %d sessions, want 3 (the deleted one is not made again)", len(list))
		}
	},
}
