package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// csSession is a class session as the API answers it.
type csSession struct {
	ID              int64     `json:"id"`
	ClassType       int64     `json:"class_type"`
	StartsAt        time.Time `json:"starts_at"`
	DurationMinutes int       `json:"duration_minutes"`
	Capacity        *int      `json:"capacity"`
	BookedCount     int64     `json:"booked_count"`
}

func (s csSession) same(o csSession) bool {
	capEq := s.Capacity == nil && o.Capacity == nil || s.Capacity != nil && o.Capacity != nil && *s.Capacity == *o.Capacity
	return capEq && s.ID == o.ID && s.ClassType == o.ClassType && s.StartsAt.Equal(o.StartsAt) &&
		s.DurationMinutes == o.DurationMinutes && s.BookedCount == o.BookedCount
}

func (s csSession) String() string {
	c := "null"
	if s.Capacity != nil {
		c = fmt.Sprint(*s.Capacity)
	}
	return fmt.Sprintf("{id %d type %d at %s for %d min, capacity %s, booked %d}", s.ID, s.ClassType,
		s.StartsAt.UTC().Format(time.RFC3339), s.DurationMinutes, c, s.BookedCount)
}

func csGet(t *testing.T, env *testenv.Env, id int64) csSession {
	t.Helper()
	var s csSession
	env.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/class_sessions/%d", id), nil, &s)
	return s
}

func csIDs(t *testing.T, env *testenv.Env, query string) []int64 {
	t.Helper()
	var rows []csSession
	r := env.Expect(http.StatusOK, "GET", "/api/class_sessions?"+query, nil, &rows)
	if rows == nil {
		t.Fatalf("?%s: body %s, want a JSON array", query, r.Body)
	}
	ids := []int64{}
	for _, row := range rows {
		ids = append(ids, row.ID)
	}
	return ids
}

func intp(v int) *int { return &v }

