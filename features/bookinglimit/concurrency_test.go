package bookinglimit_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
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

				var (
					wg               sync.WaitGroup
					mu               sync.Mutex
					created, limited int
					other            []string
				)
				for _, s := range sessions {
					wg.Add(1)
					go func() {
						defer wg.Done()
						r, err := f.Do("POST", "/api/bookings", map[string]any{"customer": ada, "class_session": s})
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
