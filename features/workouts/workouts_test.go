package workouts_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// A workout is logged with all its sets in one request, kept in order, and
// read back as written; answers leave out the fields a set does not have.
func TestNestedCreate(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada := f.Customer("Ada")
		started := base.Add(-2 * time.Hour)
		body := workout(ada, started, started.Add(75*time.Minute),
			f.strength("Bench press", 8, 40),
			map[string]any{"exercise": f.exercise("Treadmill run"), "duration_seconds": 1800, "distance_m": 5000,
				"calories": 350, "avg_heart_rate": 152, "incline_percent": 1.5, "resistance_level": nil},
			f.strength("Dumbbell curl", 12, 12.5),
			f.strength("Push-up", 20, 0),
		)
		body["notes"] = "legs tomorrow"
		r := f.Expect(http.StatusCreated, "POST", "/api/workouts/", body, nil)
		var w workouts.WorkoutJSON
		r.Decode(t, &w)
		if loc := r.Header.Get("Location"); loc != workoutPath(w.ID) {
			t.Errorf("Location %q", loc)
		}
		want := workouts.WorkoutJSON{ID: w.ID, Customer: ada, StartedAt: started, EndedAt: ptr(started.Add(75 * time.Minute)),
			Notes: "legs tomorrow", Sets: []workouts.SetJSON{
				{Exercise: f.exercise("Bench press"), Reps: ptr(8), WeightKg: ptr(40.0)},
				{Exercise: f.exercise("Treadmill run"), DurationSeconds: ptr(1800), DistanceM: ptr(5000.0), Calories: ptr(350),
					AvgHeartRate: ptr(152), InclinePercent: ptr(1.5)},
				{Exercise: f.exercise("Dumbbell curl"), Reps: ptr(12), WeightKg: ptr(12.5)},
				{Exercise: f.exercise("Push-up"), Reps: ptr(20), WeightKg: ptr(0.0)},
			}}
		if !reflect.DeepEqual(w, want) {
			t.Errorf("created:\n got %+v\nwant %+v", w, want)
		}
		if got := f.get(w.ID); !reflect.DeepEqual(got, want) {
			t.Errorf("read back:\n got %+v\nwant %+v", got, want)
		}
		var raw struct{ Sets []map[string]any }
		_ = json.Unmarshal(f.Expect(http.StatusOK, "GET", workoutPath(w.ID), nil, nil).Body, &raw)
		if keys := sortedKeys(raw.Sets[0]); !reflect.DeepEqual(keys, []string{"exercise", "reps", "weight_kg"}) {
			t.Errorf("a strength set's fields: %v", keys)
		}

		// In progress: ended_at null, no sets yet.
		var open map[string]any
		f.Expect(http.StatusCreated, "POST", "/api/workouts", map[string]any{"customer": ada,
			"started_at": base.Format(time.RFC3339)}, &open)
		if v, ok := open["ended_at"]; !ok || v != nil {
			t.Errorf("ended_at of a workout in progress: %v", open)
		}
		if sets, ok := open["sets"].([]any); !ok || len(sets) != 0 {
			t.Errorf("sets of a workout created without any: %v", open["sets"])
		}
		if n := f.Count("SELECT COUNT(*) FROM workout_sets"); n != 4 {
			t.Errorf("%d sets stored, want 4", n)
		}
	})
}