func TestSessionCRUD(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		env.Clock.Set(cvNow)
		yoga, spin := env.ClassType("Yoga"), env.ClassType("Spin")

		// Defaults: 60 minutes, unlimited; the start is answered in UTC.
		r := env.Expect(http.StatusCreated, "POST", "/api/class_sessions",
			map[string]any{"class_type": yoga, "starts_at": "2026-03-02T10:30:00+01:00"}, nil)
		cvKeys(t, r.Body, "id", "class_type", "starts_at", "duration_minutes", "capacity", "booked_count")
		if !strings.Contains(string(r.Body), `"starts_at":"2026-03-02T09:30:00Z"`) || !strings.Contains(string(r.Body), `"capacity":null`) {
			t.Fatalf("created %s: want starts_at in UTC and capacity null", r.Body)
		}
		var s csSession
		r.Decode(t, &s)
		want := csSession{ID: s.ID, ClassType: yoga, StartsAt: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC), DurationMinutes: 60}
		if s.ID < 1 || !s.same(want) {
			t.Fatalf("created %v, want %v", s, want)
		}
		path := fmt.Sprintf("/api/class_sessions/%d", s.ID)
		if loc := r.Header.Get("Location"); loc != path {
			t.Fatalf("Location %q, want %q", loc, path)
		}
		if got := csGet(t, env, s.ID); !got.same(want) {
			t.Fatalf("GET %v, want %v", got, want)
		}

		// booked_count counts active bookings only.
		var b bkBooking
		env.Expect(http.StatusCreated, "POST", "/api/bookings", bkBookBody(env.Customer("Ada"), s.ID), nil)
		env.Expect(http.StatusCreated, "POST", "/api/bookings", bkBookBody(env.Customer("Bob"), s.ID), &b)
		env.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), nil, nil)
		want.BookedCount = 1
		if got := csGet(t, env, s.ID); !got.same(want) {
			t.Fatalf("after one booking and one cancel: %v, want %v", got, want)
		}

		// PUT replaces every writable field; the bookings follow.
		at := time.Date(2026, 3, 3, 18, 0, 0, 0, time.UTC)
		var put csSession
		env.Expect(http.StatusOK, "PUT", path, map[string]any{"class_type": spin, "starts_at": at, "duration_minutes": 90, "capacity": 5}, &put)
		want = csSession{ID: s.ID, ClassType: spin, StartsAt: at, DurationMinutes: 90, Capacity: intp(5), BookedCount: 1}
		if !put.same(want) || !csGet(t, env, s.ID).same(want) {
			t.Fatalf("PUT answered %v, want %v", put, want)
		}
		// Fields left out of a PUT take their defaults.
		env.Expect(http.StatusOK, "PUT", path, map[string]any{"class_type": spin, "starts_at": at}, &put)
		want.DurationMinutes, want.Capacity = 60, nil
		if !put.same(want) || !csGet(t, env, s.ID).same(want) {
			t.Fatalf("PUT with defaults answered %v, want %v", put, want)
		}

		patches := []struct {
			name string
			body map[string]any
			edit func(*csSession)
		}{
			{"capacity", map[string]any{"capacity": 4}, func(s *csSession) { s.Capacity = intp(4) }},
			{"duration", map[string]any{"duration_minutes": 30}, func(s *csSession) { s.DurationMinutes = 30 }},
			{"starts_at with an offset", map[string]any{"starts_at": "2026-03-04T07:15:00-05:00"},
				func(s *csSession) { s.StartsAt = time.Date(2026, 3, 4, 12, 15, 0, 0, time.UTC) }},
			{"class_type", map[string]any{"class_type": yoga}, func(s *csSession) { s.ClassType = yoga }},
			{"capacity null is unlimited", map[string]any{"capacity": nil}, func(s *csSession) { s.Capacity = nil }},
			{"nothing", map[string]any{}, func(*csSession) {}},
			{"read-only booked_count", map[string]any{"booked_count": 40, "id": 999}, func(*csSession) {}},
		}
		for _, p := range patches {
			t.Run("PATCH "+p.name, func(t *testing.T) {
				want := csGet(t, env, s.ID)
				p.edit(&want)
				var got csSession
				env.Expect(http.StatusOK, "PATCH", path, p.body, &got)
				if !got.same(want) || !csGet(t, env, s.ID).same(want) {
					t.Fatalf("PATCH %v: %v, want %v", p.body, got, want)
				}
			})
		}
		if n := bkCount(t, env, s.ID); n != 2 {
			t.Fatalf("the session has %d bookings after the updates, want 2", n)
		}

		other := env.Session(yoga, cvNow.Add(72*time.Hour), 0)
		env.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/class_sessions/%d", other), nil, nil)
		env.ExpectProblem(http.StatusNotFound, "not_found", "GET", fmt.Sprintf("/api/class_sessions/%d", other), nil)
		env.ExpectProblem(http.StatusNotFound, "not_found", "DELETE", fmt.Sprintf("/api/class_sessions/%d", other), nil)
		env.ExpectProblem(http.StatusNotFound, "not_found", "PUT", fmt.Sprintf("/api/class_sessions/%d", other),
			map[string]any{"class_type": yoga, "starts_at": at})
		env.ExpectProblem(http.StatusNotFound, "not_found", "PATCH", fmt.Sprintf("/api/class_sessions/%d", other),
			map[string]any{"capacity": 3})
		csGet(t, env, s.ID)
	})
}

// TestSessionDeleteWithBookings: a session with active bookings is kept
// (409 session_has_bookings); once they are cancelled it can be deleted,
// and its cancelled bookings go with it.
func TestSessionDeleteWithBookings(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		sess := f.session(24*time.Hour, 0)
		held := f.book(f.Customer("Ada"), sess)
		gone := f.book(f.Customer("Bob"), sess)
		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", gone.ID), nil, nil)
		path := fmt.Sprintf("/api/class_sessions/%d", sess)
		for _, p := range []string{path, path + "/"} {
			before := cvSnapshot(t, f.Env)
			cvProblem(t, f.Call("DELETE", p, nil), http.StatusConflict, "session_has_bookings")
			cvUnchanged(t, f.Env, before)
		}
		// Attended and no-show bookings are active too.
		past := f.session(time.Hour, 0)
		attended, noShow := f.book(f.Customer("Cy"), past), f.book(f.Customer("Di"), past)
		f.Clock.Set(bkNow.Add(2 * time.Hour))
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/bookings/%d", attended.ID), map[string]any{"status": "attended"}, nil)
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/bookings/%d", noShow.ID), map[string]any{"status": "no_show"}, nil)
		before := cvSnapshot(t, f.Env)
		cvProblem(t, f.Call("DELETE", fmt.Sprintf("/api/class_sessions/%d", past), nil), http.StatusConflict, "session_has_bookings")
		cvUnchanged(t, f.Env, before)

		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", held.ID), nil, nil)
		f.Expect(http.StatusNoContent, "DELETE", path, nil, nil)
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", path, nil)
		if n := bkCount(t, f.Env, sess); n != 0 {
			t.Fatalf("%d bookings of the deleted session remain", n)
		}
		if n := bkCount(t, f.Env, past); n != 2 {
			t.Fatalf("%d bookings of the other session, want 2", n)
		}
	})
}

