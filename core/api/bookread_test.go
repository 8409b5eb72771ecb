package api_test

import (
	"context"
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
// the count read along with core's read of the locked rows
// (core.BookReader), as the real features do.
type readCapFeature struct {
	cap int64
	dup bool // name two reads alike

	mu   sync.Mutex
	seen []core.BookContext // what ReadForBook saw
	got  []map[string]int64 // the values BeforeBook saw
}

func (f *readCapFeature) Name() string { return "readcap" }

func (f *readCapFeature) ReadForBook(b *core.BookContext) []core.BookRead {
	f.mu.Lock()
	f.seen = append(f.seen, core.BookContext{Customer: &core.Customer{ID: b.Customer.ID},
		Session: &core.ClassSession{ID: b.Session.ID, StartsAt: b.Session.StartsAt}, Now: b.Now, Location: b.Location})
	f.mu.Unlock()
	reads := []core.BookRead{
		{Name: "readcap.held", SQL: `(SELECT COUNT(*) FROM bookings b2 WHERE b2.customer_id = c.id AND b2.status = 'booked')`},
		{Name: "readcap.arg", SQL: `(SELECT CAST(? AS BIGINT) + s.id)`, Args: []any{1000}},
		{Name: "readcap.null", SQL: `(SELECT id FROM bookings WHERE id = -1)`},
	}
	if f.dup {
		reads = append(reads, reads[0])
	}
	return reads
}

func (f *readCapFeature) BeforeBook(ctx context.Context, tx *gorm.DB, b *core.BookContext) error {
	got := map[string]int64{}
	for _, name := range []string{"readcap.held", "readcap.arg", "readcap.null"} {
		if v, ok := b.Value(name); ok {
			got[name] = v
		}
	}
	if _, ok := b.Value("readcap.unknown"); ok {
		got["readcap.unknown"] = 1
	}
	f.mu.Lock()
	f.got = append(f.got, got)
	f.mu.Unlock()
	if got["readcap.held"] >= f.cap {
		return core.Refuse("readcap_reached", "customer %d holds %d bookings", b.Customer.ID, got["readcap.held"])
	}
	return nil
}

// A BookReader's values reach its hooks: an expression over the locked
// customer (c) and session (s), with its own arguments; NULL reads as 0;
// a name never read is absent. ReadForBook sees the ids, the session's
// start, the clock and the gym's zone.
func TestBookReadValues(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := &readCapFeature{cap: 5}
		e := testenv.New(t, kind, testenv.Options{Features: []core.Feature{f}, Timezone: "Asia/Tokyo"})
		ct := e.ClassType("Yoga")
		starts := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
		s1, s2 := e.Session(ct, starts, 0), e.Session(ct, starts.Add(time.Hour), 0)
		cust := e.Customer("Reader")
		for _, s := range []int64{s1, s2} {
			if res := e.Book(cust, s); res.Status != http.StatusCreated {
				t.Fatalf("book: %d %s", res.Status, res.Body)
			}
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		if len(f.seen) != 2 || len(f.got) != 2 {
			t.Fatalf("ReadForBook ran %d times and BeforeBook %d, want 2 each", len(f.seen), len(f.got))
		}
		if b := f.seen[1]; b.Customer.ID != cust || b.Session.ID != s2 || !b.Session.StartsAt.Equal(starts.Add(time.Hour)) ||
			b.Now.IsZero() || b.Location.String() != "Asia/Tokyo" {
			t.Fatalf("ReadForBook saw customer %d session %d starting %s now %s in %s",
				b.Customer.ID, b.Session.ID, b.Session.StartsAt, b.Now, b.Location)
		}
		want := map[string]int64{"readcap.held": 1, "readcap.arg": 1000 + s2, "readcap.null": 0}
		for k, v := range want {
			if f.got[1][k] != v {
				t.Errorf("second booking read %s = %d, want %d (all: %v)", k, f.got[1][k], v, f.got[1])
			}
		}
		if len(f.got[1]) != len(want) {
			t.Errorf("second booking read %v, want exactly %v", f.got[1], want)
		}
	})
}

