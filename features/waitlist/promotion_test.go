package waitlist_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/waitlist"
)

// A cancel, by the cancel endpoint or by PATCH, books the first waiting
// entry in its place: the entry is promoted with that booking, the others
// move up, and the promoted customer's email is in the outbox.
func TestPromotionOnCancel(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		for _, by := range []string{"cancel endpoint", "PATCH"} {
			t.Run(by, func(t *testing.T) {
				f.Clock.Set(base)
				session, bookings := f.fullSession(start, 2)
				waiting := f.customers(strings.ReplaceAll(by, " ", "")+"W", 3)
				e := f.joinAll(session, waiting)
				f.Clock.Set(base.Add(time.Hour))
				if by == "PATCH" {
					var b struct{ Status string }
					f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/bookings/%d", bookings[0]), map[string]any{"status": "cancelled"}, &b)
				} else if b := f.cancel(bookings[0]); b.Status != core.StatusCancelled {
					t.Fatalf("cancel answered %s", b.Status)
				}

				got := f.entry(e[0].ID)
				if got.Status != waitlist.StatusPromoted || got.Booking == nil || got.Position != nil || got.Reason != nil ||
					!got.UpdatedAt.Equal(base.Add(time.Hour)) || !got.CreatedAt.Equal(base) {
					t.Fatalf("first entry after the cancel: %s", show(got))
				}
				b := f.booking(*got.Booking)
				if b.Customer != waiting[0] || b.ClassSession != session || b.Status != core.StatusBooked {
					t.Errorf("the promotion's booking: %+v", b)
				}
				f.expectWaiting(session, e[1].ID, e[2].ID)
				if _, booked := f.session(session); booked != 2 {
					t.Errorf("booked_count %d, want 2", booked)
				}
				to := f.email(waiting[0])
				var mails int
				for _, m := range f.emails(waitlist.EmailPromoted) {
					if m.To == to {
						mails++
						if !strings.Contains(m.Subject, "Yoga") {
							t.Errorf("email subject %q does not name the class", m.Subject)
						}
					}
				}
				if mails != 1 {
					t.Errorf("%d promotion emails to %s, want 1", mails, to)
				}
			})
		}
	})
}

// A late cancel frees the place as any cancel does: the first in line is
// promoted.
func TestLateCancelPromotes(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{
			"late_cancels": {"default_cutoff_minutes": 720},
		}})
		session, bookings := f.fullSession(start, 1)
		e := f.joinAll(session, f.customers("W", 2))
		f.Clock.Set(start.Add(-3 * time.Hour)) // late (under 12 hours), before the promotion cutoff (1 hour)
		if b := f.cancel(bookings[0]); b.Status != core.StatusLateCancelled {
			t.Fatalf("cancel answered %s, want late_cancelled", b.Status)
		}
		if got := f.entry(e[0].ID); got.Status != waitlist.StatusPromoted || got.Booking == nil {
			t.Errorf("first entry after a late cancel: %s", show(got))
		}
		f.expectWaiting(session, e[1].ID)
		if n := len(f.emails(waitlist.EmailPromoted)); n != 1 {
			t.Errorf("%d promotion emails, want 1", n)
		}
	})
}