// PUT replaces the workout and every set; PATCH changes what it is given,
// keeping the sets unless it gives them; a refused change writes nothing.
func TestReplace(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada, bob := f.Customer("Ada"), f.Customer("Bob")
		started := base.Add(-3 * time.Hour)
		w := f.create(workout(ada, started, started.Add(time.Hour),
			f.strength("Bench press", 8, 40), f.strength("Bench press", 6, 50), f.cardio("Treadmill walk", 600, 1000)))

		// PUT: everything replaced, the sets included.
		put := workout(bob, started.Add(time.Minute), started.Add(50*time.Minute), f.cardio("Stationary bike ride", 1200, 0))
		put["id"] = 999 // read-only, ignored
		var got workouts.WorkoutJSON
		f.Expect(http.StatusOK, "PUT", workoutPath(w.ID), put, &got)
		if got.ID != w.ID || got.Customer != bob || !got.StartedAt.Equal(started.Add(time.Minute)) || got.Notes != "" ||
			len(got.Sets) != 1 || got.Sets[0].Exercise != f.exercise("Stationary bike ride") {
			t.Fatalf("after PUT: %+v", got)
		}
		// PUT without sets is refused rather than wiping the log.
		delete(put, "sets")
		p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "PUT", workoutPath(w.ID), put)
		if !hasField(p, "sets") {
			t.Errorf("PUT without sets: %+v", p)
		}

		// PATCH without sets keeps them.
		f.Expect(http.StatusOK, "PATCH", workoutPath(w.ID), map[string]any{"notes": "easy day", "customer": ada}, &got)
		if got.Notes != "easy day" || got.Customer != ada || len(got.Sets) != 1 || !got.StartedAt.Equal(started.Add(time.Minute)) {
			t.Fatalf("after PATCH notes: %+v", got)
		}
		// The sets moved with the workout, into Ada's summary.
		if n := f.Count("SELECT COUNT(*) FROM workout_sets WHERE customer_id = ?", ada); n != 1 {
			t.Errorf("%d of Ada's sets, want 1", n)
		}
		if s := f.summary(ada, ""); s.Workouts != 1 || len(s.Exercises) != 1 || len(f.summary(bob, "").PersonalRecords) != 0 {
			t.Errorf("Ada's summary after the move: %+v", s)
		}
		// PATCH with sets replaces them, in the order given.
		f.Expect(http.StatusOK, "PATCH", workoutPath(w.ID), map[string]any{"sets": []any{
			f.strength("Goblet squat", 10, 24), f.strength("Kettlebell swing", 15, 16)}}, &got)
		if len(got.Sets) != 2 || got.Sets[0].Exercise != f.exercise("Goblet squat") || got.Sets[1].Exercise != f.exercise("Kettlebell swing") {
			t.Fatalf("after PATCH sets: %+v", got.Sets)
		}
		// PATCH {"ended_at": null} reopens it; a finished workout can be
		// corrected.
		f.Expect(http.StatusOK, "PATCH", workoutPath(w.ID), map[string]any{"ended_at": nil}, &got)
		if got.EndedAt != nil || len(got.Sets) != 2 {
			t.Fatalf("after reopening: %+v", got)
		}

		// Refused changes write nothing, sets included.
		before := f.get(w.ID)
		for _, c := range []struct {
			name, method string
			body         any
			field        string
		}{
			{"PUT with a bad set", "PUT", workout(ada, started, started.Add(time.Hour), f.strength("Bench press", 5, 60),
				f.cardio("Bench press", 60, 0)), "sets[1].reps"},
			{"PATCH to a missing customer", "PATCH", map[string]any{"customer": 987654, "sets": []any{}}, "customer"},
			{"PATCH ending before the start", "PATCH", map[string]any{"ended_at": started.Add(-time.Minute).Format(time.RFC3339)}, "ended_at"},
			{"PATCH with a missing exercise", "PATCH", map[string]any{"sets": []any{map[string]any{"exercise": 987654, "reps": 1, "weight_kg": 1}}},
				"sets[0].exercise"},
		} {
			p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", c.method, workoutPath(w.ID), c.body)
			if !hasField(p, c.field) {
				t.Errorf("%s: %+v, want a problem naming %s", c.name, p, c.field)
			}
		}
		if after := f.get(w.ID); !reflect.DeepEqual(after, before) {
			t.Errorf("refused changes wrote:\nbefore %+v\n after %+v", before, after)
		}

		// PUT with [] removes every set.
		f.Expect(http.StatusOK, "PUT", workoutPath(w.ID), workout(ada, started, time.Time{}), &got)
		if len(got.Sets) != 0 || f.Count("SELECT COUNT(*) FROM workout_sets WHERE workout_id = ?", w.ID) != 0 {
			t.Errorf("after PUT with no sets: %+v", got)
		}
		for _, c := range []struct {
			method string
			body   any
		}{
			{"GET", nil}, {"PUT", workout(ada, started, time.Time{})}, {"PATCH", map[string]any{"notes": "x"}}, {"DELETE", nil},
		} {
			f.ExpectProblem(http.StatusNotFound, "not_found", c.method, workoutPath(987654), c.body)
		}
		f.Expect(http.StatusNoContent, "DELETE", workoutPath(w.ID)+"/", nil, nil)
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", workoutPath(w.ID), nil)
	})
}

