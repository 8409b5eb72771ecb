package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestBoundsAtTheEndsOfTime: a range bound outside the years 0001–9999 in
// UTC compares correctly on both databases (SQLite compares stored times as
// text, where the year 10000 sorts before 2026). In a gym west of
// Greenwich, to=9999-12-31 ends in the year 10000 in UTC; it is no bound.
// A lower bound past 9999, or an upper bound before 0001, could match
// nothing and is refused naming the parameter.
func TestBoundsAtTheEndsOfTime(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{Timezone: "America/New_York"})
		env.Clock.Set(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
		ct := env.ClassType("Yoga")
		cust := env.Customer("Ada")
		soon := env.Session(ct, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), 0)
		// The last gym-local day's evening: 9999-12-31T19:00-05:00 is
		// 10000-01-01T00:00Z, which cannot be stored; 18:00-05:00 can.
		last := env.Session(ct, time.Date(9999, 12, 31, 18, 0, 0, 0, time.FixedZone("EST", -5*3600)), 0)
		for _, s := range []int64{soon, last} {
			if r := env.Book(cust, s); r.Status != http.StatusCreated {
				t.Fatalf("book %d: %d %s", s, r.Status, r.Body)
			}
		}

		count := func(path string) int {
			t.Helper()
			var rows []map[string]any
			env.Expect(http.StatusOK, "GET", path, nil, &rows)
			return len(rows)
		}
		lists := []struct {
			path string
			want int
		}{
			{"/api/bookings?to=9999-12-31", 2},
			{"/api/bookings?from=9999-12-31", 1},
			{"/api/bookings?from=9999-12-31&to=9999-12-31", 1},
			{"/api/bookings?from=0001-01-01&to=9999-12-31", 2},
			{"/api/bookings?from=0000-01-01", 2},
			{"/api/bookings?to=9999-12-31T23:59:59-23:59", 2},
			{"/api/bookings?from=2026-03-03&to=9999-12-31T23:59:59-23:59", 1},
			{"/api/bookings?to=0001-01-02", 0},
			{"/api/class_sessions?date=9999-12-31", 1},
			{"/api/class_sessions?date=0001-01-01", 0},
			{"/api/class_sessions?starts_before=9999-12-31T23:59:59-23:59", 2},
			{"/api/class_sessions?starts_after=0000-01-01T00:00:00%2B01:00", 2},
		}
		for _, l := range lists {
			if got := count(l.path); got != l.want {
				t.Errorf("GET %s: %d rows, want %d", l.path, got, l.want)
			}
		}

		for _, c := range []struct{ query, field string }{
			{"from=9999-12-31T23:00:00-05:00", "from"},
			{"to=0001-01-01T00:30:00%2B01:00", "to"},
		} {
			path := "/api/bookings?" + c.query
			p := env.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "GET", path, nil)
			if !bkHasField(p, c.field) {
				t.Errorf("GET %s: problem does not name %s: %+v", path, c.field, p)
			}
		}
	})
}

// TestQueryTextPostgreSQLCannotStore: a filter holding a NUL character or
// invalid UTF-8 is refused with 422 naming the parameter, on both
// databases alike (PostgreSQL would refuse to compare it).
func TestQueryTextPostgreSQLCannotStore(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		for _, c := range []struct{ path, field string }{
			{"/api/customers?email=a%00b", "email"},
			{"/api/customers?email=%FF%FE", "email"},
			{"/api/class_types?name=Yoga%00", "name"},
			{"/api/class_types/?limit=5&name=%C3", "name"},
			{"/api/emails?to=a%00@example.com", "to"},
			{"/api/emails?kind=%80", "kind"},
		} {
			p := env.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "GET", c.path, nil)
			if !bkHasField(p, c.field) {
				t.Errorf("GET %s: problem does not name %s: %+v", c.path, c.field, p)
			}
		}
		env.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers?email=%s", "ada%40example.com"), nil, nil)
	})
}

// TestBoundsInFarZones: the gym-local days at both ends of the years
// Gymtastic stores, in zones whose days straddle them: at Kiritimati the
// day 10000-01-01 begins at 9999-12-31T10:00Z and, in its local mean time
// of -10:29:20 before 1900, the day 0000-12-31 ends at
// 0001-01-01T10:29:20Z. Each list filter finds the sessions of those days
// on both databases, and an upper bound at the very first instant, which
// could match nothing, is refused naming the parameter.
func TestBoundsInFarZones(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{Timezone: "Pacific/Kiritimati"})
		z := func(s string) time.Time {
			t.Helper()
			v, err := time.Parse(time.RFC3339, s)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		env.Clock.Set(z("0001-01-01T00:00:00Z"))
		ct := env.ClassType("Yoga")
		cust := env.Customer("Ada")
		for _, at := range []string{"0001-01-01T00:00:01Z", "0001-01-01T10:29:20Z", "2026-03-02T09:00:00Z",
			"9999-12-31T09:59:59Z", "9999-12-31T10:00:00Z", "9999-12-31T23:59:59Z"} {
			if r := env.Book(cust, env.Session(ct, z(at), 0)); r.Status != http.StatusCreated {
				t.Fatalf("book %s: %d %s", at, r.Status, r.Body)
			}
		}
		count := func(path string) int {
			t.Helper()
			var rows []map[string]any
			env.Expect(http.StatusOK, "GET", path, nil, &rows)
			return len(rows)
		}
		for _, l := range []struct {
			path string
			want int
		}{
			{"/api/class_sessions?date=0000-12-31", 1},
			{"/api/class_sessions?date=0001-01-01", 1},
			{"/api/class_sessions?date=9999-12-31", 1},
			{"/api/class_sessions?date=0000-12-30", 0},
			{"/api/class_sessions?starts_after=0001-01-01T00:00:00Z", 6},
			{"/api/class_sessions?starts_before=0001-01-01T00:00:01Z", 0},
			{"/api/class_sessions?starts_before=0001-01-01T00:00:02Z", 1},
			{"/api/class_sessions?starts_after=9999-12-31T10:00:00Z", 2},
			{"/api/class_sessions?starts_before=9999-12-31T23:59:59-23:59", 6},
			{"/api/bookings?from=0000-12-31", 6},
			{"/api/bookings?to=0000-12-31", 1},
			{"/api/bookings?from=0001-01-01&to=9999-12-31", 3},
			{"/api/bookings?from=9999-12-31", 3},
			{"/api/bookings?to=9999-12-31", 4},
			{"/api/bookings?from=9999-12-31T23:59:59Z", 1},
		} {
			if got := count(l.path); got != l.want {
				t.Errorf("GET %s: %d rows, want %d", l.path, got, l.want)
			}
		}
		for _, c := range []struct{ path, field string }{
			{"/api/class_sessions?starts_before=0001-01-01T00:00:00Z", "starts_before"},
			{"/api/class_sessions?starts_after=9999-12-31T23:59:59-23:59", "starts_after"},
			{"/api/bookings?to=0001-01-01T00:00:00Z", "to"},
			{"/api/bookings?to=0000-12-30", "to"},
		} {
			p := env.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "GET", c.path, nil)
			if !bkHasField(p, c.field) {
				t.Errorf("GET %s: problem does not name %s: %+v", c.path, c.field, p)
			}
		}
	})
}
