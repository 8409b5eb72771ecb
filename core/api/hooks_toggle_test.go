package api_test

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// bkLogRow is a row of the test feature's log table.
type bkLogRow struct {
	BookingID int64
	Event     string
	Visible   int64
}

// bkLog reads the test feature's log table.
func bkLog(t *testing.T, env *testenv.Env, f *bkHookFeature) []bkLogRow {
	t.Helper()
	var rows []bkLogRow
	if err := env.App.DB.Raw("SELECT booking_id, event, visible FROM " + f.name + "_log ORDER BY id").Scan(&rows).Error; err != nil {
		t.Fatalf("read %s_log: %v", f.name, err)
	}
	return rows
}

// TestHookToggle switches the test feature off and on: off, its hooks are
// not called and its routes answer 404, but its tables exist.
func TestHookToggle(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		cases := []struct {
			name    string
			section map[string]any
			enabled bool
		}{
			{"disabled", map[string]any{"enabled": false, "late_cancel": true}, false},
			{"disabled as a string", map[string]any{"enabled": "false"}, false},
			{"enabled explicitly", map[string]any{"enabled": true}, true},
			{"enabled by default", nil, true},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				hf := newBkHookFeature("hooktest")
				opt := testenv.Options{Features: []core.Feature{hf}}
				if c.section != nil {
					opt.FeatureConfig = map[string]map[string]any{"hooktest": c.section}
				}
				f := bkSetup(t, kind, opt)
				sess := f.session(24*time.Hour, 0)
				r := f.Book(f.Customer("Blocked"), sess)
				ping := f.Call("GET", "/api/hooktest/ping", nil)
				if c.enabled {
					if r.Status != http.StatusConflict || r.Problem().Code != "test_refused" {
						t.Fatalf("enabled: Blocked booked: %d %s", r.Status, r.Body)
					}
					if ping.Status != http.StatusOK || !strings.Contains(string(ping.Body), `"pong":true`) {
						t.Fatalf("enabled: route answered %d %s", ping.Status, ping.Body)
					}
					return
				}
				if r.Status != http.StatusCreated {
					t.Fatalf("disabled: Blocked refused: %d %s", r.Status, r.Body)
				}
				var b bkBooking
				r.Decode(t, &b)
				var got bkBooking
				f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), nil, &got)
				if got.Status != "cancelled" {
					t.Fatalf("disabled: BeforeCancel ran: %s", got.Status)
				}
				if calls := hf.calls(); len(calls) != 0 {
					t.Fatalf("disabled: hooks called: %+v", calls)
				}
				if rows := bkLog(t, f.Env, hf); len(rows) != 0 { // the table exists, untouched
					t.Fatalf("disabled: log %+v", rows)
				}
				if ping.Status != http.StatusNotFound || ping.Problem().Code != "not_found" {
					t.Fatalf("disabled: route answered %d %s", ping.Status, ping.Body)
				}
			})
		}
	})
}

func TestHookConfigErrors(t *testing.T) {
	cases := []struct {
		name    string
		section map[string]any
		want    []string
	}{
		{"unknown key", map[string]any{"late_cancels": true}, []string{"hooktest", "late_cancels"}},
		{"unknown key beside enabled", map[string]any{"enabled": false, "colour": "red"}, []string{"hooktest", "colour"}},
		{"wrong type", map[string]any{"late_cancel": "sometimes"}, []string{"hooktest", "late_cancel"}},
		{"enabled not a boolean", map[string]any{"enabled": "maybe"}, []string{"hooktest", "enabled"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reg := core.NewRegistry([]core.Feature{newBkHookFeature("hooktest")})
			err := reg.Configure(map[string]map[string]any{"hooktest": c.section})
			if err == nil {
				t.Fatalf("Configure accepted %v", c.section)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Fatalf("error %q does not name %q", err, w)
				}
			}
		})
	}
	t.Run("valid", func(t *testing.T) {
		hf := newBkHookFeature("hooktest")
		reg := core.NewRegistry([]core.Feature{hf})
		if err := reg.Configure(map[string]map[string]any{"hooktest": {"late_cancel": "true"}}); err != nil {
			t.Fatalf("Configure: %v", err)
		}
		if !hf.cfg.LateCancel || !reg.IsEnabled("hooktest") {
			t.Fatalf("config %+v, enabled %v", hf.cfg, reg.IsEnabled("hooktest"))
		}
	})
}