// The values are read after core's locks: 20 simultaneous bookings of one
// customer, in 20 sessions, against a cap of 3 read with the locked rows
// give exactly 3 bookings.
func TestBookReadUnderLock(t *testing.T) {
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

// Two reads of one name are a programming error: 500, nothing written.
func TestBookReadDuplicateName(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		e := testenv.New(t, kind, testenv.Options{Features: []core.Feature{&readCapFeature{cap: 5, dup: true}}})
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

// cancelReadFeature records what a CancelReader sees and what its cancel
// hooks get.
type cancelReadFeature struct {
	mu    sync.Mutex
	seen  []core.CancelContext // what ReadForCancel saw
	got   []map[string]int64   // the values BeforeCancel, then AfterCancel, saw
	reads int
}

func (f *cancelReadFeature) Name() string { return "cancelread" }

var cancelReadNames = []string{"cancelread.booking", "cancelread.rows", "cancelread.null"}

func (f *cancelReadFeature) ReadForCancel(c *core.CancelContext) []core.BookRead {
	f.mu.Lock()
	f.reads++
	f.seen = append(f.seen, core.CancelContext{Customer: &core.Customer{ID: c.Customer.ID},
		Session: &core.ClassSession{ID: c.Session.ID, StartsAt: c.Session.StartsAt},
		Booking: &core.Booking{ID: c.Booking.ID}, Now: c.Now, Location: c.Location})
	f.mu.Unlock()
	return []core.BookRead{
		{Name: cancelReadNames[0], SQL: `(SELECT CAST(? AS BIGINT) + bk.id)`, Args: []any{1000}},
		{Name: cancelReadNames[1], SQL: `(SELECT c.id * 100000 + s.id)`},
		{Name: cancelReadNames[2], SQL: `(SELECT id FROM bookings WHERE id = -1)`},
	}
}

func (f *cancelReadFeature) record(c *core.CancelContext) {
	got := map[string]int64{}
	for _, name := range cancelReadNames {
		if v, ok := c.Value(name); ok {
			got[name] = v
		}
	}
	f.mu.Lock()
	f.got = append(f.got, got)
	f.mu.Unlock()
}

func (f *cancelReadFeature) BeforeCancel(_ context.Context, _ *gorm.DB, c *core.CancelContext) error {
	f.record(c)
	return nil
}

func (f *cancelReadFeature) AfterCancel(_ context.Context, _ *gorm.DB, c *core.CancelContext) error {
	f.record(c)
	return nil
}

// A CancelReader's values reach both cancel hooks, with the booking as bk
// besides c and s; ReadForCancel sees the ids, the session's start, the
// clock and the zone. It runs for a cancel by POST and by PATCH, and not
// for a change that cannot be a cancel (attendance).
func TestCancelReadValues(t *testing.T) {
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
		if f.reads != 0 {
			t.Fatalf("ReadForCancel ran %d times for an attendance change", f.reads)
		}
		e.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), nil, nil)

		f.mu.Lock()
		defer f.mu.Unlock()
		if f.reads != 1 || len(f.got) != 2 {
			t.Fatalf("ReadForCancel ran %d times and the hooks %d, want 1 and 2", f.reads, len(f.got))
		}
		if c := f.seen[0]; c.Customer.ID != cust || c.Session.ID != s1 || c.Booking.ID != b.ID ||
			!c.Session.StartsAt.Equal(starts) || c.Now.IsZero() || c.Location.String() != "Asia/Tokyo" {
			t.Fatalf("ReadForCancel saw customer %d session %d booking %d starting %s now %s in %s",
				c.Customer.ID, c.Session.ID, c.Booking.ID, c.Session.StartsAt, c.Now, c.Location)
		}
		want := map[string]int64{cancelReadNames[0]: 1000 + b.ID, cancelReadNames[1]: cust*100000 + s1, cancelReadNames[2]: 0}
		for i, got := range f.got {
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("hook %d read %v, want %v", i, got, want)
			}
		}
	})
}

// startsFeature reads, with the locked rows, the start ReadForBook was
// given, and refuses a booking whose reads were phrased for a start other
// than the locked session's: as the per-day limit would count the wrong
// day.
type startsFeature struct {
	mu   sync.Mutex
	seen []time.Time // the starts ReadForBook was given
}

func (f *startsFeature) Name() string { return "starts" }

func (f *startsFeature) ReadForBook(b *core.BookContext) []core.BookRead {
	f.mu.Lock()
	f.seen = append(f.seen, b.Session.StartsAt)
	f.mu.Unlock()
	return []core.BookRead{{Name: "starts.unix", SQL: `(SELECT CAST(? AS BIGINT))`, Args: []any{b.Session.StartsAt.Unix()}}}
}

func (f *startsFeature) BeforeBook(_ context.Context, _ *gorm.DB, b *core.BookContext) error {
	if read, _ := b.Value("starts.unix"); read != b.Session.StartsAt.Unix() {
		return core.Refuse("stale_start", "read for a session starting at %d, locked one starts at %d", read, b.Session.StartsAt.Unix())
	}
	return nil
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
		t.Logf("%s: ReadForBook ran %d times for 3 bookings", kind, len(f.seen))
	})
}
