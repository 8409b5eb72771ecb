package latecancel_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/latecancel"
)

// bulkLateCancels loads customers × sessions bookings, one session a day
// from base on, one in fifty late_cancelled, and analyses the tables.
func bulkLateCancels(t *testing.T, f *fixture, customers, sessions int) {
	t.Helper()
	series := func(n int) string { return fmt.Sprintf("generate_series(1, %d) AS g(n)", n) }
	ts := base.UTC().Format("2006-01-02 15:04:05")
	startsAt := fmt.Sprintf("TIMESTAMPTZ '%s+00' + g.n * INTERVAL '1 day'", ts)
	if f.Kind == config.SQLite {
		series = func(n int) string {
			return fmt.Sprintf("(WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %d) SELECT n FROM seq) AS g", n)
		}
		// The driver's text format for UTC times with whole seconds.
		startsAt = fmt.Sprintf("strftime('%%Y-%%m-%%d %%H:%%M:%%S', '%s', '+' || g.n || ' days') || '+00:00'", ts)
	}
	now := base.UTC()
	classType := f.ClassType("Bulk")
	stmts := []struct {
		sql  string
		args []any
	}{
		{fmt.Sprintf(`INSERT INTO customers (first_name, last_name, email, created_at)
			SELECT 'Bulk', 'Customer', 'bulk' || g.n || '@example.com', ? FROM %s`, series(customers)), []any{now}},
		{fmt.Sprintf(`INSERT INTO class_sessions (class_type_id, starts_at, duration_minutes, created_at)
			SELECT ?, %s, 60, ? FROM %s`, startsAt, series(sessions)), []any{classType, now}},
		{`INSERT INTO bookings (customer_id, class_session_id, status, created_at, updated_at)
			SELECT c.id, s.id, CASE WHEN (c.id * 31 + s.id) % 50 = 0 THEN 'late_cancelled' ELSE 'booked' END, ?, ?
			FROM customers c CROSS JOIN class_sessions s`, []any{now, now}},
		{"ANALYZE", nil},
	}
	for _, s := range stmts {
		if err := f.App.DB.Exec(s.sql, s.args...).Error; err != nil {
			t.Fatalf("bulk load: %v\n%s", err, s.sql)
		}
	}
}

// plan returns the query plan of q.
func plan(t *testing.T, f *fixture, q string, args []any) string {
	t.Helper()
	return testenv.Plan(t, f.App.DB, f.Kind, q, args...)
}

// The report reads late cancels from their partial index, not by scanning
// every booking.
func TestReportUsesIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 25,000 bookings")
	}
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		bulkLateCancels(t, f, 100, 250)
		for _, c := range []struct {
			name     string
			from, to time.Time
		}{
			{"everything", time.Time{}, time.Time{}},
			{"a month", base.AddDate(0, 2, 0), base.AddDate(0, 3, 0)},
		} {
			q, args := latecancel.ReportQuery(kind, 0, c.from, c.to)
			p := plan(t, f, q, args)
			t.Logf("%s:\n%s", c.name, p)
			if !strings.Contains(p, "ix_late_cancels_bookings") {
				t.Errorf("%s: the report does not read ix_late_cancels_bookings:\n%s", c.name, p)
			}
		}
		rows := f.report("?from=" + base.AddDate(0, 2, 0).Format("2006-01-02") + "&limit=1000")
		var total int64
		for _, r := range rows {
			total += r.LateCancels
		}
		want := f.Count(`SELECT COUNT(*) FROM bookings b JOIN class_sessions s ON s.id = b.class_session_id
			WHERE b.status = 'late_cancelled' AND s.starts_at >= ?`, base.AddDate(0, 2, 0))
		if total != want || len(rows) == 0 {
			t.Errorf("report counts %d late cancels over %d customers, want %d", total, len(rows), want)
		}
	})
}
