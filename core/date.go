package core

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar date in the gym's time zone, "2006-01-02", for a
// feature's DATE column (a membership's starts_on, a schedule's
// occurrence). It is bound as that text, so it compares the same way on
// both databases: ISO dates order as strings, so <, > and max work.
type Date string

// Dates a feature accepts (ParseCalendarDate): wide enough for any
// membership or schedule, narrow enough that a date plus a few thousand
// days stays a four-digit year PostgreSQL reads and text sorts rightly.
const (
	MinDate Date = "1900-01-01"
	MaxDate Date = "2999-12-31"
)

// DateOf is the gym-local date of the instant t.
func DateOf(t time.Time, loc *time.Location) Date {
	return Date(t.In(loc).Format(time.DateOnly))
}

// ParseCalendarDate parses input s as a Date between MinDate and MaxDate,
// naming field in the error. (ParseDate, by contrast, gives the instants
// a local day starts and ends, for a query's bounds.)
func ParseCalendarDate(field, s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return "", Invalid(field, "want a date such as 2026-03-01, got %q", s)
	}
	d := Date(t.Format(time.DateOnly))
	if d < MinDate || d > MaxDate {
		return "", Invalid(field, "must be between %s and %s", MinDate, MaxDate)
	}
	return d, nil
}

// Time is the date at midnight UTC, for calendar arithmetic (Weekday,
// Year, Month, Day); the zero time when d is no date. To get the instant
// a gym-local clock time on d happens, pass its fields to LocalTime.
func (d Date) Time() time.Time {
	t, _ := time.Parse(time.DateOnly, string(d))
	return t
}

// AddDays returns the date n days later (earlier when n < 0); d itself
// when it is no date.
func (d Date) AddDays(n int) Date {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return d
	}
	return Date(t.AddDate(0, 0, n).Format(time.DateOnly))
}

// Value binds the date as its text.
func (d Date) Value() (driver.Value, error) { return string(d), nil }

// Scan reads a DATE column: PostgreSQL (and SQLite, for a column declared
// DATE) give a time.Time at midnight UTC, expressions may give text, of
// which the first ten characters are the date.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d = Date(v.Format(time.DateOnly))
	case string:
		*d = Date(v[:min(len(v), len(time.DateOnly))])
	case []byte:
		*d = Date(string(v[:min(len(v), len(time.DateOnly))]))
	default:
		return fmt.Errorf("core: cannot scan %T into a date", src)
	}
	return nil
}
