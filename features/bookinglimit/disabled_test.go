package bookinglimit_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/app"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/bookinglimit"
)

// startOn runs Gymtastic on an existing database with the feature's
// section, as a restart with a changed config.yaml would.
func startOn(t *testing.T, dbURL string, section map[string]any) *testenv.Client {
	t.Helper()
	reg := core.NewRegistry([]core.Feature{bookinglimit.New()})
	cfg := testenv.Config(t, reg, dbURL, testenv.Options{})
	if err := reg.Configure(map[string]map[string]any{"booking_limit": section}); err != nil {
		t.Fatal(err)
	}
	clock := &testenv.Clock{}
	clock.Set(base)
	a, err := app.New(context.Background(), cfg, reg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	if _, err := a.Runner.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
	return testenv.AppClient(t, a)
}

// Disabled, the rule does not run; enabled again, bookings made meanwhile
// stay, and the customer cannot add to that day until below the limit.
func TestDisabled(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		url := testenv.DatabaseURL(t, kind)
		off := startOn(t, url, map[string]any{"enabled": false, "max_per_day": 1})
		ct := off.ClassType("Yoga")
		day := time.Date(2030, 6, 1, 7, 0, 0, 0, time.UTC)
		ada := off.Customer("Ada")
		var held []int64
		for i := 0; i < 3; i++ {
			var b testenv.ID
			off.Expect(http.StatusCreated, "POST", "/api/bookings",
				map[string]any{"customer": ada, "class_session": off.Session(ct, day.Add(time.Duration(i)*time.Hour), 0)}, &b)
			held = append(held, b.ID)
		}

		on := startOn(t, url, map[string]any{"max_per_day": 2})
		late := on.Session(ct, day.Add(10*time.Hour), 0)
		p := on.ExpectProblem(http.StatusConflict, "booking_limit_exceeded", "POST", "/api/bookings",
			map[string]any{"customer": ada, "class_session": late})
		expectDetail(t, p.Detail, "2030-06-01", "holds 3", bookingRef(held[0]), bookingRef(held[1]), bookingRef(held[2]))
		for _, b := range held[:2] {
			on.Expect(http.StatusOK, "POST", "/api/bookings/"+itoa(b)+"/cancel", nil, nil)
		}
		on.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": ada, "class_session": late}, nil)
	})
}
