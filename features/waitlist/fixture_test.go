package waitlist_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/bookinglimit"
	"github.com/gymtastic/gymtastic/features/latecancel"
	"github.com/gymtastic/gymtastic/features/premium"
	"github.com/gymtastic/gymtastic/features/waitlist"
)

// base is when the tests' frozen clock starts; sessions start two days
// later, far from the promotion cutoff, unless a test says otherwise.
var (
	base  = time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)
	start = base.Add(48 * time.Hour)
)

// fixture is a running Gymtastic with the waitlist, the other features in
// their registry order (premium, booking_limit, late_cancels) set by
// opt.FeatureConfig (booking_limit is off unless configured, so that a
// customer may hold several bookings a day), a frozen clock and a Yoga
// class type.
type fixture struct {
	*testenv.Env
	t    *testing.T
	yoga int64
}

func newFixture(t *testing.T, kind config.DatabaseKind, opt testenv.Options) *fixture {
	t.Helper()
	cfg := map[string]map[string]any{"booking_limit": {"enabled": false}, "late_cancels": {"enabled": false}}
	for name, section := range opt.FeatureConfig {
		cfg[name] = section
	}
	opt.FeatureConfig = cfg
	opt.Features = []core.Feature{premium.New(), bookinglimit.New(), latecancel.New(), waitlist.New()}
	env := testenv.New(t, kind, opt)
	env.Clock.Set(base)
	return &fixture{Env: env, t: t, yoga: env.ClassType("Yoga")}
}

// customers creates n customers named after prefix.
func (f *fixture) customers(prefix string, n int) []int64 {
	f.t.Helper()
	out := make([]int64, n)
	for i := range out {
		out[i] = f.Customer(fmt.Sprintf("%s%d", prefix, i+1))
	}
	return out
}

// fullSession creates a session of capacity places starting at startsAt,
// each taken by a new customer, and returns it with its bookings.
func (f *fixture) fullSession(startsAt time.Time, capacity int) (session int64, bookings []int64) {
	f.t.Helper()
	session = f.Session(f.yoga, startsAt, capacity)
	for _, c := range f.customers(fmt.Sprintf("Booked%d_", session), capacity) {
		bookings = append(bookings, f.book(c, session))
	}
	return session, bookings
}

// book books customer into session and returns the booking's id.
func (f *fixture) book(customer, session int64) int64 {
	f.t.Helper()
	var out testenv.ID
	f.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": customer, "class_session": session}, &out)
	return out.ID
}

// post creates a row as the admin and returns its id.
func (f *fixture) post(path string, body any) int64 {
	f.t.Helper()
	var out testenv.ID
	f.Expect(http.StatusCreated, "POST", path, body, &out)
	return out.ID
}

// join puts customer on session's waitlist and returns the entry.
func (f *fixture) join(customer, session int64) waitlist.EntryJSON {
	f.t.Helper()
	var out waitlist.EntryJSON
	f.Expect(http.StatusCreated, "POST", "/api/waitlist_entries", map[string]any{"customer": customer, "class_session": session}, &out)
	return out
}

// joinAll puts each customer on session's waitlist, in order.
func (f *fixture) joinAll(session int64, customers []int64) []waitlist.EntryJSON {
	f.t.Helper()
	out := make([]waitlist.EntryJSON, len(customers))
	for i, c := range customers {
		out[i] = f.join(c, session)
	}
	return out
}

// cancel cancels a booking and returns it.
func (f *fixture) cancel(booking int64) api.Booking {
	f.t.Helper()
	var out api.Booking
	f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", booking), nil, &out)
	return out
}

func (f *fixture) entry(id int64) waitlist.EntryJSON {
	f.t.Helper()
	var out waitlist.EntryJSON
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/waitlist_entries/%d", id), nil, &out)
	return out
}

// entries lists the entries a query selects ("?class_session=3").
func (f *fixture) entries(query string) []waitlist.EntryJSON {
	f.t.Helper()
	var out []waitlist.EntryJSON
	f.Expect(http.StatusOK, "GET", "/api/waitlist_entries"+query+sep(query)+"limit=1000", nil, &out)
	return out
}

func (f *fixture) booking(id int64) api.Booking {
	f.t.Helper()
	var out api.Booking
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/bookings/%d", id), nil, &out)
	return out
}

// session returns a session's capacity and booked count.
func (f *fixture) session(id int64) (capacity *int, booked int) {
	f.t.Helper()
	var out struct {
		Capacity    *int `json:"capacity"`
		BookedCount int  `json:"booked_count"`
	}
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/class_sessions/%d", id), nil, &out)
	return out.Capacity, out.BookedCount
}

// emails lists the outbox's emails of a kind.
func (f *fixture) emails(kind string) []api.Email {
	f.t.Helper()
	var out []api.Email
	f.Expect(http.StatusOK, "GET", "/api/emails?limit=1000&kind="+kind, nil, &out)
	return out
}

// email returns a customer's email address.
func (f *fixture) email(customer int64) string {
	f.t.Helper()
	var out struct{ Email string }
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d", customer), nil, &out)
	return out.Email
}

// expectWaiting fails t unless session's waiting entries are want, in
// order, at positions 1, 2…
func (f *fixture) expectWaiting(session int64, want ...int64) {
	f.t.Helper()
	got := f.entries(fmt.Sprintf("?class_session=%d&status=waiting", session))
	ids := make([]int64, len(got))
	for i, e := range got {
		ids[i] = e.ID
		if e.Position == nil || *e.Position != int64(i+1) || e.Booking != nil || e.Reason != nil {
			f.t.Errorf("waiting entry %d: position %v, booking %v, reason %v; want position %d", e.ID,
				deref(e.Position), deref(e.Booking), deref(e.Reason), i+1)
		}
	}
	if fmt.Sprint(ids) != fmt.Sprint(want) && !(len(ids) == 0 && len(want) == 0) {
		f.t.Errorf("session %d's waiting entries %v, want %v", session, ids, want)
	}
}

func sep(query string) string {
	if query == "" {
		return "?"
	}
	return "&"
}

// show is an entry as JSON, for messages and comparisons.
func show(e waitlist.EntryJSON) string {
	b, _ := json.Marshal(e)
	return string(b)
}

// deref shows a pointer's value, or nil.
func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
