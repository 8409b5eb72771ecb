package api_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// readCapFeature holds each customer to cap booked bookings in all, with
// the count read along with core's read of the locked rows, as the real
// features do; it records what it was called with and what it read.
type readCapFeature struct {
	cap    int64
	broken bool // a read that fails

	mu      sync.Mutex
	seen    []core.BookContext // what BeforeBook was called with
	decided []capDecision      // what its Check's Decide saw
}

type capDecision struct {
	held, arg  int64
	null       sql.NullInt64 // a ReadValue finding no row
	nullFound  bool
	sessionIDs []int64
	bookingID  int64
	email      string
}

func (f *readCapFeature) Name() string { return "readcap" }

func (f *readCapFeature) BeforeBook(b *core.BookContext) core.Check {
	f.mu.Lock()
	f.seen = append(f.seen, core.BookContext{Customer: &core.Customer{ID: b.Customer.ID},
		Session: &core.ClassSession{ID: b.Session.ID, StartsAt: b.Session.StartsAt}, Now: b.Now, Location: b.Location})
	f.mu.Unlock()
	var d capDecision
	var unused int64
	reads := []*core.Read{
		core.ReadValue(`SELECT COUNT(*) FROM bookings WHERE customer_id = ? AND status = 'booked'`, []any{b.Customer.ID}, &d.held),
		core.ReadRow(`SELECT CAST(? AS BIGINT) + id FROM class_sessions WHERE id = ?`, []any{1000, b.Session.ID}, &d.arg),
		core.ReadRow(`SELECT id FROM bookings WHERE id = -1`, nil, &unused),
		core.ReadValue(`SELECT id FROM bookings WHERE id = ?`, []any{-1}, &d.null),
		core.ReadRows(`SELECT class_session_id FROM bookings WHERE customer_id = ? ORDER BY id`, []any{b.Customer.ID}, func() []any {
			d.sessionIDs = append(d.sessionIDs, 0)
			return []any{&d.sessionIDs[len(d.sessionIDs)-1]}
		}),
	}
	if f.broken {
		reads = append(reads, core.ReadRow(`SELECT no_such_column FROM bookings`, nil, &unused))
	}
	return core.Check{Reads: reads, Decide: func(context.Context, *gorm.DB) error {
		d.nullFound = reads[2].Found()
		d.bookingID, d.email = b.Booking.ID, b.Customer.Email
		f.mu.Lock()
		f.decided = append(f.decided, d)
		f.mu.Unlock()
		if d.held >= f.cap {
			return core.Refuse("readcap_reached", "customer %d holds %d bookings", b.Customer.ID, d.held)
		}
		return nil
	}}
}

// A Check's reads reach its Decide: a value read inside core's statement,
// a row with its own arguments, a read that finds no row (NULL for a
// value), every row of a list, all as they were before the booking. BeforeBook is called with the ids, the session's start, the
// clock and the gym's zone; Decide sees the rows core read and the
// booking inserted.
func TestCheckReads(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := &readCapFeature{cap: 5}
		e := testenv.New(t, kind, testenv.Options{Features: []core.Feature{f}, Timezone: "Asia/Tokyo"})
		ct := e.ClassType("Yoga")
		starts := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
		s1, s2 := e.Session(ct, starts, 0), e.Session(ct, starts.Add(time.Hour), 0)
		cust := e.Customer("Reader")
		var second struct{ ID int64 }
		for _, s := range []int64{s1, s2} {
			res := e.Book(cust, s)
			if res.Status != http.StatusCreated {
				t.Fatalf("book: %d %s", res.Status, res.Body)
			}
			res.Decode(t, &second)
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		if len(f.seen) != 2 || len(f.decided) != 2 {
			t.Fatalf("BeforeBook ran %d times and Decide %d, want 2 each", len(f.seen), len(f.decided))
		}
		if b := f.seen[1]; b.Customer.ID != cust || b.Session.ID != s2 || !b.Session.StartsAt.Equal(starts.Add(time.Hour)) ||
			b.Now.IsZero() || b.Location.String() != "Asia/Tokyo" {
			t.Fatalf("BeforeBook saw customer %d session %d starting %s now %s in %s",
				b.Customer.ID, b.Session.ID, b.Session.StartsAt, b.Now, b.Location)
		}
		got := f.decided[1]
		want := capDecision{held: 1, arg: 1000 + s2, sessionIDs: []int64{s1}, bookingID: second.ID, email: got.email}
		if fmt.Sprint(got) != fmt.Sprint(want) || got.email == "" {
			t.Errorf("second booking's Decide saw %+v, want %+v", got, want)
		}
	})
}

