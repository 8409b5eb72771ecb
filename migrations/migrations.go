// Package migrations applies Gymtastic's versioned schema migrations: core's
// first, then each feature's, every one in its own transaction and recorded in
// the schema_migrations table. The same migrations run on SQLite and
// PostgreSQL; SQL is written once with a few dialect tokens (see SQL).
//
// Feature migrations are applied whether or not the feature is enabled, so
// that switching a feature on or off never needs a schema change.
package migrations

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
)

// Migration is one versioned schema change. IDs are never reused or edited
// once released; a feature's IDs start with the feature's name.
type Migration struct {
	ID string
	// Up runs inside the migration's own transaction.
	Up func(tx *gorm.DB, kind config.DatabaseKind) error
}

// State is a migration and whether it has been applied.
type State struct {
	ID        string
	AppliedAt *time.Time
}

// Runner applies an ordered list of migrations to one database.
type Runner struct {
	db   *gorm.DB
	kind config.DatabaseKind
	list []Migration
}

// NewRunner returns a Runner for list, which must be in application order.
func NewRunner(db *gorm.DB, kind config.DatabaseKind, list []Migration) (*Runner, error) {
	seen := map[string]bool{}
	for _, m := range list {
		if m.ID == "" || m.Up == nil {
			return nil, fmt.Errorf("migrations: migration %q has no ID or no Up", m.ID)
		}
		if seen[m.ID] {
			return nil, fmt.Errorf("migrations: duplicate migration ID %q", m.ID)
		}
		seen[m.ID] = true
	}
	return &Runner{db: db, kind: kind, list: list}, nil
}

const createTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	id VARCHAR(255) PRIMARY KEY,
	applied_at {{ts}} NOT NULL
)`

// advisoryLock serialises migration runs on PostgreSQL across processes.
const advisoryLock = "SELECT pg_advisory_xact_lock(7140312026)"

// lockMigrations takes the advisory lock in a transaction freed of the
// connection's request-sized statement_timeout and lock_timeout (see
// database.Open): a migration may wait for another process's, and may
// rewrite a large table.
func lockMigrations(tx *gorm.DB) error {
	for _, q := range []string{"SET LOCAL statement_timeout = 0", "SET LOCAL lock_timeout = 0", advisoryLock} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}

func (r *Runner) ensureTable(ctx context.Context) error {
	err := r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Two replicas creating the table at once would collide in
		// PostgreSQL's catalog even with IF NOT EXISTS.
		if r.kind == config.Postgres {
			if err := lockMigrations(tx); err != nil {
				return err
			}
		}
		return tx.Exec(Expand(r.kind, createTable)).Error
	})
	if err != nil {
		return fmt.Errorf("migrations: create schema_migrations: %w", err)
	}
	return nil
}

func (r *Runner) applied(ctx context.Context, db *gorm.DB) (map[string]time.Time, error) {
	var rows []struct {
		ID        string
		AppliedAt time.Time
	}
	if err := db.WithContext(ctx).Raw("SELECT id, applied_at FROM schema_migrations").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("migrations: read schema_migrations: %w", err)
	}
	out := make(map[string]time.Time, len(rows))
	for _, row := range rows {
		out[row.ID] = row.AppliedAt
	}
	return out, nil
}

// Status lists every migration in order with when it was applied (nil when
// pending).
func (r *Runner) Status(ctx context.Context) ([]State, error) {
	if err := r.ensureTable(ctx); err != nil {
		return nil, err
	}
	done, err := r.applied(ctx, r.db)
	if err != nil {
		return nil, err
	}
	out := make([]State, 0, len(r.list))
	for _, m := range r.list {
		s := State{ID: m.ID}
		if at, ok := done[m.ID]; ok {
			at := at
			s.AppliedAt = &at
		}
		out = append(out, s)
	}
	return out, nil
}

// Pending returns the IDs of migrations not yet applied.
func (r *Runner) Pending(ctx context.Context) ([]string, error) {
	states, err := r.Status(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range states {
		if s.AppliedAt == nil {
			out = append(out, s.ID)
		}
	}
	return out, nil
}

// Up applies every pending migration in order and returns the IDs applied.
// Several processes may run it at once: on PostgreSQL each migration takes a
// transaction-scoped advisory lock and re-checks the table; on SQLite the
// immediate transaction serialises them.
func (r *Runner) Up(ctx context.Context) ([]string, error) {
	if err := r.ensureTable(ctx); err != nil {
		return nil, err
	}
	var applied []string
	for _, m := range r.list {
		ran := false
		err := r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if r.kind == config.Postgres {
				if err := lockMigrations(tx); err != nil {
					return err
				}
			}
			var n int64
			if err := tx.Raw("SELECT COUNT(*) FROM schema_migrations WHERE id = ?", m.ID).Scan(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if err := m.Up(tx, r.kind); err != nil {
				return err
			}
			ran = true
			return tx.Exec("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)", m.ID, time.Now().UTC()).Error
		})
		if err != nil {
			return applied, fmt.Errorf("migrations: %s: %w", m.ID, err)
		}
		if ran {
			applied = append(applied, m.ID)
		}
	}
	return applied, nil
}

// ReindexLower returns an Up that, on SQLite, rebuilds index, a unique
// index on lower(column) of table, with the lower() the database package
// gives every connection (Unicode letters, not only ASCII). It first looks
// for rows whose values only the new lower() finds equal, which the
// rebuild would refuse, and names their ids: they are for an operator to
// tell apart. On PostgreSQL, whose lower() has always folded Unicode
// letters (with a UTF-8 locale), it does nothing.
func ReindexLower(table, column, index string) func(tx *gorm.DB, kind config.DatabaseKind) error {
	return func(tx *gorm.DB, kind config.DatabaseKind) error {
		if kind != config.SQLite {
			return nil
		}
		var clashes []string
		q := fmt.Sprintf(`SELECT group_concat(id, ', ') FROM (SELECT id, %[2]s FROM %[1]s ORDER BY id)
			GROUP BY lower(%[2]s) HAVING COUNT(*) > 1`, table, column)
		if err := tx.Raw(q).Scan(&clashes).Error; err != nil {
			return err
		}
		if len(clashes) > 0 {
			return fmt.Errorf("%s.%s must be unique ignoring case, and the rows with these ids differ only in the case of non-ASCII letters: %s; change all but one of each, then migrate again",
				table, column, strings.Join(clashes, "; "))
		}
		return tx.Exec("REINDEX " + index).Error
	}
}

// Steps returns an Up that runs ups in order, in the migration's one
// transaction.
func Steps(ups ...func(tx *gorm.DB, kind config.DatabaseKind) error) func(tx *gorm.DB, kind config.DatabaseKind) error {
	return func(tx *gorm.DB, kind config.DatabaseKind) error {
		for _, up := range ups {
			if err := up(tx, kind); err != nil {
				return err
			}
		}
		return nil
	}
}

// SQL returns an Up that runs statements in order after Expand.
func SQL(statements ...string) func(tx *gorm.DB, kind config.DatabaseKind) error {
	return func(tx *gorm.DB, kind config.DatabaseKind) error {
		for _, s := range statements {
			if err := tx.Exec(Expand(kind, s)).Error; err != nil {
				return fmt.Errorf("%s: %w", firstLine(s), err)
			}
		}
		return nil
	}
}

// Expand replaces the dialect tokens in a statement:
//
//	{{id}}      an auto-incrementing 64-bit primary key column type
//	{{ts}}      a timestamp (TIMESTAMPTZ; DATETIME text in UTC on SQLite)
//	{{bigint}}  a 64-bit integer
//	{{float}}   a double-precision float
func Expand(kind config.DatabaseKind, stmt string) string {
	var r *strings.Replacer
	if kind == config.Postgres {
		r = strings.NewReplacer("{{id}}", "BIGSERIAL PRIMARY KEY", "{{ts}}", "TIMESTAMPTZ",
			"{{bigint}}", "BIGINT", "{{float}}", "DOUBLE PRECISION")
	} else {
		r = strings.NewReplacer("{{id}}", "INTEGER PRIMARY KEY AUTOINCREMENT", "{{ts}}", "DATETIME",
			"{{bigint}}", "INTEGER", "{{float}}", "REAL")
	}
	return r.Replace(stmt)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
