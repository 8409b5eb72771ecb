package waitlist_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/waitlist"
)

// A customer token joins for herself (customer left out, or her own id;
// another's → 403), lists, reads and leaves her own entries alone: another
// customer's entry by id is 404 with the detail of one that does not
// exist. Staff see and leave every entry, and filter them.
func TestCustomerOwnEntriesOnly(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		session, _ := f.fullSession(start, 1)
		other, _ := f.fullSession(start.Add(3*time.Hour), 1)
		ada, bea := f.Customer("Ada"), f.Customer("Bea")
		as := f.As(f.CustomerToken(t, ada))

		var mine waitlist.EntryJSON
		as.Expect(http.StatusCreated, "POST", "/api/waitlist_entries", map[string]any{"class_session": session}, &mine)
		if mine.Customer != ada {
			t.Errorf("a customer's join without customer: %s", show(mine))
		}
		as.Expect(http.StatusCreated, "POST", "/api/waitlist_entries", map[string]any{"customer": ada, "class_session": other}, nil)
		as.ExpectProblem(http.StatusForbidden, "forbidden", "POST", "/api/waitlist_entries", map[string]any{"customer": bea, "class_session": session})
		theirs := f.join(bea, session)

		var list []waitlist.EntryJSON
		for _, q := range []string{"", fmt.Sprintf("?customer=%d", bea), fmt.Sprintf("?class_session=%d", session)} {
			as.Expect(http.StatusOK, "GET", "/api/waitlist_entries"+q, nil, &list)
			for _, e := range list {
				if e.Customer != ada {
					t.Errorf("GET /api/waitlist_entries%s as Ada lists %s", q, show(e))
				}
			}
		}
		as.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/waitlist_entries/%d", mine.ID), nil, nil)
		for _, c := range []struct{ method, path string }{
			{"GET", fmt.Sprintf("/api/waitlist_entries/%d", theirs.ID)},
			{"POST", fmt.Sprintf("/api/waitlist_entries/%d/leave", theirs.ID)},
		} {
			p := as.ExpectProblem(http.StatusNotFound, "not_found", c.method, c.path, nil)
			if want := fmt.Sprintf("waitlist entry %d does not exist", theirs.ID); p.Detail != want {
				t.Errorf("%s %s: detail %q, want %q (as for one that does not exist)", c.method, c.path, p.Detail, want)
			}
		}
		if got := f.entry(theirs.ID); got.Status != waitlist.StatusWaiting {
			t.Errorf("Bea's entry after Ada's leave: %s", show(got))
		}
		var left waitlist.EntryJSON
		as.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/waitlist_entries/%d/leave", mine.ID), nil, &left)
		if left.Status != waitlist.StatusLeft {
			t.Errorf("her leave: %s", show(left))
		}

		staff := f.As(f.Key(t, core.RoleStaff))
		staff.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/waitlist_entries?class_session=%d", session), nil, &list)
		if len(list) != 2 || list[0].ID != mine.ID || list[1].ID != theirs.ID {
			t.Errorf("staff's list of the session: %v", list)
		}
		staff.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/waitlist_entries?customer=%d&status=left", ada), nil, &list)
		if len(list) != 1 || list[0].ID != mine.ID {
			t.Errorf("staff's list of Ada's left entries: %v", list)
		}
		staff.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/waitlist_entries/%d/leave", theirs.ID), nil, nil)
		f.As("").ExpectProblem(http.StatusUnauthorized, "unauthenticated", "GET", "/api/waitlist_entries", nil)
		f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "GET", "/api/waitlist_entries?status=gone", nil)
	})
}

// A customer who cancels her own booking gives her place to the first in
// line, another customer: the promotion is not hers to be refused.
func TestCustomerCancelPromotesAnother(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		session, bookings := f.fullSession(start, 1)
		e := f.join(f.Customer("W"), session)
		as := f.As(f.CustomerToken(t, f.booking(bookings[0]).Customer))
		as.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", bookings[0]), nil, nil)
		if got := f.entry(e.ID); got.Status != waitlist.StatusPromoted || got.Booking == nil {
			t.Errorf("entry after a customer's own cancel: %s, want promoted", show(got))
		}
	})
}
