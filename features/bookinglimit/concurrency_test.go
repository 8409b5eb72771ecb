package bookinglimit_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/bookinglimit"
)

// Thirty bookings of one customer at once, for thirty sessions of one gym
// day (spanning two UTC days in Auckland): exactly max_per_day succeed,
// every other one is 409 booking_limit_exceeded, none fails otherwise.
func TestConcurrentBookingsSameDay(t *testing.T) {
	const requests = 30
	for _, max := range []int{1, 3} {
		t.Run(fmt.Sprintf("max_per_day=%d", max), func(t *testing.T) {
			testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
				f := newFixture(t, kind, "Pacific/Auckland", map[string]any{"max_per_day": max})
				ada := f.Customer("Ada")
				// 08:00 to 17:40 NZDT: 19:00Z on 4 March to 04:40Z on 5 March.
				sessions := make([]int64, requests)
				for i := range sessions {
					sessions[i] = f.Session(f.classType, f.at("2030-03-05 08:00").Add(time.Duration(i)*20*time.Minute), 0)
				}

				created, limited := bookAtOnce(t, f, ada, sessions)
				if created != max || limited != requests-max {
					t.Errorf("%d created and %d refused, want %d and %d", created, limited, max, requests-max)
				}
				var active, rows int64
				f.App.DB.Raw("SELECT COUNT(*) FROM bookings WHERE customer_id = ? AND status = 'booked'", ada).Scan(&active)
				rows = f.bookingRows(ada)
				if active != int64(max) || rows != int64(max) {
					t.Errorf("the customer has %d active bookings and %d rows, want %d", active, rows, max)
				}
			})
		})
	}
}

// Core remembers when sessions start, to send a booking's reads with its
// locks; the day counted must still be the one the session falls on when
// locked. Twenty sessions on 5 March, known to this process through a
// booking each, are moved by another replica to 6 March, where Ada
// already holds her one booking: twenty simultaneous bookings of Ada in
// them are all refused.
func TestConcurrentBookingsSessionsMovedElsewhere(t *testing.T) {
	const requests = 20
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "Europe/Paris", nil)
		other := f.Replica(t, testenv.Options{Features: []core.Feature{bookinglimit.New()}, Timezone: "Europe/Paris"})
		ada := f.Customer("Ada")
		f.book(ada, f.session("2030-03-06 07:00"))
		sessions := make([]int64, requests)
		for i := range sessions {
			sessions[i] = f.session(fmt.Sprintf("2030-03-05 %02d:00", 8+i/2))
			f.book(f.Customer(fmt.Sprintf("Warm%d", i)), sessions[i]) // this process now knows its start
		}
		for i, s := range sessions {
			moved := f.at(fmt.Sprintf("2030-03-06 %02d:00", 8+i/2))
			other.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/class_sessions/%d", s),
				map[string]any{"starts_at": moved.Format(time.RFC3339)}, nil)
		}

		created, limited := bookAtOnce(t, f, ada, sessions)
		if created != 0 || limited != requests {
			t.Errorf("%d created and %d refused, want all %d refused", created, limited, requests)
		}
		if rows := f.bookingRows(ada); rows != 1 {
			t.Errorf("Ada has %d bookings, want her first one only", rows)
		}
	})
}

// bookAtOnce books customer into every session at once, and counts the
// bookings made and those refused by the limit; any other answer fails t.
func bookAtOnce(t *testing.T, f *fixture, customer int64, sessions []int64) (created, limited int) {
	t.Helper()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		other []string
	)
	for _, s := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := f.Do("POST", "/api/bookings", map[string]any{"customer": customer, "class_session": s})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				other = append(other, err.Error())
			case r.Status == http.StatusCreated:
				created++
			case r.Status == http.StatusConflict && r.Problem().Code == "booking_limit_exceeded":
				limited++
			default:
				other = append(other, fmt.Sprintf("%d %s", r.Status, r.Body))
			}
		}()
	}
	wg.Wait()
	for _, o := range other {
		t.Errorf("unexpected answer: %s", o)
	}
	return created, limited
}