// The values are read after core's locks: 20 simultaneous bookings of one
// customer, in 20 sessions, against a cap of 3 read with the locked rows
// give exactly 3 bookings.
func TestCheckReadsUnderLock(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		const cap, n = 3, 20
		e := testenv.New(t, kind, testenv.Options{Features: []core.Feature{&readCapFeature{cap: cap}}})
		ct := e.ClassType("Spin")
		cust := e.Customer("Racer")
		var sessions []int64
		for i := 0; i < n; i++ {
			sessions = append(sessions, e.Session(ct, time.Now().Add(time.Duration(24+i)*time.Hour), 0))
		}
		var wg sync.WaitGroup
		codes := make([]int, n)
		for i, s := range sessions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := e.Do("POST", "/api/bookings", map[string]any{"customer": cust, "class_session": s})
				if err != nil {
					t.Error(err)
					return
				}
				codes[i] = res.Status
			}()
		}
		wg.Wait()
		created := 0
		for _, c := range codes {
			switch c {
			case http.StatusCreated:
				created++
			case http.StatusConflict:
			default:
				t.Errorf("status %d, want 201 or 409", c)
			}
		}
		var stored int64
		e.App.DB.Raw("SELECT COUNT(*) FROM bookings WHERE customer_id = ?", cust).Scan(&stored)
		if created != cap || stored != cap {
			t.Fatalf("%d created, %d stored; want %d", created, stored, cap)
		}
	})
}

// A read that fails is a 500, and nothing is written.
func TestCheckReadFails(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		e := testenv.New(t, kind, testenv.Options{Features: []core.Feature{&readCapFeature{cap: 5, broken: true}}})
		s := e.Session(e.ClassType("Box"), time.Now().Add(24*time.Hour), 0)
		if res := e.Book(e.Customer("Dup"), s); res.Status != http.StatusInternalServerError {
			t.Fatalf("book: %d %s, want 500", res.Status, res.Body)
		}
		var n int64
		e.App.DB.Raw("SELECT COUNT(*) FROM bookings").Scan(&n)
		if n != 0 {
			t.Fatalf("%d bookings written", n)
		}
	})
}

// cancelReadFeature records what its cancel hooks are called with and what
// their Checks read.
type cancelReadFeature struct {
	mu    sync.Mutex
	seen  []core.CancelContext // what BeforeCancel was called with
	got   []string             // what BeforeCancel's, then AfterCancel's, Decide read
	calls int
}

func (f *cancelReadFeature) Name() string { return "cancelread" }

// check reads the booking's status and the customer's and session's ids,
// and records them, with the status the cancel is taking, when it decides.
func (f *cancelReadFeature) check(c *core.CancelContext) core.Check {
	var status string
	var ids int64
	reads := []*core.Read{
		core.ReadRow(`SELECT status FROM bookings WHERE id = ?`, []any{c.Booking.ID}, &status),
		core.ReadRow(`SELECT c.id * 100000 + s.id FROM customers c, class_sessions s WHERE c.id = ? AND s.id = ?`,
			[]any{c.Customer.ID, c.Session.ID}, &ids),
	}
	return core.Check{Reads: reads, Decide: func(context.Context, *gorm.DB) error {
		f.mu.Lock()
		f.got = append(f.got, fmt.Sprintf("%s %d %s", status, ids, c.NewStatus))
		f.mu.Unlock()
		return nil
	}}
}

func (f *cancelReadFeature) BeforeCancel(c *core.CancelContext) core.Check {
	f.mu.Lock()
	f.calls++
	f.seen = append(f.seen, core.CancelContext{Customer: &core.Customer{ID: c.Customer.ID},
		Session: &core.ClassSession{ID: c.Session.ID, StartsAt: c.Session.StartsAt},
		Booking: &core.Booking{ID: c.Booking.ID}, Now: c.Now, Location: c.Location})
	f.mu.Unlock()
	return f.check(c)
}

func (f *cancelReadFeature) AfterCancel(c *core.CancelContext) core.Check { return f.check(c) }

