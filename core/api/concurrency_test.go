package api_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// bkOutcome is one concurrent request's answer: its status and problem
// code, or the transport error.
type bkOutcome struct {
	status int
	code   string
	err    error
}

// bkStorm sends the n requests req(i) from n goroutines released together
// by one barrier, so that they overlap, and returns their outcomes.
func bkStorm(env *testenv.Env, n int, req func(i int) (method, path string, body any)) []bkOutcome {
	out := make([]bkOutcome, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		method, path, body := req(i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := env.Do(method, path, body)
			if err != nil {
				out[i] = bkOutcome{err: err}
				return
			}
			out[i] = bkOutcome{status: r.Status, code: r.Problem().Code}
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// bkTally counts outcomes by "status code" (e.g. "409 session_full") and
// fails on transport errors and 5xx.
func bkTally(t *testing.T, outs []bkOutcome) map[string]int {
	t.Helper()
	tally := map[string]int{}
	for _, o := range outs {
		if o.err != nil {
			t.Fatalf("transport error: %v", o.err)
		}
		if o.status >= 500 {
			t.Errorf("a concurrent request got %d %s", o.status, o.code)
		}
		key := fmt.Sprint(o.status)
		if o.code != "" {
			key += " " + o.code
		}
		tally[key]++
	}
	return tally
}

func bkBookBody(customer, session int64) map[string]any {
	return map[string]any{"customer": customer, "class_session": session}
}

// TestConcurrentLastPlaces sends 50 customers at the last 5 places of a
// session, in a few rounds (one session each) to give races more chances.
func TestConcurrentLastPlaces(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		const rounds, rushers = 3, 50
		f := bkSetup(t, kind, testenv.Options{})
		early := make([]int64, 5)
		for i := range early {
			early[i] = f.Customer(fmt.Sprintf("Early%d", i))
		}
		customers := make([]int64, rushers)
		for i := range customers {
			customers[i] = f.Customer(fmt.Sprintf("Rush%d", i))
		}
		for round := 0; round < rounds; round++ {
			t.Run(fmt.Sprint("round ", round), func(t *testing.T) {
				sess := f.session(24*time.Hour, 10)
				for _, c := range early {
					f.book(c, sess)
				}
				outs := bkStorm(f.Env, rushers, func(i int) (string, string, any) {
					return "POST", "/api/bookings", bkBookBody(customers[i], sess)
				})
				tally := bkTally(t, outs)
				if tally["201"] != 5 || tally["409 session_full"] != rushers-5 || len(tally) != 2 {
					t.Fatalf("outcomes %v, want 5 × 201 and %d × 409 session_full", tally, rushers-5)
				}
				if n := bkCount(t, f.Env, sess, "booked", "attended", "no_show"); n != 10 {
					t.Fatalf("%d active bookings in the database, want 10 (the capacity)", n)
				}
				if n := bkCount(t, f.Env, sess); n != 10 {
					t.Fatalf("%d booking rows in the database, want 10: a refusal wrote a row", n)
				}
			})
		}
	})
}

func TestConcurrentSameCustomer(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		sess, cust := f.session(24*time.Hour, 0), f.Customer("Eager")
		outs := bkStorm(f.Env, 20, func(int) (string, string, any) {
			return "POST", "/api/bookings", bkBookBody(cust, sess)
		})
		tally := bkTally(t, outs)
		if tally["201"] != 1 || tally["409 already_booked"] != 19 || len(tally) != 2 {
			t.Fatalf("outcomes %v, want 1 × 201 and 19 × 409 already_booked", tally)
		}
		if n := bkCount(t, f.Env, sess); n != 1 {
			t.Fatalf("%d bookings in the database, want 1", n)
		}
	})
}

// TestConcurrentCancelsAndBookings cancels every booking of a full session
// while others rush to book it, and watches the database meanwhile: the
// session never holds more active bookings than its capacity.
func TestConcurrentCancelsAndBookings(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		const capacity, rushers = 5, 25
		f := bkSetup(t, kind, testenv.Options{})
		sess := f.session(24*time.Hour, capacity)
		held := make([]int64, capacity)
		for i := range held {
			held[i] = f.book(f.Customer(fmt.Sprintf("Holder%d", i)), sess).ID
		}
		customers := make([]int64, rushers)
		for i := range customers {
			customers[i] = f.Customer(fmt.Sprintf("Rush%d", i))
		}

		var peak atomic.Int64
		stop, watched := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(watched)
			for {
				var n int64
				if err := f.App.DB.Table("bookings").Where("class_session_id = ? AND status IN ?", sess,
					[]string{"booked", "attended", "no_show"}).Count(&n).Error; err == nil && n > peak.Load() {
					peak.Store(n)
				}
				select {
				case <-stop:
					return
				case <-time.After(time.Millisecond):
				}
			}
		}()
		type request struct {
			path string
			body any
		}
		var reqs []request // the cancels spread among the bookings
		for i, c := range customers {
			if i%5 == 0 && i/5 < capacity {
				reqs = append(reqs, request{fmt.Sprintf("/api/bookings/%d/cancel", held[i/5]), nil})
			}
			reqs = append(reqs, request{"/api/bookings", bkBookBody(c, sess)})
		}
		outs := bkStorm(f.Env, len(reqs), func(i int) (string, string, any) {
			return "POST", reqs[i].path, reqs[i].body
		})
		close(stop)
		<-watched

		tally := bkTally(t, outs)
		if tally["200"] != capacity {
			t.Fatalf("outcomes %v: want all %d cancels to succeed", tally, capacity)
		}
		if tally["201"]+tally["409 session_full"] != rushers || tally["201"] > capacity {
			t.Fatalf("outcomes %v: want at most %d bookings and the rest 409 session_full", tally, capacity)
		}
		active := bkCount(t, f.Env, sess, "booked", "attended", "no_show")
		if active != int64(tally["201"]) {
			t.Fatalf("%d active bookings, want %d (the new ones)", active, tally["201"])
		}
		if p := peak.Load(); p > capacity {
			t.Fatalf("the session held %d active bookings at one point, capacity %d", p, capacity)
		}
		if n := f.bookedCount(sess); n != active {
			t.Fatalf("booked_count %d, database %d", n, active)
		}
	})
}
