package core

import (
	"database/sql/driver"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// date is an argument that is a driver.Valuer, as premium's dates are.
type date string

func (d date) Value() (driver.Value, error) { return string(d), nil }

// TestPgPlaceholdersAsGorm checks that the pipe's own placeholder numbering
// gives what gorm's Raw gives, and that it leaves to gorm the arguments
// gorm rewrites.
func TestPgPlaceholdersAsGorm(t *testing.T) {
	// A dialector that never connects: DryRun builds statements only.
	db, err := gorm.Open(postgres.New(postgres.Config{DSN: "host=127.0.0.1 port=1"}),
		&gorm.Config{DryRun: true, DisableAutomaticPing: true})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	same := []struct {
		sql  string
		args []any
	}{
		{"SELECT 1", nil},
		{"SELECT ?", []any{int64(7)}},
		{"INSERT INTO t (a, b, c, d, e) VALUES (?, ?, ?, ?, ?) RETURNING id", []any{int64(1), 2, "booked", now, nil}},
		{"SELECT (SELECT x FROM t WHERE a = ? AND b >= ?), COALESCE((SELECT y FROM u), ?) WHERE c = ?",
			[]any{date("2026-11-30"), now, 0, true}},
		{"SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?", []any{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12.5}},
	}
	for _, c := range same {
		got, ok := pgPlaceholders(c.sql, c.args)
		if !ok {
			t.Errorf("%q: left to gorm, want numbered here", c.sql)
			continue
		}
		built := db.Raw(c.sql, c.args...).Statement
		if want := built.SQL.String(); got != want {
			t.Errorf("%q:\n got %q\nwant %q (gorm)", c.sql, got, want)
		}
		if len(built.Vars) != len(c.args) {
			t.Errorf("%q: gorm passes %d arguments, the pipe %d", c.sql, len(built.Vars), len(c.args))
		}
	}

	gormOnly := []struct {
		sql  string
		args []any
	}{
		{"SELECT * FROM t WHERE status IN ?", []any{[]string{"booked", "attended"}}},
		{"SELECT * FROM t WHERE id IN (?)", []any{[]int64{1, 2}}},
		{"SELECT * FROM t WHERE a = ?", []any{clause.Expr{SQL: "now()"}}},
		{"SELECT * FROM t WHERE a = @a", []any{map[string]any{"a": 1}}},
		{"SELECT * FROM t WHERE a = ?", []any{&now}},
		{"SELECT * FROM t WHERE a IN (?)", []any{[]byte("raw")}}, // gorm spreads its bytes after a (
		{"SELECT * FROM t WHERE a = ? AND b = ?", []any{1}},
		{"SELECT * FROM t WHERE a = ?", []any{1, 2}},
	}
	for _, c := range gormOnly {
		if got, ok := pgPlaceholders(c.sql, c.args); ok {
			t.Errorf("%q %v: numbered here as %q, want it left to gorm", c.sql, c.args, got)
		}
	}
}
