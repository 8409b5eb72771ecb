package premium_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// Each refusal reason, and what qualifies: a session on 2030-03-20 needs a
// membership that is active, covers that day and whose plan includes
// Swimming.
func TestRule(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		sauna := f.ClassType("Sauna")
		f.mark(sauna)
		saunaOnly := f.newPlan("Sauna only", 30, sauna)
		session := f.Session(f.swimming, f.at("2030-03-20 10:00"), 0)

		cases := []struct {
			name string
			// setup records the customer's memberships.
			setup func(customer int64)
			// want is "" for a booking that succeeds, else words the
			// refusal's detail must contain.
			want []string
		}{
			{"no membership", func(int64) {}, []string{"has no membership"}},
			{"qualifying", func(c int64) { f.membership(c, f.plan, "2030-03-01", "") }, nil},
			{"first day", func(c int64) { f.membership(c, f.plan, "2030-03-20", "") }, nil},
			{"last day", func(c int64) { f.membership(c, f.plan, "2030-02-19", "") }, nil}, // 30 days: to 2030-03-20
			{"expired", func(c int64) { f.membership(c, f.plan, "2030-02-18", "") },
				[]string{"expired on 2030-03-19"}},
			{"not yet started", func(c int64) { f.membership(c, f.plan, "2030-03-21", "") },
				[]string{"has not started yet (it starts on 2030-03-21)"}},
			{"plan without the class type", func(c int64) { f.membership(c, saunaOnly, "2030-03-01", "") },
				[]string{`plan "Sauna only"`, "does not include this class type"}},
			{"cancelled", func(c int64) { f.cancelMembership(f.membership(c, f.plan, "2030-03-01", "").ID) },
				[]string{"was cancelled on 2030-03-04"}},
			{"cancelled and expired", func(c int64) { f.cancelMembership(f.membership(c, f.plan, "2030-01-01", "2030-01-31").ID) },
				[]string{"was cancelled on 2030-03-04 and expired on 2030-01-31"}},
			// The closest lacks fewest things; of those, the one ending last.
			{"the closest of several", func(c int64) {
				f.cancelMembership(f.membership(c, saunaOnly, "2030-03-01", "2031-06-30").ID) // two things
				f.membership(c, f.plan, "2030-03-01", "2030-03-19")                           // one, ends first
				f.cancelMembership(f.membership(c, f.plan, "2030-03-01", "2030-12-31").ID)    // one, ends last
			}, []string{`(plan "Premium") was cancelled on 2030-03-04`}},
			{"overlapping, one qualifies", func(c int64) {
				f.membership(c, f.plan, "2030-03-01", "2030-03-19")
				f.membership(c, f.plan, "2030-03-15", "") // renewed early
			}, nil},
			{"another plan qualifies", func(c int64) {
				f.membership(c, saunaOnly, "2030-03-01", "")
				f.membership(c, f.newPlan(fmt.Sprintf("Both %d", c), 60, sauna, f.swimming), "2030-03-01", "")
			}, nil},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				customer := f.Customer(fmt.Sprintf("C%d", i))
				c.setup(customer)
				if c.want == nil {
					f.book(customer, session)
					return
				}
				detail := f.refused(customer, session)
				for _, w := range append(c.want, fmt.Sprintf("Swimming (class type %d) is premium", f.swimming), "2030-03-20") {
					if !strings.Contains(detail, w) {
						t.Errorf("detail %q does not say %q", detail, w)
					}
				}
			})
		}
	})
}

// Class types that are not premium stay bookable by everyone; a class
// type marked premium later refuses new bookings but keeps those made;
// un-marking opens it to everyone again.
func TestMarkingAndUnmarking(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		ada, bob := f.Customer("Ada"), f.Customer("Bob")
		yoga1 := f.Session(f.yoga, f.at("2030-03-10 10:00"), 0)
		yoga2 := f.Session(f.yoga, f.at("2030-03-11 10:00"), 0)
		held := f.book(ada, yoga1)

		f.mark(f.yoga)
		f.refused(bob, yoga2)
		if b := f.booking(held); b != core.StatusBooked {
			t.Errorf("a booking made before the class type became premium is %s", b)
		}
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/premium_class_types/%d", f.yoga), nil, nil)
		f.book(bob, yoga2)

		// Swimming is in a plan: un-marking it is refused, naming the plan,
		// until the plan lets it go.
		p := f.ExpectProblem(http.StatusConflict, "premium_class_type_in_use", "DELETE",
			fmt.Sprintf("/api/premium_class_types/%d", f.swimming), nil)
		if !strings.Contains(p.Detail, fmt.Sprintf("%d (\"Premium\")", f.plan)) {
			t.Errorf("detail %q does not name the plan", p.Detail)
		}
		swim := f.Session(f.swimming, f.at("2030-03-12 10:00"), 0)
		f.refused(ada, swim)
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/membership_plans/%d", f.plan), map[string]any{"class_types": []int64{}}, nil)
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/premium_class_types/%d", f.swimming), nil, nil)
		f.book(ada, swim)
	})
}

// A plan's class types apply at once to its memberships; cancelling a
// membership refuses new bookings but keeps those made with it.
func TestChangesKeepBookingsMade(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		ada := f.Customer("Ada")
		m := f.membership(ada, f.plan, "2030-03-01", "")
		first := f.book(ada, f.Session(f.swimming, f.at("2030-03-10 10:00"), 0))
		second := f.book(ada, f.Session(f.swimming, f.at("2030-03-11 10:00"), 0))

		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/membership_plans/%d", f.plan), map[string]any{"class_types": []int64{}}, nil)
		if d := f.refused(ada, f.Session(f.swimming, f.at("2030-03-12 10:00"), 0)); !strings.Contains(d, "does not include") {
			t.Errorf("after the plan lost Swimming: %s", d)
		}
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/membership_plans/%d", f.plan), map[string]any{"class_types": []int64{f.swimming}}, nil)
		third := f.book(ada, f.Session(f.swimming, f.at("2030-03-13 10:00"), 0))

		cancelled := f.cancelMembership(m.ID)
		if cancelled.Status != "cancelled" || cancelled.CancelledAt == nil || !cancelled.CancelledAt.Equal(base) {
			t.Errorf("cancelled membership: %+v", cancelled)
		}
		f.refused(ada, f.Session(f.swimming, f.at("2030-03-14 10:00"), 0))
		for _, id := range []int64{first, second, third} {
			if s := f.booking(id); s != core.StatusBooked {
				t.Errorf("booking %d is %s after the membership was cancelled, want booked", id, s)
			}
		}
		// Cancelling again changes nothing; making it active again restores it.
		f.Clock.Set(base.Add(time.Hour))
		if again := f.cancelMembership(m.ID); !again.CancelledAt.Equal(base) {
			t.Errorf("second cancel moved cancelled_at to %v", again.CancelledAt)
		}
		var back struct {
			Status      string
			CancelledAt *time.Time `json:"cancelled_at"`
		}
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/memberships/%d", m.ID), map[string]any{"status": "active"}, &back)
		if back.Status != "active" || back.CancelledAt != nil {
			t.Errorf("reactivated: %+v", back)
		}
		f.book(ada, f.Session(f.swimming, f.at("2030-03-15 10:00"), 0))
	})
}

// booking returns a booking's status.
func (f *fixture) booking(id int64) string {
	f.t.Helper()
	var out struct{ Status string }
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/bookings/%d", id), nil, &out)
	return out.Status
}
