package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/migrations"
)

// bkHookFeature is a feature that exercises every part of core's hook
// contract. By the customer's first name: "Blocked" is refused in
// BeforeBook; "Failing" makes AfterBook fail with a plain error, "Refused"
// with a refusal, both after writing its log row. With late_cancel set,
// BeforeCancel makes every cancel late.
type bkHookFeature struct {
	name string
	cfg  bkHookConfig
	// trace is shared between features to check their order.
	trace *bkTrace
	mu    sync.Mutex
	seen  []bkHookCall
}

// bkHookConfig is the test feature's config section.
type bkHookConfig struct {
	LateCancel bool `mapstructure:"late_cancel"`
}

// bkHookCall is what one hook call saw.
type bkHookCall struct {
	hook        string
	first       string
	bookingID   int64
	bookedCount int64
	now         time.Time
	location    string
	newStatus   string
}

// bkTrace records "feature.hook" calls in order, across features.
type bkTrace struct {
	mu    sync.Mutex
	calls []string
}

func (tr *bkTrace) add(s string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.calls = append(tr.calls, s)
}

var (
	_ core.Configurable      = (*bkHookFeature)(nil)
	_ core.MigrationProvider = (*bkHookFeature)(nil)
	_ core.BeforeBookHook    = (*bkHookFeature)(nil)
	_ core.AfterBookHook     = (*bkHookFeature)(nil)
	_ core.BeforeCancelHook  = (*bkHookFeature)(nil)
	_ core.AfterCancelHook   = (*bkHookFeature)(nil)
	_ api.Router             = (*bkHookFeature)(nil)
)

func newBkHookFeature(name string) *bkHookFeature {
	return &bkHookFeature{name: name, trace: &bkTrace{}}
}

func (f *bkHookFeature) Name() string { return f.name }
func (f *bkHookFeature) Config() any  { return &f.cfg }

func (f *bkHookFeature) Migrations() []migrations.Migration {
	return []migrations.Migration{{ID: f.name + "_0001_log", Up: migrations.SQL(`CREATE TABLE ` + f.name + `_log (
		id {{id}},
		booking_id {{bigint}} NOT NULL,
		event VARCHAR(64) NOT NULL,
		visible INTEGER NOT NULL
	)`)}}
}

func (f *bkHookFeature) Routes(a huma.API) {
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/"+f.name+"/ping", f.name+"-ping", f.name, "Ping", ""),
		func(ctx context.Context, _ *struct{}) (*api.Output[map[string]bool], error) {
			return &api.Output[map[string]bool]{Body: map[string]bool{"pong": true}}, nil
		})
}

func (f *bkHookFeature) record(c bkHookCall) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen = append(f.seen, c)
	f.trace.add(f.name + "." + c.hook)
}

func (f *bkHookFeature) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen = nil
}

func (f *bkHookFeature) calls() []bkHookCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bkHookCall(nil), f.seen...)
}

func (f *bkHookFeature) BeforeBook(b *core.BookContext) core.Check {
	return core.Check{Decide: func(ctx context.Context, tx *gorm.DB) error {
		f.record(bkHookCall{hook: "BeforeBook", first: b.Customer.FirstName, bookingID: b.Booking.ID,
			bookedCount: b.Session.BookedCount, now: b.Now, location: b.Location.String()})
		if b.Customer.FirstName == "Blocked" {
			return core.Refuse("test_refused", "customer %d is blocked by %s", b.Customer.ID, f.name)
		}
		return nil
	}}
}

func (f *bkHookFeature) AfterBook(b *core.BookContext) core.Check {
	return core.Check{Decide: func(ctx context.Context, tx *gorm.DB) error {
		f.record(bkHookCall{hook: "AfterBook", first: b.Customer.FirstName, bookingID: b.Booking.ID,
			bookedCount: b.Session.BookedCount, now: b.Now, location: b.Location.String()})
		// The booking is visible through tx before commit: same transaction.
		var visible int64
		if err := tx.Raw("SELECT COUNT(*) FROM bookings WHERE id = ? AND status = 'booked'", b.Booking.ID).Scan(&visible).Error; err != nil {
			return err
		}
		if err := f.log(tx, b.Booking.ID, "book", visible); err != nil {
			return err
		}
		switch b.Customer.FirstName {
		case "Failing":
			return errors.New("the test hook failed")
		case "Refused":
			return core.Refuse("test_after_refused", "refused after the insert")
		}
		return nil
	}}
}

