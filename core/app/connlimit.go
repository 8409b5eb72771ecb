package app

import (
	"container/list"
	"fmt"
	"net"
	"net/http"
	"sync"
)

// connLimiter holds the server to max open connections, so that idle
// keep-alive connections cannot take every file descriptor and lock new
// clients out. At the cap it makes room by closing the connection idle the
// longest (its client reconnects, as after server.idle_timeout); only when
// every connection is busy does the next client wait, in the kernel's
// accept queue, for a request to finish.
//
// A place is reserved before Accept, so at most max connections are ever
// open, and at the cap one idle connection is closed before the next client
// arrives. Closing an idle connection races with a request arriving on it,
// as the server's own idle timeout does; HTTP clients retry such a request
// when it is idempotent (RFC 9110 §9.2.2).
type connLimiter struct {
	net.Listener
	max int

	mu     sync.Mutex
	wake   *sync.Cond
	open   int       // connections open, plus the place reserved for Accept
	idle   list.List // *limitedConn, longest idle first
	closed bool
}

// limitedConn is a connection connLimiter counts.
type limitedConn struct {
	net.Conn
	l      *connLimiter
	once   sync.Once
	idleAt *list.Element // in l.idle while idle; guarded by l.mu
	gone   bool          // closed; guarded by l.mu
}

func newConnLimiter(ln net.Listener, max int) *connLimiter {
	l := &connLimiter{Listener: ln, max: max}
	l.wake = sync.NewCond(&l.mu)
	return l
}

// Accept waits for a place, then for a client.
func (l *connLimiter) Accept() (net.Conn, error) {
	if err := l.reserve(); err != nil {
		return nil, err
	}
	c, err := l.Listener.Accept()
	if err != nil {
		l.mu.Lock()
		l.open--
		l.mu.Unlock()
		return nil, err
	}
	return &limitedConn{Conn: c, l: l}, nil
}

// reserve takes a place for the next connection, closing idle connections
// to make one, or waiting while every connection is busy.
func (l *connLimiter) reserve() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		switch {
		case l.closed:
			return &net.OpError{Op: "accept", Net: l.Addr().Network(), Addr: l.Addr(), Err: net.ErrClosed}
		case l.open < l.max:
			l.open++
			return nil
		case l.idle.Len() > 0:
			c := l.idle.Remove(l.idle.Front()).(*limitedConn)
			c.idleAt = nil
			l.mu.Unlock()
			_ = c.Close() // gives its place back
			l.mu.Lock()
		default:
			l.wake.Wait()
		}
	}
}

// Close stops Accept, including one waiting for a place.
func (l *connLimiter) Close() error {
	l.mu.Lock()
	l.closed = true
	l.wake.Broadcast()
	l.mu.Unlock()
	return l.Listener.Close()
}

// connState is the server's http.Server.ConnState hook: it keeps the list
// of idle connections.
func (l *connLimiter) connState(nc net.Conn, state http.ConnState) {
	c, ok := nc.(*limitedConn)
	if !ok {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if c.idleAt != nil {
		l.idle.Remove(c.idleAt)
		c.idleAt = nil
	}
	if state == http.StateIdle && !c.gone {
		c.idleAt = l.idle.PushBack(c)
		l.wake.Broadcast()
	}
}

// Close closes the connection and gives its place back, once.
func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		l := c.l
		l.mu.Lock()
		if c.idleAt != nil {
			l.idle.Remove(c.idleAt)
			c.idleAt = nil
		}
		c.gone = true
		l.open--
		l.wake.Broadcast()
		l.mu.Unlock()
	})
	return err
}

// defaultMaxConnections is the cap when server.max_connections is 0 and
// the file-descriptor limit allows it. Idle connections make room, so the
// cap bounds busy ones, far more than the database pool serves at once; an
// open connection costs about 21 KB (4,000 idle ones took 83 MB).
const defaultMaxConnections = 1024

// maxConnections is the connection cap for server.max_connections
// (configured, 0 for the default), given the process's file-descriptor
// limit (0 when unknown) and the database pool size: each SQLite connection
// holds three files (database, WAL, shared memory), and 128 are kept for
// logs, the profiler, DNS, SMTP and the runtime.
func maxConnections(configured int, fdLimit uint64, pool int) (int, error) {
	reserve := 128 + 3*pool
	avail := int64(1) << 40
	if fdLimit > 0 && fdLimit < 1<<40 {
		avail = int64(fdLimit) - int64(reserve)
	}
	if configured == 0 {
		if avail < 1 {
			return 0, fmt.Errorf("config: server.max_connections: the file-descriptor limit (ulimit -n) is %d, "+
				"and %d are kept for the database and other files: raise the limit", fdLimit, reserve)
		}
		return int(min(defaultMaxConnections, avail)), nil
	}
	if int64(configured) > avail {
		return 0, fmt.Errorf("config: server.max_connections: %d is more than the file-descriptor limit (ulimit -n %d) "+
			"allows once %d are kept for the database and other files; at most %d", configured, fdLimit, reserve, max(avail, 0))
	}
	return configured, nil
}
