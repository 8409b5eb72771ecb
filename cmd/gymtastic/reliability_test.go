package main

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Crash: a server killed with SIGKILL under load loses no booking it
// answered 201 for, and once restarted its outbox sends every email that
// was pending (the SMTP server was down while it ran).
func TestCrashLosesNothing(t *testing.T) {
	g := newGym(t)
	g.mail.Stop() // every email stays pending until the restart
	s := g.serve("", "")
	stop := make(chan struct{})
	l := g.load(8, stop, s)
	time.Sleep(1500 * time.Millisecond)
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-s.done
	time.Sleep(200 * time.Millisecond)
	close(stop)
	l.wg.Wait()
	if len(l.created) == 0 {
		t.Fatalf("no booking before the kill: %v %v", l.statuses, l.errors)
	}
	g.checkInvariants(l.created)
	var pending int64
	g.db.Raw("SELECT COUNT(*) FROM emails WHERE status <> 'sent'").Scan(&pending)
	t.Logf("killed after %d bookings answered 201 (%v), %d emails pending", len(l.created), l.statuses, pending)
	if pending == 0 {
		t.Fatal("no email was pending at the kill: the test proves nothing")
	}

	g.mail.Restart()
	g.serve("", "")
	sent := g.waitEmailsSent(30 * time.Second)
	t.Logf("after the restart the outbox sent all %d emails", sent)
}

// Replicas: three servers on one PostgreSQL, booked round robin: every
// rule holds across them and every email is sent exactly once, though
// three dispatchers share the outbox.
func TestReplicas(t *testing.T) {
	g := newGym(t)
	servers := []*server{g.serve("", ""), g.serve("", ""), g.serve("", "")}
	stop := make(chan struct{})
	l := g.load(12, stop, servers...)
	time.Sleep(2 * time.Second)
	close(stop)
	l.wg.Wait()
	if len(l.errors) > 0 || l.statuses[http.StatusInternalServerError] > 0 {
		t.Errorf("errors under load: %v, statuses %v", l.errors, l.statuses)
	}
	g.checkInvariants(l.created)
	sent := g.waitEmailsSent(30 * time.Second)
	t.Logf("3 replicas: %d bookings (%v), %d emails each sent once", len(l.created), l.statuses, sent)
	if sent == 0 {
		t.Error("no milestone email: the test proves nothing about the outbox")
	}
}

// Graceful stop: on SIGTERM under load, requests in flight complete, new
// connections are refused, and the process exits within
// server.shutdown_timeout (5 s here).
func TestGracefulStop(t *testing.T) {
	g := newGym(t)
	s := g.serve("", "")
	stop := make(chan struct{})
	// One connection per request, so that a refused request is a refused
	// connection, never a request cut mid-way on a kept-alive one.
	g.noKeepAlive = true
	l := g.load(8, stop, s)
	time.Sleep(time.Second)
	sent := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.done:
		if s.err != nil {
			t.Errorf("serve exited with %v after SIGTERM:\n%s", s.err, s.out)
		}
		t.Logf("exited %s after SIGTERM", time.Since(sent).Round(time.Millisecond))
	case <-time.After(8 * time.Second):
		t.Fatal("serve did not exit within shutdown_timeout after SIGTERM")
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	l.wg.Wait()
	// A connection the server had not yet accepted when it stopped is
	// refused, or reset by the kernel when the listener closes: either way
	// the request was never read, so it wrote nothing, which the count
	// below proves. Every request the server read got its answer.
	refused := 0
	for _, err := range l.errors {
		if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) {
			refused++
			continue
		}
		t.Errorf("a request failed otherwise than by a refused connection: %v", err)
	}
	if refused == 0 {
		t.Error("no request was refused after the stop: the test proves nothing")
	}
	g.checkInvariants(l.created)
	var bookings int64
	g.db.Raw("SELECT COUNT(*) FROM bookings").Scan(&bookings)
	if bookings != int64(len(l.created)) {
		t.Errorf("%d bookings in the database, %d answered 201: a request was cut after it wrote", bookings, len(l.created))
	}
	t.Logf("%d answered (%v), %d refused after the stop", len(l.created), l.statuses, refused)
}