func (f *bkHookFeature) BeforeCancel(c *core.CancelContext) core.Check {
	return core.Check{Decide: func(ctx context.Context, tx *gorm.DB) error {
		f.record(bkHookCall{hook: "BeforeCancel", first: c.Customer.FirstName, bookingID: c.Booking.ID,
			now: c.Now, location: c.Location.String(), newStatus: c.NewStatus})
		if c.Booking.Status != core.StatusBooked {
			return fmt.Errorf("BeforeCancel saw status %s, want the previous status booked", c.Booking.Status)
		}
		if f.cfg.LateCancel {
			c.NewStatus = core.StatusLateCancelled
		}
		return nil
	}}
}

func (f *bkHookFeature) AfterCancel(c *core.CancelContext) core.Check {
	return core.Check{Decide: func(ctx context.Context, tx *gorm.DB) error {
		f.record(bkHookCall{hook: "AfterCancel", first: c.Customer.FirstName, bookingID: c.Booking.ID,
			now: c.Now, location: c.Location.String(), newStatus: c.NewStatus})
		var visible int64
		if err := tx.Raw("SELECT COUNT(*) FROM bookings WHERE id = ? AND status = ?", c.Booking.ID, c.NewStatus).Scan(&visible).Error; err != nil {
			return err
		}
		return f.log(tx, c.Booking.ID, "cancel:"+c.NewStatus, visible)
	}}
}

func (f *bkHookFeature) log(tx *gorm.DB, booking int64, event string, visible int64) error {
	return tx.Exec("INSERT INTO "+f.name+"_log (booking_id, event, visible) VALUES (?, ?, ?)", booking, event, visible).Error
}

func TestHookBeforeBookRefuses(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		hf := newBkHookFeature("hooktest")
		f := bkSetup(t, kind, testenv.Options{Features: []core.Feature{hf}, Timezone: "Europe/Paris"})
		sess := f.session(24*time.Hour, 0)
		f.book(f.Customer("Early"), sess)
		hf.reset()

		p := f.ExpectProblem(http.StatusConflict, "test_refused", "POST", "/api/bookings", bkBookBody(f.Customer("Blocked"), sess))
		if p.Detail == "" {
			t.Fatalf("refusal without detail: %+v", p)
		}
		if n := f.countBookings(sess); n != 1 {
			t.Fatalf("%d bookings after a refusal, want the 1 made before", n)
		}
		calls := hf.calls()
		if len(calls) != 1 || calls[0].hook != "BeforeBook" {
			t.Fatalf("calls %+v: want BeforeBook only, AfterBook never", calls)
		}
		// BeforeBook runs once the booking is inserted (its id set, the
		// count read before it); the refusal rolled the row back (above).
		want := bkHookCall{hook: "BeforeBook", first: "Blocked", bookedCount: 1, now: bkNow, location: "Europe/Paris"}
		if c := calls[0]; c.first != want.first || c.bookingID == 0 || c.bookedCount != 1 || !c.now.Equal(bkNow) || c.location != want.location {
			t.Fatalf("BeforeBook saw %+v, want %+v with a booking id", c, want)
		}
		if rows := bkLog(t, f.Env, hf); len(rows) != 1 {
			t.Fatalf("log %+v: want only the first booking's row", rows)
		}
	})
}

func TestHookAfterBookSameTransaction(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		hf := newBkHookFeature("hooktest")
		f := bkSetup(t, kind, testenv.Options{Features: []core.Feature{hf}})
		sess := f.session(24*time.Hour, 3)
		b := f.book(f.Customer("Ada"), sess)
		if rows := bkLog(t, f.Env, hf); len(rows) != 1 || rows[0] != (bkLogRow{b.ID, "book", 1}) {
			t.Fatalf("log %+v: want one row for booking %d, written seeing it", rows, b.ID)
		}
		if c := hf.calls(); len(c) != 2 || c[1].hook != "AfterBook" || c[1].bookingID != b.ID || c[1].bookedCount != 0 {
			t.Fatalf("calls %+v: want AfterBook with booking %d and booked count 0 (before it)", c, b.ID)
		}

		cases := []struct {
			first  string
			status int
			code   string
		}{
			{"Failing", http.StatusInternalServerError, "internal_error"},
			{"Refused", http.StatusConflict, "test_after_refused"},
		}
		for _, c := range cases {
			t.Run(c.first, func(t *testing.T) {
				f.ExpectProblem(c.status, c.code, "POST", "/api/bookings", bkBookBody(f.Customer(c.first), sess))
				if n := f.countBookings(0); n != 1 {
					t.Fatalf("%d bookings: the failed AfterBook did not roll the booking back", n)
				}
				if rows := bkLog(t, f.Env, hf); len(rows) != 1 {
					t.Fatalf("log %+v: the hook's own write was not rolled back", rows)
				}
				if n := f.bookedCount(sess); n != 1 {
					t.Fatalf("booked_count %d, want 1", n)
				}
			})
		}
	})
}
