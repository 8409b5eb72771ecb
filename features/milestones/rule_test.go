package milestones_test

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

func TestCrossingRecordsAchievementAndEmail(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		m := f.milestone("Three in a week", "P1W", 3)
		ada := f.Customer("Ada")
		f.book(ada)
		f.Clock.Advance(24 * time.Hour)
		f.book(ada)
		f.expectCounts(0, 0)
		f.Clock.Advance(24 * time.Hour)
		third := f.book(ada)

		got := f.achievements(fmt.Sprintf("?customer=%d&milestone=%d", ada, m))
		if len(got) != 1 {
			t.Fatalf("achievements: %+v", got)
		}
		a := got[0]
		emails := f.emails()
		if a.Booking == nil || *a.Booking != third || a.Count != 3 || !a.AchievedAt.Equal(f.Clock.Now()) ||
			a.Email == nil || len(emails) != 1 || *a.Email != emails[0].ID {
			t.Fatalf("achievement %+v, emails %+v", a, emails)
		}
		var cust struct {
			Email string `json:"email"`
		}
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d", ada), nil, &cust)
		e := emails[0]
		if e.ToAddress != cust.Email || e.Status != core.EmailPending || e.MessageID == "" {
			t.Errorf("email row: %+v", e)
		}
		for _, part := range []struct{ name, body string }{{"subject", e.Subject}, {"text", e.BodyText}, {"html", e.BodyHTML}} {
			for _, want := range []string{"Ada", "Three in a week"} {
				if !strings.Contains(part.body, want) {
					t.Errorf("%s %q does not contain %q", part.name, part.body, want)
				}
			}
		}
		for _, want := range []string{"Hi Ada,", "3 sessions", "within 1 week"} {
			if !strings.Contains(e.BodyText, want) || !strings.Contains(e.BodyHTML, want) {
				t.Errorf("text or html lacks %q:\n%s\n%s", want, e.BodyText, e.BodyHTML)
			}
		}
		if len(f.achievements(fmt.Sprintf("?customer=%d", f.Customer("Bob")))) != 0 {
			t.Error("customer filter lists another customer's achievement")
		}
	})
}

func TestCancelledBookingDoesNotCount(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		f.milestone("Three in a week", "P1W", 3)
		ada := f.Customer("Ada")
		f.book(ada)
		second := f.book(ada)
		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", second), nil, nil)
		f.book(ada)
		f.expectCounts(0, 0)
		f.book(ada)
		f.expectCounts(1, 1)
	})
}

func TestAtMostOncePerInterval(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		f.milestone("Two in a week", "P1W", 2)
		ada := f.Customer("Ada")
		f.book(ada)
		f.book(ada) // achieved at base
		f.expectCounts(1, 1)

		steps := []struct {
			name  string
			at    time.Duration // after base
			total int           // achievements after booking
		}{
			{"re-crossing a day later", 24 * time.Hour, 1},
			{"two days later", 48 * time.Hour, 1},
			{"exactly one interval after the achievement", 7 * 24 * time.Hour, 1},
			{"just past the interval", 7*24*time.Hour + time.Second, 2},
			{"again within the new interval", 8 * 24 * time.Hour, 2},
		}
		for _, s := range steps {
			f.Clock.Set(base.Add(s.at))
			f.book(ada)
			if n := len(f.achievements("")); n != s.total {
				t.Fatalf("%s: %d achievements, want %d", s.name, n, s.total)
			}
		}
		got := f.achievements("")
		// In the window (base+1s, base+7d+1s]: the bookings of days 1, 2, 7 and the new one.
		if got[1].Count != 4 || !got[1].AchievedAt.Equal(base.Add(7*24*time.Hour+time.Second)) {
			t.Errorf("second achievement: %+v", got[1])
		}
		f.expectCounts(2, 2)
	})
}

func TestSeveralMilestonesOneBooking(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		week := f.milestone("Two in a week", "P1W", 2)
		month := f.milestone("Two in a month", "P1M", 2)
		f.milestone("Three in a week", "P1W", 3)
		off := f.milestone("Two in a day, retired", "P1D", 2)
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/milestones/%d", off), map[string]any{"active": false}, nil)
		ada := f.Customer("Ada")
		f.book(ada)
		second := f.book(ada)

		got := f.achievements("")
		if len(got) != 2 || got[0].Milestone != week || got[1].Milestone != month {
			t.Fatalf("achievements: %+v", got)
		}
		emails := f.emails()
		if len(emails) != 2 || *got[0].Email == *got[1].Email {
			t.Fatalf("emails: %+v", emails)
		}
		for i, a := range got {
			if *a.Booking != second || *a.Email != emails[i].ID {
				t.Errorf("achievement %+v, email %d", a, emails[i].ID)
			}
		}
		if !strings.Contains(emails[1].BodyText, "within 1 month") {
			t.Errorf("month email: %s", emails[1].BodyText)
		}
	})
}

// One month before 31 March is 28 February in the gym's time zone; 30 days
// before it would be 1 March.
func TestCalendarMonthInGymTimeZone(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		berlin, _ := time.LoadLocation("Europe/Berlin")
		f := newFixture(t, kind, testenv.Options{Timezone: "Europe/Berlin"})
		f.milestone("Two in a month", "P1M", 2)
		ada := f.Customer("Ada")
		f.Clock.Set(time.Date(2030, 2, 28, 10, 0, 0, 0, berlin))
		f.book(ada)
		f.Clock.Set(time.Date(2030, 3, 31, 9, 0, 0, 0, berlin))
		f.book(ada)
		f.expectCounts(1, 1)

		bob := f.Customer("Bob")
		f.Clock.Set(time.Date(2030, 2, 28, 10, 0, 0, 0, berlin))
		f.book(bob)
		f.Clock.Set(time.Date(2030, 3, 31, 10, 30, 0, 0, berlin))
		f.book(bob)
		if n := len(f.achievements(fmt.Sprintf("?customer=%d", bob))); n != 0 {
			t.Errorf("Bob's bookings are more than a month apart, yet %d achievement(s)", n)
		}
	})
}

func TestAchievementsOutlastTheirBooking(t *testing.T) {
	f := newFixture(t, config.SQLite, testenv.Options{})
	f.milestone("One", "P1D", 1)
	ada := f.Customer("Ada")
	b := f.book(ada)
	var booking struct {
		Session int64 `json:"class_session"`
	}
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/bookings/%d", b), nil, &booking)
	f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b), nil, nil)
	f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/class_sessions/%d", booking.Session), nil, nil)
	got := f.achievements("")
	if len(got) != 1 || got[0].Booking != nil {
		t.Fatalf("achievements after the session was deleted: %+v", got)
	}
}
