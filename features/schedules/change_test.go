package schedules_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/api"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/schedules"
)

func path(id int64, rest ...string) string {
	return fmt.Sprintf("/api/class_schedules/%d", id) + strings.Join(rest, "")
}

func ids(list []api.ClassSession) map[int64]api.ClassSession {
	out := map[int64]api.ClassSession{}
	for _, s := range list {
		out[s.ID] = s
	}
	return out
}

func sessionIDs(list []api.ClassSession) []int64 {
	out := make([]int64, len(list))
	for i, s := range list {
		out[i] = s.ID
	}
	return out
}

// A change without bookings moves every future session; one with active
// bookings stays as it was and is listed in kept; its date gets no second
// session. A session already past is not touched.
func TestChangeKeepsBookedSessions(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "Europe/London", map[string]any{"horizon_days": 14})
		s := f.create(map[string]any{"start_time": "10:00"}) // 4, 6, 11 and 13 March, 10:00 GMT
		before := f.sessions(s.ID)
		if len(before) != 4 {
			t.Fatalf("%d sessions, want 4: %v", len(before), f.local(before))
		}
		f.book(before[2].ID) // 11 March
		cancelled := f.book(before[3].ID)
		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", cancelled), nil, nil)
		f.Clock.Set(base.Add(90 * time.Minute)) // 4 March's class (10:00) has started

		var got schedules.ScheduleChangeJSON
		f.Expect(http.StatusOK, "PATCH", path(s.ID), map[string]any{"start_time": "19:00", "capacity": 12}, &got)
		if got.StartTime != "19:00" || got.Capacity == nil || *got.Capacity != 12 {
			t.Errorf("answer %+v", got.ScheduleJSON)
		}
		if len(got.Kept) != 1 || got.Kept[0].ID != before[2].ID || got.Kept[0].ActiveBookings != 1 ||
			!got.Kept[0].StartsAt.Equal(before[2].StartsAt) {
			t.Errorf("kept %+v, want session %d (11 March) with 1 active booking", got.Kept, before[2].ID)
		}
		after := f.sessions(s.ID)
		want := "2030-03-04 Mon 10:00 +0000|2030-03-06 Wed 19:00 +0000|2030-03-11 Mon 10:00 +0000|2030-03-13 Wed 19:00 +0000"
		if strings.Join(f.local(after), "|") != want {
			t.Errorf("after the change: %v, want %s", f.local(after), want)
		}
		now := ids(after)
		if _, ok := now[before[0].ID]; !ok {
			t.Errorf("the started session %d was touched", before[0].ID)
		}
		if k := now[before[2].ID]; k.Capacity == nil || *k.Capacity != 10 || k.BookedCount != 1 {
			t.Errorf("the kept session changed: %+v", k)
		}
		// The session with only a cancelled booking went, its booking with it.
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", fmt.Sprintf("/api/class_sessions/%d", before[3].ID), nil)
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", fmt.Sprintf("/api/bookings/%d", cancelled), nil)

		// The same values again: nothing moves, nothing is kept.
		f.Expect(http.StatusOK, "PATCH", path(s.ID), map[string]any{"start_time": "19:00"}, &got)
		if len(got.Kept) != 1 { // 11 March still differs from the schedule, and still holds its booking
			t.Errorf("kept %+v, want 11 March again", got.Kept)
		}
		if again := f.sessions(s.ID); fmt.Sprint(sessionIDs(again)) != fmt.Sprint(sessionIDs(after)) {
			t.Errorf("an identical change remade sessions: %v then %v", f.local(after), f.local(again))
		}
		// The answer, kept included, PUT back as it came: its read-only
		// fields are ignored, nothing moves.
		var answer map[string]any
		f.Expect(http.StatusOK, "PATCH", path(s.ID), map[string]any{}, &answer)
		f.Expect(http.StatusOK, "PUT", path(s.ID), answer, nil)
		if again := f.sessions(s.ID); fmt.Sprint(sessionIDs(again)) != fmt.Sprint(sessionIDs(after)) {
			t.Errorf("PUT of the answer remade sessions: %v then %v", f.local(after), f.local(again))
		}
	})
}

