package bookingwindow_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/bookingwindow"
)

// The rule reads a customer's segments through
// ix_booking_segment_customers_customer, never by scanning the members of
// every segment, with 20,000 of them; the class type's window by primary
// keys. PostgreSQL is analysed, as autovacuum would; SQLite is not, as in
// production.
func TestRuleUsesIndexes(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 20,000 segment members")
	}
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		series := "generate_series(1, 10000) AS g(n)"
		if kind == config.SQLite {
			series = "(WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 10000) SELECT n FROM seq) AS g"
		}
		gold, silver := f.segment("Gold", 28), f.segment("Silver", 21)
		for _, q := range []string{
			fmt.Sprintf(`INSERT INTO customers (first_name, last_name, email, created_at)
				SELECT 'Bulk', 'Customer', 'bulk' || g.n || '@example.com', ? FROM %s`, series),
			fmt.Sprintf("INSERT INTO booking_segment_customers (segment_id, customer_id) SELECT %d, id FROM customers", gold),
			fmt.Sprintf("INSERT INTO booking_segment_customers (segment_id, customer_id) SELECT %d, id FROM customers", silver),
		} {
			var args []any
			if strings.HasPrefix(q, "INSERT INTO customers") {
				args = []any{base}
			}
			if err := f.App.DB.Exec(q, args...).Error; err != nil {
				t.Fatalf("bulk load: %v\n%s", err, q)
			}
		}
		if kind == config.Postgres {
			f.App.DB.Exec("ANALYZE")
		}
		var customer int64
		f.App.DB.Raw("SELECT id FROM customers WHERE email = 'bulk5000@example.com'").Scan(&customer)

		p := testenv.Plan(t, f.App.DB, kind, bookingwindow.SegmentQuery, customer)
		t.Logf("segment query:\n%s", p)
		if !strings.Contains(p, "ix_booking_segment_customers_customer") {
			t.Errorf("the segment query does not use ix_booking_segment_customers_customer:\n%s", p)
		}
		for _, line := range strings.Split(p, "\n") {
			if strings.Contains(line, "Seq Scan on booking_segment_customers") || strings.HasPrefix(strings.TrimSpace(line), "SCAN sc") {
				t.Errorf("the segment query scans the segments' members: %q", line)
			}
		}
		session := f.Session(f.yoga, start, 0)
		p = testenv.Plan(t, f.App.DB, kind, bookingwindow.PolicyOpensQuery, session)
		t.Logf("class type window query:\n%s", p)
		if kind == config.SQLite && !strings.Contains(p, "PRIMARY KEY") && !strings.Contains(p, "sqlite_autoindex") {
			t.Errorf("the class type window query does not read by primary key:\n%s", p)
		}
		expect(t, f.bookAs(start.AddDate(0, 0, -28), customer, session), "", start)
	})
}
