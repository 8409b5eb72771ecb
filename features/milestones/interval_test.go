package milestones

import (
	"fmt"
	"testing"
	"time"
)

func TestParseInterval(t *testing.T) {
	for _, c := range []struct {
		in        string
		want      Interval
		canonical string
		human     string
		bad       bool
	}{
		{in: "P2W", want: Interval{Weeks: 2}, canonical: "P2W", human: "2 weeks"},
		{in: "P1M", want: Interval{Months: 1}, canonical: "P1M", human: "1 month"},
		{in: "P1Y", want: Interval{Years: 1}, canonical: "P1Y", human: "1 year"},
		{in: "P30D", want: Interval{Days: 30}, canonical: "P30D", human: "30 days"},
		{in: "p1y6m", want: Interval{Years: 1, Months: 6}, canonical: "P1Y6M", human: "1 year and 6 months"},
		{in: "P1Y2M3W4D", want: Interval{1, 2, 3, 4}, canonical: "P1Y2M3W4D", human: "1 year, 2 months, 3 weeks and 4 days"},
		{in: "P0Y1D", want: Interval{Days: 1}, canonical: "P1D", human: "1 day"},
		{in: "", bad: true},
		{in: "P", bad: true},
		{in: "P0D", bad: true},
		{in: "PT1H", bad: true},
		{in: "P1DT12H", bad: true},
		{in: "P1.5M", bad: true},
		{in: "P-1D", bad: true},
		{in: "1M", bad: true},
		{in: "P1D1M", bad: true},
		{in: "P101Y", bad: true},
		{in: "P99999999999999999999D", bad: true},
	} {
		t.Run(fmt.Sprintf("%q", c.in), func(t *testing.T) {
			got, err := ParseInterval(c.in)
			if c.bad {
				if err == nil {
					t.Fatalf("ParseInterval(%q) = %v, want an error", c.in, got)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("ParseInterval(%q) = %v, %v; want %v", c.in, got, err, c.want)
			}
			if got.String() != c.canonical || got.Human() != c.human {
				t.Errorf("String, Human = %q, %q; want %q, %q", got.String(), got.Human(), c.canonical, c.human)
			}
		})
	}
}

func TestIntervalBefore(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(loc *time.Location, s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		name     string
		interval string
		loc      *time.Location
		now      string
		want     string
	}{
		{"a month is a calendar month", "P1M", time.UTC, "2026-03-15 10:00", "2026-02-15 10:00"},
		{"clamped to the end of February", "P1M", time.UTC, "2026-03-31 10:00", "2026-02-28 10:00"},
		{"leap February", "P1M", time.UTC, "2028-03-31 10:00", "2028-02-29 10:00"},
		{"a year from 29 February", "P1Y", time.UTC, "2028-02-29 10:00", "2027-02-28 10:00"},
		{"months across a year", "P3M", time.UTC, "2026-01-31 08:00", "2025-10-31 08:00"},
		{"two weeks", "P2W", time.UTC, "2026-03-15 10:00", "2026-03-01 10:00"},
		{"thirty days are not a month", "P30D", time.UTC, "2026-03-31 10:00", "2026-03-01 10:00"},
		{"calendar days across spring forward", "P1D", berlin, "2026-03-29 12:00", "2026-03-28 12:00"},
		{"a week across autumn back", "P1W", berlin, "2026-10-30 09:00", "2026-10-23 09:00"},
		{"months in the gym's zone", "P1M", berlin, "2026-03-01 00:30", "2026-02-01 00:30"},
	} {
		t.Run(c.name, func(t *testing.T) {
			iv, err := ParseInterval(c.interval)
			if err != nil {
				t.Fatal(err)
			}
			got := iv.Before(at(c.loc, c.now), c.loc)
			want := at(c.loc, c.want).UTC()
			if !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("%s before %s = %s, want %s", c.interval, c.now, got, want)
			}
		})
	}
}
