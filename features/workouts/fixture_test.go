package workouts_test

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// base is when the tests' frozen clock starts.
var base = time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)

// fixture is a running Gymtastic with the feature, a frozen clock and the
// seeded exercises by name.
type fixture struct {
	*testenv.Env
	t  testing.TB
	ex map[string]int64
}

func newFixture(t testing.TB, kind config.DatabaseKind, opt testenv.Options) *fixture {
	t.Helper()
	opt.Features = []core.Feature{workouts.New()}
	env := testenv.New(t, kind, opt)
	env.Clock.Set(base)
	f := &fixture{Env: env, t: t, ex: map[string]int64{}}
	var list []workouts.ExerciseJSON
	f.Expect(http.StatusOK, "GET", "/api/exercises?limit=1000", nil, &list)
	for _, e := range list {
		f.ex[e.Name] = e.ID
	}
	return f
}

// exercise is a seeded exercise's id.
func (f *fixture) exercise(name string) int64 {
	f.t.Helper()
	id, ok := f.ex[name]
	if !ok {
		f.t.Fatalf("no seeded exercise %q", name)
	}
	return id
}

// strength is a strength set's body.
func (f *fixture) strength(exercise string, reps int, kg float64) map[string]any {
	return map[string]any{"exercise": f.exercise(exercise), "reps": reps, "weight_kg": kg}
}

// cardio is a cardio set's body; distance 0 leaves distance_m out.
func (f *fixture) cardio(exercise string, seconds int, distance float64) map[string]any {
	s := map[string]any{"exercise": f.exercise(exercise), "duration_seconds": seconds}
	if distance > 0 {
		s["distance_m"] = distance
	}
	return s
}

// workout is a workout's body; ended zero leaves it in progress.
func workout(customer int64, started, ended time.Time, sets ...map[string]any) map[string]any {
	body := map[string]any{"customer": customer, "started_at": started.Format(time.RFC3339Nano)}
	if !ended.IsZero() {
		body["ended_at"] = ended.Format(time.RFC3339Nano)
	}
	if sets == nil {
		sets = []map[string]any{}
	}
	body["sets"] = sets
	return body
}

// create logs a workout and returns it.
func (f *fixture) create(body map[string]any) workouts.WorkoutJSON {
	f.t.Helper()
	var out workouts.WorkoutJSON
	f.Expect(http.StatusCreated, "POST", "/api/workouts", body, &out)
	return out
}

func (f *fixture) get(id int64) workouts.WorkoutJSON {
	f.t.Helper()
	var out workouts.WorkoutJSON
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/workouts/%d", id), nil, &out)
	return out
}

// hasField reports whether a problem names field.
func hasField(p testenv.Problem, field string) bool {
	for _, e := range p.Errors {
		if e.Field == field {
			return true
		}
	}
	return false
}

func workoutPath(id int64) string { return fmt.Sprintf("/api/workouts/%d", id) }

func ptr[T any](v T) *T { return &v }

// countQueries counts the statements the app runs from now on.
func countQueries(t testing.TB, f *fixture) func() int64 {
	t.Helper()
	var n atomic.Int64
	count := func(*gorm.DB) { n.Add(1) }
	cb := f.App.DB.Callback()
	for _, err := range []error{
		cb.Query().Before("gorm:query").Register("workouts_test:count", count),
		cb.Row().Before("gorm:row").Register("workouts_test:count", count),
		cb.Raw().Before("gorm:raw").Register("workouts_test:count", count),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return n.Load
}
