package core

import (
	"errors"
	"fmt"
	"regexp"
	"time"
)

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

// TimeOffsetPattern matches the end of an RFC 3339 time whose offset RFC
// 3339 allows: Z, or at most ±23:59. Go's parser also takes an hour of 24
// and a minute of 60 (+24:00, +23:60, +05:60). The API gives it to every
// date-time schema, so body times are checked as ParseTime checks query
// times.
const TimeOffsetPattern = `(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`

var timeOffset = regexp.MustCompile(TimeOffsetPattern)

// ParseTime parses an RFC 3339 time, refusing an offset RFC 3339 does not
// allow (TimeOffsetPattern), and returns it in UTC.
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errors.New("want an RFC 3339 time such as 2026-03-01T09:30:00Z")
	}
	if !timeOffset.MatchString(s) {
		return time.Time{}, fmt.Errorf("%s has an offset RFC 3339 does not allow: Z, or at most ±23:59", s)
	}
	return t.UTC(), nil
}

// SQLTime is t as a bound to compare stored times with in SQL: in UTC and
// clamped to MinTime–MaxTime. Every time a query binds against a stored
// time goes through it (DayBounds' do already).
//
// Clamping changes no comparison's answer: every stored time lies within
// MinTime–MaxTime (CheckTime) and is truncated to microseconds, so none
// equals MaxTime, and a bound past either end matches all or nothing on
// both sides of it. But SQLite compares stored times as text, where the
// year 10000 (the end of the gym-local day 9999-12-31 in UTC, or west of
// it) sorts before 2026; clamped, the two databases answer alike.
func SQLTime(t time.Time) time.Time {
	t = t.UTC()
	switch {
	case t.After(MaxTime):
		return MaxTime
	case t.Before(MinTime):
		return MinTime
	}
	return t
}

// DayBounds returns the instants at which the gym-local calendar day
// containing t starts and ends (the end is exclusive), ready to bind in
// SQL (SQLTime): in UTC and clamped to MinTime–MaxTime, as the first and
// last days stored begin or end outside them. Days when clocks change are
// 23 or 25 hours long.
func DayBounds(t time.Time, loc *time.Location) (time.Time, time.Time) {
	y, m, d := t.In(loc).Date()
	return SQLTime(dayStart(y, m, d, loc)), SQLTime(dayStart(y, m, d+1, loc))
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
// UTC bounds of that day, unclamped: to bind them, see ParseDateBound and
// SQLTime.
func ParseDate(s string, loc *time.Location) (time.Time, time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
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
//
// The zero time it returns means no bound. Nothing is stored outside
// MinTime–MaxTime, so a bound beyond them on its own side is no bound at
// all (to=9999-12-31 ends in the year 10000 in UTC for a gym west of
// Greenwich); a bound beyond them on the other side (a lower bound after
// 9999, an upper bound at or before the first instant of 0001, which is
// the zero time) could match nothing and is refused.
func ParseBound(s string, loc *time.Location, upper bool) (time.Time, error) {
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return ParseDateBound(s, loc, upper)
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
		return time.Time{}, errors.New("want an RFC 3339 time such as 2026-03-01T09:30:00Z or a date such as 2026-03-01")
	}
	return ParseTimeBound(s, upper)
}

// ParseTimeBound is ParseBound for a parameter that takes an RFC 3339
// time only (starts_after, starts_before).
func ParseTimeBound(s string, upper bool) (time.Time, error) {
	t, err := ParseTime(s)
	if err != nil {
		return time.Time{}, err
	}
	return checkBound(s, t, upper)
}

// ParseDateBound is ParseBound for a parameter that takes a gym-local
// date only (a summary's period).
func ParseDateBound(s string, loc *time.Location, upper bool) (time.Time, error) {
	start, end, err := ParseDate(s, loc)
	if err != nil {
		return time.Time{}, err
	}
	if upper {
		return checkBound(s, end, true)
	}
	return checkBound(s, start, false)
}

// checkBound applies ParseBound's rules to the instant t that s gave.
func checkBound(s string, t time.Time, upper bool) (time.Time, error) {
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