// TestSessionCapacityBelowBooked: PUT and PATCH cannot take the capacity
// below the active bookings; cancelled ones do not count.
func TestSessionCapacityBelowBooked(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		sess := f.session(24*time.Hour, 5)
		f.book(f.Customer("Ada"), sess)
		f.book(f.Customer("Bob"), sess)
		c := f.book(f.Customer("Cy"), sess)
		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", c.ID), nil, nil)
		path := fmt.Sprintf("/api/class_sessions/%d", sess)
		cur := csGet(t, f.Env, sess)
		for _, req := range []struct {
			method string
			body   map[string]any
		}{
			{"PATCH", map[string]any{"capacity": 1}},
			{"PUT", map[string]any{"class_type": f.classType, "starts_at": cur.StartsAt, "capacity": 1}},
			{"PATCH", map[string]any{"capacity": 1, "duration_minutes": 20}},
		} {
			before := cvSnapshot(t, f.Env)
			cvProblem(t, f.Call(req.method, path, req.body), http.StatusConflict, "capacity_below_booked")
			cvUnchanged(t, f.Env, before)
		}
		var got csSession
		f.Expect(http.StatusOK, "PATCH", path, map[string]any{"capacity": 2}, &got)
		if got.Capacity == nil || *got.Capacity != 2 || got.BookedCount != 2 {
			t.Fatalf("capacity down to the bookings: %v", got)
		}
		f.ExpectProblem(http.StatusConflict, "session_full", "POST", "/api/bookings", bkBookBody(f.Customer("Dee"), sess))
	})
}

