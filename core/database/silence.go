package database

import (
	"database/sql"
	"errors"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// silence closes a pool's idle connections as soon as one connection finds
// the database silent: a read or write still unanswered at its deadline
// (a cancel unanswered within cancelGrace) or failed by TCP's own timeouts.
// After a network cut the idle connections are most likely dead too, and
// each would otherwise cost a request its whole deadline before the pool
// let it go; closed, they are dialled afresh, which fails fast while the
// database is unreachable and works the moment it is back.
type silence struct {
	mu      sync.Mutex
	db      *sql.DB
	maxIdle int
	last    time.Time
}

// watch makes the pool's connections report to s; db is set once the pool
// exists.
func (s *silence) watch(db *sql.DB, maxIdle int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.db, s.maxIdle = db, maxIdle
}

// heard closes the idle connections, at most once in 100 ms.
func (s *silence) heard() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil || time.Since(s.last) < 100*time.Millisecond {
		return
	}
	s.last = time.Now()
	db, maxIdle := s.db, s.maxIdle
	go func() {
		db.SetMaxIdleConns(0) // closes every idle connection
		db.SetMaxIdleConns(maxIdle)
	}()
}

// conn wraps a connection to the database so that a silent one is heard.
func (s *silence) conn(c net.Conn) net.Conn { return &watchedConn{Conn: c, s: s} }

type watchedConn struct {
	net.Conn
	s *silence
}

func (c *watchedConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if isSilence(err) {
		c.s.heard()
	}
	return n, err
}

func (c *watchedConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if isSilence(err) {
		c.s.heard()
	}
	return n, err
}

func isSilence(err error) bool {
	return err != nil && (errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, syscall.ETIMEDOUT))
}
