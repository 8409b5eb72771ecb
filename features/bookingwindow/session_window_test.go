package bookingwindow_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// GET /api/class_sessions/{id}/booking_window: staff ask for anyone, or
// for no one (the window of a customer in no segment); a customer token
// asks for herself, and for another → 403; anonymous callers → 401; an
// unknown session → 404, an unknown customer → 422 naming it.
func TestSessionWindowEndpoint(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{
			"booking_window": {"closes_minutes_before": 15}}})
		gold, plain := f.Customer("Gold"), f.Customer("Plain")
		f.segment("Gold", 30, gold)
		session := f.Session(f.yoga, start, 0)
		path := fmt.Sprintf("/api/class_sessions/%d/booking_window", session)
		closes := start.Add(-15 * time.Minute)
		def, early := start.AddDate(0, 0, -14), start.AddDate(0, 0, -30)

		check := func(name string, c *testenv.Client, query string, customer int64, opens time.Time) {
			t.Run(name, func(t *testing.T) {
				w := f.window(c, session, query)
				if w.ClassSession != session || !w.OpensAt.Equal(opens) || !w.ClosesAt.Equal(closes) ||
					(customer == 0) != (w.Customer == nil) || (w.Customer != nil && *w.Customer != customer) {
					t.Errorf("%s: %+v, want customer %d, opening %s", query, w, customer, opens)
				}
			})
		}
		check("staff, no customer", f.staff, "", 0, def)
		check("staff, a customer in a segment", f.staff, fmt.Sprintf("?customer=%d", gold), gold, early)
		check("staff, a customer in none", f.staff, fmt.Sprintf("?customer=%d", plain), plain, def)
		check("customer, herself", f.as(gold), "", gold, early)
		check("customer, her own id", f.as(gold), fmt.Sprintf("?customer=%d", gold), gold, early)
		check("trailing slash", f.as(plain), "/", plain, def)

		f.as(plain).ExpectProblem(http.StatusForbidden, "forbidden", "GET", fmt.Sprintf("%s?customer=%d", path, gold), nil)
		f.As("").ExpectProblem(http.StatusUnauthorized, "unauthenticated", "GET", path, nil)
		f.staff.ExpectProblem(http.StatusNotFound, "not_found", "GET", "/api/class_sessions/999999/booking_window", nil)
		f.staff.Call("GET", path+"?customer=999999", nil).ExpectInvalid(t, "customer", "does not exist")
		f.staff.Call("GET", path+"?customer=-1", nil).ExpectInvalid(t, "customer", "")

		// What it says is what a booking is judged by.
		expect(t, f.bookAs(early.Add(-time.Microsecond), gold, session), "booking_not_open", early)
		expect(t, f.bookAs(early, gold, session), "", time.Time{})
	})
}
