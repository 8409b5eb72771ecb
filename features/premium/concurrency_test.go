package premium_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// answers sends the requests at once and returns, per request, "201",
// "403 premium_membership_required" and so on.
func answers(f *fixture, reqs []func() (*testenv.Response, error)) []string {
	out := make([]string, len(reqs))
	var wg sync.WaitGroup
	for i, req := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := req()
			switch {
			case err != nil:
				out[i] = err.Error()
			case r.Status < 300:
				out[i] = fmt.Sprint(r.Status)
			default:
				out[i] = fmt.Sprintf("%d %s", r.Status, r.Problem().Code)
			}
		}()
	}
	wg.Wait()
	return out
}

func (f *fixture) bookReq(customer, session int64) func() (*testenv.Response, error) {
	return func() (*testenv.Response, error) {
		return f.Do("POST", "/api/bookings", map[string]any{"customer": customer, "class_session": session})
	}
}

// A member books twenty sessions at once: all succeed. Twenty more race
// with the membership's cancel: each either succeeds or is refused, never
// anything else. Once the cancel has answered, every booking is refused.
// Cancelling never touches the bookings made.
func TestCancelWhileBooking(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		const n = 20
		f := newFixture(t, kind, "")
		ada := f.Customer("Ada")
		m := f.membership(ada, f.plan, "2030-03-01", "2030-12-31")
		var sessions []int64
		for i := 0; i < 3*n; i++ {
			sessions = append(sessions, f.Session(f.swimming, base.Add(time.Duration(i+1)*time.Hour), 0))
		}
		phase := func(from int, extra ...func() (*testenv.Response, error)) map[string]int {
			var reqs []func() (*testenv.Response, error)
			for _, s := range sessions[from : from+n] {
				reqs = append(reqs, f.bookReq(ada, s))
			}
			got := map[string]int{}
			for _, a := range answers(f, append(reqs, extra...)) {
				got[a]++
			}
			return got
		}

		if got := phase(0); got["201"] != n {
			t.Fatalf("with a valid membership: %v, want %d created", got, n)
		}
		cancel := func() (*testenv.Response, error) {
			return f.Do("POST", fmt.Sprintf("/api/memberships/%d/cancel", m.ID), nil)
		}
		got := phase(n, cancel)
		if got["200"] != 1 || got["201"]+got["403 premium_membership_required"] != n {
			t.Errorf("racing the cancel: %v", got)
		}
		t.Logf("%s: %d booked and %d refused while the cancel ran", kind, got["201"], got["403 premium_membership_required"])
		if got := phase(2 * n); got["403 premium_membership_required"] != n {
			t.Errorf("after the cancel: %v, want %d refused", got, n)
		}
		want := int64(n + got["201"])
		if c := f.Count("SELECT COUNT(*) FROM bookings WHERE customer_id = ? AND status = 'booked'", ada); c != want {
			t.Errorf("%d bookings held, want %d", c, want)
		}
	})
}

// Thirty customers, half of them members, book the last ten places of a
// session at once: ten members get them; non-members are refused (or find
// the session full first); nothing else happens.
func TestMembersAndOthersRaceForPlaces(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		const customers, places = 30, 10
		f := newFixture(t, kind, "")
		session := f.Session(f.swimming, base.Add(24*time.Hour), places)
		member := map[int64]bool{}
		var reqs []func() (*testenv.Response, error)
		var ids []int64
		for i := 0; i < customers; i++ {
			c := f.Customer(fmt.Sprintf("C%d", i))
			if i%2 == 0 {
				f.membership(c, f.plan, "2030-03-01", "")
				member[c] = true
			}
			ids = append(ids, c)
			reqs = append(reqs, f.bookReq(c, session))
		}
		got := answers(f, reqs)
		created := 0
		for i, a := range got {
			switch {
			case a == "201" && member[ids[i]]:
				created++
			case a == "409 session_full":
			case a == "403 premium_membership_required" && !member[ids[i]]:
			default:
				t.Errorf("customer %d (member %v): %s", ids[i], member[ids[i]], a)
			}
		}
		if created != places {
			t.Errorf("%d members booked, want %d", created, places)
		}
		if c := f.Count("SELECT COUNT(*) FROM bookings WHERE class_session_id = ?", session); c != places {
			t.Errorf("%d bookings written, want %d", c, places)
		}
	})
}

// Ten plans take up Sauna while it is being un-marked: either the un-mark
// wins and every plan is refused (422), or a plan wins and the un-mark is
// refused (409). A plan never lists a class type that is not premium.
func TestUnmarkRacesPlanWrites(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		const plans = 10
		for round := 0; round < 3; round++ {
			f := newFixture(t, kind, "")
			sauna := f.ClassType("Sauna")
			f.mark(sauna)
			var reqs []func() (*testenv.Response, error)
			for i := 0; i < plans; i++ {
				id := f.newPlan(fmt.Sprintf("Plan %d", i), 30, f.swimming)
				reqs = append(reqs, func() (*testenv.Response, error) {
					return f.Do("PATCH", fmt.Sprintf("/api/membership_plans/%d", id), map[string]any{"class_types": []int64{f.swimming, sauna}})
				})
			}
			reqs = append(reqs, func() (*testenv.Response, error) {
				return f.Do("DELETE", fmt.Sprintf("/api/premium_class_types/%d", sauna), nil)
			})
			got := map[string]int{}
			for _, a := range answers(f, reqs) {
				got[a]++
			}
			unmarked := got["204"] == 1
			switch {
			case unmarked && got["422 validation_failed"] == plans:
			case !unmarked && got["409 premium_class_type_in_use"] == 1 && got["200"] >= 1 && got["200"]+got["422 validation_failed"] == plans:
			default:
				t.Errorf("answers %v", got)
			}
			links := f.Count("SELECT COUNT(*) FROM membership_plan_class_types WHERE class_type_id = ?", sauna)
			marks := f.Count("SELECT COUNT(*) FROM premium_class_types WHERE class_type_id = ?", sauna)
			if links != int64(got["200"]) || (marks == 0) != unmarked {
				t.Errorf("%d plans list Sauna and %d marks, after %v", links, marks, got)
			}
		}
	})
}
