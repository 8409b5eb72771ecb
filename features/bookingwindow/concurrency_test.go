package bookingwindow_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// Many customers booking one session at once, half of them in a segment
// whose window is open, half not: exactly the segment's are booked, the
// others refused with booking_not_open, and the session counts what was
// booked. The rule reads rows under core's locks, so nothing races; this
// runs it under -race on both databases.
func TestConcurrentBookings(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		session := f.Session(f.yoga, start, 0)
		const n = 24
		customers := make([]int64, n)
		clients := make([]*testenv.Client, n)
		var gold []int64
		for i := range customers {
			customers[i] = f.Customer(fmt.Sprintf("C%d", i))
			clients[i] = f.as(customers[i])
			if i%2 == 0 {
				gold = append(gold, customers[i])
			}
		}
		f.segment("Gold", 28, gold...)

		statuses := make([]int, n)
		codes := make([]string, n)
		var wg sync.WaitGroup
		for i := range customers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := clients[i].Do("POST", "/api/bookings", map[string]any{"customer": customers[i], "class_session": session})
				if err != nil {
					t.Error(err)
					return
				}
				statuses[i], codes[i] = r.Status, r.Problem().Code
			}()
		}
		wg.Wait()
		for i := range customers {
			want, code := http.StatusCreated, ""
			if i%2 != 0 {
				want, code = http.StatusConflict, "booking_not_open"
			}
			if statuses[i] != want || codes[i] != code {
				t.Errorf("customer %d: %d %q, want %d %q", i, statuses[i], codes[i], want, code)
			}
		}
		if got := f.Count("SELECT booked_count FROM class_sessions WHERE id = ?", session); got != n/2 {
			t.Errorf("booked_count %d, want %d", got, n/2)
		}
		if got := f.Count("SELECT COUNT(*) FROM bookings WHERE class_session_id = ?", session); got != n/2 {
			t.Errorf("%d bookings, want %d", got, n/2)
		}
	})
}