// An entry a booking rule now refuses (the booking limit reached since
// joining, a membership cancelled since) is skipped with the rule's code,
// and its customer told why; the next entry is promoted.
func TestSkippedEntry(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{
			"booking_limit": {"max_per_day": 1},
		}})
		swimming := f.ClassType("Swimming")
		f.post("/api/premium_class_types", map[string]any{"class_type": swimming})
		plan := f.post("/api/membership_plans", map[string]any{"name": "Premium", "description": "d", "price_cents": 4900,
			"duration_days": 30, "class_types": []int64{swimming}})
		member := func(c int64) int64 {
			return f.post("/api/memberships", map[string]any{"customer": c, "plan": plan,
				"starts_on": base.Format(time.DateOnly), "amount_paid_cents": 4900, "payment_method": "cash"})
		}

		cases := []struct {
			name      string
			classType int64
			// since makes the first in line one the rule refuses.
			since func(first int64, day time.Time)
			code  string
		}{
			{"booking limit reached since", f.yoga, func(first int64, day time.Time) {
				f.book(first, f.Session(f.yoga, day.Add(-3*time.Hour), 0))
			}, "booking_limit_exceeded"},
			{"membership cancelled since", swimming, func(first int64, _ time.Time) {
				f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/memberships/%d/cancel", f.membershipOf(first)), nil, nil)
			}, "premium_membership_required"},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				day := start.Add(time.Duration(i) * 24 * time.Hour)
				session := f.Session(c.classType, day, 1)
				holder, first, second := f.Customer("Holder"), f.Customer("First"), f.Customer("Second")
				for _, m := range []int64{holder, first, second} {
					member(m)
				}
				held := f.book(holder, session)
				e := f.joinAll(session, []int64{first, second})
				c.since(first, day)
				f.cancel(held)

				skipped := f.entry(e[0].ID)
				if skipped.Status != waitlist.StatusSkipped || deref(skipped.Reason) != c.code || skipped.Booking != nil ||
					skipped.Position != nil {
					t.Errorf("the refused entry: %s, want skipped for %s", show(skipped), c.code)
				}
				if got := f.entry(e[1].ID); got.Status != waitlist.StatusPromoted || got.Booking == nil {
					t.Errorf("the next entry: %s, want promoted", show(got))
				}
				if n := f.Count("SELECT COUNT(*) FROM bookings WHERE customer_id = ? AND class_session_id = ?", first, session); n != 0 {
					t.Errorf("the skipped customer has %d booking rows in the session", n)
				}
				expectMail(t, f, waitlist.EmailSkipped, f.email(first))
				expectMail(t, f, waitlist.EmailPromoted, f.email(second))
			})
		}
	})
}

// membershipOf returns a customer's one membership.
func (f *fixture) membershipOf(customer int64) int64 {
	f.t.Helper()
	var out []testenv.ID
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/memberships?customer=%d", customer), nil, &out)
	if len(out) != 1 {
		f.t.Fatalf("customer %d has %d memberships", customer, len(out))
	}
	return out[0].ID
}

// expectMail fails t unless exactly one email of kind went to address.
func expectMail(t *testing.T, f *fixture, kind, address string) {
	t.Helper()
	n := 0
	for _, m := range f.emails(kind) {
		if m.To == address {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d %s emails to %s, want 1", n, kind, address)
	}
}

// When every waiting entry is refused, the place stays free, and a direct
// booking gets it.
func TestEveryEntrySkipped(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{
			"booking_limit": {"max_per_day": 1},
		}})
		session, bookings := f.fullSession(start, 1)
		waiting := f.customers("W", 2)
		e := f.joinAll(session, waiting)
		for _, c := range waiting {
			f.book(c, f.Session(f.yoga, start.Add(time.Hour), 0))
		}
		f.cancel(bookings[0])
		for _, x := range e {
			if got := f.entry(x.ID); got.Status != waitlist.StatusSkipped {
				t.Errorf("entry %s, want skipped", show(got))
			}
		}
		if _, booked := f.session(session); booked != 0 {
			t.Errorf("booked_count %d, want 0", booked)
		}
		f.book(f.Customer("Direct"), session)
	})
}

