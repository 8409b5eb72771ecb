package schedules_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/schedules"
)

// A schedule makes, in the request that creates it, a session on each of
// its weekdays from starts_on to the horizon (today + horizon_days,
// excluded), at its local time, with its class type, duration and
// capacity; the answer is the schedule with kept [].
func TestCreateMakesSessions(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", nil)
		r := f.Expect(http.StatusCreated, "POST", "/api/class_schedules", f.schedule(nil), nil)
		var got struct {
			ID              int64    `json:"id"`
			ClassType       int64    `json:"class_type"`
			Weekdays        []string `json:"weekdays"`
			StartTime       string   `json:"start_time"`
			DurationMinutes int      `json:"duration_minutes"`
			Capacity        *int     `json:"capacity"`
			StartsOn        string   `json:"starts_on"`
			EndsOn          *string  `json:"ends_on"`
			Active          bool     `json:"active"`
			CreatedAt       time.Time
			Kept            []any `json:"kept"`
		}
		r.Decode(t, &got)
		if got.ClassType != f.yoga || strings.Join(got.Weekdays, ",") != "mon,wed" || got.StartTime != "18:30" ||
			got.DurationMinutes != 60 || got.Capacity == nil || *got.Capacity != 10 || got.StartsOn != "2030-03-04" ||
			got.EndsOn != nil || !got.Active || got.Kept == nil || len(got.Kept) != 0 {
			t.Errorf("created %s", r.Body)
		}
		if loc := r.Header.Get("Location"); !strings.HasSuffix(loc, "/api/class_schedules/"+itoa(got.ID)) {
			t.Errorf("Location %q", loc)
		}
		list := f.sessions(got.ID)
		// 56 days from Monday 4 March: 8 Mondays and 8 Wednesdays.
		if len(list) != 16 {
			t.Fatalf("%d sessions, want 16: %v", len(list), f.local(list))
		}
		days := f.local(list)
		if days[0] != "2030-03-04 Mon 18:30 +0000" || days[1] != "2030-03-06 Wed 18:30 +0000" || days[15] != "2030-04-24 Wed 18:30 +0000" {
			t.Errorf("sessions %v", days)
		}
		for _, s := range list {
			if s.ClassType != f.yoga || s.DurationMinutes != 60 || s.Capacity == nil || *s.Capacity != 10 || s.BookedCount != 0 {
				t.Errorf("session %+v", s)
			}
		}
		// They are sessions like any other.
		var all []struct{ ID int64 }
		f.Expect(http.StatusOK, "GET", "/api/class_sessions?limit=1000", nil, &all)
		if len(all) != 16 {
			t.Errorf("%d class sessions, want 16", len(all))
		}
		var one struct{ Weekdays []string }
		f.Expect(http.StatusOK, "GET", "/api/class_schedules/"+itoa(got.ID), nil, &one)
		if strings.Join(one.Weekdays, ",") != "mon,wed" {
			t.Errorf("GET weekdays %v", one.Weekdays)
		}
	})
}

// A start already past today is not made; starts_on in the future and
// ends_on bound the dates; capacity null is unlimited.
func TestCreateBounds(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", map[string]any{"horizon_days": 14})
		morning := f.create(map[string]any{"weekdays": []string{"mon"}, "start_time": "07:00", "starts_on": "2030-01-01"})
		if got := f.local(f.sessions(morning.ID)); strings.Join(got, "|") != "2030-03-11 Mon 07:00 +0000" {
			t.Errorf("morning class: %v, want only next Monday's (today's 07:00 has passed)", got)
		}
		bounded := f.create(map[string]any{"weekdays": []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"},
			"starts_on": "2030-03-06", "ends_on": "2030-03-08", "capacity": nil})
		list := f.sessions(bounded.ID)
		if got := f.local(list); strings.Join(got, "|") != "2030-03-06 Wed 18:30 +0000|2030-03-07 Thu 18:30 +0000|2030-03-08 Fri 18:30 +0000" {
			t.Errorf("bounded: %v", got)
		}
		if list[0].Capacity != nil {
			t.Errorf("capacity %v, want null", *list[0].Capacity)
		}
		later := f.create(map[string]any{"starts_on": "2031-01-01"})
		if n := len(f.sessions(later.ID)); n != 0 {
			t.Errorf("a schedule starting next year made %d sessions", n)
		}
	})
}

// A schedule without starts_on starts today, the gym's, not UTC's: at
// 2030-03-04 12:00 UTC it is 01:00 on the 5th in Auckland; PUT without it
// likewise.
func TestStartsOnDefaultsToToday(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "Pacific/Auckland", map[string]any{"horizon_days": 3})
		f.Clock.Set(time.Date(2030, 3, 4, 12, 0, 0, 0, time.UTC))
		created := f.create(map[string]any{"starts_on": nil, "weekdays": []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"},
			"start_time": "23:00"})
		if created.StartsOn != "2030-03-05" {
			t.Errorf("starts_on = %q, want the gym's today 2030-03-05", created.StartsOn)
		}
		if got, want := f.local(f.sessions(created.ID)), []string{"2030-03-05 Tue 23:00 +1300",
			"2030-03-06 Wed 23:00 +1300", "2030-03-07 Thu 23:00 +1300"}; !slices.Equal(got, want) {
			t.Errorf("sessions %v, want %v", got, want)
		}
		var replaced schedules.ScheduleChangeJSON
		f.Expect(http.StatusOK, "PUT", fmt.Sprintf("/api/class_schedules/%d", created.ID),
			f.schedule(map[string]any{"starts_on": nil, "weekdays": []string{"mon"}}), &replaced)
		if replaced.StartsOn != "2030-03-05" {
			t.Errorf("PUT without starts_on: %q, want 2030-03-05", replaced.StartsOn)
		}
	})
}
