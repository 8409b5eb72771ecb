package schedules_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// Bookings racing a change of the schedule: no booking that was answered
// 201 is lost with its session; a session either went before the booking
// (which then finds no session: 404) or stays, kept, with it.
func TestBookingsRacingAChange(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", map[string]any{"horizon_days": 14})
		s := f.create(map[string]any{"weekdays": []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}})
		sessions := f.sessions(s.ID)
		customers := make([]int64, len(sessions))
		for i := range customers {
			customers[i] = f.Customer(fmt.Sprintf("Racer%d", i))
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		booked := 0
		for i, sess := range sessions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := f.Do("POST", "/api/bookings", map[string]any{"customer": customers[i], "class_session": sess.ID})
				if err != nil {
					t.Error(err)
					return
				}
				switch r.Status {
				case http.StatusCreated:
					mu.Lock()
					booked++
					mu.Unlock()
				case http.StatusNotFound, http.StatusUnprocessableEntity: // the session went first
				default:
					t.Errorf("booking: %d %s", r.Status, r.Body)
				}
			}()
		}
		wg.Add(1)
		go func() { // changes one after another, while the bookings come
			defer wg.Done()
			for i := 0; i < 8; i++ {
				at := []string{"19:00", "19:30"}[i%2]
				r, err := f.Do("PATCH", path(s.ID), map[string]any{"start_time": at})
				if err != nil || r.Status != http.StatusOK {
					t.Errorf("change to %s: %v %v", at, err, r)
				}
			}
		}()
		wg.Wait()
		var active int64
		f.App.DB.Raw("SELECT COUNT(*) FROM bookings WHERE status = 'booked'").Scan(&active)
		if active != int64(booked) {
			t.Errorf("%d bookings answered 201, %d active bookings left", booked, active)
		}
		var orphans int64
		f.App.DB.Raw(`SELECT COUNT(*) FROM (SELECT o.local_date FROM class_schedule_occurrences o
			JOIN class_sessions s ON s.id = o.session_id GROUP BY o.schedule_id, o.local_date HAVING COUNT(*) > 1) d`).Scan(&orphans)
		if orphans != 0 {
			t.Errorf("%d dates with two sessions", orphans)
		}
		t.Logf("%s: %d of %d bookings made", kind, booked, len(sessions))
	})
}
