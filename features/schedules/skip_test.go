package schedules_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/schedules"
)

// A skip removes the date's session and the date is never made again:
// not by the job, not after a change, not after a deactivation. A session
// with active bookings is refused, 409 session_has_bookings, and stays.
func TestSkip(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", map[string]any{"horizon_days": 14})
		s := f.create(nil) // 4, 6, 11, 13 March
		before := f.sessions(s.ID)
		var got schedules.SkipJSON
		f.Expect(http.StatusOK, "POST", path(s.ID, "/skips"), map[string]any{"date": "2030-03-06"}, &got)
		if got.Schedule != s.ID || got.Date != "2030-03-06" || got.Session == nil || *got.Session != before[1].ID {
			t.Errorf("skip answered %+v", got)
		}
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", fmt.Sprintf("/api/class_sessions/%d", before[1].ID), nil)
		// Again: the same date, nothing left to remove.
		f.Expect(http.StatusOK, "POST", path(s.ID, "/skips"), map[string]any{"date": "2030-03-06"}, &got)
		if got.Session != nil {
			t.Errorf("second skip removed session %d", *got.Session)
		}
		// A date beyond the horizon: never made.
		f.Expect(http.StatusOK, "POST", path(s.ID, "/skips"), map[string]any{"date": "2030-03-20"}, &got)
		if got.Session != nil {
			t.Errorf("skip beyond the horizon removed session %d", *got.Session)
		}
		// Booked: refused, and the session stays.
		f.book(before[2].ID)
		f.ExpectProblem(http.StatusConflict, "session_has_bookings", "POST", path(s.ID, "/skips"), map[string]any{"date": "2030-03-11"})
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/class_sessions/%d", before[2].ID), nil, nil)
		// A session deleted through /api/class_sessions is not made again either.
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/class_sessions/%d", before[3].ID), nil, nil)

		want := "2030-03-04 Mon 18:30 +0000|2030-03-11 Mon 18:30 +0000|2030-03-18 Mon 18:30 +0000|2030-03-25 Mon 18:30 +0000|2030-03-27 Wed 18:30 +0000"
		f.Clock.Set(base.Add(14 * 24 * time.Hour)) // 18 March: the horizon reaches 31 March
		f.run()
		f.Clock.Set(base) // a change, then a deactivation and back, as of 4 March
		f.Expect(http.StatusOK, "PATCH", path(s.ID), map[string]any{"duration_minutes": 45}, nil)
		f.Expect(http.StatusOK, "PATCH", path(s.ID), map[string]any{"active": false}, nil)
		f.Expect(http.StatusOK, "PATCH", path(s.ID), map[string]any{"active": true}, nil)
		f.Clock.Set(base.Add(14 * 24 * time.Hour))
		f.run()
		f.Clock.Set(base)
		if got := strings.Join(f.local(f.sessions(s.ID)), "|"); got != want {
			t.Errorf("sessions %s, want %s (6, 13 and 20 March never made again)", got, want)
		}
	})
}

// A skip names what is wrong with the date; a started session is 409
// session_started; an unknown schedule is 404.
func TestSkipRefusals(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", map[string]any{"horizon_days": 14})
		s := f.create(map[string]any{"start_time": "10:00", "ends_on": "2030-12-31"})
		for _, date := range []string{"2030-03-05", "2030-03-02", "2031-01-01", "2030-02-30", "tomorrow", "2030-03-04T08:00:00Z"} {
			f.Call("POST", path(s.ID, "/skips"), map[string]any{"date": date}).ExpectInvalid(t, "date", "")
		}
		// 4 March's 10:00 class has started.
		f.Clock.Set(base.Add(90 * time.Minute))
		f.ExpectProblem(http.StatusConflict, "session_started", "POST", path(s.ID, "/skips"), map[string]any{"date": "2030-03-04"})
		// A day that has passed, which the schedule never made.
		old := f.create(map[string]any{"starts_on": "2030-02-01"})
		f.Call("POST", path(old.ID, "/skips"), map[string]any{"date": "2030-02-04"}).ExpectInvalid(t, "date", "started")
		f.ExpectProblem(http.StatusNotFound, "not_found", "POST", "/api/class_schedules/999/skips", map[string]any{"date": "2030-03-06"})
		f.Call("POST", path(s.ID, "/skips"), map[string]any{"date": "2030-03-06", "why": "x"}).ExpectInvalid(t, "why", "")
	})
}