// Sets are appended one at a time while the workout is in progress; a
// finished workout refuses appends (409 workout_finished) but can still be
// corrected with PUT or PATCH.
func TestAppend(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada := f.Customer("Ada")
		w := f.create(workout(ada, base.Add(-30*time.Minute), time.Time{}, f.strength("Bench press", 8, 40)))
		sets := workoutPath(w.ID) + "/sets"

		var got workouts.WorkoutJSON
		r := f.Expect(http.StatusCreated, "POST", sets, f.strength("Bench press", 6, 50), &got)
		if r.Header.Get("Location") != workoutPath(w.ID) {
			t.Errorf("Location %q", r.Header.Get("Location"))
		}
		f.Expect(http.StatusCreated, "POST", sets+"/", f.cardio("Treadmill run", 600, 2000), &got)
		if len(got.Sets) != 3 || *got.Sets[1].WeightKg != 50 || *got.Sets[2].DistanceM != 2000 {
			t.Fatalf("after two appends: %+v", got.Sets)
		}
		if again := f.get(w.ID); !reflect.DeepEqual(again, got) {
			t.Errorf("append answered %+v, GET %+v", got, again)
		}

		// Field errors name the appended set's own fields.
		for _, c := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"exercise": f.exercise("Bench press"), "reps": 5}, "weight_kg"},
			{map[string]any{"exercise": f.exercise("Treadmill run"), "duration_seconds": 60, "reps": 5}, "reps"},
			{map[string]any{"exercise": 987654, "reps": 5, "weight_kg": 5}, "exercise"},
			{map[string]any{"exercise": f.exercise("Bench press"), "reps": 5, "weight_kg": 2000}, "weight_kg"},
		} {
			p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", sets, c.body)
			if !hasField(p, c.field) {
				t.Errorf("append %v: %+v, want a problem naming %s", c.body, p, c.field)
			}
		}
		f.ExpectProblem(http.StatusNotFound, "not_found", "POST", workoutPath(987654)+"/sets", f.strength("Bench press", 1, 1))

		// Finished: appends refused, corrections allowed.
		f.Expect(http.StatusOK, "PATCH", workoutPath(w.ID), map[string]any{"ended_at": base.Format(time.RFC3339)}, nil)
		p := f.ExpectProblem(http.StatusConflict, "workout_finished", "POST", sets, f.strength("Bench press", 6, 50))
		if !strings.Contains(p.Detail, "PUT or PATCH") {
			t.Errorf("workout_finished detail: %s", p.Detail)
		}
		f.Expect(http.StatusOK, "PATCH", workoutPath(w.ID), map[string]any{"sets": []any{f.strength("Bench press", 8, 45)}}, &got)
		if len(got.Sets) != 1 || *got.Sets[0].WeightKg != 45 || got.EndedAt == nil {
			t.Errorf("corrected finished workout: %+v", got)
		}
		// Reopened, it takes sets again, after the last.
		f.Expect(http.StatusOK, "PATCH", workoutPath(w.ID), map[string]any{"ended_at": nil}, nil)
		f.Expect(http.StatusCreated, "POST", sets, f.strength("Bench press", 3, 60), &got)
		if len(got.Sets) != 2 || *got.Sets[1].Reps != 3 {
			t.Errorf("append after reopening: %+v", got.Sets)
		}

		// A full workout refuses more.
		full := make([]map[string]any, workouts.MaxSets)
		for i := range full {
			full[i] = f.strength("Dumbbell curl", 10, 10)
		}
		big := f.create(workout(ada, base.Add(-time.Hour), time.Time{}, full...))
		f.ExpectProblem(http.StatusConflict, "workout_set_limit", "POST", workoutPath(big.ID)+"/sets", f.strength("Dumbbell curl", 1, 1))
		if n := f.Count("SELECT COUNT(*) FROM workout_sets WHERE workout_id = ?", big.ID); n != workouts.MaxSets {
			t.Errorf("%d sets in the full workout", n)
		}
	})
}

