package premium

import (
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/gymtastic/gymtastic/core"
)

// Date is a calendar date in the gym's time zone, "2006-01-02". It is
// stored in a DATE column and bound as that text, so that it compares the
// same way on both databases; ISO dates order as strings.
type Date string

// Dates accepted: wide enough for any membership, narrow enough that
// starts_on + duration_days stays a four-digit year.
const (
	minDate Date = "1900-01-01"
	maxDate Date = "2999-12-31"
)

// ParseDate parses a gym-local date, naming field in the error.
func ParseDate(field, s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return "", core.Invalid(field, "want a date such as 2026-03-01")
	}
	d := Date(t.Format(time.DateOnly))
	if d < minDate || d > maxDate {
		return "", core.Invalid(field, "must be between %s and %s", minDate, maxDate)
	}
	return d, nil
}

// DateOf is the gym-local date of the instant t.
func DateOf(t time.Time, loc *time.Location) Date {
	return Date(t.In(loc).Format(time.DateOnly))
}

// ruleDate is the gym-local date of the instant t as the rule compares it
// with memberships' dates: a date before minDate or after maxDate is no
// membership's, so it is judged as the date just outside them. The date
// itself may be none PostgreSQL reads (0000-12-31: it has no year 0) or
// sort wrongly as text (10000-01-01 sorts before 2026).
func ruleDate(t time.Time, loc *time.Location) Date {
	switch y := t.In(loc).Year(); {
	case y < 1900:
		return minDate.AddDays(-1)
	case y > 2999:
		return maxDate.AddDays(1)
	}
	return DateOf(t, loc)
}

// AddDays returns the date n days later (earlier when n < 0).
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
// DATE) give a time.Time at midnight UTC, expressions may give text.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d = Date(v.Format(time.DateOnly))
	case string:
		*d = Date(firstN(v, len(time.DateOnly)))
	case []byte:
		*d = Date(firstN(string(v), len(time.DateOnly)))
	default:
		return fmt.Errorf("premium: cannot scan %T into a date", src)
	}
	return nil
}

func firstN(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