func TestSessionList(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		env.Clock.Set(cvNow)
		yoga, spin := env.ClassType("Yoga"), env.ClassType("Spin")
		at := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC) }
		// Created out of order: lists follow starts_at, then id.
		late := env.Session(yoga, at(5, 9), 0)
		early := env.Session(spin, at(2, 9), 0)
		mid := env.Session(yoga, at(3, 9), 0)
		midToo := env.Session(spin, at(3, 9), 0)
		lastDay := env.Session(spin, at(5, 23), 0)
		q := func(t time.Time) string { return url.QueryEscape(t.Format(time.RFC3339)) }
		cases := []struct {
			name, query string
			want        []int64
		}{
			{"all, by starts_at then id", "", []int64{early, mid, midToo, late, lastDay}},
			{"class_type", fmt.Sprintf("class_type=%d", yoga), []int64{mid, late}},
			{"class_type 0 is no filter", "class_type=0", []int64{early, mid, midToo, late, lastDay}},
			{"unknown class_type", "class_type=999999", []int64{}},
			{"starts_after is inclusive", "starts_after=" + q(at(3, 9)), []int64{mid, midToo, late, lastDay}},
			{"starts_before is exclusive", "starts_before=" + q(at(3, 9)), []int64{early}},
			{"starts_after with an offset", "starts_after=" + url.QueryEscape("2026-03-03T10:00:00+01:00"), []int64{mid, midToo, late, lastDay}},
			{"starts_after and starts_before", "starts_after=" + q(at(3, 0)) + "&starts_before=" + q(at(5, 10)), []int64{mid, midToo, late}},
			{"date", "date=2026-03-03", []int64{mid, midToo}},
			{"date covers the whole day", "date=2026-03-05", []int64{late, lastDay}},
			{"date without sessions", "date=2026-03-04", []int64{}},
			{"date and class_type", fmt.Sprintf("date=2026-03-05&class_type=%d", spin), []int64{lastDay}},
			{"date and starts_after", "date=2026-03-05&starts_after=" + q(at(5, 10)), []int64{lastDay}},
			{"empty range", "starts_after=" + q(at(5, 0)) + "&starts_before=" + q(at(3, 0)), []int64{}},
			// from/to, the rule of every list: a time, or a gym-local date
			// (as to, the end of that day).
			{"from=to=a date is that day", "from=2026-03-03&to=2026-03-03", []int64{mid, midToo}},
			{"to a date includes its last hour", "from=2026-03-05&to=2026-03-05", []int64{late, lastDay}},
			{"from a date", "from=2026-03-04", []int64{late, lastDay}},
			{"to a date", "to=2026-03-02", []int64{early}},
			{"from a time is inclusive", "from=" + q(at(3, 9)), []int64{mid, midToo, late, lastDay}},
			{"to a time is exclusive", "to=" + q(at(3, 9)), []int64{early}},
			{"from=to=a day without sessions", "from=2026-03-04&to=2026-03-04", []int64{}},
			{"from after to", "from=2026-03-05&to=2026-03-02", []int64{}},
			// With the older names, every filter applies: the later lower
			// bound, the earlier upper bound.
			{"from and a later starts_after", "from=2026-03-01&starts_after=" + q(at(3, 9)), []int64{mid, midToo, late, lastDay}},
			{"starts_after and a later from", "starts_after=" + q(at(2, 0)) + "&from=2026-03-05", []int64{late, lastDay}},
			{"to and an earlier starts_before", "to=2026-03-05&starts_before=" + q(at(3, 10)), []int64{early, mid, midToo}},
			{"starts_before and an earlier to", "starts_before=" + q(at(6, 0)) + "&to=2026-03-02", []int64{early}},
			{"from/to and date", "from=2026-03-01&to=2026-03-31&date=2026-03-05", []int64{late, lastDay}},
			{"from/to and class_type", fmt.Sprintf("from=2026-03-03&to=2026-03-05&class_type=%d", spin), []int64{midToo, lastDay}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if got := csIDs(t, env, c.query); !slices.Equal(got, c.want) {
					t.Fatalf("?%s: %v, want %v", c.query, got, c.want)
				}
			})
		}
	})
}

// TestSessionDateFilterGymLocal: date= is a calendar day in gym.timezone,
// including days when the clocks change.
func TestSessionDateFilterGymLocal(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		for _, tc := range []struct {
			tz  string
			dst string // a day when the clocks change there
		}{
			{"Pacific/Auckland", "2026-04-05"},    // 25 hours
			{"America/Los_Angeles", "2026-03-08"}, // 23 hours
			{"America/Santiago", "2026-09-06"},    // starts at 01:00
			{"UTC", "2026-03-29"},                 // plain
		} {
			t.Run(tc.tz, func(t *testing.T) {
				loc, err := time.LoadLocation(tc.tz)
				if err != nil {
					t.Fatal(err)
				}
				env := testenv.New(t, kind, testenv.Options{Timezone: tc.tz})
				ct := env.ClassType("Yoga")
				ymd, _ := time.Parse("2006-01-02", tc.dst)
				dst := time.Date(ymd.Year(), ymd.Month(), ymd.Day(), 12, 0, 0, 0, loc)
				day := func(d time.Time, off int) time.Time {
					y, m, dd := d.Date()
					return time.Date(y, m, dd+off, 12, 0, 0, 0, loc)
				}
				local := func(d time.Time, hour, min int) time.Time {
					y, m, dd := d.Date()
					return time.Date(y, m, dd, hour, min, 0, 0, loc)
				}
				for _, d := range []time.Time{day(time.Date(2026, 3, 1, 0, 0, 0, 0, loc), 0), day(dst, 0)} {
					t.Run(d.Format("2006-01-02"), func(t *testing.T) {
						before := env.Session(ct, local(day(d, -1), 23, 30), 0)
						first := env.Session(ct, local(d, 1, 30), 0)
						last := env.Session(ct, local(d, 23, 30), 0)
						after := env.Session(ct, local(day(d, 1), 0, 30), 0)
						got := csIDs(t, env, "date="+d.Format("2006-01-02"))
						if want := []int64{first, last}; !slices.Equal(got, want) {
							t.Fatalf("date=%s in %s: %v, want %v (before %d, after %d)", d.Format("2006-01-02"), tc.tz, got, want, before, after)
						}
						ymd := d.Format("2006-01-02")
						if got := csIDs(t, env, "from="+ymd+"&to="+ymd); !slices.Equal(got, []int64{first, last}) {
							t.Fatalf("from=to=%s in %s: %v, want %v (before %d, after %d)", ymd, tc.tz, got, []int64{first, last}, before, after)
						}
					})
				}
			})
		}
	})
}

