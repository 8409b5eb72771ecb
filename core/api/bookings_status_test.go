package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// bkCancelWays are the two ways of cancelling a booking.
var bkCancelWays = []struct {
	name   string
	method string
	path   string
	body   any
}{
	{"POST cancel", "POST", "/api/bookings/%d/cancel", nil},
	{"PATCH status", "PATCH", "/api/bookings/%d", map[string]any{"status": "cancelled"}},
	{"PUT status", "PUT", "/api/bookings/%d", map[string]any{"status": "cancelled"}},
}

func TestCancelBooking(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		for i, w := range bkCancelWays {
			t.Run(w.name, func(t *testing.T) {
				f.Clock.Set(bkNow.Add(time.Duration(i) * time.Minute))
				sess := f.session(24*time.Hour, 1)
				b := f.book(f.Customer("Ada"), sess)
				waiting := f.Customer("Waiting")
				f.ExpectProblem(http.StatusConflict, "session_full", "POST", "/api/bookings",
					map[string]any{"customer": waiting, "class_session": sess})

				cancelAt := bkNow.Add(time.Duration(i)*time.Minute + 5*time.Second)
				f.Clock.Set(cancelAt)
				var got bkBooking
				f.Expect(http.StatusOK, w.method, fmt.Sprintf(w.path, b.ID), w.body, &got)
				if got.Status != "cancelled" || got.CancelledAt == nil || !got.CancelledAt.Equal(cancelAt) ||
					!got.UpdatedAt.Equal(cancelAt) || !got.CreatedAt.Equal(b.CreatedAt) {
					t.Fatalf("cancelled booking %+v, want cancelled at %v, created %v", got, cancelAt, b.CreatedAt)
				}
				if stored := f.get(b.ID); !stored.same(got) {
					t.Fatalf("stored %+v, answered %+v", stored, got)
				}
				if n := f.bookedCount(sess); n != 0 {
					t.Fatalf("booked_count %d after cancel, want 0", n)
				}
				f.book(waiting, sess) // the place is free again
			})
		}
	})
}

func TestCancelAfterStart(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		for i, w := range bkCancelWays {
			t.Run(w.name, func(t *testing.T) {
				f.Clock.Set(bkNow)
				sess := f.session(time.Duration(i+1)*time.Hour, 0)
				b := f.book(f.Customer("Ada"), sess)
				f.Clock.Set(bkNow.Add(time.Duration(i+1) * time.Hour)) // exactly the start
				f.ExpectProblem(http.StatusConflict, "session_started", w.method, fmt.Sprintf(w.path, b.ID), w.body)
				if got := f.get(b.ID); !got.same(b) {
					t.Fatalf("a refused cancel changed the booking: %+v, was %+v", got, b)
				}
			})
		}
	})
}

func TestAttendance(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		sess := f.session(time.Hour, 0)
		b := f.book(f.Customer("Ada"), sess)
		path := fmt.Sprintf("/api/bookings/%d", b.ID)
		for _, s := range []string{"attended", "no_show"} {
			p := f.ExpectProblem(http.StatusConflict, "session_not_started", "PATCH", path, map[string]any{"status": s})
			if p.Detail == "" {
				t.Fatalf("session_not_started without a detail")
			}
		}
		f.ExpectProblem(http.StatusConflict, "session_not_started", "PUT", path, map[string]any{"status": "attended"})

		steps := []struct {
			method, status string
		}{
			{"PATCH", "attended"},
			{"PATCH", "no_show"}, // corrections both ways
			{"PATCH", "attended"},
			{"PUT", "no_show"},
		}
		for i, s := range steps {
			t.Run(s.method+" "+s.status, func(t *testing.T) {
				at := bkNow.Add(time.Hour + time.Duration(i)*time.Minute)
				f.Clock.Set(at)
				var got bkBooking
				f.Expect(http.StatusOK, s.method, path, map[string]any{"status": s.status}, &got)
				if got.Status != s.status || !got.UpdatedAt.Equal(at) || got.CancelledAt != nil || !got.CreatedAt.Equal(b.CreatedAt) {
					t.Fatalf("after %s %s: %+v (updated_at want %v)", s.method, s.status, got, at)
				}
				if n := f.bookedCount(sess); n != 1 {
					t.Fatalf("booked_count %d, want 1: %s still holds its place", n, s.status)
				}
			})
		}
	})
}

