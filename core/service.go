package core

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
)

// Service is core's domain: customers, class types, sessions, bookings and
// the outbox, on one database.
type Service struct {
	db    *gorm.DB
	kind  config.DatabaseKind
	loc   *time.Location
	now   func() time.Time
	hooks Hooks
	// pgx is set on PostgreSQL through pgx's driver: bookings then send
	// their statements in batches (pipe.go).
	pgx bool
	// starts are the sessions' starts bookings have seen (starts.go).
	starts sessionStarts
}

// Options configure a Service.
type Options struct {
	Kind     config.DatabaseKind
	Location *time.Location
	// Now is the clock; nil means time.Now. Tests set it.
	Now   func() time.Time
	Hooks Hooks
}

// NewService returns a Service on db.
func NewService(db *gorm.DB, opt Options) *Service {
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	s := &Service{db: db, kind: opt.Kind, loc: opt.Location, now: opt.Now, hooks: opt.Hooks}
	if sqlDB, err := db.DB(); err == nil && opt.Kind == config.Postgres {
		_, s.pgx = sqlDB.Driver().(*stdlib.Driver)
	}
	return s
}

// DB returns the service's database handle.
func (s *Service) DB() *gorm.DB { return s.db }

// Kind returns the database kind.
func (s *Service) Kind() config.DatabaseKind { return s.kind }

// Location returns the gym's time zone.
func (s *Service) Location() *time.Location { return s.loc }

// Now returns the current time in UTC, truncated to microseconds.
func (s *Service) Now() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Page is a window of a list.
type Page struct {
	Limit  int
	Offset int
}

// window applies p to q, fetching one extra row so callers can tell whether
// more follow.
func (p Page) window(q *gorm.DB) *gorm.DB {
	return q.Limit(p.Limit + 1).Offset(p.Offset)
}

// Trim cuts the extra row a page's query fetched (Limit+1 rows) and
// reports whether there was one.
func Trim[T any](rows []T, p Page) ([]T, bool) {
	if len(rows) > p.Limit {
		return rows[:p.Limit], true
	}
	return rows, false
}

// trim is Trim, under the name core's own files use.
func trim[T any](rows []T, p Page) ([]T, bool) { return Trim(rows, p) }

// ForUpdate is the row-lock suffix for raw SQL that reads a row about to
// change: " FOR UPDATE" on PostgreSQL; "" on SQLite, whose BEGIN IMMEDIATE
// transactions already hold the write lock.
func ForUpdate(kind config.DatabaseKind) string {
	if kind == config.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// ForKeyShare is the row-lock suffix that keeps a referenced row from
// being deleted (or its key changed) until the transaction ends:
// " FOR KEY SHARE" on PostgreSQL; "" on SQLite, whose writers are
// serialised.
func ForKeyShare(kind config.DatabaseKind) string {
	if kind == config.Postgres {
		return " FOR KEY SHARE"
	}
	return ""
}

// forUpdate is ForUpdate on the service's database.
func (s *Service) forUpdate() string { return ForUpdate(s.kind) }

// lockRow locks the row of table with id (on PostgreSQL) and reports whether
// it exists. table is always a constant from core.
func (s *Service) lockRow(tx *gorm.DB, table string, id int64) (bool, error) {
	var ids []int64
	if err := tx.Raw("SELECT id FROM "+table+" WHERE id = ?"+s.forUpdate(), id).Scan(&ids).Error; err != nil {
		return false, err
	}
	return len(ids) > 0, nil
}

// isNotFound reports gorm's record-not-found.
func isNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }

// isForeignKeyViolation reports a foreign-key refusal on either database.
// glebarez/sqlite translates SQLite's SQLITE_CONSTRAINT_FOREIGNKEY (787)
// into gorm.ErrForeignKeyViolated, but not the SQLITE_CONSTRAINT_TRIGGER
// (1811) with which SQLite refuses a delete through an ON DELETE RESTRICT
// reference; both say "FOREIGN KEY constraint failed".
func isForeignKeyViolation(err error) bool {
	return err != nil && (errors.Is(err, gorm.ErrForeignKeyViolated) ||
		strings.Contains(err.Error(), "FOREIGN KEY constraint failed"))
}

// tx runs fn in a transaction on ctx, again when it found a row busy
// (errBusy).
func (s *Service) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	for attempt := 1; ; attempt++ {
		err := s.db.WithContext(ctx).Transaction(fn)
		if !again(ctx, err, attempt) {
			return err
		}
	}
}
