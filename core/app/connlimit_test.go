package app_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// These tests run on SQLite only: connections are the HTTP server's, the
// same whatever the database.

// countingListener counts the connections accepted and not yet closed, and
// the most ever open at once.
type countingListener struct {
	net.Listener
	mu         sync.Mutex
	open, peak int
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.open++
	l.peak = max(l.peak, l.open)
	l.mu.Unlock()
	return &countedConn{Conn: c, l: l}, nil
}

func (l *countingListener) Peak() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.peak
}

type countedConn struct {
	net.Conn
	l    *countingListener
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		c.l.open--
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}

// serveCapped serves env's app through App.Serve with server.max_connections
// at max and a long idle timeout, and returns its address and listener.
func serveCapped(t *testing.T, max int, wrap func(http.Handler) http.Handler) (string, *countingListener) {
	t.Helper()
	env := testenv.New(t, config.SQLite, testenv.Options{Configure: func(c *config.Config) {
		c.Server.MaxConnections = max
		c.Server.IdleTimeout = 10 * time.Minute // room comes from closing idle connections, not from this
	}})
	if wrap != nil {
		env.App.Handler = wrap(env.App.Handler)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl := &countingListener{Listener: ln}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- env.App.Serve(ctx, cl) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String(), cl
}

// keepAlive opens a connection, gets /healthz on it and leaves it open and
// idle, as a keep-alive client between requests.
func keepAlive(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: gym\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Close {
		t.Fatalf("keep-alive /healthz: %d, close %v", res.StatusCode, res.Close)
	}
	_ = c.SetDeadline(time.Time{})
	return c
}

// healthz gets /healthz on a connection of its own.
func healthz(addr string) error {
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := client.Get("http://" + addr + "/healthz")
	if err != nil {
		return err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("/healthz = %d", res.StatusCode)
	}
	return nil
}

// At the cap, idle keep-alive connections make room: a new client is
// answered at once, not after the idle timeout, and the cap holds.
func TestIdleConnectionsMakeRoom(t *testing.T) {
	const max = 20
	addr, cl := serveCapped(t, max, nil)
	idle := make([]net.Conn, max)
	for i := range idle {
		idle[i] = keepAlive(t, addr)
	}
	for i := 0; i < 5; i++ {
		if err := healthz(addr); err != nil {
			t.Fatalf("a new client with %d idle connections open: %v", max, err)
		}
	}
	// The connections closed to make room read EOF; the others still serve.
	closed := 0
	for _, c := range idle {
		_ = c.SetReadDeadline(time.Now().Add(20 * time.Second))
		if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: gym\r\n\r\n"); err != nil {
			closed++
			continue
		}
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			closed++
			continue
		}
		_ = res.Body.Close()
	}
	// One is closed when the cap is reached, to keep a place ready, and at
	// most one more for each new client.
	if closed < 1 || closed > 6 {
		t.Errorf("%d idle connections closed for 5 new clients, want 1 to 6", closed)
	}
	if p := cl.Peak(); p > max {
		t.Errorf("%d connections open at once, more than server.max_connections %d", p, max)
	}
}

// When every connection is busy, a new client waits for a place (it is not
// accepted, so the cap holds) and is answered once one frees.
func TestConnectionCapHolds(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("counts on the accept queue of a Unix kernel")
	}
	const max, extra = 20, 10
	busy, release := make(chan struct{}, max), make(chan struct{})
	addr, cl := serveCapped(t, max, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/busy" {
				busy <- struct{}{}
				<-release
			}
			next.ServeHTTP(w, r)
		})
	})
	errs := make(chan error, max+extra)
	for i := 0; i < max; i++ {
		go func() {
			client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
			res, err := client.Get("http://" + addr + "/busy")
			if err == nil {
				_ = res.Body.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < max; i++ {
		<-busy
	}
	for i := 0; i < extra; i++ {
		go func() { errs <- healthz(addr) }()
	}
	// Give a server without a cap the time to accept the extra clients, for
	// the peak below to catch it; the outcome does not depend on it.
	time.Sleep(300 * time.Millisecond)
	close(release)
	var failed []string
	for i := 0; i < max+extra; i++ {
		if err := <-errs; err != nil {
			failed = append(failed, err.Error())
		}
	}
	if len(failed) > 0 {
		t.Errorf("%d of %d requests failed: %s", len(failed), max+extra, strings.Join(failed, "; "))
	}
	if p := cl.Peak(); p != max {
		t.Errorf("%d connections open at once, want server.max_connections, %d", p, max)
	}
}

// A cap the file-descriptor limit cannot hold stops Serve, naming the key.
func TestServeRefusesACapPastTheFileLimit(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no file-descriptor limit to check against")
	}
	env := testenv.New(t, config.SQLite, testenv.Options{Configure: func(c *config.Config) {
		c.Server.MaxConnections = 1 << 30
	}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	err = env.App.Serve(context.Background(), ln)
	if err == nil || !strings.Contains(err.Error(), "server.max_connections") {
		t.Fatalf("Serve = %v, want an error naming server.max_connections", err)
	}
	if _, err := ln.Accept(); err == nil {
		t.Error("the listener is still open")
	}
}
