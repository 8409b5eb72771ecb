package core

import (
	"context"
	"errors"
	"fmt"
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

// trim cuts the extra row window fetched and reports whether there was one.
func trim[T any](rows []T, p Page) ([]T, bool) {
	if len(rows) > p.Limit {
		return rows[:p.Limit], true
	}
	return rows, false
}

// forUpdate is the row-lock suffix: FOR UPDATE on PostgreSQL; nothing on
// SQLite, whose BEGIN IMMEDIATE transactions already hold the write lock.
func (s *Service) forUpdate() string {
	if s.kind == config.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// lockRow locks the row of table with id (on PostgreSQL) and reports whether
// it exists. table is always a constant from core.
func (s *Service) lockRow(tx *gorm.DB, table string, id int64) (bool, error) {
	var ids []int64
	if err := tx.Raw("SELECT id FROM "+table+" WHERE id = ?"+s.forUpdate(), id).Scan(&ids).Error; err != nil {
		return false, err
	}
	return len(ids) > 0, nil
}

// ForUpdate returns the row-lock suffix for raw SQL on this database, for
// features that lock their own rows.
func (s *Service) ForUpdate() string { return s.forUpdate() }

// DayBounds returns the UTC instants at which the gym-local calendar day
// containing t starts and ends (the end is exclusive). Days when clocks
// change are 23 or 25 hours long.
func DayBounds(t time.Time, loc *time.Location) (time.Time, time.Time) {
	y, m, d := t.In(loc).Date()
	return dayStart(y, m, d, loc).UTC(), dayStart(y, m, d+1, loc).UTC()
}

// dayStart is the first instant of the gym-local day y-m-d. That is
// midnight, except where a daylight-saving change skips midnight (as in
// America/Santiago), when time.Date may answer with an instant of the day
// before: the day then starts where the new zone offset begins.
func dayStart(y int, m time.Month, d int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	want := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	if ly, lm, ld := t.Date(); ly != want.Year() || lm != want.Month() || ld != want.Day() {
		_, next := t.ZoneBounds()
		t = next.In(loc)
	}
	return t
}

// ParseDate parses a gym-local calendar date (2006-01-02) and returns the
// UTC bounds of that day.
func ParseDate(s string, loc *time.Location) (time.Time, time.Time, error) {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("want a date such as 2026-03-01")
	}
	y, m, day := d.Date()
	return dayStart(y, m, day, loc).UTC(), dayStart(y, m, day+1, loc).UTC(), nil
}

// MinTime and MaxTime are the first and last instants Gymtastic stores:
// the years 0001 to 9999 in UTC, the range RFC 3339 (and so JSON) can
// write, and the range in which SQLite's text comparison of stored times
// orders them correctly (a five-digit year sorts before 2026).
var (
	MinTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxTime = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
)

// CheckTime refuses, as 422 naming field, a time to be stored whose UTC
// instant falls outside the years 0001–9999 (MinTime–MaxTime), such as
// 9999-12-31T23:59:59-23:59: once stored it could not be written back as
// RFC 3339, and every list showing it would fail.
func CheckTime(field string, t time.Time) error {
	if u := t.UTC(); u.Before(MinTime) || u.After(MaxTime) {
		return Invalid(field, "%s is %s in UTC, outside the years 0001 to 9999",
			t.Format(time.RFC3339Nano), u.Format(time.RFC3339Nano))
	}
	return nil
}

// ParseBound parses a range bound given as an RFC 3339 time or as a
// gym-local date. A date as a lower bound means the start of that day; as
// an upper bound, the end of it, so from=2026-03-01&to=2026-03-01 is that
// whole day. Times are taken as given (from inclusive, to exclusive).
//
// Nothing is stored outside MinTime–MaxTime, so a bound beyond them on its
// own side is no bound at all and comes back as the zero time (to=9999-12-31
// ends in the year 10000 in UTC for a gym west of Greenwich, which SQLite
// would compare as text wrongly); a bound beyond them on the other side
// (a lower bound after 9999, an upper bound at or before the first instant
// of 0001) could match nothing and is refused.
func ParseBound(s string, loc *time.Location, upper bool) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err == nil {
		t = t.UTC()
	} else {
		start, end, err := ParseDate(s, loc)
		if err != nil {
			return time.Time{}, fmt.Errorf("want an RFC 3339 time such as 2026-03-01T09:30:00Z or a date such as 2026-03-01")
		}
		t = start
		if upper {
			t = end
		}
	}
	switch {
	case upper && t.After(MaxTime), !upper && t.Before(MinTime):
		return time.Time{}, nil
	case upper && !t.After(MinTime): // MinTime is the zero time, which would mean no bound
		return time.Time{}, fmt.Errorf("%s is not after the year 0001 began in UTC: nothing starts that early", s)
	case !upper && t.After(MaxTime):
		return time.Time{}, fmt.Errorf("%s is after the year 9999 in UTC: nothing starts that late", s)
	}
	return t, nil
}

// bound is t in UTC for comparison with stored times. On SQLite, which
// compares stored times as text, it is clamped to MinTime–MaxTime so that
// it orders correctly (stored times are truncated to microseconds, so
// MaxTime is after all of them); PostgreSQL compares any instant exactly.
func (s *Service) bound(t time.Time) time.Time {
	t = t.UTC()
	if s.kind == config.Postgres {
		return t
	}
	switch {
	case t.After(MaxTime):
		return MaxTime
	case t.Before(MinTime):
		return MinTime
	}
	return t
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

// tx runs fn in a transaction on ctx.
func (s *Service) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(fn)
}
