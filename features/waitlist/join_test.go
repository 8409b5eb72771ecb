package waitlist_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/waitlist"
)

// Joining a full session answers 201 with the entry, waiting at the end of
// the line, and its Location.
func TestJoinFullSession(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		session, _ := f.fullSession(start, 2)
		ada, bea := f.Customer("Ada"), f.Customer("Bea")
		r := f.Expect(http.StatusCreated, "POST", "/api/waitlist_entries", map[string]any{"customer": ada, "class_session": session}, nil)
		var first waitlist.EntryJSON
		r.Decode(t, &first)
		if loc := r.Header.Get("Location"); loc != fmt.Sprintf("/api/waitlist_entries/%d", first.ID) {
			t.Errorf("Location %q", loc)
		}
		second := f.join(bea, session)
		for i, c := range []struct {
			e        waitlist.EntryJSON
			customer int64
		}{{first, ada}, {second, bea}} {
			e := c.e
			if e.ID == 0 || e.Customer != c.customer || e.ClassSession != session || e.Status != waitlist.StatusWaiting ||
				e.Position == nil || *e.Position != int64(i+1) || e.Booking != nil || e.Reason != nil ||
				!e.CreatedAt.Equal(base) || !e.UpdatedAt.Equal(base) {
				t.Errorf("entry %d: %s, want waiting at position %d", i+1, show(e), i+1)
			}
		}
		if got := f.entry(first.ID); show(got) != show(first) {
			t.Errorf("GET answered %s, POST %s", show(got), show(first))
		}
		f.expectWaiting(session, first.ID, second.ID)
	})
}

// Each refusal of a join answers its status and code, and writes nothing.
func TestJoinRefusals(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{"waitlist": {"max_size": 2}}})
		full, bookings := f.fullSession(start, 1)
		holder := f.booking(bookings[0]).Customer
		open := f.Session(f.yoga, start.Add(time.Hour), 2)
		unlimited := f.Session(f.yoga, start.Add(2*time.Hour), 0)
		started, _ := f.fullSession(base.Add(time.Hour), 1)
		waiting := f.customers("Waiting", 2)
		f.joinAll(full, waiting)
		f.Clock.Set(base.Add(time.Hour)) // the "started" session starts now
		ada := f.Customer("Ada")

		cases := []struct {
			name     string
			customer int64
			session  int64
			status   int
			code     string
		}{
			{"places free", ada, open, http.StatusConflict, "places_available"},
			{"no capacity", ada, unlimited, http.StatusConflict, "places_available"},
			{"already booked", holder, full, http.StatusConflict, "already_booked"},
			{"already waiting", waiting[1], full, http.StatusConflict, "already_waitlisted"},
			{"max_size waiting", ada, full, http.StatusConflict, "waitlist_full"},
			{"session started", ada, started, http.StatusConflict, "session_started"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := f.Count("SELECT COUNT(*) FROM waitlist_entries")
				f.ExpectProblem(c.status, c.code, "POST", "/api/waitlist_entries",
					map[string]any{"customer": c.customer, "class_session": c.session})
				if n := f.Count("SELECT COUNT(*) FROM waitlist_entries"); n != before {
					t.Errorf("%d entries after a refused join, %d before", n, before)
				}
			})
		}
	})
}

// max_size 0 is no cap.
func TestJoinNoCap(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{"waitlist": {"max_size": 0}}})
		session, _ := f.fullSession(start, 1)
		entries := f.joinAll(session, f.customers("Waiting", 25))
		if p := entries[24].Position; p == nil || *p != 25 {
			t.Errorf("the 25th entry's position: %v", deref(p))
		}
	})
}

// The default max_size is 20.
func TestJoinDefaultCap(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		session, _ := f.fullSession(start, 1)
		f.joinAll(session, f.customers("Waiting", 20))
		f.ExpectProblem(http.StatusConflict, "waitlist_full", "POST", "/api/waitlist_entries",
			map[string]any{"customer": f.Customer("Late"), "class_session": session})
	})
}

// What an enabled booking rule would refuse at booking is refused at
// joining, with the rule's status and code: a joiner must be one the
// promotion could book.
func TestJoinBookingRules(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{
			"booking_limit": {"max_per_day": 1},
		}})
		ada := f.Customer("Ada")
		f.book(ada, f.Session(f.yoga, start.Add(-2*time.Hour), 0)) // her one booking that day
		full, _ := f.fullSession(start, 1)
		f.ExpectProblem(http.StatusConflict, "booking_limit_exceeded", "POST", "/api/waitlist_entries",
			map[string]any{"customer": ada, "class_session": full})

		swimming := f.ClassType("Swimming")
		f.Expect(http.StatusCreated, "POST", "/api/premium_class_types", map[string]any{"class_type": swimming}, nil)
		premium := f.Session(swimming, start.Add(24*time.Hour), 1)
		plan := f.post("/api/membership_plans", map[string]any{"name": "Premium", "description": "d", "price_cents": 4900,
			"duration_days": 30, "class_types": []int64{swimming}})
		holder := f.Customer("Holder")
		f.post("/api/memberships", map[string]any{"customer": holder, "plan": plan, "starts_on": base.Format(time.DateOnly),
			"amount_paid_cents": 4900, "payment_method": "cash"})
		f.book(holder, premium)
		f.ExpectProblem(http.StatusForbidden, "premium_membership_required", "POST", "/api/waitlist_entries",
			map[string]any{"customer": ada, "class_session": premium})
		if n := f.Count("SELECT COUNT(*) FROM waitlist_entries"); n != 0 {
			t.Errorf("%d entries written by refused joins", n)
		}
	})
}

// A customer or session that does not exist is 422 naming the field; a
// staff join without a customer too.
func TestJoinInvalid(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		session, _ := f.fullSession(start, 1)
		ada := f.Customer("Ada")
		cases := []struct {
			name  string
			body  any
			field string
			rule  string
		}{
			{"no such customer", map[string]any{"customer": ada + 1000, "class_session": session}, "customer", "does not exist"},
			{"no such session", map[string]any{"customer": ada, "class_session": session + 1000}, "class_session", "does not exist"},
			{"no customer", map[string]any{"class_session": session}, "customer", "required"},
			{"no session", map[string]any{"customer": ada}, "class_session", "required"},
			{"unknown field", map[string]any{"customer": ada, "class_session": session, "priority": 1}, "priority", "unexpected"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f.Call("POST", "/api/waitlist_entries", c.body).ExpectInvalid(t, c.field, c.rule)
			})
		}
		if n := f.Count("SELECT COUNT(*) FROM waitlist_entries"); n != 0 {
			t.Errorf("%d entries written by invalid joins", n)
		}
	})
}

// A client may send back the entry it got (as it does with a booking): the
// read-only fields are ignored.
func TestJoinIgnoresReadOnlyFields(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		session, _ := f.fullSession(start, 1)
		ada := f.Customer("Ada")
		var e waitlist.EntryJSON
		f.Expect(http.StatusCreated, "POST", "/api/waitlist_entries", map[string]any{"id": 99, "customer": ada,
			"class_session": session, "status": "promoted", "position": 7, "booking": nil, "reason": "x",
			"created_at": "2020-01-01T00:00:00Z", "updated_at": "2020-01-01T00:00:00Z"}, &e)
		if e.ID == 99 || e.Status != waitlist.StatusWaiting || deref(e.Position) != int64(1) || e.Reason != nil ||
			!e.CreatedAt.Equal(base) {
			t.Errorf("entry %s: read-only fields were taken", show(e))
		}
	})
}