// Raising a session's capacity, by PUT or PATCH, promotes as many waiting
// entries as places it adds; removing it (null) promotes them all;
// lowering it or leaving it promotes nobody.
func TestCapacityChangePromotes(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		cases := []struct {
			name     string
			method   string
			capacity any // the new capacity; nil removes it
			promoted int
		}{
			{"PATCH raises by two", "PATCH", 4, 2},
			{"PUT raises by three", "PUT", 5, 3},
			{"PATCH raises past the line", "PATCH", 10, 4},
			{"PATCH removes it", "PATCH", nil, 4},
			{"PUT removes it", "PUT", nil, 4},
			{"PATCH keeps it", "PATCH", 2, 0},
			{"PATCH other fields", "PATCH", "", 0},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				starts := start.Add(time.Duration(i) * time.Hour)
				session, _ := f.fullSession(starts, 2)
				e := f.joinAll(session, f.customers(fmt.Sprintf("W%d_", i), 4))
				body := map[string]any{"capacity": c.capacity}
				if c.capacity == "" {
					body = map[string]any{"duration_minutes": 45}
				}
				if c.method == "PUT" {
					body = map[string]any{"class_type": f.yoga, "starts_at": starts.Format(time.RFC3339), "duration_minutes": 60,
						"capacity": c.capacity}
				}
				f.Expect(http.StatusOK, c.method, fmt.Sprintf("/api/class_sessions/%d", session), body, nil)
				var promoted, waiting []int64
				for _, x := range e {
					switch got := f.entry(x.ID); got.Status {
					case waitlist.StatusPromoted:
						promoted = append(promoted, x.ID)
						if got.Booking == nil || f.booking(*got.Booking).Status != core.StatusBooked {
							t.Errorf("promoted entry %s has no active booking", show(got))
						}
					case waitlist.StatusWaiting:
						waiting = append(waiting, x.ID)
					default:
						t.Errorf("entry %s", show(got))
					}
				}
				want := make([]int64, 0)
				for _, x := range e[:c.promoted] {
					want = append(want, x.ID)
				}
				if fmt.Sprint(promoted) != fmt.Sprint(want) {
					t.Errorf("promoted %v, want %v (the first in line)", promoted, want)
				}
				f.expectWaiting(session, waiting...)
				if _, booked := f.session(session); booked != 2+c.promoted {
					t.Errorf("booked_count %d, want %d", booked, 2+c.promoted)
				}
			})
		}
		if n, want := len(f.emails(waitlist.EmailPromoted)), 2+3+4+4+4; n != want {
			t.Errorf("%d promotion emails, want %d", n, want)
		}
	})
}

// No promotion later than promotion_cutoff_minutes before the start: the
// place stays free for anyone, and the entries wait on. At the cutoff
// itself, as for a late cancel's deadline, it is still in time.
func TestPromotionCutoff(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{
			"waitlist": {"promotion_cutoff_minutes": 90},
		}})
		cases := []struct {
			name     string
			before   time.Duration // the cancel, this long before the start
			promoted bool
		}{
			{"a minute before the cutoff", 91 * time.Minute, true},
			{"at the cutoff", 90 * time.Minute, true},
			{"a second past the cutoff", 90*time.Minute - time.Second, false},
			{"a minute before the start", time.Minute, false},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f.Clock.Set(base)
				starts := start.Add(time.Duration(i) * time.Hour)
				session, bookings := f.fullSession(starts, 1)
				e := f.join(f.Customer("W"), session)
				f.Clock.Set(starts.Add(-c.before))
				f.cancel(bookings[0])
				got := f.entry(e.ID)
				if c.promoted {
					if got.Status != waitlist.StatusPromoted {
						t.Errorf("entry %s, want promoted", show(got))
					}
					return
				}
				if got.Status != waitlist.StatusWaiting || deref(got.Position) != int64(1) {
					t.Errorf("entry %s, want waiting at 1", show(got))
				}
				f.ExpectProblem(http.StatusConflict, "places_available", "POST", "/api/waitlist_entries",
					map[string]any{"customer": f.Customer("Joiner"), "class_session": session})
				f.book(f.Customer("Direct"), session)
				if got := f.entry(e.ID); got.Status != waitlist.StatusWaiting {
					t.Errorf("entry after a direct booking: %s", show(got))
				}
			})
		}
		t.Run("capacity raised past the cutoff", func(t *testing.T) {
			f.Clock.Set(base)
			session, _ := f.fullSession(start.Add(10*time.Hour), 1)
			e := f.join(f.Customer("W"), session)
			f.Clock.Set(start.Add(10*time.Hour - time.Hour))
			f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/class_sessions/%d", session), map[string]any{"capacity": 2}, nil)
			if got := f.entry(e.ID); got.Status != waitlist.StatusWaiting {
				t.Errorf("entry %s, want waiting", show(got))
			}
		})
	})
}

