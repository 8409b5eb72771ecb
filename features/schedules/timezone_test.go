package schedules_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// The start time is gym-local and holds across daylight-saving changes; a
// time the clocks skip moves forward by the gap, one they show twice is
// the first of the two. Europe/London in 2030 changes on 31 March (01:00
// GMT becomes 02:00 BST) and 27 October (02:00 BST becomes 01:00 GMT).
func TestDaylightSaving(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "Europe/London", map[string]any{"horizon_days": 731})
		all := []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
		for _, c := range []struct {
			name, start, from, to string
			want                  []string // UTC
		}{
			{"01:30 in spring: the gap moves it to 02:30 BST", "01:30", "2030-03-30", "2030-04-01",
				[]string{"2030-03-30T01:30:00Z", "2030-03-31T01:30:00Z", "2030-04-01T00:30:00Z"}},
			{"18:30 in spring: 18:30 local either side", "18:30", "2030-03-30", "2030-04-01",
				[]string{"2030-03-30T18:30:00Z", "2030-03-31T17:30:00Z", "2030-04-01T17:30:00Z"}},
			{"01:30 in autumn: shown twice, the first (BST)", "01:30", "2030-10-26", "2030-10-28",
				[]string{"2030-10-26T00:30:00Z", "2030-10-27T00:30:00Z", "2030-10-28T01:30:00Z"}},
			{"07:00 in autumn", "07:00", "2030-10-26", "2030-10-28",
				[]string{"2030-10-26T06:00:00Z", "2030-10-27T07:00:00Z", "2030-10-28T07:00:00Z"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				s := f.create(map[string]any{"weekdays": all, "start_time": c.start, "starts_on": c.from, "ends_on": c.to})
				var got []string
				for _, x := range f.sessions(s.ID) {
					got = append(got, x.StartsAt.UTC().Format(time.RFC3339))
				}
				if strings.Join(got, " ") != strings.Join(c.want, " ") {
					t.Errorf("sessions %v, want %v", got, c.want)
				}
			})
		}
	})
}

// Far from UTC, the weekday and the date are the gym's: in Kiritimati
// (UTC+14) a Monday 07:00 class is on Sunday in UTC, and "today" is the
// gym's today.
func TestFarFromUTC(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "Pacific/Kiritimati", map[string]any{"horizon_days": 14})
		// base is Monday 4 March 23:00 in Kiritimati.
		early := f.create(map[string]any{"weekdays": []string{"mon"}, "start_time": "07:00", "starts_on": "2030-03-01"})
		late := f.create(map[string]any{"weekdays": []string{"mon"}, "start_time": "23:30", "starts_on": "2030-03-01"})
		if got := f.local(f.sessions(early.ID)); strings.Join(got, "|") != "2030-03-11 Mon 07:00 +1400" {
			t.Errorf("07:00: %v, want only 11 March (today's has passed)", got)
		}
		if got := f.sessions(early.ID); len(got) == 1 && got[0].StartsAt.UTC().Weekday() != time.Sunday {
			t.Errorf("07:00 Monday in Kiritimati is %s in UTC, want Sunday", got[0].StartsAt.UTC())
		}
		if got := f.local(f.sessions(late.ID)); strings.Join(got, "|") != "2030-03-04 Mon 23:30 +1400|2030-03-11 Mon 23:30 +1400" {
			t.Errorf("23:30: %v, want today's and 11 March", got)
		}
	})
}

// In Auckland the April change's repeated 02:30 is the first.
func TestAucklandFallBack(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "Pacific/Auckland", map[string]any{"horizon_days": 60})
		// 7 April 2030, 03:00 NZDT becomes 02:00 NZST: 02:30 is shown twice.
		s := f.create(map[string]any{"weekdays": []string{"sun"}, "start_time": "02:30", "starts_on": "2030-04-07", "ends_on": "2030-04-07"})
		got := f.sessions(s.ID)
		if len(got) != 1 || !got[0].StartsAt.Equal(time.Date(2030, 4, 6, 13, 30, 0, 0, time.UTC)) {
			t.Errorf("Auckland's repeated 02:30: %v, want 2030-04-06T13:30Z (NZDT)", f.local(got))
		}
	})
}