// Both cancel hooks' reads see the rows as before the cancel, and their
// Decide runs before and after it is written; BeforeCancel is called with
// the ids, the session's start, the clock and the zone. They are called
// for a cancel, not for a change that cannot be one (attendance).
func TestCancelChecks(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := &cancelReadFeature{}
		e := testenv.New(t, kind, testenv.Options{Features: []core.Feature{f}, Timezone: "Asia/Tokyo"})
		ct := e.ClassType("Yoga")
		starts := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
		s1 := e.Session(ct, starts, 0)
		cust := e.Customer("Reader")
		var b struct{ ID int64 }
		e.Book(cust, s1).Decode(t, &b)

		e.ExpectProblem(http.StatusConflict, "session_not_started", "PATCH",
			fmt.Sprintf("/api/bookings/%d", b.ID), map[string]any{"status": "attended"})
		if f.calls != 0 {
			t.Fatalf("BeforeCancel ran %d times for an attendance change", f.calls)
		}
		e.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), nil, nil)

		f.mu.Lock()
		defer f.mu.Unlock()
		if f.calls != 1 || len(f.got) != 2 {
			t.Fatalf("BeforeCancel ran %d times and the Checks decided %d times, want 1 and 2", f.calls, len(f.got))
		}
		if c := f.seen[0]; c.Customer.ID != cust || c.Session.ID != s1 || c.Booking.ID != b.ID ||
			!c.Session.StartsAt.Equal(starts) || c.Now.IsZero() || c.Location.String() != "Asia/Tokyo" {
			t.Fatalf("BeforeCancel saw customer %d session %d booking %d starting %s now %s in %s",
				c.Customer.ID, c.Session.ID, c.Booking.ID, c.Session.StartsAt, c.Now, c.Location)
		}
		read := fmt.Sprintf("booked %d cancelled", cust*100000+s1)
		if want := []string{read, read}; fmt.Sprint(f.got) != fmt.Sprint(want) {
			t.Errorf("the Checks read %q, want %q", f.got, want)
		}
	})
}

// startsFeature reads, with the locked rows, the start BeforeBook was
// given, and refuses a booking whose reads were phrased for a start other
// than the locked session's: as the per-day limit would count the wrong
// day.
type startsFeature struct {
	mu   sync.Mutex
	seen []time.Time // the starts BeforeBook was given
}

func (f *startsFeature) Name() string { return "starts" }

func (f *startsFeature) BeforeBook(b *core.BookContext) core.Check {
	f.mu.Lock()
	f.seen = append(f.seen, b.Session.StartsAt)
	f.mu.Unlock()
	var read int64
	return core.Check{
		Reads: []*core.Read{core.ReadRow(`SELECT CAST(? AS BIGINT)`, []any{b.Session.StartsAt.Unix()}, &read)},
		Decide: func(context.Context, *gorm.DB) error {
			if read != b.Session.StartsAt.Unix() {
				return core.Refuse("stale_start", "read for a session starting at %d, locked one starts at %d", read, b.Session.StartsAt.Unix())
			}
			return nil
		}}
}

// Core remembers sessions' starts to phrase the reads of a booking before
// its lock returns: a session moved since, here by another replica, is
// booked with its new start, never the remembered one.
func TestBookSessionMovedElsewhere(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := &startsFeature{}
		e := testenv.New(t, kind, testenv.Options{Features: []core.Feature{f}})
		other := e.Replica(t, testenv.Options{Features: []core.Feature{&startsFeature{}}})
		ct := e.ClassType("Row")
		first := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
		s := e.Session(ct, first, 0)
		book := func(name string) {
			t.Helper()
			if res := e.Book(e.Customer(name), s); res.Status != http.StatusCreated {
				t.Fatalf("book for %s: %d %s", name, res.Status, res.Body)
			}
		}
		book("Before")
		moved := first.Add(26 * time.Hour)
		other.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/class_sessions/%d", s),
			map[string]any{"starts_at": moved.Format(time.RFC3339)}, nil)
		book("After")
		book("Again")
		f.mu.Lock()
		defer f.mu.Unlock()
		if last := f.seen[len(f.seen)-1]; !last.Equal(moved) {
			t.Errorf("the last booking's reads were for a session starting %s, want %s (all: %v)", last, moved, f.seen)
		}
		t.Logf("%s: BeforeBook ran %d times for 3 bookings", kind, len(f.seen))
	})
}