func TestSessionListInvalid(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		cases := []struct{ query, field string }{
			{"class_type=abc", "class_type"},
			{"class_type=-1", "class_type"},
			{"class_type=1.5", "class_type"},
			{"starts_after=yesterday", "starts_after"},
			{"starts_after=" + url.QueryEscape("2026-03-01 09:00"), "starts_after"},
			{"starts_before=2026-03-01T09:00:00", "starts_before"},
			{"starts_before=" + url.QueryEscape("2026-02-30T09:00:00Z"), "starts_before"},
			{"date=2026-02-30", "date"},
			{"date=03%2F01%2F2026", "date"},
			{"date=2026-3-1", "date"},
			{"date=tomorrow", "date"},
			{"from=yesterday", "from"},
			{"from=2026-02-30", "from"},
			{"to=" + url.QueryEscape("2026-03-01 09:00"), "to"},
			{"to=2026-03-01T09:00:00", "to"},
		}
		for _, c := range cases {
			t.Run(c.query, func(t *testing.T) {
				p := cvProblem(t, env.Call("GET", "/api/class_sessions?"+c.query, nil), http.StatusUnprocessableEntity, "validation_failed")
				if !bkHasField(p, c.field) {
					t.Fatalf("problem does not name %q: %+v", c.field, p)
				}
			})
		}
	})
}

// TestListFiltersAllProblems: a list with several bad filters names every
// one of them in one 422, on sessions and bookings.
func TestListFiltersAllProblems(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		for _, c := range []struct {
			path   string
			fields []string
		}{
			{"/api/class_sessions?starts_after=x&starts_before=y&from=z&to=w&date=v",
				[]string{"starts_after", "from", "starts_before", "to", "date"}},
			{"/api/class_sessions?class_type=-1&date=v", []string{"class_type"}}, // the schema's check comes first
			{"/api/bookings?status=booked,nope,gone&from=x&to=2026-02-30", []string{"status", "status", "from", "to"}},
		} {
			p := cvProblem(t, env.Call("GET", c.path, nil), http.StatusUnprocessableEntity, "validation_failed")
			var got []string
			for _, e := range p.Errors {
				got = append(got, e.Field)
			}
			if !slices.Equal(got, c.fields) {
				t.Errorf("GET %s: errors name %v, want %v", c.path, got, c.fields)
			}
		}
	})
}

