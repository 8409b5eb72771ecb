package bookingwindow_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/bookingwindow"
	"github.com/gymtastic/gymtastic/features/waitlist"
)

// base is when the tests' frozen clock starts; start, twenty days later,
// is when their sessions start unless a test says otherwise: outside the
// default window of 14 days.
var (
	base  = time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)
	start = base.AddDate(0, 0, 20)
)

// fixture is a running Gymtastic with the booking window and the waitlist,
// a frozen clock, a Yoga class type and a staff key.
type fixture struct {
	*testenv.Env
	t     *testing.T
	yoga  int64
	staff *testenv.Client
}

func newFixture(t *testing.T, kind config.DatabaseKind, opt testenv.Options) *fixture {
	t.Helper()
	opt.Features = []core.Feature{bookingwindow.New(), waitlist.New()}
	env := testenv.New(t, kind, opt)
	env.Clock.Set(base)
	return &fixture{Env: env, t: t, yoga: env.ClassType("Yoga"), staff: env.As(env.Key(t, core.RoleStaff))}
}

// as is a client holding a token of customer's.
func (f *fixture) as(customer int64) *testenv.Client {
	f.t.Helper()
	return f.As(f.CustomerToken(f.t, customer))
}

// bookAs books customer into session with a token of hers, with the clock
// at now (a token made earlier may have expired by then).
func (f *fixture) bookAs(now time.Time, customer, session int64) *testenv.Response {
	f.t.Helper()
	f.Clock.Set(now)
	return f.as(customer).Book(customer, session)
}

// bookAt books customer into session through c with the clock at now.
func (f *fixture) bookAt(c *testenv.Client, now time.Time, customer, session int64) *testenv.Response {
	f.t.Helper()
	f.Clock.Set(now)
	return c.Book(customer, session)
}

// refusal is a booking window's problem, with its members.
type refusal struct {
	Status   int        `json:"status"`
	Code     string     `json:"code"`
	Detail   string     `json:"detail"`
	OpensAt  *time.Time `json:"opens_at"`
	ClosesAt *time.Time `json:"closes_at"`
}

// expect checks that r is 201 when code is "", else a refusal with code
// whose member (opens_at or closes_at) is at, named in the detail too.
func expect(t *testing.T, r *testenv.Response, code string, at time.Time) {
	t.Helper()
	if code == "" {
		if r.Status != http.StatusCreated {
			t.Errorf("status %d, want 201: %s", r.Status, r.Body)
		}
		return
	}
	var p refusal
	if err := json.Unmarshal(r.Body, &p); err != nil || r.Status != http.StatusConflict || p.Code != code {
		t.Errorf("%d %s, want 409 %s", r.Status, r.Body, code)
		return
	}
	member := p.OpensAt
	if code == bookingwindow.ErrClosed.Code {
		member = p.ClosesAt
	}
	if member == nil || !member.Equal(at) {
		t.Errorf("%s: member %v, want %s: %s", code, member, at.Format(time.RFC3339Nano), r.Body)
	}
	if want := at.UTC().Format(time.RFC3339Nano); !strings.Contains(p.Detail, want) {
		t.Errorf("%s: detail %q does not name %s", code, p.Detail, want)
	}
}

// segment creates a segment as staff and returns its id.
func (f *fixture) segment(name string, days int, customers ...int64) int64 {
	f.t.Helper()
	if customers == nil {
		customers = []int64{}
	}
	var out testenv.ID
	f.staff.Expect(http.StatusCreated, "POST", "/api/booking_segments",
		map[string]any{"name": name, "opens_days_before": days, "customers": customers}, &out)
	return out.ID
}

// window reads GET /api/class_sessions/{id}/booking_window through c.
func (f *fixture) window(c *testenv.Client, session int64, query string) bookingwindow.SessionWindowJSON {
	f.t.Helper()
	var out bookingwindow.SessionWindowJSON
	c.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/class_sessions/%d/booking_window%s", session, query), nil, &out)
	return out
}

func windowPath(classType int64) string {
	return fmt.Sprintf("/api/class_types/%d/booking_window", classType)
}
