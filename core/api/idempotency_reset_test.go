package api_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// A client that resets its connection right after sending a booking with
// an Idempotency-Key leaves no key in progress: its retry runs at once when
// the first wrote nothing, and replays the first answer when it wrote; never
// 409 idempotency_key_in_progress, never a second booking. On PostgreSQL the
// database's answers are delayed, as over a network, so that a client often
// leaves after a statement committed and before the server learnt it did:
// the claim of the key among them.
func TestIdempotencyKeyFreedOnReset(t *testing.T) {
	const keys, warm = 60, 16
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		logs := &testenv.LogBuffer{}
		var delay atomic.Int64
		env := testenv.New(t, kind, testenv.Options{Logs: logs, Configure: func(c *config.Config) {
			c.Server.RequestTimeout = 3 * time.Second // a retry waiting on a stuck key gives up after it
			if kind == config.Postgres {
				c.Database.URL = strings.Replace(c.Database.URL, "127.0.0.1:5432", slowProxy(t, "127.0.0.1:5432", &delay), 1)
			}
		}})
		sess := env.Session(env.ClassType("Spin"), time.Now().Add(24*time.Hour), 0)
		customers := make([]int64, keys+warm)
		for i := range customers {
			customers[i] = env.Customer(fmt.Sprintf("Reset%d", i))
		}
		body := func(i int) string {
			return fmt.Sprintf(`{"customer": %d, "class_session": %d}`, customers[i], sess)
		}
		// Keyed bookings on many connections at once, which then know the
		// claim's statement: it goes in one round trip.
		var wg sync.WaitGroup
		for i := keys; i < keys+warm; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				env.DoWithHeader("POST", "/api/bookings", body(i), withKey(fmt.Sprintf("warm-%d", i)))
			}()
		}
		wg.Wait()
		addr := strings.TrimPrefix(env.URL, "http://")

		// Send each booking and reset the connection (RST, SetLinger(0))
		// while its request is being served: within 2 ms on SQLite, 5 to
		// 25 ms into the 20 ms the database's answers take on PostgreSQL.
		delay.Store(int64(20 * time.Millisecond))
		for i := 0; i < keys; i++ {
			wait := time.Duration(i%20) * 100 * time.Microsecond
			if kind == config.Postgres {
				wait = 5*time.Millisecond + time.Duration(i%20)*time.Millisecond
			}
			sendAndReset(t, addr, fmt.Sprintf("reset-%d", i), body(i), wait)
		}
		delay.Store(0)

		statuses := make([]string, keys)
		for i := 0; i < keys; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := env.DoWithHeader("POST", "/api/bookings", body(i), withKey(fmt.Sprintf("reset-%d", i)))
				if err != nil {
					t.Errorf("retry %d: %v", i, err)
					return
				}
				statuses[i] = fmt.Sprint(res.Status, " ", res.Header.Get("Idempotent-Replayed"))
				if res.Status != http.StatusCreated {
					t.Errorf("retry of key reset-%d: %d %s, want 201 (run at once or replayed)", i, res.Status, res.Body)
				}
			}()
		}
		wg.Wait()
		if n := countRows(t, env, "bookings"); n != keys+warm {
			t.Errorf("%d bookings for %d keys", n, keys+warm)
		}
		if t.Failed() {
			t.Logf("retries: %q\n%s", statuses, logs)
		}
	})
}

// sendAndReset sends a booking with key on a connection of its own and
// resets the connection after wait.
func sendAndReset(t *testing.T, addr, key, body string, wait time.Duration) {
	t.Helper()
	conn := send(t, addr, key, body)
	time.Sleep(wait)
	reset(conn)
}

// send sends a booking with key on a connection of its own.
func send(t *testing.T, addr, key, body string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fmt.Fprintf(conn, "POST /api/bookings HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"+
		"Idempotency-Key: %s\r\nContent-Length: %d\r\n\r\n%s", addr, key, len(body), body)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// reset closes conn with a RST (SetLinger(0)), as a client that crashed.
func reset(conn net.Conn) {
	_ = conn.(*net.TCPConn).SetLinger(0)
	_ = conn.Close()
}

// slowProxy forwards TCP connections to target, delaying what target
// sends by delay (nanoseconds, changed at will); it returns its address.
func slowProxy(t *testing.T, target string, delay *atomic.Int64) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				_ = c.Close()
				continue
			}
			t.Cleanup(func() { _ = c.Close(); _ = up.Close() })
			go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
			go func() {
				buf := make([]byte, 32<<10)
				for {
					n, err := up.Read(buf)
					if n > 0 {
						time.Sleep(time.Duration(delay.Load()))
						if _, werr := c.Write(buf[:n]); werr != nil {
							break
						}
					}
					if err != nil {
						break
					}
				}
				_ = c.Close()
			}()
		}
	}()
	return ln.Addr().String()
}

// panicOnce panics in the first booking's BeforeBook, as a bug would.
type panicOnce struct{ once sync.Once }

func (f *panicOnce) Name() string { return "paniconce" }

func (f *panicOnce) BeforeBook(_ *core.BookContext) core.Check {
	return core.Check{Decide: func(_ context.Context, _ *gorm.DB) error {
		f.once.Do(func() { panic("a bug in a hook") })
		return nil
	}}
}

// A request with an Idempotency-Key that panics (500) releases its key on
// the way out, as any server error does: the retry runs at once.
func TestIdempotencyKeyFreedOnPanic(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{Features: []core.Feature{&panicOnce{}}, Configure: func(c *config.Config) {
			c.Server.RequestTimeout = 3 * time.Second // a retry waiting on a stuck key gives up after it
		}})
		body := fmt.Sprintf(`{"customer": %d, "class_session": %d}`,
			env.Customer("Panic"), env.Session(env.ClassType("Spin"), time.Now().Add(24*time.Hour), 0))
		first, err := env.DoWithHeader("POST", "/api/bookings", body, withKey("panic-1"))
		if err != nil || first.Status != http.StatusInternalServerError {
			t.Fatalf("first: %v %v", first, err)
		}
		retry, err := env.DoWithHeader("POST", "/api/bookings", body, withKey("panic-1"))
		if err != nil || retry.Status != http.StatusCreated {
			t.Errorf("retry after a panic: %v %v, want 201", retry, err)
		}
	})
}
