package waitlist_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/waitlist"
)

// request is one of the requests a concurrency test sends at once, and
// the answers it may get.
type request struct {
	kind         string // cancel, book, join, leave
	method, path string
	body         any
	allowed      map[string]bool // "201", "409 session_full"…
	// got is the answer, "201" or "409 session_full", once sent.
	got string
}

// answer is a response as request.allowed names it.
func answer(r *testenv.Response) string {
	if r.Status < 300 {
		return fmt.Sprint(r.Status)
	}
	return fmt.Sprintf("%d %s", r.Status, r.Problem().Code)
}

// sendAtOnce sends every request at once, from its own goroutine, released
// together, and fails t on a transport error, a 5xx or an answer a request
// does not allow.
func sendAtOnce(t *testing.T, f *fixture, reqs []*request) {
	t.Helper()
	var wg sync.WaitGroup
	release := make(chan struct{})
	errs := make(chan string, len(reqs))
	for _, rq := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-release
			r, err := f.Do(rq.method, rq.path, rq.body)
			if err != nil {
				errs <- fmt.Sprintf("%s %s: %v", rq.method, rq.path, err)
				return
			}
			rq.got = answer(r)
			if r.Status >= 500 || !rq.allowed[rq.got] {
				errs <- fmt.Sprintf("%s %s %v: %s", rq.method, rq.path, rq.body, r.Body)
			}
		}()
	}
	close(release)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("unexpected answer: %s", e)
	}
}

func allow(answers ...string) map[string]bool {
	m := map[string]bool{}
	for _, a := range answers {
		m[a] = true
	}
	return m
}

// Fifty requests at once on a full session with a line: cancels of its
// bookings (each twice), direct bookings by new customers and by waiting
// ones, and joins. Afterwards the session is never over capacity and its
// count is its active bookings; every place a cancel freed went to the
// line while anyone waited (so a direct booking succeeded only once nobody
// did), in the line's order, each promoted entry holding a booking of its
// own; no request got a 5xx.
func TestConcurrentCancelsJoinsAndBookings(t *testing.T) {
	const capacity = 5
	cases := []struct {
		name    string
		waiting int // in line before the requests
		direct  int // direct bookings by new customers
		joins   int
	}{
		{"a long line", 20, 10, 20},
		{"a line shorter than the cancels", 2, 38, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
				f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{"waitlist": {"max_size": 0}}})
				session, bookings := f.fullSession(start, capacity)
				line := f.customers("W", c.waiting)
				before := f.joinAll(session, line)

				var reqs []*request
				for _, b := range append(bookings, bookings...) {
					reqs = append(reqs, &request{kind: "cancel", method: "POST", path: fmt.Sprintf("/api/bookings/%d/cancel", b),
						allowed: allow("200", "409 invalid_transition")})
				}
				direct := allow("201", "409 session_full")
				for _, d := range f.customers("D", c.direct) {
					reqs = append(reqs, &request{kind: "book", method: "POST", path: "/api/bookings",
						body: map[string]any{"customer": d, "class_session": session}, allowed: direct})
				}
				// Those in line locking their own rows, which a promotion
				// must then wait for, or retry.
				for _, w := range line[:min(len(line), 10)] {
					reqs = append(reqs, &request{kind: "book", method: "POST", path: "/api/bookings",
						body: map[string]any{"customer": w, "class_session": session}, allowed: allow("409 session_full", "409 already_booked")})
				}
				for _, j := range f.customers("J", c.joins) {
					reqs = append(reqs, &request{kind: "join", method: "POST", path: "/api/waitlist_entries",
						body: map[string]any{"customer": j, "class_session": session}, allowed: allow("201", "409 places_available")})
				}
				if len(reqs) != 50 {
					t.Fatalf("%d requests, want 50", len(reqs))
				}
				sendAtOnce(t, f, reqs)

				answers := map[string]int{}
				for _, rq := range reqs {
					answers[rq.kind+" "+rq.got]++
				}
				t.Logf("%v", answers)
				cancels, directs := answers["cancel 200"], answers["book 201"]
				if cancels != capacity || answers["cancel 409 invalid_transition"] != capacity {
					t.Errorf("answers %v: want each booking cancelled once", answers)
				}
				checkSession(t, f, session, capacity, cancels, directs, before)
				if c.waiting >= capacity && (directs != 0 || answers["join 409 places_available"] != 0) {
					t.Errorf("answers %v: a place was free while the line was never empty", answers)
				}
			})
		})
	}
}

