package core_test

import (
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/core"
)

// TestDayBounds checks gym-local days, including the 23- and 25-hour days
// when clocks change, from several instants within each day.
func TestDayBounds(t *testing.T) {
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		name       string
		zone       string
		date       string
		start, end string
		hours      float64
	}{
		{"UTC", "UTC", "2026-03-08", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", 24},
		{"New York ordinary day", "America/New_York", "2026-03-07", "2026-03-07T05:00:00Z", "2026-03-08T05:00:00Z", 24},
		{"New York spring forward", "America/New_York", "2026-03-08", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", 23},
		{"New York fall back", "America/New_York", "2026-11-01", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z", 25},
		{"Auckland daylight time ends", "Pacific/Auckland", "2026-04-05", "2026-04-04T11:00:00Z", "2026-04-05T12:00:00Z", 25},
		{"Auckland daylight time starts", "Pacific/Auckland", "2026-09-27", "2026-09-26T12:00:00Z", "2026-09-27T11:00:00Z", 23},
		{"Auckland ordinary day", "Pacific/Auckland", "2026-03-01", "2026-02-28T11:00:00Z", "2026-03-01T11:00:00Z", 24},
		{"Los Angeles ordinary day", "America/Los_Angeles", "2026-03-01", "2026-03-01T08:00:00Z", "2026-03-02T08:00:00Z", 24},
		// Chile moves its clocks at midnight: 6 September 2026 starts at 01:00.
		{"Santiago the day before midnight is skipped", "America/Santiago", "2026-09-05", "2026-09-05T04:00:00Z", "2026-09-06T04:00:00Z", 24},
		{"Santiago midnight skipped", "America/Santiago", "2026-09-06", "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z", 23},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			loc, err := time.LoadLocation(c.zone)
			if err != nil {
				t.Fatal(err)
			}
			wantStart, wantEnd := utc(c.start), utc(c.end)
			if got := wantEnd.Sub(wantStart).Hours(); got != c.hours {
				t.Fatalf("bad case: %v hours, want %v", got, c.hours)
			}
			// The first instant, noon, the last second, and the day's last
			// instant given in UTC and in another zone: all the same day.
			last := wantEnd.Add(-time.Nanosecond)
			for _, at := range []time.Time{wantStart.In(loc), wantStart.Add(12 * time.Hour).In(loc), wantEnd.Add(-time.Second), last.UTC(),
				last.In(time.FixedZone("elsewhere", -11*3600))} {
				start, end := core.DayBounds(at, loc)
				if !start.Equal(wantStart) || !end.Equal(wantEnd) {
					t.Errorf("DayBounds(%v) = %v, %v; want %v, %v", at, start, end, wantStart, wantEnd)
				}
				if start.Location() != time.UTC || end.Location() != time.UTC {
					t.Errorf("DayBounds(%v) not in UTC: %v, %v", at, start, end)
				}
			}
			if start, end := core.DayBounds(wantEnd, loc); !start.Equal(wantEnd) || end.Before(wantEnd.Add(23*time.Hour)) {
				t.Errorf("the next day starts at %v, %v; want %v", start, end, wantEnd)
			}

			start, end, err := core.ParseDate(c.date, loc)
			if err != nil || !start.Equal(wantStart) || !end.Equal(wantEnd) {
				t.Errorf("ParseDate(%s) = %v, %v, %v", c.date, start, end, err)
			}
			if lo, err := core.ParseBound(c.date, loc, false); err != nil || !lo.Equal(wantStart) {
				t.Errorf("ParseBound(%s, lower) = %v, %v", c.date, lo, err)
			}
			if hi, err := core.ParseBound(c.date, loc, true); err != nil || !hi.Equal(wantEnd) {
				t.Errorf("ParseBound(%s, upper) = %v, %v", c.date, hi, err)
			}
		})
	}
}

func TestParseBoundInvalid(t *testing.T) {
	for _, v := range []string{"", "yesterday", "2026-02-30", "2026-3-1", "01/03/2026", "2026-03-01 09:00"} {
		if _, err := core.ParseBound(v, time.UTC, false); err == nil {
			t.Errorf("ParseBound(%q) accepted", v)
		}
	}
	got, err := core.ParseBound("2026-03-01T09:30:00+13:00", time.UTC, true)
	if want := time.Date(2026, 2, 28, 20, 30, 0, 0, time.UTC); err != nil || !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("ParseBound(RFC 3339) = %v, %v; want %v in UTC", got, err, want)
	}
}

// TestParseBoundOutOfRange: a bound outside the years 0001–9999 in UTC on
// its own side is no bound (the zero time); on the other side it could
// match nothing and is refused.
func TestParseBoundOutOfRange(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	auckland, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		v     string
		loc   *time.Location
		upper bool
		want  time.Time
	}{
		// The end of 9999-12-31 in New York is 10000-01-01T05:00Z.
		{"9999-12-31", ny, true, time.Time{}},
		{"9999-12-31T23:59:59-23:59", time.UTC, true, time.Time{}},
		// In Auckland it is still in 9999.
		{"9999-12-31", auckland, true, time.Date(9999, 12, 31, 11, 0, 0, 0, time.UTC)},
		{"9999-12-31", ny, false, time.Date(9999, 12, 31, 5, 0, 0, 0, time.UTC)},
		{"9999-12-31T23:59:59.999999999Z", time.UTC, true, core.MaxTime},
		// The start of 0001-01-01 in Auckland is in the year 0000 in UTC.
		{"0001-01-01", auckland, false, time.Time{}},
		{"0000-01-01", time.UTC, false, time.Time{}},
		{"0000-01-01T00:00:00+01:00", time.UTC, false, time.Time{}},
		{"0001-01-01T00:00:00Z", time.UTC, false, core.MinTime},
		{"0001-01-01T00:00:01Z", time.UTC, true, core.MinTime.Add(time.Second)},
	} {
		got, err := core.ParseBound(c.v, c.loc, c.upper)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("ParseBound(%s, %s, upper %v) = %v, %v; want %v", c.v, c.loc, c.upper, got, err, c.want)
		}
	}
	for _, c := range []struct {
		v     string
		upper bool
	}{
		{"9999-12-31T23:00:00-05:00", false},
		{"9999-12-31T23:59:59-23:59", false},
		{"0001-01-01T00:30:00+01:00", true},
		{"0001-01-01T00:00:00Z", true}, // the zero time: not "no bound"
		{"0000-06-01", true},
	} {
		if got, err := core.ParseBound(c.v, time.UTC, c.upper); err == nil {
			t.Errorf("ParseBound(%s, upper %v) = %v, want an error", c.v, c.upper, got)
		}
	}
}