// Database outage: with PostgreSQL unreachable, requests answer 503
// database_unavailable within the request timeout (3 s here) and /readyz
// fails; when it comes back the service recovers by itself.
func TestDatabaseOutage(t *testing.T) {
	g := newGym(t)
	p := startProxy(t, "127.0.0.1:5432")
	s := g.serve(strings.Replace(g.dbURL, "127.0.0.1:5432", p.addr, 1), "")
	stop := make(chan struct{})
	l := g.load(4, stop, s)
	time.Sleep(500 * time.Millisecond)

	p.cut()
	cutAt := time.Now()
	time.Sleep(500 * time.Millisecond) // requests in flight at the cut end
	during := g.load(4, stop, s)
	var ready int
	for time.Since(cutAt) < 3*time.Second {
		ready = status(t, "http://"+s.addr+"/readyz")
		time.Sleep(100 * time.Millisecond)
	}
	if ready != http.StatusServiceUnavailable {
		t.Errorf("/readyz = %d during the outage, want 503", ready)
	}
	p.restore()
	restored := time.Now()
	for status(t, "http://"+s.addr+"/readyz") != http.StatusOK {
		if time.Since(restored) > 15*time.Second {
			t.Fatal("/readyz did not recover within 15 s of the database's return")
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("ready again %s after the database came back", time.Since(restored).Round(time.Millisecond))
	close(stop)
	l.wg.Wait()
	during.wg.Wait()
	stopAfter := make(chan struct{})
	after := g.load(4, stopAfter, s)
	time.Sleep(time.Second)
	close(stopAfter)
	after.wg.Wait()

	if during.statuses[http.StatusServiceUnavailable] == 0 {
		t.Errorf("no 503 during the outage: %v", during.statuses)
	}
	for _, ld := range []*load{l, during, after} {
		if ld.statuses[http.StatusInternalServerError] > 0 || len(ld.errors) > 0 {
			t.Errorf("500s or failed requests around the outage: %v %v", ld.statuses, ld.errors)
		}
		if ld.slowest > 4*time.Second {
			t.Errorf("a request took %s, past the 3 s request timeout", ld.slowest)
		}
	}
	if after.statuses[http.StatusCreated]+after.statuses[http.StatusConflict] == 0 || after.statuses[http.StatusServiceUnavailable] > 0 {
		t.Errorf("not recovered a second after /readyz: %v", after.statuses)
	}
	g.checkInvariants(append(append(l.created, during.created...), after.created...))
	t.Logf("around: %v; during: %v; after: %v; slowest %s", l.statuses, during.statuses, after.statuses,
		max(l.slowest, during.slowest))
}

// Network cut: PostgreSQL's traffic black-holed for 5 s, nothing forwarded
// and nothing closed, the connections open then dead for good (their state
// lost, as in a middlebox that forgot them). Requests answer 503 within the
// request timeout (3 s) and the second a cancel may take; when the network
// comes back the server is ready and booking again by itself, as after a
// reset (the idle connections, dead, are closed at the first sign of
// silence), and the transactions the cut left open, holding row locks, have
// been ended by PostgreSQL (idle_in_transaction_session_timeout).
func TestDatabaseBlackHole(t *testing.T) {
	g := newGym(t)
	p := startProxy(t, "127.0.0.1:5432")
	s := g.serve(strings.Replace(g.dbURL, "127.0.0.1:5432", p.addr, 1), "")
	// 16 clients fill the pool; the 4 that go on leave most of it idle
	// through the black hole, dead when the network comes back.
	stopBusy := make(chan struct{})
	busy := g.load(16, stopBusy, s)
	time.Sleep(time.Second)
	close(stopBusy)
	busy.wg.Wait()
	stop := make(chan struct{})
	l := g.load(4, stop, s)
	time.Sleep(500 * time.Millisecond)

	p.blackhole()
	holed := time.Now()
	// Transactions the cut left open (idle in transaction over a second,
	// their client's end gone): how many, and when one was last seen.
	var (
		omu          sync.Mutex
		openTx       int64
		openLastSeen time.Time
	)
	watching := make(chan struct{})
	defer close(watching)
	go func() {
		for {
			select {
			case <-watching:
				return
			case <-time.After(50 * time.Millisecond):
			}
			var n int64
			g.db.Raw(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()
				AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'
				AND state_change < now() - interval '1 second'`).Scan(&n)
			if n > 0 {
				omu.Lock()
				openTx, openLastSeen = max(openTx, n), time.Now()
				omu.Unlock()
			}
		}
	}()
	ready := http.StatusOK
	for time.Since(holed) < 5*time.Second {
		ready = status(t, "http://"+s.addr+"/readyz")
	}
	if ready != http.StatusServiceUnavailable {
		t.Errorf("/readyz = %d during the black hole, want 503", ready)
	}
	p.unhole()
	back := time.Now()
	var readyAfter time.Duration
	for status(t, "http://"+s.addr+"/readyz") != http.StatusOK {
		if time.Since(back) > 30*time.Second {
			t.Fatal("/readyz did not recover within 30 s of the network's return")
		}
		time.Sleep(20 * time.Millisecond)
	}
	readyAfter = time.Since(back)
	time.Sleep(3 * time.Second) // watching for transactions left open, and booking
	close(stop)
	l.wg.Wait()
	failingAfter := max(l.lastFailed.Sub(back), 0)
	omu.Lock()
	openGone := time.Duration(0)
	if openTx > 0 {
		openGone = openLastSeen.Sub(back)
	}
	t.Logf("back: ready after %s, the last booking that failed sent %s after; %d transactions left open by the cut, last seen %s after the return (negative: during the cut); %v %d errors; slowest %s",
		readyAfter.Round(time.Millisecond), failingAfter.Round(time.Millisecond), openTx, openGone.Round(time.Millisecond),
		l.statuses, len(l.errors), l.slowest.Round(time.Millisecond))
	if openGone > 2*time.Second {
		t.Errorf("a transaction left open by the cut, holding its locks, lasted until %s after the network's return", openGone)
	}
	omu.Unlock()
	if l.statuses[http.StatusServiceUnavailable] == 0 {
		t.Errorf("no 503 during the black hole: %v", l.statuses)
	}
	if l.statuses[http.StatusInternalServerError] > 0 || len(l.errors) > 0 {
		t.Errorf("500s or failed requests around the black hole: %v %v", l.statuses, l.errors)
	}
	if l.slowest > 5*time.Second {
		t.Errorf("a request took %s, past the 3 s request timeout and the cancel's second", l.slowest)
	}
	if readyAfter > 2*time.Second || failingAfter > 2*time.Second {
		t.Errorf("slow to recover: ready %s and bookings sent up to %s after the network came back failing", readyAfter, failingAfter)
	}
	g.checkInvariants(append(busy.created, l.created...))
}

func status(t *testing.T, url string) int {
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	_ = res.Body.Close()
	return res.StatusCode
}

// proxy forwards TCP connections to PostgreSQL until cut, which closes
// every connection and refuses new ones, as a stopped server does, or
// black-holed, which forwards nothing more and closes nothing, as a network
// that drops every packet does.
type proxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]bool
	// holed: connections accepted now are silent; silent: connections
	// that forward nothing, ever (those open at the black hole, their state
	// lost as in a middlebox that forgot them).
	holed  bool
	silent map[net.Conn]bool
}

func startProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{t: t, target: target, addr: ln.Addr().String(), conns: map[net.Conn]bool{}, silent: map[net.Conn]bool{}}
	p.listen(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) listen(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			holed := p.holed
			if holed {
				p.conns[c], p.silent[c] = true, true
			}
			p.mu.Unlock()
			if holed {
				go p.forward(io.Discard, c)
				continue
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				_ = c.Close()
				continue
			}
			p.mu.Lock()
			p.conns[c], p.conns[up] = true, true
			p.mu.Unlock()
			go func() { p.forward(up, c); _ = up.Close() }()
			go func() { p.forward(c, up); _ = c.Close() }()
		}
	}()
}

// forward copies from src to dst until src ends, dropping what src sends
// once it is silent.
func (p *proxy) forward(dst io.Writer, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			silent := p.silent[src]
			p.mu.Unlock()
			if !silent {
				if _, werr := dst.Write(buf[:n]); werr != nil {
					return
				}
			}
		}
		if err != nil {
			return
		}
	}
}

func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		_ = c.Close()
	}
	p.conns = map[net.Conn]bool{}
	p.silent = map[net.Conn]bool{}
	p.holed = false
}

func (p *proxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("proxy: listen again on %s: %v", p.addr, err)
	}
	p.listen(ln)
}

// blackhole silences every connection open now, and those accepted until
// unhole, for good, closing none.
func (p *proxy) blackhole() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.holed = true
	for c := range p.conns {
		p.silent[c] = true
	}
}

// unhole forwards new connections again; the silenced ones stay silent.
func (p *proxy) unhole() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.holed = false
}
