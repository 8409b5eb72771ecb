package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// bkNow is the frozen "now" of the bookings tests.
var bkNow = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// bkBooking is a booking as the API answers it.
type bkBooking struct {
	ID           int64      `json:"id"`
	Customer     int64      `json:"customer"`
	ClassSession int64      `json:"class_session"`
	Status       string     `json:"status"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	CancelledAt  *time.Time `json:"cancelled_at"`
}

// bkFixture is a running Gymtastic with its clock frozen at bkNow and one
// class type to hang sessions on.
type bkFixture struct {
	*testenv.Env
	t         *testing.T
	classType int64
}

func bkSetup(t *testing.T, kind config.DatabaseKind, opt testenv.Options) *bkFixture {
	t.Helper()
	env := testenv.New(t, kind, opt)
	env.Clock.Set(bkNow)
	return &bkFixture{Env: env, t: t, classType: env.ClassType("Spinning")}
}

// session creates a session starting at bkNow+in; capacity 0 is unlimited.
func (f *bkFixture) session(in time.Duration, capacity int) int64 {
	f.t.Helper()
	return f.Session(f.classType, bkNow.Add(in), capacity)
}

// book books and expects 201.
func (f *bkFixture) book(customer, session int64) bkBooking {
	f.t.Helper()
	r := f.Book(customer, session)
	if r.Status != http.StatusCreated {
		f.t.Fatalf("book customer %d into session %d: %d %s", customer, session, r.Status, r.Body)
	}
	var b bkBooking
	r.Decode(f.t, &b)
	return b
}

// get reads a booking through the API.
func (f *bkFixture) get(id int64) bkBooking {
	f.t.Helper()
	var b bkBooking
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/bookings/%d", id), nil, &b)
	return b
}

// bookedCount is the session's booked_count as the API shows it.
func (f *bkFixture) bookedCount(session int64) int64 {
	f.t.Helper()
	var s struct {
		BookedCount int64 `json:"booked_count"`
	}
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/class_sessions/%d", session), nil, &s)
	return s.BookedCount
}

// countBookings counts booking rows in the database, optionally of one
// session (0: all).
func (f *bkFixture) countBookings(session int64) int64 {
	f.t.Helper()
	return bkCount(f.t, f.Env, session)
}

// bkCount counts booking rows in the database, optionally of one session.
func bkCount(t *testing.T, env *testenv.Env, session int64, statuses ...string) int64 {
	t.Helper()
	q := env.App.DB.Table("bookings")
	if session != 0 {
		q = q.Where("class_session_id = ?", session)
	}
	if len(statuses) > 0 {
		q = q.Where("status IN ?", statuses)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		t.Fatalf("count bookings: %v", err)
	}
	return n
}

// bkHasField reports whether a problem names field in its errors.
func bkHasField(p testenv.Problem, field string) bool {
	for _, e := range p.Errors {
		if e.Field == field {
			return true
		}
	}
	return false
}

func TestCreateBooking(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		cust, sess := f.Customer("Ada"), f.session(24*time.Hour, 10)
		r := f.Expect(http.StatusCreated, "POST", "/api/bookings",
			map[string]any{"customer": cust, "class_session": sess}, nil)
		var b bkBooking
		r.Decode(t, &b)
		if b.ID == 0 || b.Customer != cust || b.ClassSession != sess || b.Status != "booked" {
			t.Fatalf("created %+v", b)
		}
		if !b.CreatedAt.Equal(bkNow) || !b.UpdatedAt.Equal(bkNow) || b.CancelledAt != nil {
			t.Fatalf("times: created %v updated %v cancelled %v, want %v, %v, null", b.CreatedAt, b.UpdatedAt, b.CancelledAt, bkNow, bkNow)
		}
		if loc, want := r.Header.Get("Location"), fmt.Sprintf("/api/bookings/%d", b.ID); loc != want {
			t.Fatalf("Location %q, want %q", loc, want)
		}
		if got := f.get(b.ID); !got.same(b) {
			t.Fatalf("GET %+v, want %+v", got, b)
		}
		if n := f.bookedCount(sess); n != 1 {
			t.Fatalf("booked_count %d, want 1", n)
		}
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", "/api/bookings/999999", nil)

		// Read-only fields sent back are ignored.
		other := f.Customer("Bea")
		var ro bkBooking
		f.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"id": 4242, "customer": other,
			"class_session": sess, "status": "attended", "created_at": "2020-01-01T00:00:00Z", "cancelled_at": nil}, &ro)
		if ro.ID == 4242 || ro.Status != "booked" || !ro.CreatedAt.Equal(bkNow) {
			t.Fatalf("read-only fields were not ignored: %+v", ro)
		}
	})
}

func TestCreateBookingRefusals(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		held, full := f.session(2*time.Hour, 0), f.session(2*time.Hour, 1)
		holder := f.Customer("Holder")
		f.book(holder, held)
		first := f.Customer("First")
		f.book(first, full)
		later := f.session(time.Hour, 0)
		cases := []struct {
			name     string
			session  func() int64
			customer int64
			code     string
		}{
			{"session in the past", func() int64 { return f.session(-time.Hour, 0) }, f.Customer("Past"), "session_started"},
			{"session starting now", func() int64 { return f.session(0, 0) }, f.Customer("Now"), "session_started"},
			{"clock moved past the start", func() int64 { f.Clock.Set(bkNow.Add(90 * time.Minute)); return later }, f.Customer("Late"), "session_started"},
			{"already booked", func() int64 { return held }, holder, "already_booked"},
			{"session full", func() int64 { return full }, f.Customer("Second"), "session_full"},
			{"already booked in a full session", func() int64 { return full }, first, "already_booked"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				sess := c.session()
				before := f.countBookings(0)
				f.ExpectProblem(http.StatusConflict, c.code, "POST", "/api/bookings",
					map[string]any{"customer": c.customer, "class_session": sess})
				if after := f.countBookings(0); after != before {
					t.Fatalf("a refused booking wrote rows: %d → %d", before, after)
				}
			})
		}
	})
}

func TestBookAgainAfterCancel(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		cust, sess := f.Customer("Ada"), f.session(24*time.Hour, 1)
		first := f.book(cust, sess)
		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", first.ID), nil, nil)
		again := f.book(cust, sess)
		if again.ID == first.ID || again.Status != "booked" {
			t.Fatalf("booked again: %+v (first %+v)", again, first)
		}
		f.ExpectProblem(http.StatusConflict, "already_booked", "POST", "/api/bookings",
			map[string]any{"customer": cust, "class_session": sess})
		if got := f.get(first.ID).Status; got != "cancelled" {
			t.Fatalf("first booking is %s, want cancelled", got)
		}
		if n := f.bookedCount(sess); n != 1 {
			t.Fatalf("booked_count %d, want 1", n)
		}
	})
}

// TestCancelBody: a cancel takes no body, or {}. A field in it would be
// ignored, so it is refused with 422 naming it, like any unknown field,
// and the booking stays booked.
func TestCancelBody(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		sess := f.session(24*time.Hour, 0)
		for _, c := range []struct{ body, field string }{
			{`{"reason": "ill"}`, "reason"},
			{`{"status": "booked"}`, "status"},
			{`[]`, ""},
			{`null`, ""},
		} {
			t.Run(c.body, func(t *testing.T) {
				b := f.book(f.Customer("Ada"), sess)
				r := f.Call("POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), c.body)
				if p := r.Problem(); r.Status != http.StatusUnprocessableEntity || p.Code != "validation_failed" || !bkHasField(p, c.field) {
					t.Fatalf("got %d %s, want 422 validation_failed naming %q", r.Status, r.Body, c.field)
				}
				if got := f.get(b.ID).Status; got != "booked" {
					t.Fatalf("the booking is %s after a refused cancel", got)
				}
			})
		}
		for _, body := range []any{nil, `{}`} {
			b := f.book(f.Customer("Ada"), sess)
			var got bkBooking
			f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), body, &got)
			if got.Status != "cancelled" {
				t.Fatalf("cancel with body %v: %+v", body, got)
			}
		}
	})
}

func TestCreateBookingInvalid(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		cust, sess := f.Customer("Ada"), f.session(24*time.Hour, 0)
		cases := []struct {
			name   string
			body   any
			status int
			code   string
			field  string
		}{
			{"missing customer", map[string]any{"class_session": sess}, 422, "validation_failed", "customer"},
			{"missing class_session", map[string]any{"customer": cust}, 422, "validation_failed", "class_session"},
			{"unknown customer", map[string]any{"customer": 999999, "class_session": sess}, 422, "validation_failed", "customer"},
			{"unknown class_session", map[string]any{"customer": cust, "class_session": 999999}, 422, "validation_failed", "class_session"},
			{"customer zero", map[string]any{"customer": 0, "class_session": sess}, 422, "validation_failed", "customer"},
			{"customer not a number", map[string]any{"customer": "x", "class_session": sess}, 422, "validation_failed", "customer"},
			{"unknown field", map[string]any{"customer": cust, "class_session": sess, "seat": 4}, 422, "validation_failed", "seat"},
			{"malformed JSON", `{"customer": `, 400, "malformed_json", ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				p := f.ExpectProblem(c.status, c.code, "POST", "/api/bookings", c.body)
				if c.field != "" && !bkHasField(p, c.field) && !strings.Contains(p.Detail, c.field) {
					t.Fatalf("problem does not name %q: %+v", c.field, p)
				}
				if n := f.countBookings(0); n != 0 {
					t.Fatalf("an invalid request wrote %d bookings", n)
				}
			})
		}
	})
}

// Once a session has been booked, core sends a booking's lock, read and
// insert together (it knows when the session starts): the refusals still
// come out as when they are sent one by one, and write nothing.
func TestCreateBookingRefusalsKnownSession(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		ada, bob, cy := f.Customer("Ada"), f.Customer("Bob"), f.Customer("Cy")
		sess, gone := f.session(24*time.Hour, 2), f.session(48*time.Hour, 0)
		f.book(ada, sess)
		cancelled := f.book(ada, gone)
		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", cancelled.ID), nil, nil)
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/class_sessions/%d", gone), nil, nil)

		p := f.ExpectProblem(422, "validation_failed", "POST", "/api/bookings", map[string]any{"customer": 999999, "class_session": sess})
		if !bkHasField(p, "customer") {
			t.Errorf("unknown customer: %+v", p)
		}
		p = f.ExpectProblem(422, "validation_failed", "POST", "/api/bookings", map[string]any{"customer": bob, "class_session": gone})
		if !bkHasField(p, "class_session") {
			t.Errorf("deleted session: %+v", p)
		}
		f.ExpectProblem(409, "already_booked", "POST", "/api/bookings", map[string]any{"customer": ada, "class_session": sess})
		f.book(bob, sess)
		f.ExpectProblem(409, "session_full", "POST", "/api/bookings", map[string]any{"customer": cy, "class_session": sess})
		f.Clock.Set(bkNow.Add(25 * time.Hour))
		f.ExpectProblem(409, "session_started", "POST", "/api/bookings", map[string]any{"customer": cy, "class_session": sess})
		if n := f.countBookings(0); n != 2 {
			t.Errorf("%d bookings stored, want the 2 made", n)
		}
	})
}

// same reports whether two bookings are the same, times compared as
// instants.
func (b bkBooking) same(o bkBooking) bool {
	ca := b.CancelledAt == nil && o.CancelledAt == nil ||
		b.CancelledAt != nil && o.CancelledAt != nil && b.CancelledAt.Equal(*o.CancelledAt)
	return ca && b.ID == o.ID && b.Customer == o.Customer && b.ClassSession == o.ClassSession &&
		b.Status == o.Status && b.CreatedAt.Equal(o.CreatedAt) && b.UpdatedAt.Equal(o.UpdatedAt)
}
