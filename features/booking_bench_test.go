package features_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm/logger"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features"
)

// The booking transaction with every feature on, as `gymtastic serve` runs
// it: its database round trips (a test) and its cost (benchmarks).

const (
	benchCustomers = 1000
	benchSessions  = 100 // so at most benchCustomers × benchSessions bookings
)

// bookingEnv is a Gymtastic with every feature enabled, benchCustomers
// customers, a milestone, and benchSessions sessions, one a day.
type bookingEnv struct {
	*testenv.Env
	classType     int64
	firstCustomer int64
	sessions      []int64
}

func newBookingEnv(tb testing.TB, kind config.DatabaseKind, tracer pgx.QueryTracer) *bookingEnv {
	tb.Helper()
	if kind == config.Postgres {
		testenv.RequirePostgres(tb)
	}
	e := &bookingEnv{Env: testenv.New(tb, kind, testenv.Options{
		Features: features.All(),
		Timezone: "Europe/Paris",
		DBTracer: tracer,
	})}
	series := fmt.Sprintf("(WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < %d) SELECT n FROM g) AS g", benchCustomers)
	if err := e.App.DB.Exec(`INSERT INTO customers (first_name, last_name, email, created_at)
		SELECT 'Bench', 'Customer', 'bench' || g.n || '@example.com', ? FROM `+series, time.Now().UTC()).Error; err != nil {
		tb.Fatal(err)
	}
	e.App.DB.Raw("SELECT MIN(id) FROM customers").Scan(&e.firstCustomer)
	e.classType = e.ClassType("Bench")
	start := time.Now().Add(24 * time.Hour).Truncate(time.Hour)
	for d := 0; d < benchSessions; d++ {
		e.sessions = append(e.sessions, e.Session(e.classType, start.AddDate(0, 0, d), 0))
	}
	e.Expect(http.StatusCreated, "POST", "/api/milestones",
		map[string]any{"name": "Ten in 30 days", "interval": "P30D", "session_count": 10}, nil)
	return e
}

// pair is the i-th unique (customer, session) pair: in round r = i / C,
// customer c = i % C books session (c + r) mod S. Consecutive pairs share
// neither customer nor session, so concurrent bookings do not queue on one
// row; each customer books one session a day, within every enabled rule.
func (e *bookingEnv) pair(i int) (customer, session int64) {
	if i >= benchCustomers*benchSessions {
		panic("bench: out of unique pairs")
	}
	c := i % benchCustomers
	return e.firstCustomer + int64(c), e.sessions[(c+i/benchCustomers)%benchSessions]
}

// statementLog records the SQL statements gorm sends (on SQLite, where
// nothing travels: the statements are the cost).
type statementLog struct {
	logger.Interface
	mu    sync.Mutex
	stmts []string
}

func (l *statementLog) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	sql, _ := fc()
	l.mu.Lock()
	l.stmts = append(l.stmts, strings.Join(strings.Fields(sql), " "))
	l.mu.Unlock()
}

// roundTrips records, while on, the round trips pgx makes to PostgreSQL:
// each query on its own, and each batch (its queries joined by " ; ").
// Statements pgx prepares for its cache cost a round trip of their own,
// not recorded here: warm the cache first.
type roundTrips struct {
	mu      sync.Mutex
	on      bool
	trips   []string
	batches map[*pgx.Conn][]string
}

func (r *roundTrips) add(trip string) {
	if r.on {
		r.trips = append(r.trips, strings.Join(strings.Fields(trip), " "))
	}
}

func (r *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.add(d.SQL)
	return ctx
}

func (r *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (r *roundTrips) TraceBatchStart(ctx context.Context, c *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.batches == nil {
		r.batches = map[*pgx.Conn][]string{}
	}
	r.batches[c] = nil
	return ctx
}

func (r *roundTrips) TraceBatchQuery(_ context.Context, c *pgx.Conn, d pgx.TraceBatchQueryData) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.batches[c] = append(r.batches[c], d.SQL)
}

func (r *roundTrips) TraceBatchEnd(_ context.Context, c *pgx.Conn, _ pgx.TraceBatchEndData) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.add(strings.Join(r.batches[c], " ; "))
	delete(r.batches, c)
}

