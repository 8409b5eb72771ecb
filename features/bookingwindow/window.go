package bookingwindow

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/gymtastic/gymtastic/core"
)

// Bounds of a window's settings, in the config, a class type's window and
// a segment: a year ahead at most, a week's closing at most.
const (
	MaxOpensDaysBefore     = 365
	MaxClosesMinutesBefore = 7 * 24 * 60
)

// checkWindow says what is wrong with a window's settings, naming the key
// at fault, or returns "" for the problem. The window must stay open a
// while whatever the clocks do: closing less than opens_days_before days
// less an hour (a day that loses an hour to daylight saving) before the
// start.
func checkWindow(opens, closes int) (key, problem string) {
	switch {
	case opens < 1 || opens > MaxOpensDaysBefore:
		return "opens_days_before", fmt.Sprintf("must be between 1 and %d, got %d", MaxOpensDaysBefore, opens)
	case closes < 0 || closes > MaxClosesMinutesBefore:
		return "closes_minutes_before", fmt.Sprintf("must be between 0 and %d (one week), got %d", MaxClosesMinutesBefore, closes)
	case closes >= opens*24*60-60:
		return "closes_minutes_before", fmt.Sprintf("must be less than %d (opens_days_before %d days less an hour), got %d: "+
			"the window would never open", opens*24*60-60, opens, closes)
	}
	return "", ""
}

// settings is a window as it applies to one class type.
type settings struct {
	OpensDaysBefore     int
	ClosesMinutesBefore int
	// Source is SourceClassType or SourceDefault.
	Source string
}

// settingsOf is the class type's window when it has one (opens and closes
// read from its row, NULL for none), else the config's.
func (f *Feature) settingsOf(opens, closes sql.NullInt64) settings {
	if opens.Valid && closes.Valid {
		return settings{int(opens.Int64), int(closes.Int64), SourceClassType}
	}
	return settings{f.cfg.OpensDaysBefore, f.cfg.ClosesMinutesBefore, SourceDefault}
}

// window is when a session may be booked, both ends included.
type window struct {
	OpensAt, ClosesAt time.Time
}

// windowOf is the window of a session starting at start, under s, for a
// customer whose segments open segmentDays before (NULL: she is in none):
// she gets the earliest of the two.
func windowOf(start time.Time, loc *time.Location, s settings, segmentDays sql.NullInt64) window {
	days := s.OpensDaysBefore
	if segmentDays.Valid && int(segmentDays.Int64) > days {
		days = int(segmentDays.Int64)
	}
	return window{OpensAt: opensAt(start, days, loc),
		ClosesAt: start.UTC().Add(-time.Duration(s.ClosesMinutesBefore) * time.Minute)}
}

// opensAt is the same gym-local clock time as start, days earlier, by
// core.LocalTime's rule: a clock time the clocks skip that day moves
// forward by the gap; one they show twice is the first of the two.
func opensAt(start time.Time, days int, loc *time.Location) time.Time {
	l := start.In(loc)
	return core.LocalTime(l.Year(), l.Month(), l.Day()-days, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), loc)
}
