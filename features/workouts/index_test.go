package workouts_test

import (
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// plan returns the query plan of q.
func plan(t *testing.T, f *fixture, q string, args []any) string {
	t.Helper()
	return testenv.Plan(t, f.App.DB, f.Kind, q, args...)
}

// The summary and the lists read the customer's workouts through
// ix_workouts_customer_started (or, without a customer, ix_workouts_started)
// and their sets by workout or by customer, never scanning workouts or sets;
// deleting an exercise looks for its sets in ix_workout_sets_exercise.
func TestQueriesUseIndexes(t *testing.T) {
	if testing.Short() {
		t.Skip("loads up to 12,000 workouts")
	}
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		// A gym: one customer logging for four months, others for two
		// months, 200 of them on PostgreSQL, whose plans follow the
		// tables' sizes; 50 on SQLite, whose plans do not, and which runs
		// many times slower under -race.
		others := map[config.DatabaseKind]int{config.SQLite: 50, config.Postgres: 200}[kind]
		customer := bulkWorkouts(t, f, 120, others, 60)
		from, to := base.AddDate(0, -1, 0), base
		setsByWorkout := map[config.DatabaseKind]string{config.SQLite: "sqlite_autoindex_workout_sets_1",
			config.Postgres: "workout_sets_pkey"}[kind]
		// SQLite looks a customer's sets up by workout, PostgreSQL reads
		// them by customer (see exercisesQuery).
		summarySets := map[config.DatabaseKind]string{config.SQLite: "sqlite_autoindex_workout_sets_1",
			config.Postgres: "ix_workout_sets_customer"}[kind]
		tq, targs, eq, eargs := workouts.SummaryQueries(kind, customer, from, to)
		for _, c := range []struct {
			name, sql string
			args      []any
			want      []string
		}{
			{"summary totals", tq, targs, []string{"ix_workouts_customer_started"}},
			{"summary per exercise", eq, eargs, []string{"ix_workouts_customer_started", summarySets}},
			{"all-time totals", strings.Split(tq, " AND ")[0], targs[:1], []string{"ix_workouts_customer_started"}},
			{"a customer's list", `SELECT * FROM workouts WHERE customer_id = ? AND started_at >= ? AND started_at < ?
				ORDER BY started_at, id LIMIT 101`, []any{customer, from, to}, []string{"ix_workouts_customer_started"}},
			{"the list", "SELECT * FROM workouts ORDER BY started_at, id LIMIT 101 OFFSET 500", nil, []string{"ix_workouts_started"}},
			{"the list from a date", "SELECT * FROM workouts WHERE started_at >= ? ORDER BY started_at, id LIMIT 101", []any{to.AddDate(0, -1, 0)},
				[]string{"ix_workouts_started"}},
			{"a page's sets", "SELECT * FROM workout_sets WHERE workout_id IN (?, ?, ?) ORDER BY workout_id, position", []any{1, 2, 3},
				[]string{setsByWorkout}},
			{"exercise in use", "SELECT COUNT(*) FROM workout_sets WHERE exercise_id = ?", []any{f.exercise("Push-up")},
				[]string{"ix_workout_sets_exercise"}},
		} {
			p := plan(t, f, c.sql, c.args)
			t.Logf("%s:\n%s", c.name, p)
			for _, w := range c.want {
				if !strings.Contains(p, w) {
					t.Errorf("%s does not read %s:\n%s", c.name, w, p)
				}
			}
			for _, line := range strings.Split(p, "\n") {
				line = strings.TrimSpace(line)
				if strings.Contains(line, "Seq Scan on workouts ") || strings.Contains(line, "Seq Scan on workout_sets ") ||
					line == "SCAN w" || line == "SCAN s" ||
					line == "SCAN workouts" || line == "SCAN workout_sets" {
					t.Errorf("%s scans a table (%s):\n%s", c.name, line, p)
				}
			}
		}

		// The bulk data is what it says: 120 daily workouts of six sets.
		s := f.summary(customer, "")
		if s.Workouts != 120 || len(s.Exercises) != 6 || s.Exercises[0].Sets != 120 {
			t.Errorf("bulk customer's summary: %d workouts, %+v", s.Workouts, s.Exercises)
		}
	})
}