// checkSession checks a session after concurrent requests that cancelled
// cancels of its bookings and made directs direct bookings; before is its
// line before them.
func checkSession(t *testing.T, f *fixture, session int64, capacity, cancels, directs int, before []waitlist.EntryJSON) {
	t.Helper()
	_, booked := f.session(session)
	active := int(f.Count("SELECT COUNT(*) FROM bookings WHERE class_session_id = ? AND status IN "+core.ActiveSQL, session))
	if booked > capacity || booked != active {
		t.Errorf("booked_count %d, %d active bookings, capacity %d", booked, active, capacity)
	}

	entries := f.entries(fmt.Sprintf("?class_session=%d", session))
	var promoted, waiting []int64
	seen := map[int64]bool{}
	for _, e := range entries {
		switch e.Status {
		case waitlist.StatusPromoted:
			promoted = append(promoted, e.ID)
			if e.Booking == nil || seen[*e.Booking] {
				t.Errorf("promoted entry %s: no booking of its own", show(e))
				continue
			}
			seen[*e.Booking] = true
			if b := f.booking(*e.Booking); b.Customer != e.Customer || b.ClassSession != session || b.Status != core.StatusBooked {
				t.Errorf("promoted entry %s: its booking %+v", show(e), b)
			}
		case waitlist.StatusWaiting:
			waiting = append(waiting, e.ID)
		default:
			t.Errorf("entry %s", show(e))
		}
	}
	f.expectWaiting(session, waiting...)

	// In the line's order: every entry promoted joined before every entry
	// still waiting.
	if len(promoted) > 0 && len(waiting) > 0 && slices.Max(promoted) > slices.Min(waiting) {
		t.Errorf("promoted %v while %v wait: out of the line's order", promoted, waiting)
	}
	// Every freed place went to the line while anyone waited: the first
	// cancels of those in line before were promoted; nobody waits beside a
	// free place.
	var first []int64
	for _, e := range before[:min(cancels, len(before))] {
		first = append(first, e.ID)
	}
	if got := promoted[:min(len(first), len(promoted))]; !slices.Equal(got, first) {
		t.Errorf("promoted %v, want the first %d in line first: %v", promoted, len(first), first)
	}
	if len(waiting) > 0 && booked < capacity {
		t.Errorf("%d waiting beside %d free places", len(waiting), capacity-booked)
	}
	if want := capacity - cancels + len(promoted) + directs; booked != want {
		t.Errorf("booked_count %d, want %d: %d cancelled, %d promoted, %d booked directly", booked, want, cancels, len(promoted), directs)
	}
	if n := len(f.emails(waitlist.EmailPromoted)); n != len(promoted) {
		t.Errorf("%d promotion emails for %d promotions", n, len(promoted))
	}
}

// A leave and a cancel that would promote the same entry, at once, in many
// sessions: the entry ends left (and the next in line is promoted) or
// promoted (and the leave is refused), never both.
func TestConcurrentLeaveAndCancel(t *testing.T) {
	const sessions = 12
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		type round struct {
			session       int64
			first, next   waitlist.EntryJSON
			leave, cancel *request
		}
		rounds := make([]*round, sessions)
		var reqs []*request
		for i := range rounds {
			session, bookings := f.fullSession(start.Add(time.Duration(i)*time.Hour), 1)
			e := f.joinAll(session, f.customers(fmt.Sprintf("R%d_", i), 2))
			r := &round{session: session, first: e[0], next: e[1],
				leave: &request{kind: "leave", method: "POST", path: fmt.Sprintf("/api/waitlist_entries/%d/leave", e[0].ID),
					allowed: allow("200", "409 invalid_transition")},
				cancel: &request{kind: "cancel", method: "POST", path: fmt.Sprintf("/api/bookings/%d/cancel", bookings[0]),
					allowed: allow("200")}}
			rounds[i] = r
			reqs = append(reqs, r.leave, r.cancel)
		}
		sendAtOnce(t, f, reqs)

		outcomes := map[string]int{}
		for _, r := range rounds {
			first, next := f.entry(r.first.ID), f.entry(r.next.ID)
			switch {
			case r.leave.got == "200" && first.Status == waitlist.StatusLeft && first.Booking == nil &&
				next.Status == waitlist.StatusPromoted && next.Booking != nil:
				outcomes["left"]++
			case r.leave.got == "409 invalid_transition" && first.Status == waitlist.StatusPromoted && first.Booking != nil &&
				next.Status == waitlist.StatusWaiting:
				outcomes["promoted"]++
			default:
				t.Errorf("session %d: leave answered %s; first %s, next %s", r.session, r.leave.got, show(first), show(next))
			}
			if n := f.Count("SELECT COUNT(*) FROM bookings WHERE class_session_id = ? AND customer_id = ?", r.session, r.first.Customer); (first.Status == waitlist.StatusPromoted) != (n == 1) {
				t.Errorf("session %d: the first in line is %s with %d bookings", r.session, first.Status, n)
			}
		}
		t.Logf("%v", outcomes)
	})
}
