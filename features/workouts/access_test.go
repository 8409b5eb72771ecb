package workouts_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// expectStatus reports to t, without stopping it, an answer other than
// status with code ("" for a success).
func expectStatus(t *testing.T, c *testenv.Client, status int, code, method, path string, body any) *testenv.Response {
	t.Helper()
	r := c.Call(method, path, body)
	if r.Status != status || (code != "" && r.Problem().Code != code) {
		t.Errorf("%s %s: %d %s, want %d %s", method, path, r.Status, r.Body, status, code)
	}
	return r
}

// A customer token manages her own workouts alone: she logs them for
// herself (customer left out or her own id), lists and reads only hers,
// and another's workout is 404 to every verb, as one that does not exist;
// naming another customer in a body is 403. Staff see and write every
// workout, and must name the customer.
func TestCustomerManagesOwnWorkoutsOnly(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada, bea := f.Customer("Ada"), f.Customer("Bea")
		started := base.Add(-2 * time.Hour)
		curl := f.strength("Dumbbell curl", 10, 12)
		theirs := f.create(workout(bea, started, time.Time{}, curl))

		staff := f.As(f.Key(t, core.RoleStaff))
		body := workout(0, started, time.Time{}, curl)
		delete(body, "customer")
		if r := expectStatus(t, staff, http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/workouts", body); !hasField(r.Problem(), "customer") {
			t.Errorf("staff without customer: %s, want 422 naming customer", r.Body)
		}

		c := f.As(f.CustomerToken(t, ada))
		var mine, second workouts.WorkoutJSON
		expectStatus(t, c, http.StatusCreated, "", "POST", "/api/workouts", body).Decode(t, &mine)
		expectStatus(t, c, http.StatusCreated, "", "POST", "/api/workouts", workout(ada, started.Add(time.Hour), time.Time{})).Decode(t, &second)
		if mine.Customer != ada || second.Customer != ada {
			t.Errorf("created for %d and %d, want her own %d", mine.Customer, second.Customer, ada)
		}
		expectStatus(t, c, http.StatusForbidden, "forbidden", "POST", "/api/workouts", workout(bea, started, time.Time{}))
		if n := f.Count("SELECT COUNT(*) FROM workouts WHERE customer_id = ?", bea); n != 1 {
			t.Errorf("%d workouts of Bea, want her 1: a refused POST wrote", n)
		}

		// Lists hold her own alone; a filter on another customer finds none.
		list := func(c *testenv.Client, query string) []int64 {
			var out []workouts.WorkoutJSON
			expectStatus(t, c, http.StatusOK, "", "GET", "/api/workouts"+query, nil).Decode(t, &out)
			ids := []int64{}
			for _, w := range out {
				ids = append(ids, w.ID)
			}
			return ids
		}
		if got := list(c, ""); fmt.Sprint(got) != fmt.Sprint([]int64{mine.ID, second.ID}) {
			t.Errorf("her list %v, want %d and %d", got, mine.ID, second.ID)
		}
		if got := list(c, fmt.Sprintf("?customer=%d", bea)); len(got) != 0 {
			t.Errorf("her list of Bea's: %v, want none", got)
		}
		if got := list(staff, ""); len(got) != 3 {
			t.Errorf("staff list %v, want all 3", got)
		}

		// Another's workout is not found, whatever the verb.
		other := workoutPath(theirs.ID)
		notFound := fmt.Sprintf("workout %d does not exist", theirs.ID)
		for _, req := range []struct {
			method, path string
			body         any
		}{
			{"GET", other, nil},
			{"PUT", other, workout(ada, started, time.Time{})},
			{"PATCH", other, map[string]any{"notes": "mine now"}},
			{"POST", other + "/sets", curl},
			{"DELETE", other, nil},
		} {
			if r := expectStatus(t, c, http.StatusNotFound, "not_found", req.method, req.path, req.body); r.Problem().Detail != notFound {
				t.Errorf("%s %s: detail %q, want %q", req.method, req.path, r.Problem().Detail, notFound)
			}
		}
		if got := f.get(theirs.ID); got.Notes != "" || len(got.Sets) != 1 || got.Customer != bea {
			t.Errorf("Bea's workout after Ada's attempts: %+v", got)
		}

		// Her own: naming another customer is 403, naming herself is fine.
		own := workoutPath(mine.ID)
		expectStatus(t, c, http.StatusForbidden, "forbidden", "PUT", own, workout(bea, started, time.Time{}))
		expectStatus(t, c, http.StatusForbidden, "forbidden", "PATCH", own, map[string]any{"customer": bea})
		// Another's workout is 404 whatever the body names: it is not told.
		expectStatus(t, c, http.StatusNotFound, "not_found", "PUT", other, workout(bea, started, time.Time{}))
		if got := f.get(mine.ID); got.Customer != ada {
			t.Errorf("her workout moved to %d", got.Customer)
		}
		expectStatus(t, c, http.StatusOK, "", "GET", own, nil)
		expectStatus(t, c, http.StatusOK, "", "PUT", own, workout(ada, started, time.Time{}, curl))
		expectStatus(t, c, http.StatusOK, "", "PATCH", own, map[string]any{"customer": ada, "notes": "arms"})
		expectStatus(t, c, http.StatusCreated, "", "POST", own+"/sets", curl)
		expectStatus(t, c, http.StatusNoContent, "", "DELETE", workoutPath(second.ID), nil)

		// Her summary, not another's; the catalogue is hers to read.
		summary := func(customer int64) string { return fmt.Sprintf("/api/customers/%d/workout_summary", customer) }
		r := expectStatus(t, c, http.StatusNotFound, "not_found", "GET", summary(bea), nil)
		if want := fmt.Sprintf("customer %d does not exist", bea); r.Problem().Detail != want {
			t.Errorf("Bea's summary: detail %q, want %q", r.Problem().Detail, want)
		}
		var s workouts.SummaryJSON
		expectStatus(t, c, http.StatusOK, "", "GET", summary(ada), nil).Decode(t, &s)
		if s.Customer != ada || s.Workouts != 1 {
			t.Errorf("her summary %+v, want her 1 workout", s)
		}
		staff.Expect(http.StatusOK, "GET", summary(bea), nil, nil)
		for _, path := range []string{"/api/equipment", "/api/exercises"} {
			expectStatus(t, c, http.StatusOK, "", "GET", path, nil)
		}
	})
}

