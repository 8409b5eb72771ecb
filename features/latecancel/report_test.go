package latecancel_test

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
	"github.com/gymtastic/gymtastic/features/latecancel"
)

// report lays out late cancels of four customers on sessions across three
// days (base + 2, 3 and 4 days), plus an on-time cancel and a forgiven
// late cancel that the report must not count.
type reportData struct {
	ada, bob, cy, dee int64
	// late cancels by customer, in booking order.
	late map[int64][]int64
	// day of each late cancel's session: 2, 3 or 4 days after base.
	day map[int64]int
}

func layReport(t *testing.T, f *fixture) reportData {
	t.Helper()
	d := reportData{ada: f.Customer("Ada"), bob: f.Customer("Bob"), cy: f.Customer("Cy"), dee: f.Customer("Dee"),
		late: map[int64][]int64{}, day: map[int64]int{}}
	yoga := f.ClassType("Yoga")
	slot := 0
	lateCancel := func(customer int64, day int) {
		slot++
		starts := base.AddDate(0, 0, day).Add(time.Duration(slot) * time.Minute)
		id := f.bookAt(customer, yoga, starts)
		if got := f.cancelAt(id, starts.Add(-time.Hour)).Status; got != "late_cancelled" {
			t.Fatalf("cancel an hour before: %s", got)
		}
		d.late[customer] = append(d.late[customer], id)
		d.day[id] = day
	}
	// Bob 3, Cy 2, Ada 2, Dee 1; Ada and Cy tie, Ada first by id.
	lateCancel(d.bob, 2)
	lateCancel(d.cy, 2)
	lateCancel(d.ada, 3)
	lateCancel(d.bob, 3)
	lateCancel(d.dee, 4)
	lateCancel(d.cy, 4)
	lateCancel(d.ada, 2)
	lateCancel(d.bob, 4)
	// Not counted: Dee cancels on time, and Dee's second late cancel is
	// forgiven.
	onTime := f.bookAt(d.dee, yoga, base.AddDate(0, 0, 2))
	f.cancelAt(onTime, base)
	forgiven := f.bookAt(d.dee, yoga, base.AddDate(0, 0, 3))
	f.cancelAt(forgiven, base.AddDate(0, 0, 3).Add(-time.Minute))
	f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/bookings/%d", forgiven), map[string]any{"status": "cancelled"}, nil)
	f.Book(d.dee, f.Session(yoga, base.AddDate(0, 0, 5), 0)) // still booked
	return d
}

func (d reportData) want(customers []int64, keep func(id int64) bool) []latecancel.ReportRow {
	out := []latecancel.ReportRow{}
	for _, c := range customers {
		var ids []int64
		for _, id := range d.late[c] {
			if keep == nil || keep(id) {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			out = append(out, latecancel.ReportRow{Customer: c, LateCancels: int64(len(ids)), Bookings: ids})
		}
	}
	return out
}

// The report groups late cancels per customer, most first then by customer
// id, lists their booking ids ascending, leaves out on-time and forgiven
// cancels, and filters on the session's start with dates or times.
func TestReport(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		d := layReport(t, f)
		day := func(n int) string { return base.AddDate(0, 0, n).Format("2006-01-02") }
		on := func(days ...int) func(int64) bool {
			return func(id int64) bool {
				for _, n := range days {
					if d.day[id] == n {
						return true
					}
				}
				return false
			}
		}
		cases := []struct {
			name  string
			query string
			want  []latecancel.ReportRow
		}{
			{"everything", "", d.want([]int64{d.bob, d.ada, d.cy, d.dee}, nil)},
			{"one day", "?from=" + day(2) + "&to=" + day(2), d.want([]int64{d.ada, d.bob, d.cy}, on(2))},
			{"from a day on", "?from=" + day(3), d.want([]int64{d.bob, d.ada, d.cy, d.dee}, on(3, 4))},
			{"up to a day", "?to=" + day(3), d.want([]int64{d.ada, d.bob, d.cy}, on(2, 3))},
			{"times, to exclusive", "?from=" + url.QueryEscape(base.AddDate(0, 0, 3).Format(time.RFC3339)) +
				"&to=" + url.QueryEscape(base.AddDate(0, 0, 4).Add(time.Minute*5).Format(time.RFC3339)),
				d.want([]int64{d.ada, d.bob}, on(3))},
			{"one customer", fmt.Sprintf("?customer=%d", d.cy), d.want([]int64{d.cy}, nil)},
			{"a customer with none", fmt.Sprintf("?customer=%d&from=%s&to=%s", d.dee, day(2), day(3)), d.want(nil, nil)},
			{"no late cancels in range", "?from=" + day(10), d.want(nil, nil)},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if got := f.report(c.query); !reflect.DeepEqual(got, c.want) {
					t.Errorf("GET /api/late_cancels%s\n got %+v\nwant %+v", c.query, got, c.want)
				}
			})
		}

		// Pagination: two at a time, with a next link while more follow.
		r := f.Expect(http.StatusOK, "GET", "/api/late_cancels?limit=2", nil, nil)
		var page []latecancel.ReportRow
		r.Decode(t, &page)
		if len(page) != 2 || page[0].Customer != d.bob || page[1].Customer != d.ada ||
			!strings.Contains(r.Header.Get("Link"), "offset=2") {
			t.Errorf("first page %+v, Link %q", page, r.Header.Get("Link"))
		}
		r = f.Expect(http.StatusOK, "GET", "/api/late_cancels/?limit=2&offset=2", nil, nil)
		r.Decode(t, &page)
		if len(page) != 2 || page[0].Customer != d.cy || page[1].Customer != d.dee || r.Header.Get("Link") != "" {
			t.Errorf("last page %+v, Link %q", page, r.Header.Get("Link"))
		}
	})
}

// Bad report parameters are 422 naming the parameter.
func TestReportBadInput(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		for query, field := range map[string]string{
			"?from=yesterday":                "from",
			"?to=2030-02-30":                 "to",
			"?from=2030-03-05&to=2030-03-04": "to",
			"?from=2030-03-05T10:00:00Z&to=2030-03-05T10:00:00Z": "to",
			"?customer=-1":                      "customer",
			"?limit=0":                          "limit",
			"?from=2030-03-05T10:00:00":         "from",
			"?to=2030-03-05T10:00:00Z&from=zzz": "from",
		} {
			p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "GET", "/api/late_cancels"+query, nil)
			if len(p.Errors) == 0 || p.Errors[0].Field != field {
				t.Errorf("%s: errors %+v, want one naming %s", query, p.Errors, field)
			}
		}
	})
}
