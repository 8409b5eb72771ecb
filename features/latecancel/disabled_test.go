package latecancel_test

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
	"github.com/gymtastic/gymtastic/features/latecancel"
)

// startOn runs a Gymtastic with the feature enabled or not on an existing
// database, as a restart with a changed config.yaml would, its clock frozen
// at base.
func startOn(t *testing.T, dbURL string, enabled bool) (*testenv.Client, *app.App) {
	t.Helper()
	reg := core.NewRegistry([]core.Feature{latecancel.New()})
	cfg := testenv.Config(t, reg, dbURL, testenv.Options{})
	if err := reg.Configure(map[string]map[string]any{"late_cancels": {"enabled": enabled}}); err != nil {
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

// Disabled, every cancel is plain cancelled, however late, nothing is
// recorded, and every route of the feature answers 404; policies stay and
// are back when the feature is enabled again.
func TestDisabled(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		url := testenv.DatabaseURL(t, kind)
		on, _ := startOn(t, url, true)
		yoga := on.ClassType("Yoga")
		on.Expect(http.StatusOK, "PUT", policyPath(yoga), map[string]any{"cutoff_minutes": 600}, nil)

		off, a := startOn(t, url, false)
		ada := off.Customer("Ada")
		session := off.Session(yoga, base.Add(time.Minute), 0) // a minute from now: late under any cutoff
		var b testenv.ID
		off.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": ada, "class_session": session}, &b)
		var out struct{ Status string }
		off.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), nil, &out)
		if out.Status != core.StatusCancelled {
			t.Errorf("cancel with the feature disabled: %s, want cancelled", out.Status)
		}
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"GET", policyPath(yoga), nil},
			{"PUT", policyPath(yoga), map[string]any{"cutoff_minutes": 5}},
			{"DELETE", policyPath(yoga), nil},
			{"GET", "/api/late_cancels", nil},
			{"GET", fmt.Sprintf("/api/bookings/%d/late_cancel", b.ID), nil},
		} {
			off.ExpectProblem(http.StatusNotFound, "not_found", c.method, c.path, c.body)
		}
		var doc struct{ Paths map[string]any }
		off.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
		for p := range doc.Paths {
			if strings.Contains(p, "late_cancel") {
				t.Errorf("disabled feature's path %s in the OpenAPI document", p)
			}
		}
		var policies, decisions int64
		a.DB.Raw("SELECT COUNT(*) FROM late_cancel_policies").Scan(&policies)
		a.DB.Raw("SELECT COUNT(*) FROM late_cancel_decisions").Scan(&decisions)
		if policies != 1 || decisions != 0 {
			t.Errorf("disabled: %d policies and %d decisions, want 1 and 0", policies, decisions)
		}

		again, _ := startOn(t, url, true)
		var p latecancel.PolicyJSON
		again.Expect(http.StatusOK, "GET", policyPath(yoga), nil, &p)
		if p.CutoffMinutes != 600 || p.Source != "class_type" {
			t.Errorf("policy after re-enabling: %+v", p)
		}
		session = again.Session(yoga, base.Add(time.Hour), 0)
		again.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": ada, "class_session": session}, &b)
		again.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), nil, &out)
		if out.Status != core.StatusLateCancelled {
			t.Errorf("cancel after re-enabling: %s, want late_cancelled", out.Status)
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
		{"zero", map[string]any{"default_cutoff_minutes": 0}, ""},
		{"a week", map[string]any{"default_cutoff_minutes": 10080}, ""},
		{"from the environment", map[string]any{"default_cutoff_minutes": "90"}, ""},
		{"negative", map[string]any{"default_cutoff_minutes": -1}, "default_cutoff_minutes"},
		{"over a week", map[string]any{"default_cutoff_minutes": 10081}, "default_cutoff_minutes"},
		{"not a number", map[string]any{"default_cutoff_minutes": "soon"}, "default_cutoff_minutes"},
		{"unknown key", map[string]any{"cutoff_minutes": 5}, "cutoff_minutes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := latecancel.New()
			reg := core.NewRegistry([]core.Feature{f})
			err := reg.Configure(map[string]map[string]any{"late_cancels": c.section})
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("valid config refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), "features.late_cancels") ||
				!strings.Contains(err.Error(), c.want)):
				t.Fatalf("error %v, want one naming features.late_cancels and %s", err, c.want)
			}
		})
	}
	if d := core.NewRegistry([]core.Feature{latecancel.New()}).Defaults(); d["features.late_cancels.default_cutoff_minutes"] != 720 {
		t.Errorf("default default_cutoff_minutes: %v", d["features.late_cancels.default_cutoff_minutes"])
	}
}