// The list is ordered by started_at, filtered by customer and from/to,
// paginated with Link, and loads each page's sets in one query.
func TestList(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada, bob := f.Customer("Ada"), f.Customer("Bob")
		day := time.Date(2030, 2, 1, 7, 0, 0, 0, time.UTC)
		var adas []int64
		// Logged newest first, so that ids and started_at disagree.
		for i := 9; i >= 0; i-- {
			at := day.AddDate(0, 0, i)
			w := f.create(workout(ada, at, at.Add(time.Hour), f.strength("Bench press", 5, float64(40+i)),
				f.cardio("Treadmill walk", 300, 0)))
			adas = append([]int64{w.ID}, adas...)
			f.create(workout(bob, at.Add(time.Hour), time.Time{}, f.strength("Goblet squat", 8, 20)))
		}

		var list []workouts.WorkoutJSON
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/workouts?customer=%d", ada), nil, &list)
		if ids := workoutIDs(list); !reflect.DeepEqual(ids, adas) {
			t.Fatalf("Ada's workouts %v, want %v (by started_at)", ids, adas)
		}
		for i, w := range list {
			if len(w.Sets) != 2 || *w.Sets[0].WeightKg != float64(40+i) {
				t.Errorf("workout %d's sets: %+v", w.ID, w.Sets)
			}
		}
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/workouts/?customer=%d&from=2030-02-03&to=2030-02-05", ada), nil, &list)
		if ids := workoutIDs(list); !reflect.DeepEqual(ids, adas[2:5]) {
			t.Errorf("from 3 to 5 February: %v, want %v", ids, adas[2:5])
		}
		f.Expect(http.StatusOK, "GET", "/api/workouts?from=2030-02-10T07:00:00Z", nil, &list)
		if len(list) != 2 || list[0].Customer != ada || list[1].Customer != bob {
			t.Errorf("from the last start on: %+v", list)
		}
		f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "GET", "/api/workouts?from=2030-02-05&to=2030-02-04", nil)
		f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "GET", "/api/workouts?from=yesterday", nil)

		r := f.Expect(http.StatusOK, "GET", "/api/workouts?limit=15", nil, &list)
		if len(list) != 15 || !strings.Contains(r.Header.Get("Link"), `rel="next"`) ||
			!strings.Contains(r.Header.Get("Link"), "offset=15") {
			t.Errorf("first page: %d rows, Link %q", len(list), r.Header.Get("Link"))
		}
		r = f.Expect(http.StatusOK, "GET", "/api/workouts?limit=15&offset=15", nil, &list)
		if len(list) != 5 || r.Header.Get("Link") != "" {
			t.Errorf("last page: %d rows, Link %q", len(list), r.Header.Get("Link"))
		}

		// One query for the page, one for its sets, whatever its size.
		queries := countQueries(t, f)
		f.Expect(http.StatusOK, "GET", "/api/workouts?limit=20", nil, &list)
		if n := queries(); n != 2 || len(list) != 20 {
			t.Errorf("listing %d workouts ran %d queries, want 2", len(list), n)
		}
	})
}

// Deleting a customer deletes their workouts and sets, and is not a 500.
func TestCustomerDeleteCascades(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada, bob := f.Customer("Ada"), f.Customer("Bob")
		for _, c := range []int64{ada, ada, bob} {
			f.create(workout(c, base.Add(-time.Hour), base, f.strength("Bench press", 5, 60), f.cardio("Treadmill run", 60, 200)))
		}
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/customers/%d", ada), nil, nil)
		if w, s := f.Count("SELECT COUNT(*) FROM workouts"), f.Count("SELECT COUNT(*) FROM workout_sets"); w != 1 || s != 2 {
			t.Errorf("after deleting Ada: %d workouts and %d sets, want Bob's 1 and 2", w, s)
		}
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", fmt.Sprintf("/api/customers/%d/workout_summary", ada), nil)
	})
}

func workoutIDs(list []workouts.WorkoutJSON) []int64 {
	ids := make([]int64, len(list))
	for i, w := range list {
		ids[i] = w.ID
	}
	return ids
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
