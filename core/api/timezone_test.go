package api_test

import (
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestBookingDateFiltersGymLocal books sessions around 1 March in gyms far
// east and far west of UTC: the from/to date filters take gym-local days,
// so 00:30 and 23:30 gym time on 1 March are on 1 March, and 23:30 on
// 28 February and 00:30 on 2 March are not, whatever the UTC date.
func TestBookingDateFiltersGymLocal(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		for _, tz := range []string{"Pacific/Auckland", "America/Los_Angeles"} {
			t.Run(tz, func(t *testing.T) {
				loc, err := time.LoadLocation(tz)
				if err != nil {
					t.Fatal(err)
				}
				env := testenv.New(t, kind, testenv.Options{Timezone: tz})
				env.Clock.Set(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
				ct, cust := env.ClassType("Yoga"), env.Customer("Ada")
				at := func(day, hour, min int) time.Time { return time.Date(2026, 3, day, hour, min, 0, 0, loc) }
				if day := at(1, 23, 30).UTC().Day(); (tz == "America/Los_Angeles") != (day == 2) {
					t.Fatalf("bad fixture: 23:30 on 1 March in %s is UTC day %d", tz, day)
				}
				ids := map[string]int64{}
				for name, starts := range map[string]time.Time{
					"28 Feb 23:30": at(0, 23, 30), "1 Mar 00:30": at(1, 0, 30),
					"1 Mar 23:30": at(1, 23, 30), "2 Mar 00:30": at(2, 0, 30),
				} {
					r := env.Book(cust, env.Session(ct, starts, 0))
					var b bkBooking
					if r.Status != http.StatusCreated {
						t.Fatalf("book %s: %d %s", name, r.Status, r.Body)
					}
					r.Decode(t, &b)
					ids[name] = b.ID
				}
				sorted := func(names ...string) []int64 {
					out := []int64{}
					for _, n := range names {
						out = append(out, ids[n])
					}
					slices.Sort(out) // lists answer by id
					return out
				}
				cases := []struct {
					query string
					want  []int64
				}{
					{"from=2026-03-01&to=2026-03-01", sorted("1 Mar 00:30", "1 Mar 23:30")},
					{"from=2026-03-01", sorted("1 Mar 00:30", "1 Mar 23:30", "2 Mar 00:30")},
					{"to=2026-03-01", sorted("28 Feb 23:30", "1 Mar 00:30", "1 Mar 23:30")},
					{"to=2026-02-28", sorted("28 Feb 23:30")},
					{"from=2026-03-02&to=2026-03-02", sorted("2 Mar 00:30")},
					// RFC 3339 bounds are instants, whatever the gym's zone.
					{"from=" + url.QueryEscape(at(1, 23, 30).Format(time.RFC3339)) + "&to=" +
						url.QueryEscape(at(1, 23, 30).UTC().Add(time.Second).Format(time.RFC3339)), sorted("1 Mar 23:30")},
				}
				for _, c := range cases {
					var rows []bkBooking
					env.Expect(http.StatusOK, "GET", "/api/bookings?"+c.query, nil, &rows)
					got := []int64{}
					for _, r := range rows {
						got = append(got, r.ID)
					}
					if !reflect.DeepEqual(got, c.want) {
						t.Errorf("%s: %v, want %v (ids %v)", c.query, got, c.want, ids)
					}
				}
			})
		}
	})
}
