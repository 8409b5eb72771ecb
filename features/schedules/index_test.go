package schedules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/schedules"
)

// The job's query when nothing is due is a range scan of
// ix_class_schedules_due, and the dates a schedule has dealt with are read
// through the occurrences' primary key, whatever the history: 2,000
// schedules, 200 dates each.
func TestQueriesUseIndexes(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", nil)
		series := func(n int) string { return fmt.Sprintf("generate_series(1, %d) AS g(n)", n) }
		if kind == config.SQLite {
			series = func(n int) string {
				return fmt.Sprintf("(WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %d) SELECT n FROM seq) AS g", n)
			}
		}
		for _, s := range []struct {
			sql  string
			args []any
		}{
			{fmt.Sprintf(`INSERT INTO class_schedules (class_type_id, weekdays, start_time, duration_minutes, starts_on, active,
				generated_until, created_at)
				SELECT ?, 'mon', '18:30', 60, '2030-01-01', true, '2030-06-01', ? FROM %s`, series(2000)),
				[]any{f.yoga, base}},
			{"UPDATE class_schedules SET generated_until = NULL WHERE id % 2 = 1", nil},
			{`INSERT INTO class_schedule_occurrences (schedule_id, local_date, skipped)
				SELECT s.id, '2030-01-01', false FROM class_schedules s`, nil},
			{"ANALYZE", nil},
		} {
			if err := f.App.DB.Exec(s.sql, s.args...).Error; err != nil {
				t.Fatalf("bulk load: %v\n%s", err, s.sql)
			}
		}
		if plan := testenv.Plan(t, f.App.DB, kind, schedules.DueQuery, "2030-04-29"); !strings.Contains(plan, "ix_class_schedules_due") {
			t.Errorf("the job's query does not use ix_class_schedules_due:\n%s", plan)
		}
		plan := testenv.Plan(t, f.App.DB, kind, schedules.DatesQuery, 1000, "2030-01-01", "2030-03-01")
		if !strings.Contains(plan, "class_schedule_occurrences_pkey") && !strings.Contains(plan, "sqlite_autoindex_class_schedule_occurrences_1") {
			t.Errorf("the dates' read does not use the occurrences' primary key:\n%s", plan)
		}
	})
}
