package workouts_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestSchemaAndRuleProblemsAtOnce: a body with a number the schema refuses
// (reps 5000) and sets of the wrong kind for their exercise, which only the
// feature's rules see, gets one 422 naming every problem on
// POST, PUT, PATCH and an appended set; nothing is written.
func TestSchemaAndRuleProblemsAtOnce(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada := f.Customer("Ada")
		bench, run := f.exercise("Bench press"), f.exercise("Treadmill run")
		started := base.Add(-2 * time.Hour)
		w := f.create(workout(ada, started, time.Time{}, f.strength("Bench press", 5, 60)))
		sets := []map[string]any{
			{"exercise": bench, "reps": 5000, "weight_kg": 40},                      // out of range: the schema's
			{"exercise": bench, "reps": 8, "weight_kg": 40, "duration_seconds": 60}, // wrong kind: the rules'
			{"exercise": run, "duration_seconds": 600, "reps": 3},
			{"exercise": run, "duration_seconds": 600, "weight_kg": 5},
		}
		setFields := []string{"sets[0].reps", "sets[1].duration_seconds", "sets[2].reps", "sets[3].weight_kg"}
		bad := workout(987654, started, started.Add(-time.Minute), sets...)
		patch := map[string]any{"sets": sets}
		noStart := map[string]any{"customer": ada, "started_at": "yesterday", "ended_at": started.Format(time.RFC3339), "sets": sets[:2]}
		for _, c := range []struct {
			method, path string
			body         any
			fields       []string
		}{
			{"POST", "/api/workouts", bad, append([]string{"customer", "ended_at"}, setFields...)},
			{"PUT", workoutPath(w.ID), bad, append([]string{"customer", "ended_at"}, setFields...)},
			{"PATCH", workoutPath(w.ID), patch, setFields},
			// A start the schema cannot read is named once, and ended_at
			// is not judged against it.
			{"POST", "/api/workouts", noStart, []string{"started_at", "sets[0].reps", "sets[1].duration_seconds"}},
			{"POST", workoutPath(w.ID) + "/sets", map[string]any{"exercise": run, "duration_seconds": 0, "reps": 3, "weight_kg": 1},
				[]string{"duration_seconds", "reps", "weight_kg"}},
		} {
			p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", c.method, c.path, c.body)
			var got []string
			for _, e := range p.Errors {
				got = append(got, e.Field)
			}
			slices.Sort(got)
			for i := 1; i < len(got); i++ {
				if got[i] == got[i-1] && got[i] != "started_at" {
					t.Errorf("%s %s: %s named twice: %+v", c.method, c.path, got[i], p.Errors)
				}
			}
			got = slices.Compact(got) // the schema may name a field once per rule it breaks (a pattern, a format)
			want := slices.Sorted(slices.Values(c.fields))
			if !slices.Equal(got, want) {
				t.Errorf("%s %s: errors name %v, want %v: %+v", c.method, c.path, got, want, p.Errors)
			}
		}
		if n := f.Count("SELECT COUNT(*) FROM workouts"); n != 1 {
			t.Errorf("%d workouts, want 1", n)
		}
		if got := f.get(w.ID); len(got.Sets) != 1 || fmt.Sprint(*got.Sets[0].Reps) != "5" {
			t.Errorf("workout changed: %+v", got)
		}
	})
}

// TestWorkoutListParameters: on a feature's list the declared filters and
// pagination pass, and each undeclared parameter is named in one 422.
func TestWorkoutListParameters(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada := f.Customer("Ada")
		started := base.Add(-2 * time.Hour)
		f.create(workout(ada, started, time.Time{}, f.strength("Bench press", 5, 60)))
		var rows []map[string]any
		day := started.Format("2006-01-02")
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/workouts?customer=%d&from=%s&to=%s&limit=5&offset=0", ada, day, day), nil, &rows)
		if len(rows) != 1 {
			t.Errorf("%d workouts, want 1", len(rows))
		}
		p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "GET",
			fmt.Sprintf("/api/workouts?customer=%d&since=%s&from=%s&exercise=1&limit=5", ada, day, day), nil)
		if got, want := p.Fields(), []string{"since", "exercise"}; !slices.Equal(got, want) {
			t.Errorf("errors name %v, want %v", got, want)
		}
		p = f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "GET", "/api/workouts?customer=-1&since=x&limit=0", nil)
		if got, want := p.Fields(), []string{"since", "limit", "customer"}; !slices.Equal(got, want) {
			t.Errorf("errors name %v, want %v", got, want)
		}
	})
}
