package waitlist_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/app"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/waitlist"
)

// startOn runs a Gymtastic with the feature enabled or not on an existing
// database, as a restart with a changed config.yaml would, its clock
// frozen at base.
func startOn(t *testing.T, dbURL string, enabled bool) (*testenv.Client, *app.App) {
	t.Helper()
	reg := core.NewRegistry([]core.Feature{waitlist.New()})
	cfg := testenv.Config(t, reg, dbURL, testenv.Options{})
	if err := reg.Configure(map[string]map[string]any{"waitlist": {"enabled": enabled}}); err != nil {
		t.Fatal(err)
	}
	a, err := app.New(context.Background(), cfg, reg, slog.New(slog.NewTextHandler(io.Discard, nil)),
		app.Options{Now: func() time.Time { return base }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	if _, err := a.Runner.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
	return testenv.AppClient(t, a), a
}

// Disabled, every route of the feature answers 404 and is not in the
// OpenAPI document, and a cancel or a capacity raised promotes nobody: the
// place is anyone's. Enabled again, the entries wait where they were.
func TestDisabled(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		url := testenv.DatabaseURL(t, kind)
		on, _ := startOn(t, url, true)
		yoga := on.ClassType("Yoga")
		session := on.Session(yoga, start, 1)
		var held testenv.ID
		on.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": on.Customer("Holder"), "class_session": session}, &held)
		var e waitlist.EntryJSON
		on.Expect(http.StatusCreated, "POST", "/api/waitlist_entries", map[string]any{"customer": on.Customer("Ada"), "class_session": session}, &e)

		off, a := startOn(t, url, false)
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/api/waitlist_entries", nil},
			{"GET", fmt.Sprintf("/api/waitlist_entries/%d", e.ID), nil},
			{"POST", "/api/waitlist_entries", map[string]any{"customer": e.Customer, "class_session": session}},
			{"POST", fmt.Sprintf("/api/waitlist_entries/%d/leave", e.ID), nil},
		} {
			off.ExpectProblem(http.StatusNotFound, "not_found", c.method, c.path, c.body)
		}
		var doc struct{ Paths map[string]any }
		off.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
		for p := range doc.Paths {
			if strings.Contains(p, "waitlist") {
				t.Errorf("disabled feature's path %s in the OpenAPI document", p)
			}
		}
		off.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", held.ID), nil, nil)
		off.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/class_sessions/%d", session), map[string]any{"capacity": 3}, nil)
		var waiting, promotedBookings, emails int64
		a.DB.Raw("SELECT COUNT(*) FROM waitlist_entries WHERE status = 'waiting'").Scan(&waiting)
		a.DB.Raw("SELECT COUNT(*) FROM bookings WHERE customer_id = ?", e.Customer).Scan(&promotedBookings)
		a.DB.Raw("SELECT COUNT(*) FROM emails").Scan(&emails)
		if waiting != 1 || promotedBookings != 0 || emails != 0 {
			t.Errorf("disabled: %d waiting, %d bookings of the waiting customer, %d emails; want 1, 0, 0", waiting, promotedBookings, emails)
		}
		off.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": off.Customer("Direct"), "class_session": session}, nil)

		again, _ := startOn(t, url, true)
		var got waitlist.EntryJSON
		again.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/waitlist_entries/%d", e.ID), nil, &got)
		if got.Status != waitlist.StatusWaiting || deref(got.Position) != int64(1) {
			t.Errorf("entry after re-enabling: %s", show(got))
		}
	})
}

// The config is checked at start-up, naming the key.
func TestConfig(t *testing.T) {
	cases := []struct {
		name    string
		section map[string]any
		want    string // "" means valid
	}{
		{"default", nil, ""},
		{"no cap", map[string]any{"max_size": 0}, ""},
		{"largest", map[string]any{"max_size": 10000, "promotion_cutoff_minutes": 10080}, ""},
		{"no cutoff", map[string]any{"promotion_cutoff_minutes": 0}, ""},
		{"from the environment", map[string]any{"max_size": "5"}, ""},
		{"negative size", map[string]any{"max_size": -1}, "max_size"},
		{"too large", map[string]any{"max_size": 10001}, "max_size"},
		{"negative cutoff", map[string]any{"promotion_cutoff_minutes": -1}, "promotion_cutoff_minutes"},
		{"cutoff over a week", map[string]any{"promotion_cutoff_minutes": 10081}, "promotion_cutoff_minutes"},
		{"not a number", map[string]any{"max_size": "many"}, "max_size"},
		{"unknown key", map[string]any{"size": 5}, "size"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reg := core.NewRegistry([]core.Feature{waitlist.New()})
			err := reg.Configure(map[string]map[string]any{"waitlist": c.section})
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("valid config refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), "features.waitlist") ||
				!strings.Contains(err.Error(), c.want)):
				t.Fatalf("error %v, want one naming features.waitlist and %s", err, c.want)
			}
		})
	}
	d := core.NewRegistry([]core.Feature{waitlist.New()}).Defaults()
	if d["features.waitlist.max_size"] != 20 || d["features.waitlist.promotion_cutoff_minutes"] != 60 ||
		d["features.waitlist.enabled"] != true {
		t.Errorf("defaults: %v", d)
	}
}
