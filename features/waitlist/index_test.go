package waitlist_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/waitlist"
)

// The read every cancel pays, the session's first waiting entry, walks the
// queue's partial index (ix_waitlist_queue) in order, whatever the
// session's history: 20,000 entries over 200 sessions, one in twenty
// waiting.
func TestQueueReadUsesIndex(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		series := func(n int) string { return fmt.Sprintf("generate_series(1, %d) AS g(n)", n) }
		if kind == config.SQLite {
			series = func(n int) string {
				return fmt.Sprintf("(WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %d) SELECT n FROM seq) AS g", n)
			}
		}
		now := base.UTC()
		for _, s := range []struct {
			sql  string
			args []any
		}{
			{fmt.Sprintf(`INSERT INTO customers (first_name, last_name, email, created_at)
				SELECT 'Bulk', 'Customer', 'bulk' || g.n || '@example.com', ? FROM %s`, series(100)), []any{now}},
			{fmt.Sprintf(`INSERT INTO class_sessions (class_type_id, starts_at, duration_minutes, created_at)
				SELECT ?, ?, 60, ? FROM %s`, series(200)), []any{f.yoga, start, now}},
			{`INSERT INTO waitlist_entries (customer_id, class_session_id, status, created_at, updated_at)
				SELECT c.id, s.id, CASE WHEN (c.id * 31 + s.id) % 20 = 0 THEN 'waiting' ELSE 'left' END, ?, ?
				FROM customers c CROSS JOIN class_sessions s`, []any{now, now}},
			{"ANALYZE", nil},
		} {
			if err := f.App.DB.Exec(s.sql, s.args...).Error; err != nil {
				t.Fatalf("bulk load: %v\n%s", err, s.sql)
			}
		}
		var session int64
		f.App.DB.Raw("SELECT MAX(id) FROM class_sessions").Scan(&session)
		plan := testenv.Plan(t, f.App.DB, kind, waitlist.QueueQuery, session, 0)
		if !strings.Contains(plan, "ix_waitlist_queue") || strings.Contains(strings.ToUpper(plan), "SORT") {
			t.Errorf("the queue's read does not walk ix_waitlist_queue in order:\n%s", plan)
		}
	})
}
