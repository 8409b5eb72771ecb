package latecancel_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/latecancel"
)

// Twenty cancels of one late booking at once: one succeeds, the others are
// 409 invalid_transition, and one decision is recorded, agreeing with the
// booking's status. The same race by PATCH {"status": "cancelled"}, which
// sets a status: the first cancels late, the next forgives (that body means
// both cancel and forgive), and the rest find the booking cancelled already
// and change nothing; all answer 200, and the booking is cancelled and
// shown forgiven, with one decision.
func TestConcurrentCancelsOfOneBooking(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		const n = 20
		f := newFixture(t, kind, testenv.Options{})
		ada := f.Customer("Ada")
		yoga := f.ClassType("Yoga")
		starts := base.Add(48 * time.Hour)
		byPost := f.bookAt(ada, yoga, starts)
		byPatch := f.bookAt(ada, yoga, starts.Add(time.Minute))
		f.Clock.Set(starts.Add(-time.Hour))

		race := func(method, path string, body any) map[string]int {
			var wg sync.WaitGroup
			answers := make(chan string, n)
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, err := f.Do(method, path, body)
					switch {
					case err != nil:
						answers <- err.Error()
					case r.Status == http.StatusOK:
						answers <- "ok"
					default:
						answers <- fmt.Sprintf("%d %s", r.Status, r.Problem().Code)
					}
				}()
			}
			wg.Wait()
			close(answers)
			got := map[string]int{}
			for a := range answers {
				got[a]++
			}
			return got
		}

		got := race("POST", fmt.Sprintf("/api/bookings/%d/cancel", byPost), nil)
		if got["ok"] != 1 || got["409 invalid_transition"] != n-1 {
			t.Errorf("POST cancel: answers %v, want 1 ok and %d 409 invalid_transition", got, n-1)
		}
		if d := f.decision(byPost); !d.Late || d.Status != core.StatusLateCancelled || d.Forgiven {
			t.Errorf("POST cancel: decision %+v", d)
		}

		got = race("PATCH", fmt.Sprintf("/api/bookings/%d", byPatch), map[string]any{"status": "cancelled"})
		if d := f.decision(byPatch); got["ok"] != n || !d.Late || !d.Forgiven || d.Status != core.StatusCancelled {
			t.Errorf("PATCH: answers %v, decision %+v; want %d ok and a late cancel forgiven", got, d, n)
		}
		if c := f.Count("SELECT COUNT(*) FROM late_cancel_decisions"); c != 2 {
			t.Errorf("%d decisions recorded, want 2 (one per booking)", c)
		}
	})
}

// Twenty PUTs of one class type's policy at once, and cancels racing with
// them: every request answers 200, one policy row remains with one of the
// values, and every cancel's decision agrees with its booking.
func TestConcurrentPolicyWrites(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		const n = 20
		f := newFixture(t, kind, testenv.Options{})
		yoga := f.ClassType("Yoga")
		starts := base.Add(48 * time.Hour)
		var bookings []int64
		for i := 0; i < n; i++ {
			bookings = append(bookings, f.bookAt(f.Customer(fmt.Sprintf("C%d", i)), yoga, starts))
		}
		f.Clock.Set(starts.Add(-100 * time.Minute))

		var wg sync.WaitGroup
		errs := make(chan string, 2*n)
		for i := 0; i < n; i++ {
			wg.Add(2)
			go func() {
				defer wg.Done()
				r, err := f.Do("PUT", policyPath(yoga), map[string]any{"cutoff_minutes": 10 * (i + 1)})
				if err != nil || r.Status != http.StatusOK {
					errs <- fmt.Sprintf("PUT: %v %v", err, r)
				}
			}()
			go func() {
				defer wg.Done()
				r, err := f.Do("POST", fmt.Sprintf("/api/bookings/%d/cancel", bookings[i]), nil)
				if err != nil || r.Status != http.StatusOK {
					errs <- fmt.Sprintf("cancel: %v %v", err, r)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
		if c := f.Count("SELECT COUNT(*) FROM late_cancel_policies WHERE class_type_id = ?", yoga); c != 1 {
			t.Fatalf("%d policy rows, want 1", c)
		}
		p := f.policy(yoga)
		if p.Source != "class_type" || p.CutoffMinutes%10 != 0 || p.CutoffMinutes < 10 || p.CutoffMinutes > 10*n {
			t.Errorf("policy after the race: %+v", p)
		}
		// Cancels 100 minutes before: late exactly when their cutoff was
		// over 100.
		for _, id := range bookings {
			d := f.decision(id)
			wantLate := d.CutoffMinutes > 100
			if d.Late != wantLate || (d.Status == core.StatusLateCancelled) != wantLate {
				t.Errorf("booking %d: %+v", id, d)
			}
			if d.Source == latecancel.SourceDefault && d.CutoffMinutes != latecancel.DefaultCutoffMinutes {
				t.Errorf("booking %d: default cutoff %d", id, d.CutoffMinutes)
			}
		}
	})
}
