package core

import "time"

// LocalTime is the instant the gym's clocks show the wall-clock time
// hour:min:sec.nsec on the local date y-m-d, in loc (day, month and
// hour may overflow, as in time.Date). A clock time the clocks skip that
// day (spring forward) moves forward by the gap, as time.Date does; one
// they show twice (fall back) is the first of the two, where time.Date
// would give the second. Features that repeat a clock time across days
// (a booking window's opening, a schedule's sessions) share this rule.
func LocalTime(y int, m time.Month, d, hour, min, sec, nsec int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, hour, min, sec, nsec, loc)
	if zoneStart, _ := t.ZoneBounds(); !zoneStart.IsZero() {
		_, before := zoneStart.Add(-time.Second).Zone()
		_, now := t.Zone()
		if earlier := t.Add(-time.Duration(before-now) * time.Second); before > now && earlier.Before(zoneStart) {
			t = earlier
		}
	}
	return t.UTC()
}
