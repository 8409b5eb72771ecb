package schedules_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/schedules"
)

// BenchmarkYearOfSessions makes a year of a daily class (365 sessions,
// from tomorrow) through a schedule (one POST) and, for comparison, 366
// POSTs to /api/class_sessions, over real HTTP on each database:
//
//	go test -run '^$' -bench YearOfSessions -benchtime 5x ./features/schedules/
func BenchmarkYearOfSessions(b *testing.B) {
	for _, kind := range []config.DatabaseKind{config.SQLite, config.Postgres} {
		b.Run(string(kind), func(b *testing.B) {
			if kind == config.Postgres && testenv.PostgresErr() != nil {
				b.Skipf("PostgreSQL: %v", testenv.PostgresErr())
			}
			env := testenv.New(b, kind, testenv.Options{Features: []core.Feature{schedules.New()},
				FeatureConfig: map[string]map[string]any{"schedules": {"horizon_days": 366}}})
			yoga := env.ClassType("Yoga")
			all := []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
			tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
			b.Run("schedule", func(b *testing.B) {
				for b.Loop() {
					env.Expect(http.StatusCreated, "POST", "/api/class_schedules", map[string]any{"class_type": yoga,
						"weekdays": all, "start_time": "07:00", "duration_minutes": 60, "capacity": 12, "starts_on": tomorrow}, nil)
				}
			})
			b.Run("one_by_one", func(b *testing.B) {
				day := time.Now().UTC().Truncate(24 * time.Hour).Add(24*time.Hour + 7*time.Hour)
				for b.Loop() {
					for d := range 366 {
						env.Expect(http.StatusCreated, "POST", "/api/class_sessions", map[string]any{"class_type": yoga,
							"starts_at": day.AddDate(0, 0, d), "duration_minutes": 60, "capacity": 12}, nil)
					}
				}
			})
		})
	}
}
