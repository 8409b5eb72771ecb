package milestones_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/milestones"
)

// bulkBookings fills the database with customers × sessions bookings (one
// in ten cancelled), created over the year before base, and analyses it.
func bulkBookings(t *testing.T, f *fixture, customers, sessions int) {
	t.Helper()
	db := f.App.DB
	ts := base.UTC().Format("2006-01-02 15:04:05")
	series := func(n int) string { return fmt.Sprintf("generate_series(1, %d) AS g(n)", n) }
	// Minutes before base, spread over a year.
	const spread = "((c.id * 7919 + s.id * 104729) % 525600)"
	createdAt := fmt.Sprintf("TIMESTAMPTZ '%s+00' - %s * INTERVAL '1 minute'", ts, spread)
	if f.Kind == config.SQLite {
		series = func(n int) string {
			return fmt.Sprintf("(WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %d) SELECT n FROM seq) AS g", n)
		}
		// The driver's text format for UTC times with whole seconds.
		createdAt = fmt.Sprintf("strftime('%%Y-%%m-%%d %%H:%%M:%%S', '%s', '-' || %s || ' minutes') || '+00:00'", ts, spread)
	}
	now := base.UTC()
	stmts := []struct {
		sql  string
		args []any
	}{
		{fmt.Sprintf(`INSERT INTO customers (first_name, last_name, email, created_at)
			SELECT 'Bulk', 'Customer', 'bulk' || g.n || '@example.com', ? FROM %s`, series(customers)), []any{now}},
		{fmt.Sprintf(`INSERT INTO class_sessions (class_type_id, starts_at, duration_minutes, created_at)
			SELECT ?, ?, 60, ? FROM %s`, series(sessions)), []any{f.classType, now.AddDate(0, 3, 0), now}},
		{fmt.Sprintf(`INSERT INTO bookings (customer_id, class_session_id, status, created_at, updated_at)
			SELECT c.id, s.id, CASE WHEN (c.id + s.id) %% 10 = 0 THEN 'cancelled' ELSE 'booked' END, %[1]s, %[1]s
			FROM customers c CROSS JOIN class_sessions s`, createdAt), nil},
		{"ANALYZE", nil},
	}
	start := time.Now()
	for _, s := range stmts {
		if err := db.Exec(s.sql, s.args...).Error; err != nil {
			t.Fatalf("bulk load: %v\n%s", err, s.sql)
		}
	}
	var n int64
	db.Raw("SELECT COUNT(*) FROM bookings").Scan(&n)
	t.Logf("%s: %d bookings loaded in %s", f.Kind, n, time.Since(start).Round(time.Millisecond))
}

// plans returns the query plans of the rule's reads and count for one
// customer.
func plans(t *testing.T, f *fixture, customer int64, from, to time.Time) map[string]string {
	t.Helper()
	return map[string]string{
		"active": testenv.Plan(t, f.App.DB, f.Kind, milestones.ActiveQuery, customer, core.SQLTime(to), true, customer, true),
		"count":  testenv.Plan(t, f.App.DB, f.Kind, milestones.CountQuery, customer, core.SQLTime(from), core.SQLTime(to)),
	}
}

// The count reads a range of the partial index when the table is large.
// Speed itself is measured by `make bench`, not asserted here.
func TestCountUsesIndexWithManyBookings(t *testing.T) {
	customers, sessions := 400, 400
	if testing.Short() {
		customers, sessions = 100, 100
	}
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		customers, sessions := customers, sessions
		if kind == config.SQLite {
			// SQLite's planner picks the same plan at 10,000 rows, and the
			// pure-Go SQLite under -race takes minutes to load 160,000.
			customers, sessions = 100, 100
		}
		f := newFixture(t, kind, testenv.Options{})
		bulkBookings(t, f, customers, sessions)
		// About 0.9 × sessions active bookings a year, 0.075 × sessions a
		// month: both goals are already passed.
		f.milestone("Monthly goal", "P1M", sessions/40)
		f.milestone("Yearly goal", "P1Y", sessions/4)

		p := plans(t, f, int64(customers/2), base.AddDate(0, -1, 0), base)
		for _, q := range []string{"active", "count"} {
			t.Logf("%s:\n%s", q, p[q])
			if !strings.Contains(p[q], "ix_milestones_bookings_active_created") {
				t.Errorf("the %s query does not use ix_milestones_bookings_active_created:\n%s", q, p[q])
			}
		}
		t.Logf("active:\n%s", p["active"])
		// PostgreSQL hashes the few achievements here; with 300,000 it
		// probes ix_milestone_achievements_rule, then the primary key.
		if kind == config.SQLite && !strings.Contains(p["active"], "ix_milestone_achievements_rule") {
			t.Errorf("the active query does not find achievements by ix_milestone_achievements_rule:\n%s", p["active"])
		}

		customer := int64(customers / 2) // a bulk customer: about 0.9 × sessions active bookings this year
		for i := 0; i < 5; i++ {
			f.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": customer, "class_session": f.session()}, nil)
		}
		if got := f.achievements(fmt.Sprintf("?customer=%d", customer)); len(got) != 2 {
			t.Errorf("customer %d: %d achievements, want 2 (both goals are below their bookings)", customer, len(got))
		}
	})
}