func TestSessionInvalid(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		env.Clock.Set(cvNow)
		ct := env.ClassType("Yoga")
		sess := env.Session(ct, cvNow.Add(24*time.Hour), 3)
		with := func(k string, v any) map[string]any {
			b := map[string]any{"class_type": ct, "starts_at": "2026-03-05T09:00:00Z", "duration_minutes": 45, "capacity": 8}
			if v == nil {
				delete(b, k)
			} else {
				b[k] = v
			}
			return b
		}
		cases := []struct {
			name  string
			key   string
			value any // nil: left out (not for PATCH)
		}{
			{"missing class_type", "class_type", nil},
			{"missing starts_at", "starts_at", nil},
			{"class_type 0", "class_type", 0},
			{"class_type negative", "class_type", -3},
			{"class_type unknown", "class_type", 999999},
			{"class_type past 2^53", "class_type", int64(1) << 60},
			{"class_type a string", "class_type", "1"},
			{"class_type a fraction", "class_type", 1.5},
			{"starts_at a date", "starts_at", "2026-03-05"},
			{"starts_at without an offset", "starts_at", "2026-03-05T09:00:00"},
			{"starts_at with a space", "starts_at", "2026-03-05 09:00:00Z"},
			{"starts_at not a time", "starts_at", "soon"},
			{"starts_at empty", "starts_at", ""},
			{"starts_at a number", "starts_at", 1772355600},
			{"starts_at 30 February", "starts_at", "2026-02-30T09:00:00Z"},
			{"duration 0", "duration_minutes", 0},
			{"duration negative", "duration_minutes", -5},
			{"duration over a day", "duration_minutes", 1441},
			{"duration a string", "duration_minutes", "60"},
			{"capacity 0", "capacity", 0},
			{"capacity negative", "capacity", -1},
			{"capacity too large", "capacity", 1000001},
			{"capacity a string", "capacity", "ten"},
			{"capacity a bool", "capacity", true},
		}
		for _, c := range cases {
			for _, method := range []string{"POST", "PUT", "PATCH"} {
				if c.value == nil && method == "PATCH" {
					continue
				}
				t.Run(method+" "+c.name, func(t *testing.T) {
					path, body := "/api/class_sessions", with(c.key, c.value)
					if method != "POST" {
						path = fmt.Sprintf("/api/class_sessions/%d", sess)
					}
					if method == "PATCH" {
						body = map[string]any{c.key: c.value}
					}
					before := cvSnapshot(t, env)
					p := cvProblem(t, env.Call(method, path, body), http.StatusUnprocessableEntity, "validation_failed")
					if !bkHasField(p, c.key) {
						t.Fatalf("problem does not name %q: %+v", c.key, p)
					}
					cvUnchanged(t, env, before)
				})
			}
		}
		// PATCH cannot null a field that may not be null (capacity may).
		for _, field := range []string{"class_type", "starts_at", "duration_minutes"} {
			t.Run("PATCH null "+field, func(t *testing.T) {
				before := cvSnapshot(t, env)
				r := env.Call("PATCH", fmt.Sprintf("/api/class_sessions/%d", sess), map[string]any{field: nil})
				if p := cvProblem(t, r, http.StatusUnprocessableEntity, "validation_failed"); !bkHasField(p, field) {
					t.Fatalf("problem does not name %q: %+v", field, p)
				}
				cvUnchanged(t, env, before)
			})
		}
		// The bounds are accepted.
		for _, b := range []map[string]any{with("duration_minutes", 1), with("duration_minutes", 1440), with("capacity", 1), with("capacity", 1000000)} {
			env.Expect(http.StatusCreated, "POST", "/api/class_sessions", b, nil)
		}
	})
}

// TestSessionStartsAtOutOfRange: a start whose UTC instant falls outside
// the years 0000-9999 cannot be written as RFC 3339. It must be refused
// (422 naming starts_at), not stored: once stored, every list that shows
// the session fails.
func TestSessionStartsAtOutOfRange(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		env.Clock.Set(cvNow)
		ct := env.ClassType("Yoga")
		sess := env.Session(ct, cvNow.Add(24*time.Hour), 0)
		for _, at := range []string{"9999-12-31T23:59:59-23:59", "9999-12-31T23:30:00-01:00", "0000-01-01T00:00:00+01:00"} {
			for _, method := range []string{"POST", "PUT", "PATCH"} {
				t.Run(method+" "+at, func(t *testing.T) {
					path, body := "/api/class_sessions", map[string]any{"class_type": ct, "starts_at": at}
					if method != "POST" {
						path = fmt.Sprintf("/api/class_sessions/%d", sess)
					}
					if method == "PATCH" {
						body = map[string]any{"starts_at": at}
					}
					before := cvSnapshot(t, env)
					r := env.Call(method, path, body)
					if r.Status != http.StatusUnprocessableEntity {
						t.Errorf("%s %s starts_at %s: %d %q, want 422 naming starts_at", method, path, at, r.Status, r.Body)
					} else if p := cvProblem(t, r, http.StatusUnprocessableEntity, "validation_failed"); !bkHasField(p, "starts_at") {
						t.Errorf("problem does not name starts_at: %+v", p)
					}
					cvUnchanged(t, env, before)
				})
			}
		}
		r := env.Call("GET", "/api/class_sessions", nil)
		if r.Status != http.StatusOK || !json.Valid(r.Body) {
			t.Fatalf("GET /api/class_sessions afterwards: %d %q", r.Status, r.Body)
		}
	})
}
