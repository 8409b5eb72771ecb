package workouts_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// BenchmarkWorkoutSummary times GET /api/customers/{id}/workout_summary,
// through the real HTTP handler, for a customer with five years of daily
// workouts (1,825 workouts × 6 sets = 10,950 sets) in a gym where 100 other
// customers logged daily over the last year (36,500 workouts, 219,000
// sets), loaded with bulk SQL. It runs only with -bench, so `go test` never
// loads the data:
//
//	go test -run '^$' -bench WorkoutSummary -benchtime 50x ./features/workouts/
func BenchmarkWorkoutSummary(b *testing.B) {
	for _, kind := range testenv.Kinds {
		b.Run(string(kind), func(b *testing.B) {
			if kind == config.Postgres {
				testenv.RequirePostgres(b)
			}
			f := newFixture(b, kind, testenv.Options{})
			customer := bulkWorkouts(b, f, 5*365, 100, 365)
			for _, c := range []struct{ name, query string }{
				{"last_year", "?from=2029-03-04&to=2030-03-03"},
				{"last_month", "?from=2030-02-04&to=2030-03-03"},
				{"all_time", ""},
			} {
				path := fmt.Sprintf("/api/customers/%d/workout_summary%s", customer, c.query)
				b.Run(c.name, func(b *testing.B) {
					for b.Loop() {
						r, err := f.Do("GET", path, nil)
						if err != nil || r.Status != http.StatusOK {
							b.Fatalf("%s: %v %v", path, err, r)
						}
					}
				})
			}
		})
	}
}