// TestCheckTime: times to store must fall within the years 0001–9999 in
// UTC, whatever their offset.
func TestCheckTime(t *testing.T) {
	for _, v := range []string{"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59+23:59", "0001-01-01T00:00:00-01:00"} {
		at, _ := time.Parse(time.RFC3339Nano, v)
		if err := core.CheckTime("starts_at", at); err != nil {
			t.Errorf("CheckTime(%s) = %v", v, err)
		}
	}
	for _, v := range []string{"9999-12-31T23:59:59-23:59", "9999-12-31T23:30:00-01:00", "0000-01-01T00:00:00+01:00", "0001-01-01T00:00:00+00:01"} {
		at, _ := time.Parse(time.RFC3339Nano, v)
		err := core.CheckTime("starts_at", at)
		if e, ok := core.AsError(err); !ok || e.Status != 422 || len(e.Fields) != 1 || e.Fields[0].Field != "starts_at" {
			t.Errorf("CheckTime(%s) = %v, want 422 naming starts_at", v, err)
		}
	}
}

// TestDayBoundsAtTheEdges: the first and last days stored begin or end
// outside the years 0001–9999 in UTC; DayBounds clamps them to
// MinTime–MaxTime (SQLTime), which SQLite's text comparison orders
// correctly, and which match the same stored times.
func TestDayBoundsAtTheEdges(t *testing.T) {
	kiritimati, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at         time.Time
		loc        *time.Location
		start, end time.Time
	}{
		{time.Date(9999, 12, 31, 10, 0, 0, 0, time.UTC), time.UTC, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), core.MaxTime},
		// 10000-01-01 at UTC+14 begins at 9999-12-31T10:00Z.
		{time.Date(9999, 12, 31, 10, 0, 0, 0, time.UTC), kiritimati, time.Date(9999, 12, 31, 10, 0, 0, 0, time.UTC), core.MaxTime},
		{time.Date(9999, 12, 31, 9, 59, 0, 0, time.UTC), kiritimati, time.Date(9999, 12, 30, 10, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 10, 0, 0, 0, time.UTC)},
		// Before 1900 Kiritimati keeps its local mean time, -10:29:20.
		{core.MinTime, kiritimati, core.MinTime, time.Date(1, 1, 1, 10, 29, 20, 0, time.UTC)},
		{core.MinTime, time.UTC, core.MinTime, time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)},
	} {
		start, end := core.DayBounds(c.at, c.loc)
		if !start.Equal(c.start) || !end.Equal(c.end) || start.Location() != time.UTC || end.Location() != time.UTC {
			t.Errorf("DayBounds(%v, %s) = %v, %v; want %v, %v in UTC", c.at, c.loc, start, end, c.start, c.end)
		}
	}
	for _, c := range []struct{ in, want time.Time }{
		{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), core.MaxTime},
		{time.Date(0, 12, 31, 10, 0, 0, 0, time.UTC), core.MinTime},
		{time.Date(2026, 3, 1, 9, 0, 0, 0, time.FixedZone("", 3600)), time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)},
	} {
		if got := core.SQLTime(c.in); !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("SQLTime(%v) = %v, want %v in UTC", c.in, got, c.want)
		}
	}
}

// TestParseDateAndTimeBounds: the date-only and time-only bounds follow
// ParseBound's rules and refuse the other kind.
func TestParseDateAndTimeBounds(t *testing.T) {
	if got, err := core.ParseDateBound("0000-12-31", time.UTC, false); err != nil || !got.IsZero() {
		t.Errorf("ParseDateBound(0000-12-31, lower) = %v, %v; want no bound", got, err)
	}
	if _, err := core.ParseDateBound("0000-12-31", time.UTC, true); err == nil {
		t.Error("ParseDateBound(0000-12-31, upper) ends at the first instant stored: want an error")
	}
	if _, err := core.ParseDateBound("2026-03-01T00:00:00Z", time.UTC, true); err == nil {
		t.Error("ParseDateBound accepted a time")
	}
	if _, err := core.ParseTimeBound("0001-01-01T00:00:00Z", true); err == nil {
		t.Error("ParseTimeBound(0001-01-01T00:00:00Z, upper) is the zero time: want an error")
	}
	if _, err := core.ParseTimeBound("2026-03-01", false); err == nil {
		t.Error("ParseTimeBound accepted a date")
	}
	if got, err := core.ParseTimeBound("9999-12-31T23:59:59-23:59", true); err != nil || !got.IsZero() {
		t.Errorf("ParseTimeBound(past 9999, upper) = %v, %v; want no bound", got, err)
	}
}
