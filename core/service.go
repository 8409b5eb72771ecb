package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

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
	return &Service{db: db, kind: opt.Kind, loc: opt.Location, now: opt.Now, hooks: opt.Hooks}
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

// ParseBound parses a range bound given as an RFC 3339 time or as a
// gym-local date. A date as a lower bound means the start of that day; as
// an upper bound, the end of it, so from=2026-03-01&to=2026-03-01 is that
// whole day. Times are taken as given (from inclusive, to exclusive).
func ParseBound(s string, loc *time.Location, upper bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	start, end, err := ParseDate(s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("want an RFC 3339 time such as 2026-03-01T09:30:00Z or a date such as 2026-03-01")
	}
	if upper {
		return end, nil
	}
	return start, nil
}

// isNotFound reports gorm's record-not-found.
func isNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }

// clean trims surrounding white space and refuses an empty result.
func clean(field, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", Invalid(field, "must not be empty or blank")
	}
	return v, nil
}

// tx runs fn in a transaction on ctx.
func (s *Service) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(fn)
}
