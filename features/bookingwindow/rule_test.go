package bookingwindow_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/api"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// The default window includes both ends: a customer books exactly at
// opens_at and exactly at closes_at, a microsecond outside either is
// refused with the member and the time in the detail; a refused booking
// writes nothing.
func TestDefaultWindowEdges(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{
			"booking_window": {"closes_minutes_before": 30}}})
		session := f.Session(f.yoga, start, 0)
		opens, closes := start.AddDate(0, 0, -14), start.Add(-30*time.Minute)
		for _, c := range []struct {
			name string
			now  time.Time
			code string
			at   time.Time
		}{
			{"a microsecond before it opens", opens.Add(-time.Microsecond), "booking_not_open", opens},
			{"a day before it opens", opens.AddDate(0, 0, -1), "booking_not_open", opens},
			{"when it opens", opens, "", time.Time{}},
			{"in between", opens.AddDate(0, 0, 7), "", time.Time{}},
			{"when it closes", closes, "", time.Time{}},
			{"a microsecond after it closes", closes.Add(time.Microsecond), "booking_closed", closes},
			{"a minute before the start", start.Add(-time.Minute), "booking_closed", closes},
		} {
			t.Run(c.name, func(t *testing.T) {
				ada := f.Customer("Ada")
				expect(t, f.bookAs(c.now, ada, session), c.code, c.at)
				if n := f.Count("SELECT COUNT(*) FROM bookings WHERE customer_id = ?", ada); (n == 1) != (c.code == "") {
					t.Errorf("%d bookings of the customer", n)
				}
			})
		}
		// At the start itself, core's refusal comes first.
		f.Clock.Set(start)
		ada := f.Customer("Ada")
		f.as(ada).ExpectProblem(http.StatusConflict, "session_started", "POST", "/api/bookings",
			map[string]any{"customer": ada, "class_session": session})
	})
}

// A class type's own window replaces the default for its sessions, with
// source class_type; DELETE returns it to the default.
func TestClassTypeWindow(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		pilates := f.ClassType("Pilates")
		var w struct {
			ClassType           int64  `json:"class_type"`
			OpensDaysBefore     int    `json:"opens_days_before"`
			ClosesMinutesBefore int    `json:"closes_minutes_before"`
			Source              string `json:"source"`
		}
		f.Expect(http.StatusOK, "GET", windowPath(pilates), nil, &w)
		if w.ClassType != pilates || w.OpensDaysBefore != 14 || w.ClosesMinutesBefore != 0 || w.Source != "default" {
			t.Errorf("default window: %+v", w)
		}
		f.staff.Expect(http.StatusOK, "PUT", windowPath(pilates), map[string]any{"opens_days_before": 2,
			"closes_minutes_before": 120, "class_type": pilates + 1, "source": "default"}, &w)
		if w.ClassType != pilates || w.OpensDaysBefore != 2 || w.ClosesMinutesBefore != 120 || w.Source != "class_type" {
			t.Errorf("PUT answered %+v", w)
		}
		f.As("").Expect(http.StatusOK, "GET", windowPath(pilates)+"/", nil, &w) // the timetable is public
		if w.Source != "class_type" || w.OpensDaysBefore != 2 {
			t.Errorf("GET after PUT: %+v", w)
		}

		p, y := f.Session(pilates, start, 0), f.Session(f.yoga, start, 0)
		ada, bea := f.Customer("Ada"), f.Customer("Bea")
		opens := start.AddDate(0, 0, -2)
		expect(t, f.bookAs(opens.Add(-time.Microsecond), ada, p), "booking_not_open", opens)
		expect(t, f.bookAs(opens.Add(-time.Microsecond), ada, y), "", time.Time{}) // Yoga: 14 days
		expect(t, f.bookAs(start.Add(-119*time.Minute), bea, p), "booking_closed", start.Add(-120*time.Minute))
		expect(t, f.bookAs(opens, bea, p), "", time.Time{})

		f.staff.Expect(http.StatusNoContent, "DELETE", windowPath(pilates), nil, nil)
		f.staff.Expect(http.StatusNoContent, "DELETE", windowPath(pilates), nil, nil) // none: still 204
		f.Expect(http.StatusOK, "GET", windowPath(pilates), nil, &w)
		if w.Source != "default" || w.OpensDaysBefore != 14 {
			t.Errorf("after DELETE: %+v", w)
		}
		expect(t, f.bookAs(start.Add(-119*time.Minute), ada, p), "", time.Time{})
		if got := f.bookingStatuses(bea); got != "booked" {
			t.Errorf("Bea's booking after the window changed: %s", got)
		}
	})
}

