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
