package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// bkListIDs lists bookings with query and returns their ids, in order.
func (f *bkFixture) listIDs(query string) []int64 {
	f.t.Helper()
	var rows []bkBooking
	f.Expect(http.StatusOK, "GET", "/api/bookings?"+query, nil, &rows)
	ids := []int64{}
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestListBookings(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		// Sessions on 2, 3 and 4 March (UTC gym) at 09:00; Ada and Bob.
		day := func(d int) time.Duration { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC).Sub(bkNow) }
		s2, s3, s4 := f.session(day(2), 0), f.session(day(3), 0), f.session(day(4), 0)
		ada, bob := f.Customer("Ada"), f.Customer("Bob")
		a2, a3, a4 := f.book(ada, s2).ID, f.book(ada, s3).ID, f.book(ada, s4).ID
		b2, b3 := f.book(bob, s2).ID, f.book(bob, s3).ID
		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", a3), nil, nil)
		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b3), nil, nil)
		f.Clock.Set(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/bookings/%d", a2), map[string]any{"status": "attended"}, nil)
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/bookings/%d", b2), map[string]any{"status": "no_show"}, nil)

		cases := []struct {
			name  string
			query string
			want  []int64
		}{
			{"all, by id", "", []int64{a2, a3, a4, b2, b3}},
			{"customer", fmt.Sprintf("customer=%d", bob), []int64{b2, b3}},
			{"class_session", fmt.Sprintf("class_session=%d", s2), []int64{a2, b2}},
			{"status", "status=cancelled", []int64{a3, b3}},
			{"status list", "status=attended,no_show", []int64{a2, b2}},
			{"status list with spaces", "status=" + url.QueryEscape("booked, attended"), []int64{a2, a4}},
			{"customer and status", fmt.Sprintf("customer=%d&status=booked,cancelled", ada), []int64{a3, a4}},
			{"from date", "from=2026-03-03", []int64{a3, a4, b3}},
			{"to date includes that day", "to=2026-03-03", []int64{a2, a3, b2, b3}},
			{"from and to the same date", "from=2026-03-03&to=2026-03-03", []int64{a3, b3}},
			{"from time inclusive", "from=" + url.QueryEscape("2026-03-03T09:00:00Z"), []int64{a3, a4, b3}},
			{"to time exclusive", "to=" + url.QueryEscape("2026-03-03T09:00:00Z"), []int64{a2, b2}},
			{"time with an offset", "from=" + url.QueryEscape("2026-03-03T10:00:00+01:00") + "&to=" +
				url.QueryEscape("2026-03-03T10:00:01+01:00"), []int64{a3, b3}},
			{"from and to with a status", "from=2026-03-02&to=2026-03-03&status=no_show", []int64{b2}},
			{"nothing in range", "from=2026-03-05", []int64{}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if got := f.listIDs(c.query); !reflect.DeepEqual(got, c.want) {
					t.Fatalf("GET /api/bookings?%s: %v, want %v", c.query, got, c.want)
				}
			})
		}

		t.Run("pagination", func(t *testing.T) {
			r := f.Expect(http.StatusOK, "GET", "/api/bookings?limit=2&offset=1", nil, nil)
			var rows []bkBooking
			r.Decode(t, &rows)
			if len(rows) != 2 || rows[0].ID != a3 || rows[1].ID != a4 {
				t.Fatalf("page %+v", rows)
			}
			if l := r.Header.Get("Link"); !strings.Contains(l, `rel="next"`) || !strings.Contains(l, "offset=3") {
				t.Fatalf("Link %q", l)
			}
		})
	})
}

func TestListBookingsInvalid(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		cases := []struct {
			query string
			field string
		}{
			{"status=paused", "status"},
			{"status=booked,paused", "status"},
			{"status=booked,", "status"},
			{"from=yesterday", "from"},
			{"to=2026-02-30", "to"},
			{"to=" + url.QueryEscape("2026-03-01 09:00"), "to"},
			{"customer=abc", "customer"},
			{"class_session=-1", "class_session"},
		}
		for _, c := range cases {
			t.Run(c.query, func(t *testing.T) {
				p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "GET", "/api/bookings?"+c.query, nil)
				if !bkHasField(p, c.field) {
					t.Fatalf("problem does not name %q: %+v", c.field, p)
				}
			})
		}
	})
}
