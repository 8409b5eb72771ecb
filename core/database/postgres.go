package database

import (
	"context"
	"database/sql/driver"
	"net"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
)

// How PostgreSQL connections notice a request that gave up or a network
// that went silent (docs/operations.md, "PostgreSQL connections").
const (
	// idleInTransaction ends a session whose transaction has been idle
	// this long: Gymtastic's transactions are never idle but for the moment
	// between two statements, so such a transaction belongs to a request
	// that is gone (its client's end lost in a network cut), and its row
	// locks would otherwise stay held until TCP gave up.
	idleInTransaction = 5 * time.Second
	// cancelGrace is how long a statement whose context ended may take to
	// answer PostgreSQL's cancel request before its connection is closed:
	// a database that does not answer that is unreachable.
	cancelGrace = time.Second
	// tcpTimeout bounds how long the client's end of a connection waits
	// for the server to acknowledge what it sent (TCP_USER_TIMEOUT) or to
	// answer keepalive probes on an idle one, so that a cut network fails
	// a connection instead of leaving it to TCP's minutes of retries.
	tcpTimeout = 5 * time.Second
)

// configurePostgres sets, on a pgx configuration, the server-side timeouts
// derived from timeout (a request's deadline) and how a connection notices
// an ended context or a silent network, which it reports to s. Settings the
// URL gives (as ?statement_timeout=…) are kept.
func configurePostgres(cfg *pgconn.Config, timeout time.Duration, s *silence) {
	set := func(name string, d time.Duration) {
		if _, given := cfg.RuntimeParams[name]; !given {
			cfg.RuntimeParams[name] = strconv.FormatInt(d.Milliseconds(), 10)
		}
	}
	if timeout > 0 {
		// A backstop for a statement whose request is gone but whose
		// cancel never reached the server: no lock wait, no statement
		// outlasts the request that sent it by more than the time before
		// it was sent.
		set("statement_timeout", timeout)
		set("lock_timeout", timeout)
		set("idle_in_transaction_session_timeout", min(idleInTransaction, timeout))
	}

	// When a request's context ends mid-statement, ask the server to
	// cancel the statement at once (pgx's default closes the connection,
	// and the server, not told, goes on waiting for the lock with the
	// ones it holds): the transaction then rolls back at once.
	// Unanswered within cancelGrace, the connection is closed.
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return cancelThenDrop{&pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: cancelGrace}}
	}
	d := &net.Dialer{
		Timeout:         cfg.ConnectTimeout,
		KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: tcpTimeout, Interval: time.Second, Count: 3},
		Control:         userTimeout(tcpTimeout),
	}
	cfg.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return s.conn(c), nil
	}
}

// cancelledKey marks, in a connection's CustomData, one whose statement
// was cancelled.
const cancelledKey = "gymtastic.cancelled"

// cancelThenDrop is pgx's cancel-request handler, which also marks the
// connection so that the pool does not hand it out again (reusable): a
// cancel request may reach the server late and cancel the connection's
// next statement, another request's.
type cancelThenDrop struct {
	*pgconn.CancelRequestContextWatcherHandler
}

// HandleCancel marks the connection, then sends the cancel request.
func (h cancelThenDrop) HandleCancel(ctx context.Context) {
	h.Conn.CustomData()[cancelledKey] = true
	h.CancelRequestContextWatcherHandler.HandleCancel(ctx)
}

// reusable refuses, as a bad connection, one whose statement was cancelled
// (stdlib.OptionResetSession: the pool closes it and takes another).
func reusable(_ context.Context, c *pgx.Conn) error {
	if c.PgConn().CustomData()[cancelledKey] != nil {
		return driver.ErrBadConn
	}
	return nil
}
