package workouts_test

import (
	"fmt"
	"testing"

	"github.com/gymtastic/gymtastic/config"
)

// bulkWorkouts loads, with a few INSERT … SELECT statements (no request per
// row), one customer who trained every day for the days up to base, and
// others customers who trained daily over the last othersDays of them;
// every workout holds six sets (four strength, two cardio). It analyses the
// tables and returns the first customer's id.
func bulkWorkouts(tb testing.TB, f *fixture, days, others, othersDays int) int64 {
	tb.Helper()
	start := base.AddDate(0, 0, -days).UTC().Format("2006-01-02 15:04:05")
	// series is the table of integers from..to, named alias, column n.
	series := func(from, to int, alias string) string {
		return fmt.Sprintf("generate_series(%d, %d) AS %s(n)", from, to, alias)
	}
	at := func(days, hours, minutes string) string {
		return fmt.Sprintf("TIMESTAMPTZ '%s+00' + (%s) * INTERVAL '1 day' + (%s) * INTERVAL '1 hour' + (%s) * INTERVAL '1 minute'",
			start, days, hours, minutes)
	}
	if f.Kind == config.SQLite {
		series = func(from, to int, alias string) string {
			return fmt.Sprintf("(WITH RECURSIVE seq(n) AS (SELECT %d UNION ALL SELECT n + 1 FROM seq WHERE n < %d) SELECT n FROM seq) AS %s",
				from, to, alias)
		}
		// The driver's text format for UTC times with whole seconds.
		at = func(days, hours, minutes string) string {
			return fmt.Sprintf("strftime('%%Y-%%m-%%d %%H:%%M:%%S', '%s', '+' || (%s) || ' days', '+' || (%s) || ' hours', '+' || (%s) || ' minutes') || '+00:00'",
				start, days, hours, minutes)
		}
	}
	ex := func(name string) int64 { return f.exercise(name) }
	stmts := []struct {
		sql  string
		args []any
	}{
		{fmt.Sprintf(`INSERT INTO customers (first_name, last_name, email, created_at)
			SELECT 'Bulk', 'Customer', 'bulk' || g.n || '@example.com', ? FROM %s`, series(0, others, "g")), []any{base}},
		// The first bulk customer every day; the others lately.
		{fmt.Sprintf(`INSERT INTO workouts (customer_id, started_at, ended_at, notes)
			SELECT c.id, %s, %s, '' FROM customers c CROSS JOIN %s
			WHERE c.email LIKE 'bulk%%' AND (c.email = 'bulk0@example.com' OR g.n >= %d)
			ORDER BY g.n, c.id`,
			at("g.n", "7 + c.id % 12", "0"), at("g.n", "7 + c.id % 12", "40 + g.n % 50"), series(0, days-1, "g"), days-othersDays), nil},
		{fmt.Sprintf(`INSERT INTO workout_sets (workout_id, customer_id, position, exercise_id, reps, weight_kg, duration_seconds, distance_m)
			SELECT w.id, w.customer_id, p.n,
				CASE p.n WHEN 0 THEN %d WHEN 1 THEN %d WHEN 2 THEN %d WHEN 3 THEN %d WHEN 4 THEN %d ELSE %d END,
				CASE WHEN p.n < 4 THEN 5 + (w.id + p.n) %% 8 END,
				CASE WHEN p.n = 0 THEN 40 + (w.id * 7) %% 60 WHEN p.n < 4 THEN 10 + (w.id * 7 + p.n * 3) %% 40 END,
				CASE WHEN p.n = 4 THEN 900 + (w.id %% 20) * 60 WHEN p.n = 5 THEN 600 + (w.id %% 10) * 60 END,
				CASE WHEN p.n = 4 THEN 2500 + (w.id %% 30) * 100 END
			FROM workouts w CROSS JOIN %s`,
			ex("Bench press"), ex("Dumbbell curl"), ex("Goblet squat"), ex("Kettlebell swing"), ex("Treadmill run"),
			ex("Stationary bike ride"), series(0, 5, "p")), nil},
		{"ANALYZE", nil},
	}
	for _, s := range stmts {
		if err := f.App.DB.Exec(s.sql, s.args...).Error; err != nil {
			tb.Fatalf("bulk load: %v\n%s", err, s.sql)
		}
	}
	var id int64
	if err := f.App.DB.Raw("SELECT id FROM customers WHERE email = 'bulk0@example.com'").Scan(&id).Error; err != nil {
		tb.Fatal(err)
	}
	return id
}