// Bad windows are refused naming the field, and write nothing; unknown
// class types are 404; a class type's window goes with it.
func TestClassTypeWindowRefusals(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ct := f.ClassType("Pilates")
		const missing = 999999
		for _, m := range []string{"GET", "DELETE"} {
			f.ExpectProblem(http.StatusNotFound, "not_found", m, windowPath(missing), nil)
		}
		f.ExpectProblem(http.StatusNotFound, "not_found", "PUT", windowPath(missing),
			map[string]any{"opens_days_before": 3, "closes_minutes_before": 0})
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"opens 0", map[string]any{"opens_days_before": 0, "closes_minutes_before": 0}, "opens_days_before"},
			{"opens past a year", map[string]any{"opens_days_before": 366, "closes_minutes_before": 0}, "opens_days_before"},
			{"closes negative", map[string]any{"opens_days_before": 14, "closes_minutes_before": -1}, "closes_minutes_before"},
			{"closes past a week", map[string]any{"opens_days_before": 14, "closes_minutes_before": 10081}, "closes_minutes_before"},
			{"closes before it opens", map[string]any{"opens_days_before": 1, "closes_minutes_before": 1380}, "closes_minutes_before"},
			{"opens missing", map[string]any{"closes_minutes_before": 0}, "opens_days_before"},
			{"closes null", map[string]any{"opens_days_before": 3, "closes_minutes_before": nil}, "closes_minutes_before"},
		} {
			t.Run(c.name, func(t *testing.T) {
				f.Call("PUT", windowPath(ct), c.body).ExpectInvalid(t, c.field, "")
			})
		}
		if n := f.Count("SELECT COUNT(*) FROM booking_window_policies"); n != 0 {
			t.Fatalf("%d windows after refused PUTs", n)
		}
		f.Expect(http.StatusOK, "PUT", windowPath(ct), map[string]any{"opens_days_before": 1, "closes_minutes_before": 1379}, nil)
		f.Expect(http.StatusOK, "PUT", windowPath(ct), map[string]any{"opens_days_before": 365, "closes_minutes_before": 10080}, nil)
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/class_types/%d", ct), nil, nil)
		if n := f.Count("SELECT COUNT(*) FROM booking_window_policies"); n != 0 {
			t.Errorf("%d windows left after deleting their class type", n)
		}
	})
}

// A customer books from the earliest window of the class type's and her
// segments': in two segments, the earlier of them; a segment later than
// the class type changes nothing, nor does it change when sessions close.
func TestSegmentsOpenEarlier(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{
			"booking_window": {"closes_minutes_before": 60}}})
		both, gold, late, none := f.Customer("Both"), f.Customer("Gold"), f.Customer("Late"), f.Customer("None")
		f.segment("Silver", 21, both)
		f.segment("Gold", 28, both, gold)
		f.segment("Latecomers", 7, late)
		session := f.Session(f.yoga, start, 0)
		for _, c := range []struct {
			customer int64
			days     int
		}{{both, 28}, {gold, 28}, {late, 14}, {none, 14}} {
			opens := start.AddDate(0, 0, -c.days)
			got := f.window(f.staff, session, fmt.Sprintf("?customer=%d", c.customer))
			if !got.OpensAt.Equal(opens) || !got.ClosesAt.Equal(start.Add(-time.Hour)) || got.Customer == nil || *got.Customer != c.customer {
				t.Errorf("customer %d's window: %+v, want opening %s", c.customer, got, opens)
			}
			expect(t, f.bookAs(opens.Add(-time.Microsecond), c.customer, session), "booking_not_open", opens)
			expect(t, f.bookAs(opens, c.customer, session), "", time.Time{})
		}
		early := f.Customer("Early")
		f.segment("Early", 28, early)
		expect(t, f.bookAs(start.Add(-59*time.Minute), early, session), "booking_closed", start.Add(-time.Hour))
	})
}

// Deleting a segment, or taking a customer out of one, never touches
// bookings already made: they stay booked, and only new bookings are
// judged by the window she has now.
func TestSegmentChangesKeepBookings(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada, bea := f.Customer("Ada"), f.Customer("Bea")
		gold := f.segment("Gold", 28, ada, bea)
		early := start.AddDate(0, 0, -25)
		first, second := f.Session(f.yoga, start, 0), f.Session(f.yoga, start.Add(time.Hour), 0)
		for _, c := range []int64{ada, bea} {
			expect(t, f.bookAs(early, c, first), "", time.Time{})
		}

		f.staff.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/booking_segments/%d", gold), map[string]any{"customers": []int64{bea}}, nil)
		expect(t, f.bookAs(early, ada, second), "booking_not_open", start.Add(time.Hour).AddDate(0, 0, -14))
		f.staff.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/booking_segments/%d", gold), nil, nil)
		expect(t, f.bookAs(early, bea, second), "booking_not_open", start.Add(time.Hour).AddDate(0, 0, -14))
		for _, c := range []int64{ada, bea} {
			if got := f.bookingStatuses(c); got != "booked" {
				t.Errorf("customer %d's bookings after the segment changed: %s, want one booked", c, got)
			}
		}
		if n := f.Count("SELECT COUNT(*) FROM booking_segment_customers"); n != 0 {
			t.Errorf("%d segment members left after deleting the segment", n)
		}
	})
}

// Staff and admins book a customer outside her window while staff_exempt
// holds, never with a customer token; with staff_exempt false, nobody
// does.
func TestStaffExempt(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		for _, exempt := range []bool{true, false} {
			t.Run(fmt.Sprintf("staff_exempt %v", exempt), func(t *testing.T) {
				f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{
					"booking_window": {"staff_exempt": exempt}}})
				session := f.Session(f.yoga, start, 0)
				opens := start.AddDate(0, 0, -14)
				for _, c := range []struct {
					who    string
					client func(customer int64) *testenv.Client
					passes bool
				}{
					{"staff", func(int64) *testenv.Client { return f.staff }, exempt},
					{"admin", func(int64) *testenv.Client { return f.Env.Client }, exempt},
					{"customer", f.as, false},
				} {
					ada := f.Customer("Ada")
					code := "booking_not_open"
					if c.passes {
						code = ""
					}
					r := f.bookAt(c.client(ada), base, ada, session)
					t.Run(c.who, func(t *testing.T) { expect(t, r, code, opens) })
				}
			})
		}
	})
}

// bookingStatuses lists a customer's bookings' statuses, comma-separated.
func (f *fixture) bookingStatuses(customer int64) string {
	f.t.Helper()
	var list []api.Booking
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/bookings?customer=%d", customer), nil, &list)
	out := ""
	for i, b := range list {
		if i > 0 {
			out += ","
		}
		out += b.Status
	}
	return out
}