// exchanges returns what do sends to the database: the round trips on
// PostgreSQL (BEGIN and COMMIT included), the statements gorm sends on
// SQLite (BEGIN and COMMIT not included).
func (e *bookingEnv) exchanges(t *testing.T, trips *roundTrips, do func() *testenv.Response) []string {
	t.Helper()
	log := &statementLog{Interface: logger.Discard}
	e.App.DB.Logger = log
	trips.mu.Lock()
	trips.on, trips.trips = true, nil
	trips.mu.Unlock()
	res := do()
	trips.mu.Lock()
	trips.on = false
	got := trips.trips
	trips.mu.Unlock()
	e.App.DB.Logger = logger.Discard
	if res.Status/100 != 2 {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	if e.Kind == config.SQLite {
		got = log.stmts
	}
	for i, s := range got {
		t.Logf("%d. %.200s", i+1, s)
	}
	return got
}

// TestBookingRoundTrips counts the round trips of one booking, and of one
// cancel, to PostgreSQL with every feature on: the figures of
// docs/performance.md, "Round trips per booking". The naive booking (begin, lock customer, lock
// session, count the customer's day, count the session, count the last 30
// days, insert, commit) is 8 round trips; through core's pipe it is two:
// BEGIN with the locks, the read of the rows, every rule's reads and the
// insert; COMMIT. A cancel: BEGIN with the lock of customer, session and
// booking; their read with the late cancel policy and the waitlist's
// first waiting entry; the late-cancel decision; the update with COMMIT.
// On SQLite, where a statement costs no round trip, it counts the statements (BEGIN and COMMIT aside): core's
// lock, its read (which carries the rules' ReadValues: premium's mark, the
// booking window's class type window and earliest segment, the booking
// limit's count), milestones' read, and the insert; for a cancel the lock,
// the read, the late-cancel decision and the update.
func TestBookingRoundTrips(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		trips := &roundTrips{}
		e := newBookingEnv(t, kind, trips)
		// Warm: the first booking and cancel of a process prepare statements.
		var warm struct{ ID int64 }
		c, s := e.pair(0)
		e.Book(c, s).Decode(t, &warm)
		e.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", warm.ID), nil, nil)

		// A session's first booking in a process learns when it starts;
		// the next ones send their lock, read and insert together.
		maxFirst, maxBook, maxCancel, unit := 3, 2, 4, "round trips"
		if kind == config.SQLite {
			maxFirst, maxBook, maxCancel, unit = 4, 4, 4, "statements + BEGIN + COMMIT"
		}
		c, _ = e.pair(1)
		first := e.exchanges(t, trips, func() *testenv.Response { return e.Book(c, e.sessions[1]) })
		t.Logf("%s: %d %s for a session's first booking", kind, len(first), unit)
		if len(first) > maxFirst {
			t.Errorf("%d %s for a session's first booking, want at most %d", len(first), unit, maxFirst)
		}
		var booked struct{ ID int64 }
		book := e.exchanges(t, trips, func() *testenv.Response {
			res := e.Book(c, s)
			if res.Status == http.StatusCreated {
				res.Decode(t, &booked)
			}
			return res
		})
		t.Logf("%s: %d %s per booking", kind, len(book), unit)
		if len(book) > maxBook {
			t.Errorf("%d %s per booking, want at most %d", len(book), unit, maxBook)
		}

		// A regular past the milestone (ten bookings in 30 days), which
		// they achieved at their tenth: nothing more to read or write.
		regular := e.firstCustomer + benchCustomers - 1
		for _, s := range e.sessions[2:13] {
			e.Book(regular, s)
		}
		again := e.exchanges(t, trips, func() *testenv.Response { return e.Book(regular, e.sessions[0]) })
		t.Logf("%s: %d %s per booking past a milestone achieved", kind, len(again), unit)
		if len(again) > maxBook {
			t.Errorf("%d %s per booking past a milestone achieved, want at most %d", len(again), unit, maxBook)
		}

		cancel := e.exchanges(t, trips, func() *testenv.Response {
			return e.Call("POST", fmt.Sprintf("/api/bookings/%d/cancel", booked.ID), nil)
		})
		t.Logf("%s: %d %s per cancel", kind, len(cancel), unit)
		if len(cancel) > maxCancel {
			t.Errorf("%d %s per cancel, want at most %d", len(cancel), unit, maxCancel)
		}
	})
}

// BenchmarkBook books unique pairs through the HTTP handler (no network),
// one at a time: the server's cost of a booking, database included.
func BenchmarkBook(b *testing.B) {
	for _, kind := range []config.DatabaseKind{config.SQLite, config.Postgres} {
		b.Run(string(kind), func(b *testing.B) {
			e := newBookingEnv(b, kind, nil)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c, s := e.pair(i)
				body := fmt.Sprintf(`{"customer":%d,"class_session":%d}`, c, s)
				req := httptest.NewRequest("POST", "/api/bookings", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+e.Secret)
				rec := httptest.NewRecorder()
				e.App.Handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusCreated {
					b.Fatalf("booking %d: %d %s", i, rec.Code, rec.Body)
				}
			}
		})
	}
}

// BenchmarkBookParallel is BenchmarkBook with GOMAXPROCS×4 concurrent
// clients, so that bookings contend for the pool and the database.
func BenchmarkBookParallel(b *testing.B) {
	for _, kind := range []config.DatabaseKind{config.SQLite, config.Postgres} {
		b.Run(string(kind), func(b *testing.B) {
			e := newBookingEnv(b, kind, nil)
			var next sync.Mutex
			i := 0
			b.ReportAllocs()
			b.SetParallelism(4)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					next.Lock()
					n := i
					i++
					next.Unlock()
					c, s := e.pair(n)
					body := fmt.Sprintf(`{"customer":%d,"class_session":%d}`, c, s)
					req := httptest.NewRequest("POST", "/api/bookings", strings.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+e.Secret)
					rec := httptest.NewRecorder()
					e.App.Handler.ServeHTTP(rec, req)
					if rec.Code != http.StatusCreated {
						b.Errorf("booking %d: %d %s", n, rec.Code, rec.Body)
						return
					}
				}
			})
		})
	}
}
