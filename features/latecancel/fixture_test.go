package latecancel_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/latecancel"
)

// base is when the tests' frozen clock starts.
var base = time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)

// fixture is a running Gymtastic with the feature and a frozen clock.
type fixture struct {
	*testenv.Env
	t *testing.T
}

func newFixture(t *testing.T, kind config.DatabaseKind, opt testenv.Options) *fixture {
	t.Helper()
	opt.Features = []core.Feature{latecancel.New()}
	env := testenv.New(t, kind, opt)
	env.Clock.Set(base)
	return &fixture{Env: env, t: t}
}

// bookAt books customer into a new session of classType starting at
// startsAt, with the clock at base, and returns the booking id.
func (f *fixture) bookAt(customer, classType int64, startsAt time.Time) int64 {
	f.t.Helper()
	f.Clock.Set(base)
	s := f.Session(classType, startsAt, 0)
	var out testenv.ID
	f.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": customer, "class_session": s}, &out)
	return out.ID
}

// cancelAt cancels a booking with the clock at now and returns it.
func (f *fixture) cancelAt(booking int64, now time.Time) api.Booking {
	f.t.Helper()
	f.Clock.Set(now)
	var out api.Booking
	f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", booking), nil, &out)
	return out
}

func (f *fixture) booking(id int64) api.Booking {
	f.t.Helper()
	var out api.Booking
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/bookings/%d", id), nil, &out)
	return out
}

func (f *fixture) policy(classType int64) latecancel.PolicyJSON {
	f.t.Helper()
	var out latecancel.PolicyJSON
	f.Expect(http.StatusOK, "GET", policyPath(classType), nil, &out)
	return out
}

func (f *fixture) setPolicy(classType int64, minutes int) latecancel.PolicyJSON {
	f.t.Helper()
	var out latecancel.PolicyJSON
	f.Expect(http.StatusOK, "PUT", policyPath(classType), map[string]any{"cutoff_minutes": minutes}, &out)
	return out
}

func (f *fixture) decision(booking int64) latecancel.DecisionJSON {
	f.t.Helper()
	var out latecancel.DecisionJSON
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/bookings/%d/late_cancel", booking), nil, &out)
	return out
}

func (f *fixture) report(query string) []latecancel.ReportRow {
	f.t.Helper()
	var out []latecancel.ReportRow
	f.Expect(http.StatusOK, "GET", "/api/late_cancels"+query, nil, &out)
	return out
}

func policyPath(classType int64) string {
	return fmt.Sprintf("/api/class_types/%d/late_cancel_policy", classType)
}