// A customer whose id passes 2^31 (ids are 64-bit) manages her workouts
// too: her id is bound as a 64-bit parameter, never compared where
// PostgreSQL would type it int4.
func TestCustomerWithLargeIDManagesOwnWorkouts(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		const big = int64(3_000_000_000)
		if err := f.App.DB.Exec("INSERT INTO customers (id, first_name, last_name, email, created_at) VALUES (?, ?, ?, ?, ?)",
			big, "Cy", "Large", "cy@example.com", base).Error; err != nil {
			t.Fatal(err)
		}
		c := f.As(f.CustomerToken(t, big))
		body := workout(0, base.Add(-time.Hour), time.Time{})
		delete(body, "customer")
		var w workouts.WorkoutJSON
		expectStatus(t, c, http.StatusCreated, "", "POST", "/api/workouts", body).Decode(t, &w)
		if w.Customer != big {
			t.Fatalf("created for %d, want %d", w.Customer, big)
		}
		path := workoutPath(w.ID)
		expectStatus(t, c, http.StatusOK, "", "GET", "/api/workouts", nil)
		expectStatus(t, c, http.StatusOK, "", "GET", path, nil)
		expectStatus(t, c, http.StatusOK, "", "PATCH", path, map[string]any{"notes": "big"})
		expectStatus(t, c, http.StatusCreated, "", "POST", path+"/sets", f.strength("Dumbbell curl", 5, 10))
		expectStatus(t, c, http.StatusOK, "", "GET", fmt.Sprintf("/api/customers/%d/workout_summary", big), nil)
		expectStatus(t, c, http.StatusNoContent, "", "DELETE", path, nil)
	})
}
