package bookinglimit_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/bookinglimit"
)

// bulkStart is when the bulk sessions begin: ten a day, on the hour from
// midnight UTC, for a hundred days.
var bulkStart = base.AddDate(0, 1, 0)

// bulkBookings fills the database with customers × sessions bookings (one
// in ten cancelled). PostgreSQL is analysed, as autovacuum would; SQLite
// is not, as in production, where nothing runs ANALYZE. Every customer books every session:
// far above the limit, as if it had been disabled, which is the worst case
// for the rule's query.
func bulkBookings(t *testing.T, f *fixture, customers, sessions int) {
	t.Helper()
	series := func(n int) string { return fmt.Sprintf("generate_series(1, %d) AS g(n)", n) }
	ts := bulkStart.UTC().Format("2006-01-02 15:04:05")
	startsAt := fmt.Sprintf("TIMESTAMPTZ '%s+00' + ((g.n - 1) / 10) * INTERVAL '1 day' + ((g.n - 1) %% 10) * INTERVAL '1 hour'", ts)
	if f.Kind == config.SQLite {
		series = func(n int) string {
			return fmt.Sprintf("(WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %d) SELECT n FROM seq) AS g", n)
		}
		// The driver's text format for UTC times with whole seconds.
		startsAt = fmt.Sprintf("strftime('%%Y-%%m-%%d %%H:%%M:%%S', '%s', '+' || ((g.n - 1) / 10) || ' days', '+' || ((g.n - 1) %% 10) || ' hours') || '+00:00'", ts)
	}
	now := base.UTC()
	stmts := []struct {
		sql  string
		args []any
	}{
		{fmt.Sprintf(`INSERT INTO customers (first_name, last_name, email, created_at)
			SELECT 'Bulk', 'Customer', 'bulk' || g.n || '@example.com', ? FROM %s`, series(customers)), []any{now}},
		{fmt.Sprintf(`INSERT INTO class_sessions (class_type_id, starts_at, duration_minutes, created_at)
			SELECT ?, %s, 60, ? FROM %s`, startsAt, series(sessions)), []any{f.classType, now}},
		{`INSERT INTO bookings (customer_id, class_session_id, status, created_at, updated_at)
			SELECT c.id, s.id, CASE WHEN (c.id + s.id) % 10 = 0 THEN 'cancelled' ELSE 'booked' END, ?, ?
			FROM customers c CROSS JOIN class_sessions s`, []any{now, now}},
	}
	if f.Kind == config.Postgres {
		stmts = append(stmts, struct {
			sql  string
			args []any
		}{"ANALYZE", nil})
	}
	start := time.Now()
	for _, s := range stmts {
		// Not bound by the server's statement_timeout (request_timeout): the
		// million rows take 15 s on a busy 2-core machine.
		err := f.App.DB.Transaction(func(tx *gorm.DB) error {
			if f.Kind == config.Postgres {
				if err := tx.Exec("SET LOCAL statement_timeout = 0").Error; err != nil {
					return err
				}
			}
			return tx.Exec(s.sql, s.args...).Error
		})
		if err != nil {
			t.Fatalf("bulk load: %v\n%s", err, s.sql)
		}
	}
	var n int64
	f.App.DB.Raw("SELECT COUNT(*) FROM bookings").Scan(&n)
	t.Logf("%s: %d bookings loaded in %s", f.Kind, n, time.Since(start).Round(time.Millisecond))
}

// plan returns the database's plan for the rule's query, with its
// parameters bound as the hook binds them.
func plan(t *testing.T, f *fixture, customer int64, day time.Time) string {
	t.Helper()
	from, to := core.DayBounds(day, f.loc)
	return testenv.Plan(t, f.App.DB, f.Kind, bookinglimit.HeldQuery, from.UTC(), to.UTC(), customer)
}

// The rule's query reaches both tables through indexes, never a scan, with
// a million bookings in the table.
func TestQueryUsesIndexesWithAMillionBookings(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a million bookings")
	}
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		if kind == config.SQLite && raceDetector {
			// Loading a million rows into the pure-Go SQLite under the race
			// detector takes many minutes. Without statistics SQLite's plan
			// does not depend on the table's size, and
			// TestQueryPlanWithoutStatistics checks it.
			t.Skip("a million SQLite rows under -race: run without -race")
		}
		f := newFixture(t, kind, "", nil)
		bulkBookings(t, f, 1000, 1000)
		var customer int64
		f.App.DB.Raw("SELECT id FROM customers WHERE email = 'bulk500@example.com'").Scan(&customer)
		busy := bulkStart.AddDate(0, 0, 50).Add(12 * time.Hour)

		p := plan(t, f, customer, busy)
		t.Logf("plan:\n%s", p)
		expectIndexedPlan(t, p)

		// A busy day: nine active bookings held (one in ten is cancelled).
		start := time.Now()
		p2 := f.ExpectProblem(http.StatusConflict, "booking_limit_exceeded", "POST", "/api/bookings",
			map[string]any{"customer": customer, "class_session": f.Session(f.classType, busy.Add(30*time.Minute), 0)})
		t.Logf("refused in %s: %s", time.Since(start).Round(time.Microsecond), p2.Detail)
		if got := strings.Count(p2.Detail, "booking "); got < 8 || got > 10 {
			t.Errorf("the refusal lists %d bookings, want those of the day: %s", got, p2.Detail)
		}
		// A free day.
		start = time.Now()
		f.book(customer, f.Session(f.classType, bulkStart.AddDate(0, 0, 200), 0))
		t.Logf("booked in %s", time.Since(start).Round(time.Microsecond))
	})
}

// expectIndexedPlan checks that the plan walks the day's sessions and
// probes the customer's booking of each, scanning nothing.
func expectIndexedPlan(t *testing.T, p string) {
	t.Helper()
	for _, line := range strings.Split(p, "\n") {
		line = strings.TrimSpace(line)
		if strings.Contains(line, "Seq Scan") || strings.HasPrefix(line, "SCAN") {
			t.Errorf("the rule's query scans a table: %q", line)
		}
	}
	for _, index := range []string{"ix_class_sessions_starts_at", "ux_bookings_active"} {
		if !strings.Contains(p, index) {
			t.Errorf("the rule's query does not use %s:\n%s", index, p)
		}
	}
}

// On SQLite, which has no statistics unless someone runs ANALYZE, the plan
// is the same on a fresh database: not the customer's whole history.
func TestQueryPlanWithoutStatistics(t *testing.T) {
	f := newFixture(t, config.SQLite, "", nil)
	p := plan(t, f, f.Customer("Ada"), base)
	t.Logf("plan:\n%s", p)
	expectIndexedPlan(t, p)
}