// Once the session has started its waiting entries read as expired, with
// no position, under ?status=expired and not ?status=waiting; they cannot
// be left; a capacity raised then books nobody.
func TestExpired(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{
			"waitlist": {"promotion_cutoff_minutes": 0},
		}})
		session, _ := f.fullSession(start, 1)
		e := f.joinAll(session, f.customers("W", 2))
		f.Clock.Set(start)
		for _, x := range e {
			if got := f.entry(x.ID); got.Status != waitlist.StatusExpired || got.Position != nil {
				t.Errorf("entry at the start: %s, want expired without a position", show(got))
			}
		}
		q := fmt.Sprintf("?class_session=%d&status=", session)
		if n := len(f.entries(q + "expired")); n != 2 {
			t.Errorf("%d expired entries listed, want 2", n)
		}
		if n := len(f.entries(q + "waiting")); n != 0 {
			t.Errorf("%d waiting entries listed, want 0", n)
		}
		if n := len(f.entries(q + "waiting,expired")); n != 2 {
			t.Errorf("%d waiting or expired entries listed, want 2", n)
		}
		f.ExpectProblem(http.StatusConflict, "invalid_transition", "POST", fmt.Sprintf("/api/waitlist_entries/%d/leave", e[0].ID), nil)
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/class_sessions/%d", session), map[string]any{"capacity": 3}, nil)
		for _, x := range e {
			if got := f.entry(x.ID); got.Status != waitlist.StatusExpired {
				t.Errorf("entry after a capacity raised at the start: %s, want expired", show(got))
			}
		}
		if n := f.Count("SELECT COUNT(*) FROM waitlist_entries WHERE status <> 'waiting'"); n != 0 {
			t.Errorf("%d entries changed at the start", n)
		}
	})
}

// Leaving works once: the entry is left, the line moves up, and leaving
// again, or leaving a promoted entry, is 409 invalid_transition. The
// customer may join again.
func TestLeave(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		session, bookings := f.fullSession(start, 1)
		waiting := f.customers("W", 3)
		e := f.joinAll(session, waiting)
		f.Clock.Set(base.Add(time.Minute))
		leave := fmt.Sprintf("/api/waitlist_entries/%d/leave", e[1].ID)
		var left waitlist.EntryJSON
		f.Expect(http.StatusOK, "POST", leave, nil, &left)
		if left.Status != waitlist.StatusLeft || left.Position != nil || left.Booking != nil ||
			!left.UpdatedAt.Equal(base.Add(time.Minute)) {
			t.Errorf("left entry: %s", show(left))
		}
		f.expectWaiting(session, e[0].ID, e[2].ID)
		f.ExpectProblem(http.StatusConflict, "invalid_transition", "POST", leave, nil)

		f.cancel(bookings[0])
		f.ExpectProblem(http.StatusConflict, "invalid_transition", "POST", fmt.Sprintf("/api/waitlist_entries/%d/leave", e[0].ID), nil)
		if got := f.entry(e[0].ID); got.Status != waitlist.StatusPromoted {
			t.Errorf("promoted entry after a refused leave: %s", show(got))
		}
		f.ExpectProblem(http.StatusNotFound, "not_found", "POST", fmt.Sprintf("/api/waitlist_entries/%d/leave", e[2].ID+100), nil)

		again := f.join(waiting[1], session)
		f.expectWaiting(session, e[2].ID, again.ID)
	})
}

// A place freed past the cutoff is anyone's; but when the session is moved
// later, so that the cutoff is ahead again, the place goes to the line
// then, not to a direct booker while someone eligible waits.
func TestSessionMovedBeforeCutoffPromotes(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		session, bookings := f.fullSession(start, 1)
		e := f.join(f.Customer("W"), session)
		f.Clock.Set(start.Add(-30 * time.Minute))
		f.cancel(bookings[0])
		if got := f.entry(e.ID); got.Status != waitlist.StatusWaiting {
			t.Fatalf("entry after a cancel past the cutoff: %s", show(got))
		}
		moved := start.Add(24 * time.Hour)
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/class_sessions/%d", session),
			map[string]any{"starts_at": moved.Format(time.RFC3339)}, nil)
		if got := f.entry(e.ID); got.Status != waitlist.StatusPromoted || got.Booking == nil {
			t.Errorf("entry after the session moved a day later: %s, want promoted", show(got))
		}
		f.ExpectProblem(http.StatusConflict, "session_full", "POST", "/api/bookings",
			map[string]any{"customer": f.Customer("Direct"), "class_session": session})
	})
}