// TestHookBeforeCancelLate lets BeforeCancel turn cancels into late
// cancels, then forgives one.
func TestHookBeforeCancelLate(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		hf := newBkHookFeature("hooktest")
		f := bkSetup(t, kind, testenv.Options{Features: []core.Feature{hf},
			FeatureConfig: map[string]map[string]any{"hooktest": {"late_cancel": true}}})
		sess := f.session(time.Hour, 1)
		for _, w := range bkCancelWays {
			t.Run(w.name, func(t *testing.T) {
				f.Clock.Set(bkNow)
				b := f.book(f.Customer("Ada"), sess)
				f.Clock.Set(bkNow.Add(time.Minute))
				var got bkBooking
				f.Expect(http.StatusOK, w.method, fmt.Sprintf(w.path, b.ID), w.body, &got)
				if got.Status != "late_cancelled" || got.CancelledAt == nil || !got.CancelledAt.Equal(bkNow.Add(time.Minute)) {
					t.Fatalf("late cancel: %+v", got)
				}
				if n := f.bookedCount(sess); n != 0 {
					t.Fatalf("booked_count %d: a late cancel must free the place", n)
				}
				rows := bkLog(t, f.Env, hf)
				if last := rows[len(rows)-1]; last != (bkLogRow{b.ID, "cancel:late_cancelled", 1}) {
					t.Fatalf("AfterCancel wrote %+v", last)
				}
			})
		}

		f.Clock.Set(bkNow)
		b := f.book(f.Customer("Bea"), sess)
		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), nil, nil)
		path := fmt.Sprintf("/api/bookings/%d", b.ID)
		f.Expect(http.StatusOK, "PATCH", path, map[string]any{"status": "late_cancelled"}, nil) // no change
		for _, to := range []string{"booked", "attended", "no_show"} {
			p := f.ExpectProblem(http.StatusConflict, "invalid_transition", "PATCH", path, map[string]any{"status": to})
			if !strings.Contains(p.Detail, "late_cancelled") || !strings.Contains(p.Detail, to) {
				t.Fatalf("detail %q does not name late_cancelled and %s", p.Detail, to)
			}
		}
		f.ExpectProblem(http.StatusConflict, "invalid_transition", "POST", path+"/cancel", nil)

		late := f.get(b.ID)
		f.Clock.Set(bkNow.Add(2 * time.Hour)) // forgiving works after the start too
		var got bkBooking
		f.Expect(http.StatusOK, "PATCH", path, map[string]any{"status": "cancelled"}, &got)
		if got.Status != "cancelled" || !got.UpdatedAt.Equal(bkNow.Add(2*time.Hour)) ||
			got.CancelledAt == nil || !got.CancelledAt.Equal(*late.CancelledAt) {
			t.Fatalf("forgiven: %+v, was %+v", got, late)
		}
	})
}

// TestHookOrder registers two features: their hooks run in registry order,
// and a refusal by the first stops the second.
func TestHookOrder(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		a, b := newBkHookFeature("hooka"), newBkHookFeature("hookb")
		b.trace = a.trace
		f := bkSetup(t, kind, testenv.Options{Features: []core.Feature{a, b}})
		sess := f.session(24*time.Hour, 0)
		bk := f.book(f.Customer("Ada"), sess)
		f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", bk.ID), nil, nil)
		f.ExpectProblem(http.StatusConflict, "test_refused", "POST", "/api/bookings", bkBookBody(f.Customer("Blocked"), sess))
		want := []string{"hooka.BeforeBook", "hookb.BeforeBook", "hooka.AfterBook", "hookb.AfterBook",
			"hooka.BeforeCancel", "hookb.BeforeCancel", "hooka.AfterCancel", "hookb.AfterCancel",
			"hooka.BeforeBook"}
		a.trace.mu.Lock()
		defer a.trace.mu.Unlock()
		if !reflect.DeepEqual(a.trace.calls, want) {
			t.Fatalf("hook calls %v, want %v", a.trace.calls, want)
		}
	})
}
