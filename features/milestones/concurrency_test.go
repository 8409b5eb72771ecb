package milestones_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// Twenty bookings of one customer at once cross three milestones: exactly
// one achievement and one email each, every one at the booking that reached
// the count.
func TestConcurrentBookingsCrossOnce(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		const bookings = 20
		f := newFixture(t, kind, testenv.Options{})
		goals := map[int64]int{
			f.milestone("Five a month", "P1M", 5):       5,
			f.milestone("Ten a month", "P1M", 10):       10,
			f.milestone("Twenty a year", "P1Y", 20):     20,
			f.milestone("Twenty-one a year", "P1Y", 21): 0, // not reached
		}
		ada := f.Customer("Ada")
		sessions := make([]int64, bookings)
		for i := range sessions {
			sessions[i] = f.session()
		}

		var wg sync.WaitGroup
		errs := make(chan string, bookings)
		for _, s := range sessions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := f.Do("POST", "/api/bookings", map[string]any{"customer": ada, "class_session": s})
				switch {
				case err != nil:
					errs <- err.Error()
				case r.Status != http.StatusCreated:
					errs <- string(r.Body)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Errorf("booking refused: %s", e)
		}

		got := f.achievements("")
		if len(got) != 3 || len(f.emails()) != 3 {
			t.Fatalf("%d achievements and %d emails, want 3 and 3: %+v", len(got), len(f.emails()), got)
		}
		seen := map[int64]bool{}
		for _, a := range got {
			if goals[a.Milestone] == 0 || seen[a.Milestone] || a.Count != goals[a.Milestone] {
				t.Errorf("achievement %+v (goal %d)", a, goals[a.Milestone])
			}
			seen[a.Milestone] = true
		}
	})
}
