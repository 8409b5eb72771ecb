package workouts_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// The list's and the summary's from/to at both ends of the years
// Gymtastic stores. Workouts may be logged up to a day after now, so with
// the clock in the year 9999 they reach its last day. At UTC+14
// (Kiritimati) the gym-local day 9999-12-31 ends at 9999-12-31T10:00Z;
// before 1900 the zone keeps its local mean time, -10:29:20, so its day
// 0000-12-31 ends at 0001-01-01T10:29:20Z. A bound that could match
// nothing is refused naming the parameter, in the summary as in the list:
// in UTC, to=0000-12-31 ends at 0001-01-01T00:00Z, the first instant
// stored, which is no "no bound".
func TestFiltersAtTheEdgesOfTime(t *testing.T) {
	type query struct {
		q    string
		want int
	}
	zones := []struct {
		zone    string
		queries []query
		refused []string
	}{
		{"UTC", []query{{"from=9999-12-31", 3}, {"to=9999-12-31", 4}, {"from=9999-12-31&to=9999-12-31", 3},
			{"from=0001-01-01&to=9999-12-31", 4}, {"from=0000-12-31", 4}, {"to=0001-01-01", 0},
			{"from=9999-12-31T22:00:00Z", 1}, {"to=9999-12-31T23:59:59-23:59", 4}},
			[]string{"to=0000-12-31", "to=0000-06-01"}},
		{"Pacific/Kiritimati", []query{{"from=9999-12-31", 3}, {"to=9999-12-31", 2}, {"from=9999-12-31&to=9999-12-31", 1},
			{"from=0001-01-01&to=9999-12-31", 2}, {"from=0000-12-31", 4}, {"to=0000-12-31", 0},
			{"from=9999-12-31T22:00:00Z", 1}, {"to=9999-12-31T23:59:59-23:59", 4}},
			[]string{"to=0000-12-30", "to=0000-06-01"}},
	}
	for _, z := range zones {
		t.Run(z.zone, func(t *testing.T) {
			testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
				f := newFixture(t, kind, testenv.Options{Timezone: z.zone})
				f.Clock.Set(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
				ada := f.Customer("Ada")
				for _, at := range []string{"2030-01-01T09:00:00Z", "9999-12-31T09:00:00Z", "9999-12-31T10:00:00Z", "9999-12-31T22:00:00Z"} {
					start, _ := time.Parse(time.RFC3339, at)
					f.create(workout(ada, start, start.Add(time.Hour), f.strength("Bench press", 5, 80)))
				}
				for _, c := range z.queries {
					var list []workouts.WorkoutJSON
					f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/workouts?customer=%d&%s", ada, c.q), nil, &list)
					if len(list) != c.want {
						t.Errorf("list %s: %d workouts, want %d", c.q, len(list), c.want)
					}
					if _, err := time.Parse(time.DateOnly, c.q[len(c.q)-10:]); err != nil {
						continue // the summary takes dates only
					}
					if got := f.summary(ada, "?"+c.q); got.Workouts != int64(c.want) {
						t.Errorf("summary %s: %d workouts, want %d", c.q, got.Workouts, c.want)
					}
				}
				for _, q := range z.refused {
					for _, path := range []string{fmt.Sprintf("/api/workouts?customer=%d&%s", ada, q),
						fmt.Sprintf("/api/customers/%d/workout_summary?%s", ada, q)} {
						if p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "GET", path, nil); !hasField(p, "to") {
							t.Errorf("GET %s: problem does not name to: %+v", path, p)
						}
					}
				}
			})
		})
	}
}
