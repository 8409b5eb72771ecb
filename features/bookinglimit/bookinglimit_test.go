package bookinglimit_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/bookinglimit"
)

// base is when the tests' frozen clock starts; sessions are in the months
// after it.
var base = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// fixture is a running Gymtastic with the feature in the gym's zone.
type fixture struct {
	*testenv.Env
	t         *testing.T
	loc       *time.Location
	classType int64
}

// newFixture starts Gymtastic in zone (default UTC) with the feature's
// section cfg (nil: defaults).
func newFixture(t *testing.T, kind config.DatabaseKind, zone string, cfg map[string]any) *fixture {
	t.Helper()
	if zone == "" {
		zone = "UTC"
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	opt := testenv.Options{Features: []core.Feature{bookinglimit.New()}, Timezone: zone}
	if cfg != nil {
		opt.FeatureConfig = map[string]map[string]any{"booking_limit": cfg}
	}
	env := testenv.New(t, kind, opt)
	env.Clock.Set(base)
	return &fixture{Env: env, t: t, loc: loc, classType: env.ClassType("Spinning")}
}

// at is a gym-local wall time, "2006-01-02 15:04".
func (f *fixture) at(local string) time.Time {
	f.t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", local, f.loc)
	if err != nil {
		f.t.Fatal(err)
	}
	return v
}

// session creates a session at a gym-local wall time.
func (f *fixture) session(local string) int64 {
	f.t.Helper()
	return f.Session(f.classType, f.at(local), 0)
}

// book books customer into session and returns the booking id.
func (f *fixture) book(customer, session int64) int64 {
	f.t.Helper()
	var out testenv.ID
	f.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": customer, "class_session": session}, &out)
	return out.ID
}

// refused expects the booking to be refused by the limit, writing nothing,
// and returns the problem's detail.
func (f *fixture) refused(customer, session int64) string {
	f.t.Helper()
	before := f.bookingRows(customer)
	p := f.ExpectProblem(http.StatusConflict, "booking_limit_exceeded", "POST", "/api/bookings",
		map[string]any{"customer": customer, "class_session": session})
	if after := f.bookingRows(customer); after != before {
		f.t.Fatalf("a refused booking wrote: customer %d has %d booking rows, had %d", customer, after, before)
	}
	return p.Detail
}

// bookingRows counts the customer's bookings, whatever their status.
func (f *fixture) bookingRows(customer int64) int64 {
	f.t.Helper()
	var n int64
	if err := f.App.DB.Raw("SELECT COUNT(*) FROM bookings WHERE customer_id = ?", customer).Scan(&n).Error; err != nil {
		f.t.Fatal(err)
	}
	return n
}

// expectDetail checks that detail names each of want.
func expectDetail(t *testing.T, detail string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(detail, w) {
			t.Errorf("detail %q does not name %q", detail, w)
		}
	}
}

func bookingRef(id int64) string { return fmt.Sprintf("booking %d ", id) }

// The default limit of one: a second session the same day is refused,
// naming the day and the booking held; other days and other customers are
// unaffected; the day is the session's, not the day the booking is made.
func TestOnePerDay(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", nil)
		ada, bob := f.Customer("Ada"), f.Customer("Bob")
		morning, evening := f.session("2030-03-05 09:00"), f.session("2030-03-05 18:00")
		held := f.book(ada, morning)

		detail := f.refused(ada, evening)
		expectDetail(t, detail, "2030-03-05", bookingRef(held), fmt.Sprintf("class session %d", morning), "limit is 1")

		f.book(ada, f.session("2030-03-06 09:00"))
		f.book(ada, f.session("2030-03-04 23:59"))
		f.book(bob, evening)

		// Booked on the day itself, for that day and the next: the
		// session's day counts, not the booking's.
		f.Clock.Set(f.at("2030-03-10 07:00"))
		today, tomorrow := f.session("2030-03-10 20:00"), f.session("2030-03-11 06:00")
		f.book(ada, today)
		f.book(ada, tomorrow)
		f.refused(ada, f.session("2030-03-11 21:00"))
	})
}

// Which statuses count: the active ones (booked, attended, no_show), not
// cancelled or late_cancelled.
func TestOnlyActiveBookingsCount(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", nil)
		for i, c := range []struct {
			status  string
			counts  bool
			setWith func(booking int64)
		}{
			{core.StatusBooked, true, func(int64) {}},
			{core.StatusCancelled, false, func(b int64) {
				f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b), nil, nil)
			}},
			// Only a feature makes a late cancel; the rule reads the status.
			{core.StatusLateCancelled, false, func(b int64) {
				if err := f.App.DB.Exec("UPDATE bookings SET status = ? WHERE id = ?", core.StatusLateCancelled, b).Error; err != nil {
					t.Fatal(err)
				}
			}},
			{core.StatusAttended, true, func(b int64) {
				f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/bookings/%d", b), map[string]any{"status": "attended"}, nil)
			}},
			{core.StatusNoShow, true, func(b int64) {
				f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/bookings/%d", b), map[string]any{"status": "no_show"}, nil)
			}},
		} {
			// One fixture for every case (subtests would call f.t from
			// another goroutine): the customer's name names the case.
			{
				day := fmt.Sprintf("2030-04-%02d", 10+i)
				f.Clock.Set(f.at(day + " 06:00"))
				cust := f.Customer("Cat" + c.status)
				first, later := f.session(day+" 07:00"), f.session(day+" 19:00")
				b := f.book(cust, first)
				if c.status == core.StatusAttended || c.status == core.StatusNoShow {
					f.Clock.Set(f.at(day + " 07:30")) // attendance once it has started
				}
				c.setWith(b)
				if c.counts {
					expectDetail(t, f.refused(cust, later), day, bookingRef(b))
				} else {
					f.book(cust, later)
				}
			}
		}
	})
}

// max_per_day 2: two the same day, the third refused naming both.
func TestMaxPerDayTwo(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", map[string]any{"max_per_day": 2})
		ada := f.Customer("Ada")
		s1, s2 := f.session("2030-05-01 07:00"), f.session("2030-05-01 12:00")
		b1, b2 := f.book(ada, s1), f.book(ada, s2)
		expectDetail(t, f.refused(ada, f.session("2030-05-01 18:00")), "2030-05-01", bookingRef(b1), bookingRef(b2), "limit is 2")
		f.book(ada, f.session("2030-05-02 07:00"))
		f.book(ada, f.session("2030-05-02 08:00"))

		// A cancel frees a place for that day.
		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b1), nil, nil)
		f.book(ada, f.session("2030-05-01 20:00"))
		expectDetail(t, f.refused(ada, f.session("2030-05-01 21:00")), bookingRef(b2))
	})
}

// Core's own refusals come first: booking the same session twice is
// already_booked, not booking_limit_exceeded.
func TestCoreRefusalsFirst(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", nil)
		ada := f.Customer("Ada")
		s := f.session("2030-05-01 07:00")
		f.book(ada, s)
		f.ExpectProblem(http.StatusConflict, "already_booked", "POST", "/api/bookings", map[string]any{"customer": ada, "class_session": s})
	})
}
