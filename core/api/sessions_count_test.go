package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestBookedCountFollowsEveryWrite checks a session's booked_count, which
// database triggers keep on its row, against the bookings themselves after
// each kind of write: the API's bookings, cancels and attendance, and an
// operator's SQL, a bulk insert and a booking moved between sessions
// included. Both the session and the session list show it.
func TestBookedCountFollowsEveryWrite(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		a, b := f.session(time.Hour, 0), f.session(2*time.Hour, 0)
		check := func(step string, wantA, wantB int64) {
			t.Helper()
			for _, c := range []struct {
				sess, want int64
			}{{a, wantA}, {b, wantB}} {
				rows := bkCount(t, f.Env, c.sess, "booked", "attended", "no_show")
				if got := f.bookedCount(c.sess); got != c.want || rows != c.want {
					t.Fatalf("after %s: session %d shows booked_count %d and holds %d active bookings, want %d",
						step, c.sess, got, rows, c.want)
				}
			}
			var list []struct {
				ID          int64 `json:"id"`
				BookedCount int64 `json:"booked_count"`
			}
			f.Expect(http.StatusOK, "GET", "/api/class_sessions", nil, &list)
			for _, s := range list {
				if want := map[int64]int64{a: wantA, b: wantB}[s.ID]; s.BookedCount != want {
					t.Fatalf("after %s: the list shows session %d with booked_count %d, want %d", step, s.ID, s.BookedCount, want)
				}
			}
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if err := f.App.DB.Exec(q, args...).Error; err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}

		ada, bob, cy := f.Customer("Ada"), f.Customer("Bob"), f.Customer("Cy")
		first := f.book(ada, a)
		f.book(bob, a)
		f.book(cy, a)
		f.book(ada, b)
		check("four bookings", 3, 1)

		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", first.ID), nil, nil)
		check("a cancel", 2, 1)
		again := f.book(ada, a)
		check("booking again after the cancel", 3, 1)

		f.Clock.Set(bkNow.Add(90 * time.Minute)) // a has started, b has not
		path := fmt.Sprintf("/api/bookings/%d", again.ID)
		f.Expect(http.StatusOK, "PATCH", path, map[string]any{"status": "attended"}, nil)
		f.Expect(http.StatusOK, "PATCH", path, map[string]any{"status": "no_show"}, nil)
		check("attendance", 3, 1)

		exec("UPDATE bookings SET status = 'cancelled' WHERE id = ?", again.ID)
		check("an operator's cancel", 2, 1)
		exec("UPDATE bookings SET status = 'booked' WHERE id = ?", again.ID)
		check("an operator's undo", 3, 1)
		exec("DELETE FROM bookings WHERE id = ?", again.ID)
		check("an operator's delete", 2, 1)
		exec("UPDATE bookings SET class_session_id = ? WHERE class_session_id = ? AND customer_id = ?", b, a, bob)
		check("a booking moved to another session", 1, 2)
		exec(`INSERT INTO bookings (customer_id, class_session_id, status, created_at, updated_at)
			SELECT c.id, ?, CASE WHEN c.id = ? THEN 'cancelled' ELSE 'booked' END, ?, ? FROM customers c WHERE c.id <> ?`,
			a, cy, bkNow, bkNow, ada)
		check("a bulk insert, one of it cancelled", 2, 2)
		exec("DELETE FROM bookings WHERE class_session_id = ?", a)
		check("a bulk delete", 0, 2)
	})
}
