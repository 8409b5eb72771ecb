package bookingwindow_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/waitlist"
)

// The waitlist refuses joining before the customer's window opens, with
// the booking's code and opens_at (core's Service.Try runs the rule);
// staff may join her while staff_exempt holds. A promotion is her own
// booking, judged by her window whoever freed the place: before it opens
// her entry is skipped with booking_not_open, and the next one promoted.
func TestWaitlistFollowsTheWindow(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		session := f.Session(f.yoga, start, 1)
		var filler testenv.ID
		f.staff.Expect(http.StatusCreated, "POST", "/api/bookings", // staff: exempt
			map[string]any{"customer": f.Customer("Filler"), "class_session": session}, &filler)
		gold, bea, cy := f.Customer("Gold"), f.Customer("Bea"), f.Customer("Cy")
		f.segment("Gold", 28, gold) // open at base; Bea and Cy from start - 14 days
		opens := start.AddDate(0, 0, -14)

		join := func(c *testenv.Client, customer int64) *testenv.Response {
			return c.Call("POST", "/api/waitlist_entries", map[string]any{"customer": customer, "class_session": session})
		}
		expect(t, join(f.as(cy), cy), "booking_not_open", opens)
		if n := f.Count("SELECT COUNT(*) FROM waitlist_entries"); n != 0 {
			t.Fatalf("%d entries after a refused join", n)
		}
		var staffJoined, goldJoined waitlist.EntryJSON
		join(f.staff, bea).Decode(t, &staffJoined)
		join(f.as(gold), gold).Decode(t, &goldJoined)
		if staffJoined.Status != waitlist.StatusWaiting || goldJoined.Status != waitlist.StatusWaiting {
			t.Fatalf("joins: %+v, %+v", staffJoined, goldJoined)
		}

		f.staff.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", filler.ID), nil, nil)
		var skipped, promoted waitlist.EntryJSON
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/waitlist_entries/%d", staffJoined.ID), nil, &skipped)
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/waitlist_entries/%d", goldJoined.ID), nil, &promoted)
		if skipped.Status != waitlist.StatusSkipped || skipped.Reason == nil || *skipped.Reason != "booking_not_open" {
			t.Errorf("the entry whose window is not open: %+v, want skipped for booking_not_open", skipped)
		}
		if promoted.Status != waitlist.StatusPromoted || promoted.Booking == nil {
			t.Errorf("the entry whose window is open: %+v, want promoted", promoted)
		}

		// Once her window opens, she may join herself.
		f.Clock.Set(opens)
		var e waitlist.EntryJSON
		f.as(cy).Expect(http.StatusCreated, "POST", "/api/waitlist_entries",
			map[string]any{"customer": cy, "class_session": session}, &e)
		if e.Status != waitlist.StatusWaiting {
			t.Errorf("join once open: %+v", e)
		}
	})
}