// PUT replaces every field; moving ends_on earlier removes the sessions
// after it, leaving the others (the same ids).
func TestReplaceAndShorten(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", map[string]any{"horizon_days": 14})
		s := f.create(nil)
		before := f.sessions(s.ID)
		var got schedules.ScheduleChangeJSON
		// PUT back what GET gave, with ends_on: the read-only fields are ignored.
		var cur map[string]any
		f.Expect(http.StatusOK, "GET", path(s.ID), nil, &cur)
		cur["ends_on"] = "2030-03-08"
		f.Expect(http.StatusOK, "PUT", path(s.ID), cur, &got)
		after := f.sessions(s.ID)
		if len(after) != 2 || after[0].ID != before[0].ID || after[1].ID != before[1].ID || got.EndsOn == nil || *got.EndsOn != "2030-03-08" {
			t.Errorf("after ends_on 8 March: %v (ids %d, %d), was %v", f.local(after), after[0].ID, after[1].ID, f.local(before))
		}
		// PUT without capacity: unlimited (the default), every session remade.
		f.Expect(http.StatusOK, "PUT", path(s.ID), map[string]any{"class_type": f.yoga, "weekdays": []string{"fri"},
			"start_time": "07:15", "starts_on": "2030-03-04"}, &got)
		after = f.sessions(s.ID)
		if strings.Join(f.local(after), "|") != "2030-03-08 Fri 07:15 +0000|2030-03-15 Fri 07:15 +0000" || after[0].Capacity != nil {
			t.Errorf("after PUT: %v", f.local(after))
		}
	})
}

// Deactivating removes the future sessions but those with bookings
// (kept); activating again makes them again; DELETE deactivates and
// deletes: the booked session stays, a session like any other.
func TestDeactivateAndDelete(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", map[string]any{"horizon_days": 14})
		s := f.create(nil)
		before := f.sessions(s.ID)
		f.book(before[1].ID)
		var got schedules.ScheduleChangeJSON
		f.Expect(http.StatusOK, "PATCH", path(s.ID), map[string]any{"active": false}, &got)
		if got.Active || len(got.Kept) != 1 || got.Kept[0].ID != before[1].ID {
			t.Errorf("deactivated: active %v, kept %+v", got.Active, got.Kept)
		}
		if after := f.sessions(s.ID); len(after) != 1 || after[0].ID != before[1].ID {
			t.Errorf("inactive: %v", f.local(after))
		}
		f.Clock.Set(base.Add(5 * 24 * time.Hour))
		f.run()
		if n := f.count("class_sessions"); n != 1 {
			t.Errorf("the job made sessions for an inactive schedule: %d", n)
		}
		var list []schedules.ScheduleJSON
		f.Expect(http.StatusOK, "GET", "/api/class_schedules?active=false", nil, &list)
		if len(list) != 1 || list[0].ID != s.ID {
			t.Errorf("?active=false: %+v", list)
		}
		f.Expect(http.StatusOK, "GET", "/api/class_schedules?active=true", nil, &list)
		if len(list) != 0 {
			t.Errorf("?active=true: %+v", list)
		}

		f.Expect(http.StatusOK, "PATCH", path(s.ID), map[string]any{"active": true}, &got)
		// From 9 March (Saturday) to 22 March: 11, 13, 18, 20; 6 March kept.
		if strings.Join(f.local(f.sessions(s.ID)), "|") != "2030-03-06 Wed 18:30 +0000|2030-03-11 Mon 18:30 +0000|2030-03-13 Wed 18:30 +0000|2030-03-18 Mon 18:30 +0000|2030-03-20 Wed 18:30 +0000" {
			t.Errorf("active again: %v", f.local(f.sessions(s.ID)))
		}

		f.Expect(http.StatusNoContent, "DELETE", path(s.ID), nil, nil)
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", path(s.ID), nil)
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", path(s.ID, "/sessions"), nil)
		f.ExpectProblem(http.StatusNotFound, "not_found", "DELETE", path(s.ID), nil)
		var left []api.ClassSession
		f.Expect(http.StatusOK, "GET", "/api/class_sessions", nil, &left)
		if len(left) != 1 || left[0].ID != before[1].ID || f.count("class_schedule_occurrences") != 0 {
			t.Errorf("after DELETE: sessions %v, %d occurrences", f.local(left), f.count("class_schedule_occurrences"))
		}
	})
}
