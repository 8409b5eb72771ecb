package migrations_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/database"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/migrations"
)

func open(t *testing.T, kind config.DatabaseKind, url string) *gorm.DB {
	t.Helper()
	db, _, err := database.Open(context.Background(), url, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			_ = sqlDB.Close()
		}
	})
	return db
}

func tableExists(t *testing.T, db *gorm.DB, name string) bool {
	t.Helper()
	return db.Migrator().HasTable(name)
}

var list = []migrations.Migration{
	{ID: "test_0001_a", Up: migrations.SQL(`CREATE TABLE a (id {{id}}, at {{ts}}, n {{bigint}}, x {{float}})`)},
	{ID: "test_0002_b", Up: migrations.SQL(`CREATE TABLE b (id {{id}}, a_id {{bigint}} REFERENCES a (id))`)},
}

func TestUpStatusPending(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		ctx := context.Background()
		db := open(t, kind, testenv.DatabaseURL(t, kind))
		r, err := migrations.NewRunner(db, kind, list)
		if err != nil {
			t.Fatal(err)
		}
		pending, err := r.Pending(ctx)
		if err != nil || fmt.Sprint(pending) != "[test_0001_a test_0002_b]" {
			t.Fatalf("pending before = %v, %v", pending, err)
		}
		applied, err := r.Up(ctx)
		if err != nil || fmt.Sprint(applied) != "[test_0001_a test_0002_b]" {
			t.Fatalf("Up = %v, %v", applied, err)
		}
		if !tableExists(t, db, "a") || !tableExists(t, db, "b") {
			t.Fatal("tables missing after Up")
		}
		again, err := r.Up(ctx)
		if err != nil || len(again) != 0 {
			t.Fatalf("second Up = %v, %v; want nothing applied", again, err)
		}
		states, err := r.Status(ctx)
		if err != nil || len(states) != 2 || states[0].AppliedAt == nil || states[1].AppliedAt == nil {
			t.Fatalf("Status = %+v, %v", states, err)
		}

		// A later release adds a migration: only it is pending.
		more := append(append([]migrations.Migration{}, list...), migrations.Migration{
			ID: "test_0003_c", Up: migrations.SQL(`CREATE TABLE c (id {{id}})`)})
		r2, _ := migrations.NewRunner(db, kind, more)
		if p, _ := r2.Pending(ctx); fmt.Sprint(p) != "[test_0003_c]" {
			t.Fatalf("pending after a new release = %v", p)
		}
	})
}

// A failing migration leaves nothing of itself behind, is not recorded,
// and stops the run: later migrations do not run.
func TestFailingMigrationRollsBack(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		ctx := context.Background()
		db := open(t, kind, testenv.DatabaseURL(t, kind))
		bad := []migrations.Migration{
			list[0],
			{ID: "test_0002_half", Up: migrations.SQL(`CREATE TABLE half (id {{id}})`, `CREATE TABLE broken (`)},
			{ID: "test_0003_after", Up: migrations.SQL(`CREATE TABLE after (id {{id}})`)},
		}
		r, _ := migrations.NewRunner(db, kind, bad)
		applied, err := r.Up(ctx)
		if err == nil {
			t.Fatal("Up accepted a broken migration")
		}
		if fmt.Sprint(applied) != "[test_0001_a]" {
			t.Errorf("applied = %v, want [test_0001_a]", applied)
		}
		if tableExists(t, db, "half") || tableExists(t, db, "after") {
			t.Error("the failed migration's first statement, or a later migration, was kept")
		}
		if p, _ := r.Pending(ctx); fmt.Sprint(p) != "[test_0002_half test_0003_after]" {
			t.Errorf("pending = %v", p)
		}
	})
}

// Replicas started with --migrate at the same moment apply each migration
// once and all succeed.
func TestConcurrentUp(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		url := testenv.DatabaseURL(t, kind)
		const runners = 6
		var wg sync.WaitGroup
		results := make([][]string, runners)
		errs := make([]error, runners)
		for i := 0; i < runners; i++ {
			db := open(t, kind, url)
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				r, _ := migrations.NewRunner(db, kind, list)
				results[i], errs[i] = r.Up(context.Background())
			}(i)
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, r := range results {
			for _, id := range r {
				count[id]++
			}
		}
		if count["test_0001_a"] != 1 || count["test_0002_b"] != 1 {
			t.Errorf("applications per migration = %v, want each exactly once", count)
		}
	})
}

