package milestones

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Interval is an ISO 8601 duration in calendar units, PnYnMnWnD: years,
// months, weeks and days, as in P2W, P1M, P1Y or P30D. Months and years are
// calendar months and years, not 30 or 365 days.
type Interval struct {
	Years, Months, Weeks, Days int
}

var intervalPattern = regexp.MustCompile(`^P(?:(\d{1,5})Y)?(?:(\d{1,5})M)?(?:(\d{1,5})W)?(?:(\d{1,5})D)?$`)

// maxIntervalDays bounds an interval to about a hundred years.
const maxIntervalDays = 36600

// ParseInterval parses an ISO 8601 duration of years, months, weeks and
// days (ignoring case); hours and smaller units are refused.
func ParseInterval(s string) (Interval, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	m := intervalPattern.FindStringSubmatch(u)
	if m == nil || u == "P" {
		if strings.Contains(u, "T") && strings.HasPrefix(u, "P") {
			return Interval{}, fmt.Errorf("%q has a time part; want whole days, weeks, months or years, such as P2W, P1M, P1Y or P30D", s)
		}
		return Interval{}, fmt.Errorf("%q is not an ISO 8601 duration of days, weeks, months or years, such as P2W, P1M, P1Y or P30D", s)
	}
	n := make([]int, 4)
	for i, v := range m[1:] {
		if v != "" {
			n[i], _ = strconv.Atoi(v)
		}
	}
	iv := Interval{Years: n[0], Months: n[1], Weeks: n[2], Days: n[3]}
	approx := iv.Years*366 + iv.Months*31 + iv.Weeks*7 + iv.Days
	switch {
	case approx == 0:
		return Interval{}, fmt.Errorf("%q is empty; the interval must be at least one day", s)
	case approx > maxIntervalDays:
		return Interval{}, fmt.Errorf("%q is longer than a hundred years", s)
	}
	return iv, nil
}

// String is the canonical form: P1Y6M, P2W, P30D.
func (iv Interval) String() string {
	var b strings.Builder
	b.WriteString("P")
	for _, p := range []struct {
		n    int
		unit string
	}{{iv.Years, "Y"}, {iv.Months, "M"}, {iv.Weeks, "W"}, {iv.Days, "D"}} {
		if p.n > 0 {
			b.WriteString(strconv.Itoa(p.n) + p.unit)
		}
	}
	return b.String()
}

// Human says the interval in English: "1 month", "2 weeks", "1 year and 6
// months".
func (iv Interval) Human() string {
	var parts []string
	for _, p := range []struct {
		n    int
		unit string
	}{{iv.Years, "year"}, {iv.Months, "month"}, {iv.Weeks, "week"}, {iv.Days, "day"}} {
		switch {
		case p.n == 1:
			parts = append(parts, "1 "+p.unit)
		case p.n > 1:
			parts = append(parts, strconv.Itoa(p.n)+" "+p.unit+"s")
		}
	}
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// Before returns the instant the interval before t, counted on the
// calendar in loc: years and months first, keeping the wall-clock time and
// clamping the day to the target month's last day (one month before 31
// March is 28 or 29 February, as in PostgreSQL), then weeks and days as
// calendar days (23 or 25 hours across a change of clocks). The result is
// in UTC.
func (iv Interval) Before(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	year, month, day := l.Date()
	months := year*12 + int(month-1) - (iv.Years*12 + iv.Months)
	year, month = months/12, time.Month(months%12+1)
	if last := daysIn(year, month); day > last {
		day = last
	}
	start := time.Date(year, month, day, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), loc)
	return start.AddDate(0, 0, -(7*iv.Weeks + iv.Days)).UTC()
}

// daysIn returns the number of days in a month.
func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