// TestInvalidTransitions tries every transition the contract does not allow,
// from each status reachable without features.
func TestInvalidTransitions(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		sess := f.session(time.Hour, 0)
		cases := []struct {
			from string
			to   []string
		}{
			{"booked", []string{"late_cancelled"}},
			{"cancelled", []string{"booked", "late_cancelled", "attended", "no_show"}},
			{"attended", []string{"booked", "cancelled", "late_cancelled"}},
			{"no_show", []string{"booked", "cancelled", "late_cancelled"}},
		}
		ids := map[string]int64{}
		for _, c := range cases {
			ids[c.from] = f.book(f.Customer(c.from), sess).ID
		}
		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", ids["cancelled"]), nil, nil)
		f.Clock.Set(bkNow.Add(2 * time.Hour))
		for _, s := range []string{"attended", "no_show"} {
			f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/bookings/%d", ids[s]), map[string]any{"status": s}, nil)
		}
		for _, c := range cases {
			for _, to := range c.to {
				for _, method := range []string{"PATCH", "PUT"} {
					t.Run(method+" "+c.from+" to "+to, func(t *testing.T) {
						id := ids[c.from]
						before := f.get(id)
						p := f.ExpectProblem(http.StatusConflict, "invalid_transition", method,
							fmt.Sprintf("/api/bookings/%d", id), map[string]any{"status": to})
						if !strings.Contains(p.Detail, c.from) || !strings.Contains(p.Detail, to) {
							t.Fatalf("detail %q does not name %s and %s", p.Detail, c.from, to)
						}
						if after := f.get(id); !after.same(before) {
							t.Fatalf("a refused transition changed the booking: %+v → %+v", before, after)
						}
					})
				}
			}
			if c.from != "booked" {
				t.Run("POST cancel from "+c.from, func(t *testing.T) {
					f.ExpectProblem(http.StatusConflict, "invalid_transition", "POST",
						fmt.Sprintf("/api/bookings/%d/cancel", ids[c.from]), nil)
				})
			}
		}
	})
}

// TestSameStatusChangesNothing: PATCH or PUT with the booking's current
// status, or PATCH without a status, answers 200 with the booking as it
// was and writes nothing, before and after the start, so that a client may
// send back the booking it got. The cancel action on a cancelled booking
// is still refused (TestInvalidTransitions); PUT needs the status.
func TestSameStatusChangesNothing(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		sess := f.session(time.Hour, 0)
		ids := map[string]int64{}
		for _, s := range []string{"booked", "cancelled", "attended", "no_show"} {
			ids[s] = f.book(f.Customer(s), sess).ID
		}
		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", ids["cancelled"]), nil, nil)
		check := func(status string) {
			t.Helper()
			path := fmt.Sprintf("/api/bookings/%d", ids[status])
			before := f.get(ids[status])
			f.Clock.Advance(time.Minute) // a write would move updated_at
			sentBack := map[string]any{"id": before.ID, "customer": before.Customer, "class_session": before.ClassSession,
				"status": before.Status, "created_at": before.CreatedAt, "updated_at": before.UpdatedAt, "cancelled_at": before.CancelledAt}
			for _, c := range []struct {
				method string
				body   map[string]any
			}{{"PATCH", map[string]any{"status": status}}, {"PUT", map[string]any{"status": status}},
				{"PUT", sentBack}, {"PATCH", sentBack}, {"PATCH", map[string]any{}}} {
				var got bkBooking
				f.Expect(http.StatusOK, c.method, path, c.body, &got)
				if !got.same(before) {
					t.Fatalf("%s %v on a %s booking answered %+v, want it unchanged: %+v", c.method, c.body, status, got, before)
				}
				if after := f.get(ids[status]); !after.same(before) {
					t.Fatalf("%s %v on a %s booking changed it: %+v → %+v", c.method, c.body, status, before, after)
				}
			}
			f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "PUT", path, map[string]any{})
		}
		check("booked")
		check("cancelled")
		if n := f.bookedCount(sess); n != 3 {
			t.Fatalf("booked_count %d, want 3", n)
		}
		f.Clock.Set(bkNow.Add(2 * time.Hour))
		for _, s := range []string{"attended", "no_show"} {
			f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/bookings/%d", ids[s]), map[string]any{"status": s}, nil)
		}
		for _, s := range []string{"booked", "cancelled", "attended", "no_show"} {
			check(s)
		}
	})
}

// A status change's update travels with the COMMIT on PostgreSQL: when it
// fails, the change fails whole, with a 500 and nothing written. A trigger
// refuses the update here, as a broken constraint would.
func TestStatusUpdateFailingAtCommit(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		sess := f.session(time.Hour, 0)
		b := f.book(f.Customer("Ada"), sess)
		refuse := []string{`CREATE TRIGGER refuse_status BEFORE UPDATE ON bookings
			BEGIN SELECT RAISE(ABORT, 'status updates refused'); END`}
		if kind == config.Postgres {
			refuse = []string{`CREATE FUNCTION refuse_status() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'status updates refused'; END $$`,
				`CREATE TRIGGER refuse_status BEFORE UPDATE ON bookings FOR EACH ROW EXECUTE FUNCTION refuse_status()`}
		}
		for _, q := range refuse {
			if err := f.App.DB.Exec(q).Error; err != nil {
				t.Fatal(err)
			}
		}
		path := fmt.Sprintf("/api/bookings/%d", b.ID)
		if r := f.Call("POST", path+"/cancel", nil); r.Status != http.StatusInternalServerError {
			t.Fatalf("cancel with its update refused: %d %s, want 500", r.Status, r.Body)
		}
		f.Clock.Set(bkNow.Add(2 * time.Hour))
		if r := f.Call("PATCH", path, map[string]any{"status": "attended"}); r.Status != http.StatusInternalServerError {
			t.Fatalf("attendance with its update refused: %d %s, want 500", r.Status, r.Body)
		}
		if got := f.get(b.ID); !got.same(b) {
			t.Fatalf("booking after the failed changes: %+v, want it untouched: %+v", got, b)
		}
		if n := f.bookedCount(sess); n != 1 {
			t.Fatalf("booked_count %d after the failed cancel, want 1", n)
		}
	})
}
