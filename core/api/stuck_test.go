package api_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/database"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// stuckTimeout is the request timeout of the stuck-database tests: past
// huma's own 5 s body deadline, which must not cancel a request still
// waiting for the database (it would answer 499 to a client still there).
const stuckTimeout = 6 * time.Second

// serveReal serves env's app through App.Serve, with the server timeouts
// of its config, as `gymtastic serve` does, and returns a client for it.
func serveReal(t *testing.T, env *testenv.Env) *testenv.Client {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- env.App.Serve(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-done })
	c := *env.Client
	c.URL = "http://" + ln.Addr().String()
	return &c
}

// holdLocks holds, in a transaction on a connection of its own, what a
// stuck database would: on SQLite the database's write lock (BEGIN
// IMMEDIATE); on PostgreSQL the customer's and the session's rows and the
// emails table. It returns the release.
func holdLocks(t *testing.T, env *testenv.Env, customer, session int64) func() {
	t.Helper()
	db, _, err := database.Open(context.Background(), env.App.Config.Database.URL, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sqlDB, _ := db.DB()
	tx, err := sqlDB.BeginTx(context.Background(), nil) // BEGIN IMMEDIATE on SQLite
	if err != nil {
		t.Fatal(err)
	}
	if env.Kind == config.Postgres {
		for _, q := range []string{
			fmt.Sprintf("SELECT id FROM customers WHERE id = %d FOR UPDATE", customer),
			fmt.Sprintf("SELECT id FROM class_sessions WHERE id = %d FOR UPDATE", session),
			"LOCK TABLE emails IN ACCESS EXCLUSIVE MODE",
		} {
			if _, err := tx.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
	var once sync.Once
	release := func() {
		once.Do(func() {
			if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
				t.Errorf("release the locks: %v", err)
			}
			_ = database.Close(db)
		})
	}
	t.Cleanup(release)
	return release
}

// A write stuck behind a lock answers 503 timeout at the request's
// deadline, not 499 (the client is still there), logged at ERROR and counted
// as a 503; the app leaves no transaction open and no lock awaited behind
// it, and once the holder lets go the same write goes through at once. A
// read stuck the same way (PostgreSQL, a table lock) answers timeout too.
func TestStuckWriteAnswersTimeout(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		logs := &testenv.LogBuffer{}
		env := testenv.New(t, kind, testenv.Options{Logs: logs, Configure: func(c *config.Config) {
			c.Server.RequestTimeout = stuckTimeout
			c.Server.ReadTimeout = time.Second
			c.Server.WriteTimeout = 3 * stuckTimeout
		}})
		sess := env.Session(env.ClassType("Spin"), time.Now().Add(24*time.Hour), 0)
		booker, patcher, canceller := env.Customer("Stuck"), env.Customer("Patch"), env.Customer("Cancel")
		var patched, cancelled testenv.ID
		env.Book(patcher, sess).Decode(t, &patched)
		env.Book(canceller, sess).Decode(t, &cancelled)
		real := serveReal(t, env)

		release := holdLocks(t, env, booker, sess)
		type call struct{ method, path, body string }
		calls := []call{
			{"POST", "/api/bookings", fmt.Sprintf(`{"customer": %d, "class_session": %d}`, booker, sess)},
			{"PATCH", fmt.Sprintf("/api/bookings/%d", patched.ID), `{"status": "cancelled"}`},
			{"POST", fmt.Sprintf("/api/bookings/%d/cancel", cancelled.ID), ""},
		}
		if kind == config.Postgres {
			calls = append(calls, call{"GET", "/api/emails", ""})
		}
		var wg sync.WaitGroup
		for _, c := range calls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var body any
				if c.body != "" {
					body = c.body
				}
				res, err := real.Do(c.method, c.path, body)
				if err != nil {
					t.Errorf("%s %s: %v", c.method, c.path, err)
					return
				}
				if p := res.Problem(); res.Status != http.StatusServiceUnavailable || p.Code != "timeout" || p.Title == "" {
					t.Errorf("%s %s while stuck: %d %s, want 503 timeout", c.method, c.path, res.Status, res.Body)
				}
			}()
		}
		wg.Wait()

		if kind == config.Postgres {
			// Nothing of the app's is left in a transaction or waiting for
			// the holder's locks.
			var left []string
			env.App.DB.Raw(`SELECT state || ' ' || COALESCE(wait_event_type, '') || ': ' || query FROM pg_stat_activity
				WHERE datname = current_database() AND pid <> pg_backend_pid()
				AND (state LIKE 'idle in transaction%' OR wait_event_type = 'Lock')
				AND query NOT LIKE 'LOCK TABLE emails%'`).Scan(&left)
			if len(left) > 0 {
				t.Errorf("the app's sessions still wait or hold a transaction after answering: %q", left)
			}
		}
		out := logs.String()
		if strings.Contains(out, "status=499") || !strings.Contains(out, `level=ERROR msg="request timed out"`) {
			t.Errorf("want the stuck requests logged as timeouts at ERROR, none as 499:\n%s", out)
		}
		fams := opMetrics(t, env)
		for _, c := range calls[:1] {
			labels := map[string]string{"route": c.path, "method": c.method}
			n503, _ := opSample(fams, "gymtastic_http_requests_total", with(labels, "status", "503"))
			n499, _ := opSample(fams, "gymtastic_http_requests_total", with(labels, "status", "499"))
			if n503 != 1 || n499 != 0 {
				t.Errorf("%s %s counted %v times 503 and %v times 499, want once 503", c.method, c.path, n503, n499)
			}
		}

		release()
		if res := real.Book(booker, sess); res.Status != http.StatusCreated {
			t.Errorf("booking once the lock is released: %d %s", res.Status, res.Body)
		}
	})
}