func TestNewRunnerRefusesBadLists(t *testing.T) {
	up := migrations.SQL("SELECT 1")
	for name, l := range map[string][]migrations.Migration{
		"duplicate": {{ID: "x", Up: up}, {ID: "x", Up: up}},
		"no id":     {{Up: up}},
		"no up":     {{ID: "x"}},
	} {
		if _, err := migrations.NewRunner(nil, config.SQLite, l); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// The real list (core's, then each feature's) applies cleanly on both
// databases: the same schema everywhere.
func TestCoreMigrationsApply(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		db := open(t, kind, testenv.DatabaseURL(t, kind))
		r, err := migrations.NewRunner(db, kind, migrations.Core())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Up(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"customers", "class_types", "class_sessions", "bookings", "emails"} {
			if !tableExists(t, db, table) {
				t.Errorf("table %s missing", table)
			}
		}
		// Every booking writes an entry to each index of bookings, so each
		// must be one a query reads: ux_bookings_active the insert's
		// uniqueness and the booking limit's count, ix_bookings_customer_created
		// and ix_bookings_session the lists by customer and by session (and
		// the session's delete).
		q := `SELECT indexname FROM pg_indexes WHERE tablename = 'bookings' AND indexname <> 'bookings_pkey' ORDER BY indexname`
		if kind == config.SQLite {
			q = `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'bookings' AND name NOT LIKE 'sqlite_%' ORDER BY name`
		}
		var indexes []string
		if err := db.Raw(q).Scan(&indexes).Error; err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(indexes), "[ix_bookings_customer_created ix_bookings_session ux_bookings_active]"; got != want {
			t.Errorf("core's indexes on bookings: %s, want %s", got, want)
		}
	})
}

// core_0003 counts the active bookings of the sessions that exist when it
// runs: a database upgraded with bookings in it starts with exact counts.
func TestBookedCountBackfilled(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		db := open(t, kind, testenv.DatabaseURL(t, kind))
		core := migrations.Core()
		var before []migrations.Migration
		for _, m := range core {
			if m.ID == "core_0003_session_booked_count" {
				break
			}
			before = append(before, m)
		}
		up := func(list []migrations.Migration) {
			t.Helper()
			r, err := migrations.NewRunner(db, kind, list)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.Up(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		exec := func(q string) {
			t.Helper()
			if err := db.Exec(q).Error; err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		up(before)
		exec(`INSERT INTO customers (first_name, last_name, email, created_at) VALUES
			('A', 'A', 'a@example.com', CURRENT_TIMESTAMP), ('B', 'B', 'b@example.com', CURRENT_TIMESTAMP),
			('C', 'C', 'c@example.com', CURRENT_TIMESTAMP)`)
		exec(`INSERT INTO class_types (name, created_at) VALUES ('Yoga', CURRENT_TIMESTAMP)`)
		exec(`INSERT INTO class_sessions (class_type_id, starts_at, duration_minutes, created_at)
			SELECT id, CURRENT_TIMESTAMP, 60, CURRENT_TIMESTAMP FROM class_types UNION ALL
			SELECT id, CURRENT_TIMESTAMP, 90, CURRENT_TIMESTAMP FROM class_types`)
		// In the 60-minute session: booked, attended, cancelled; in the other: late_cancelled.
		exec(`INSERT INTO bookings (customer_id, class_session_id, status, created_at, updated_at)
			SELECT c.id, s.id, CASE c.email WHEN 'a@example.com' THEN 'booked' WHEN 'b@example.com' THEN 'attended' ELSE 'cancelled' END,
				CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
			FROM customers c CROSS JOIN class_sessions s WHERE s.duration_minutes = 60 UNION ALL
			SELECT c.id, s.id, 'late_cancelled', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
			FROM customers c CROSS JOIN class_sessions s WHERE s.duration_minutes = 90 AND c.email = 'a@example.com'`)
		up(core)
		var got []struct {
			DurationMinutes int
			BookedCount     int
		}
		if err := db.Raw("SELECT duration_minutes, booked_count FROM class_sessions ORDER BY duration_minutes").Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].BookedCount != 2 || got[1].BookedCount != 0 {
			t.Fatalf("booked_count after the migration: %+v, want 2 for the 60-minute session and 0 for the other", got)
		}
	})
}

// On SQLite, ReindexLower refuses a table whose values only the Unicode
// lower() finds equal (rows the built-in lower() let in), naming their ids,
// and applies nothing.
func TestReindexLowerNamesClashes(t *testing.T) {
	db := open(t, config.SQLite, testenv.DatabaseURL(t, config.SQLite))
	var before []migrations.Migration
	for _, m := range migrations.Core() {
		if m.ID == "core_0005_unicode_lower" {
			break
		}
		before = append(before, m)
	}
	r, err := migrations.NewRunner(db, config.SQLite, before)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
	// As the built-in lower() indexed them: two keys.
	for _, q := range []string{
		`DROP INDEX ux_customers_email`,
		`INSERT INTO customers (first_name, last_name, email, created_at) VALUES
			('Ada', 'A', 'ada@example.com', CURRENT_TIMESTAMP), ('Zoë', 'Z', 'zoë@exämple.com', CURRENT_TIMESTAMP),
			('Zoe', 'Z', 'ZOË@EXÄMPLE.COM', CURRENT_TIMESTAMP)`,
		`CREATE INDEX ux_customers_email ON customers (email)`,
	} {
		if err := db.Exec(q).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	r, err = migrations.NewRunner(db, config.SQLite, migrations.Core())
	if err != nil {
		t.Fatal(err)
	}
	applied, err := r.Up(context.Background())
	if err == nil || !strings.Contains(err.Error(), "customers.email") || !strings.Contains(err.Error(), ": 2, 3;") {
		t.Fatalf("Up: %v, want a refusal naming customers.email and the rows 2, 3", err)
	}
	if len(applied) != 0 {
		t.Fatalf("applied %v before the refusal, want none", applied)
	}
}
