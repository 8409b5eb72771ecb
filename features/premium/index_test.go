package premium_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/premium"
)

// bulkMemberships gives each of n customers twelve consecutive 30-day
// memberships from 2029-05-01, the last one cancelled. PostgreSQL is
// analysed, as autovacuum would; SQLite is not, as in production.
func bulkMemberships(t *testing.T, f *fixture, n int) {
	t.Helper()
	series := func(n int) string { return fmt.Sprintf("generate_series(1, %d) AS g(n)", n) }
	startsOn := "DATE '2029-05-01' + (k.n - 1) * 30"
	endsOn := "DATE '2029-05-01' + k.n * 30 - 1"
	if f.Kind == config.SQLite {
		series = func(n int) string {
			return fmt.Sprintf("(WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %d) SELECT n FROM seq) AS g", n)
		}
		startsOn = "date('2029-05-01', '+' || ((k.n - 1) * 30) || ' days')"
		endsOn = "date('2029-05-01', '+' || (k.n * 30 - 1) || ' days')"
	}
	now := base.UTC()
	stmts := []struct {
		sql  string
		args []any
	}{
		{fmt.Sprintf(`INSERT INTO customers (first_name, last_name, email, created_at)
			SELECT 'Bulk', 'Customer', 'bulk' || g.n || '@example.com', ? FROM %s`, series(n)), []any{now}},
		{fmt.Sprintf(`INSERT INTO memberships (customer_id, plan_id, starts_on, ends_on, status, amount_paid_cents,
				payment_method, paid_at, created_at, cancelled_at)
			SELECT c.id, ?, %s, %s, CASE WHEN k.n = 12 THEN 'cancelled' ELSE 'active' END, 4900, 'cash', ?, ?,
				CASE WHEN k.n = 12 THEN c.created_at END
			FROM customers c CROSS JOIN (SELECT g.n FROM %s) AS k`, startsOn, endsOn, series(12)), []any{f.plan, now, now}},
	}
	if f.Kind == config.Postgres {
		stmts = append(stmts, struct {
			sql  string
			args []any
		}{"ANALYZE", nil})
	}
	start := time.Now()
	for _, s := range stmts {
		if err := f.App.DB.Exec(s.sql, s.args...).Error; err != nil {
			t.Fatalf("bulk load: %v\n%s", err, s.sql)
		}
	}
	t.Logf("%s: %d memberships loaded in %s", f.Kind, f.Count("SELECT COUNT(*) FROM memberships"),
		time.Since(start).Round(time.Millisecond))
}

// plan returns the database's plan for q with args.
func plan(t *testing.T, f *fixture, q string, args ...any) string {
	t.Helper()
	return testenv.Plan(t, f.App.DB, f.Kind, q, args...)
}

// The rule reads a customer's memberships through ix_memberships_customer,
// never by scanning the table, with 60,000 memberships; the premium mark is
// a primary-key read. A booking then takes a few milliseconds.
func TestRuleUsesIndexes(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 60,000 memberships")
	}
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		bulkMemberships(t, f, 5000)
		var customer int64
		f.App.DB.Raw("SELECT id FROM customers WHERE email = 'bulk2500@example.com'").Scan(&customer)

		session := f.Session(f.swimming, f.at("2030-03-10 10:00"), 0)
		p := plan(t, f, premium.MembershipsQuery, f.swimming, customer)
		t.Logf("memberships query:\n%s", p)
		if !strings.Contains(p, "ix_memberships_customer") {
			t.Errorf("the memberships query does not use ix_memberships_customer:\n%s", p)
		}
		for _, line := range strings.Split(p, "\n") {
			if strings.Contains(line, "Seq Scan on memberships") || strings.HasPrefix(strings.TrimSpace(line), "SCAN m") {
				t.Errorf("the memberships query scans memberships: %q", line)
			}
		}
		p = plan(t, f, premium.MarkQuery, session)
		t.Logf("premium mark query:\n%s", p)
		if kind == config.SQLite && !strings.Contains(p, "PRIMARY KEY") {
			t.Errorf("the premium query does not read by primary key:\n%s", p)
		}

		// Covered by the eleventh membership (2030-02-25 to 2030-03-26);
		// the twelfth, cancelled, would cover the next month.
		start := time.Now()
		f.book(customer, session)
		t.Logf("booked in %s", time.Since(start).Round(time.Microsecond))
		start = time.Now()
		d := f.refused(customer, f.Session(f.swimming, f.at("2030-04-01 10:00"), 0))
		t.Logf("refused in %s: %s", time.Since(start).Round(time.Microsecond), d)
		if !strings.Contains(d, "was cancelled on 2030-03-04") {
			t.Errorf("detail %q", d)
		}
	})
}
