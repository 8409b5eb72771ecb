package core_test

import (
	"errors"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/core"
)

func TestDateScan(t *testing.T) {
	cases := []struct {
		src  any
		want core.Date
	}{
		{time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC), "2026-03-29"},
		{"2026-03-29", "2026-03-29"},
		{"2026-03-29 00:00:00+00:00", "2026-03-29"}, // SQLite text of a DATE expression
		{[]byte("2026-03-29T00:00:00Z"), "2026-03-29"},
		{[]byte("2026-03-29"), "2026-03-29"},
	}
	for _, c := range cases {
		var d core.Date
		if err := d.Scan(c.src); err != nil || d != c.want {
			t.Errorf("Scan(%#v) = %q, %v; want %q", c.src, d, err, c.want)
		}
	}
	var d core.Date
	if err := d.Scan(int64(20260329)); err == nil {
		t.Errorf("Scan(int64) = %q, nil; want an error", d)
	}
}

func TestDateAddDays(t *testing.T) {
	cases := []struct {
		d    core.Date
		n    int
		want core.Date
	}{
		{"2026-01-31", 1, "2026-02-01"},
		{"2026-02-28", 1, "2026-03-01"},
		{"2028-02-28", 1, "2028-02-29"}, // leap year
		{"2026-12-31", 1, "2027-01-01"},
		{"2027-01-01", -1, "2026-12-31"},
		{"2026-03-01", -1, "2026-02-28"},
		{"2026-03-28", 1, "2026-03-29"}, // Europe's clocks go forward on the 29th
		{"2026-03-08", 1, "2026-03-09"}, // America's on the 8th
		{"2026-10-25", 1, "2026-10-26"}, // Europe's go back on the 25th
		{"2026-03-25", 7, "2026-04-01"},
		{"2026-01-01", 365, "2027-01-01"},
		{"2026-05-05", 0, "2026-05-05"},
		{"not a date", 1, "not a date"},
	}
	for _, c := range cases {
		if got := c.d.AddDays(c.n); got != c.want {
			t.Errorf("%q.AddDays(%d) = %q, want %q", c.d, c.n, got, c.want)
		}
	}
}

func TestDateOfAndTime(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	// 23:30 UTC on the day before clocks go forward is already the 29th
	// in Berlin.
	at := time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC)
	if got := core.DateOf(at, berlin); got != "2026-03-29" {
		t.Errorf("DateOf = %q, want 2026-03-29", got)
	}
	if got := core.DateOf(at, time.UTC); got != "2026-03-28" {
		t.Errorf("DateOf in UTC = %q, want 2026-03-28", got)
	}
	if got, want := core.Date("2026-03-29").Time(), time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC); !got.Equal(want) || got.Weekday() != time.Sunday {
		t.Errorf("Time = %v, want %v, a Sunday", got, want)
	}
	if got := core.Date("junk").Time(); !got.IsZero() {
		t.Errorf("Time of junk = %v, want the zero time", got)
	}
}

func TestDateValue(t *testing.T) {
	v, err := core.Date("2026-03-29").Value()
	if s, ok := v.(string); err != nil || !ok || s != "2026-03-29" {
		t.Errorf("Value = %#v, %v; want the text 2026-03-29", v, err)
	}
}

func TestParseCalendarDate(t *testing.T) {
	if d, err := core.ParseCalendarDate("starts_on", "2026-03-01"); err != nil || d != "2026-03-01" {
		t.Errorf("ParseCalendarDate = %q, %v", d, err)
	}
	for _, s := range []string{"", "2026-3-1", "2026-02-30", "1899-12-31", "3000-01-01", "2026-03-01T00:00:00Z"} {
		_, err := core.ParseCalendarDate("starts_on", s)
		var e *core.Error
		if !errors.As(err, &e) || e.Status != 422 || len(e.Fields) != 1 || e.Fields[0].Field != "starts_on" {
			t.Errorf("ParseCalendarDate(%q) = %v; want a 422 naming starts_on", s, err)
		}
	}
	for _, s := range []core.Date{core.MinDate, core.MaxDate} {
		if _, err := core.ParseCalendarDate("d", string(s)); err != nil {
			t.Errorf("ParseCalendarDate(%q) = %v; want it accepted", s, err)
		}
	}
}
