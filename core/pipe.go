package core

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/gymtastic/gymtastic/config"
)

// A booking's transaction is a handful of short statements, and on
// PostgreSQL each round trip to the database costs the server and the
// database more than the statement itself. So core sends a booking's and a cancel's statements
// through a pipe, which on PostgreSQL sends several statements in one round
// trip (a pgx batch) and carries the transaction's BEGIN with its first
// statements. A booking is then two round trips: BEGIN with the locks, the
// read of the locked rows and the insert; COMMIT (three when the read must
// wait for the session's start from the lock: Book). A write that nothing
// in the transaction reads after, such as a status change's update, goes
// with the COMMIT (last). The pipe buys 1.39–1.61 × a booking's throughput
// (docs/performance.md).
//
// Statements in one send still run one after the other, each with its own
// snapshot: one sent after a lock sees what was committed while the lock
// was awaited, as if it had been sent on its own. On SQLite, and on a
// PostgreSQL pool whose driver is not pgx's, the same statements run one at
// a time in a gorm transaction.

// stmt is one statement sent through a pipe: SQL with gorm's ?
// placeholders and its arguments (expanded as gorm's Raw expands them), and
// where its first row goes.
type stmt struct {
	sql  string
	args []any
	// dest receives the first row's columns, in order; nil when its rows
	// are not read.
	dest []any
	// each, when set instead of dest, returns where each row's columns go.
	each func() []any
	// found reports whether a row came back.
	found bool
	// err is the statement's own failure, translated as gorm translates
	// errors (gorm.ErrDuplicatedKey…); errNotRun when an earlier statement
	// of its send failed.
	err error
}

// errNotRun marks a statement that did not run because an earlier one in
// its send failed.
var errNotRun = errors.New("not run: an earlier statement of the transaction failed")

// pipe is a transaction that takes statements several at a time.
type pipe interface {
	// send runs stmts in order, in one round trip on PostgreSQL, and
	// returns the first failure (each statement's is in its err).
	send(stmts ...*stmt) error
	// last runs st with the COMMIT, in its round trip on PostgreSQL (now on
	// SQLite), unless a statement through db follows, which sends it first.
	// A failure of st fails the commit, or that statement.
	last(st *stmt) error
	// db is the transaction as a gorm handle, for hooks.
	db() *gorm.DB
}

// pipelined runs fn in a transaction on a pipe, and commits when fn returns
// nil. A pipe must not be used after fn returns.
func (s *Service) pipelined(ctx context.Context, fn func(p pipe) error) error {
	if !s.pgx {
		return s.tx(ctx, func(tx *gorm.DB) error { return fn(&seqPipe{s: s, tx: tx}) })
	}
	for attempt := 1; ; attempt++ {
		err := s.pgxPipelined(ctx, fn)
		// A connection the database closed while it sat in the pool (a
		// restart) fails the first send before anything was sent: try
		// another, as database/sql does.
		stale := errors.Is(err, errStaleConn) && attempt < 3
		if !stale && !again(ctx, err, attempt) {
			return err
		}
	}
}

// maxBusyAttempts bounds the runs of a transaction that found a row busy
// (errBusy).
const maxBusyAttempts = 20

// again reports whether a transaction that failed with err on its attempt
// should run again: it found a row busy (errBusy), after a short random
// pause that lets the other transaction finish.
func again(ctx context.Context, err error, attempt int) bool {
	if !errors.Is(err, errBusy) || attempt >= maxBusyAttempts || ctx.Err() != nil {
		return false
	}
	time.Sleep(time.Millisecond + rand.N(time.Duration(attempt)*time.Millisecond))
	return true
}

// translate turns a driver's error into gorm's (gorm.ErrDuplicatedKey…),
// as gorm does for its own statements.
func (s *Service) translate(err error) error {
	if t, ok := s.db.Dialector.(gorm.ErrorTranslator); ok && err != nil {
		return t.Translate(err)
	}
	return err
}

// seqPipe runs statements one at a time in a gorm transaction.
type seqPipe struct {
	s  *Service
	tx *gorm.DB
}

func (p *seqPipe) db() *gorm.DB { return p.tx }

func (p *seqPipe) last(st *stmt) error { return p.send(st) }

func (p *seqPipe) send(stmts ...*stmt) error {
	for i, st := range stmts {
		if st.err = p.s.translate(p.run(st)); st.err != nil {
			for _, rest := range stmts[i+1:] {
				rest.err = errNotRun
			}
			return st.err
		}
	}
	return nil
}

func (p *seqPipe) run(st *stmt) error {
	rows, err := p.tx.Raw(st.sql, st.args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	if err := st.scan(rows); err != nil {
		return err
	}
	return rows.Close()
}

// rows is what stmt.scan reads: *sql.Rows and pgx.Rows alike.
type rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// scan reads st's rows: the first into dest, or each into each().
func (st *stmt) scan(r rows) error {
	for r.Next() {
		st.found = true
		dest := st.dest
		if st.each != nil {
			dest = st.each()
		}
		if dest != nil {
			if err := r.Scan(dest...); err != nil {
				return err
			}
		}
		if st.each == nil {
			break
		}
	}
	return r.Err()
}

// read runs one statement outside a transaction, as a pipe runs its
// statements: for a hot read of its own (GetCustomer).
func (s *Service) read(ctx context.Context, st *stmt) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	q := st.sql
	if s.kind == config.Postgres {
		if q, err = numbered(st.sql, st.args); err != nil {
			return err
		}
	}
	rows, err := sqlDB.QueryContext(ctx, q, st.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if err := st.scan(rows); err != nil {
		return err
	}
	return rows.Close()
}

// numbered is pgPlaceholders for a statement whose arguments it must take
// as they are.
func numbered(sql string, args []any) (string, error) {
	q, ok := pgPlaceholders(sql, args)
	if !ok {
		return "", fmt.Errorf("read: cannot number the placeholders of %q", sql)
	}
	return q, nil
}

// errStaleConn marks a first send that failed before anything reached the
// database.
var errStaleConn = errors.New("stale connection")

// pgxPipe sends statements as pgx batches on one connection of the pool,
// which it holds (as a database/sql Tx would) until the transaction ends.
type pgxPipe struct {
	s     *Service
	ctx   context.Context
	conn  *sql.Conn
	began bool // a send has carried BEGIN
	tx    *gorm.DB
	final []*stmt // to send with the COMMIT (last)
}

func (s *Service) pgxPipelined(ctx context.Context, fn func(p pipe) error) (err error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	p := &pgxPipe{s: s, ctx: ctx, conn: conn}
	defer func() {
		if r := recover(); r != nil {
			p.end(false)
			panic(r)
		}
	}()
	err = fn(p)
	if end := p.end(err == nil); err == nil {
		err = end
	}
	return err
}

// withConn runs f on the pgx connection under p.conn.
func (p *pgxPipe) withConn(f func(c *pgx.Conn) error) error {
	return p.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("pipe: the PostgreSQL driver is %T, not pgx's", dc)
		}
		return f(c.Conn())
	})
}

func (p *pgxPipe) send(stmts ...*stmt) error {
	b := &pgx.Batch{}
	if !p.began {
		b.Queue("BEGIN")
	}
	for _, st := range stmts {
		p.queue(b, st)
	}
	first := !p.began
	err := p.withConn(func(c *pgx.Conn) error {
		br := c.SendBatch(p.ctx, b)
		var failed error
		if !p.began {
			if _, failed = br.Exec(); failed == nil {
				p.began = true
			}
		}
		failed = p.results(br, stmts, failed)
		if err := br.Close(); failed == nil {
			failed = err
		}
		return failed
	})
	if err != nil && first && !p.began && pgconn.SafeToRetry(err) {
		return fmt.Errorf("%w: %w", errStaleConn, err)
	}
	return err
}

// queue adds st to a batch.
func (p *pgxPipe) queue(b *pgx.Batch, st *stmt) {
	if q, ok := pgPlaceholders(st.sql, st.args); ok {
		b.Queue(q, st.args...)
		return
	}
	// gorm's Raw without running it: the SQL with $n placeholders.
	built := p.s.db.Raw(st.sql, st.args...).Statement
	b.Queue(built.SQL.String(), built.Vars...)
}

func (p *pgxPipe) last(st *stmt) error {
	if !p.began { // nothing to ride on: the COMMIT goes only where a BEGIN went
		return p.send(st)
	}
	p.final = append(p.final, st)
	return nil
}

// pgPlaceholders numbers sql's ? placeholders as PostgreSQL's $1, $2…, as
// gorm's Raw does for arguments it passes through as they are, without
// building a gorm statement: 1.05 × a booking's throughput under load and
// 17 % fewer allocations (docs/performance.md). It reports false, for gorm to build the
// statement, when an argument is one gorm expands or rewrites (a slice, a
// clause, a gorm Valuer, a pointer…), when sql may hold named (@)
// arguments, or when the placeholders and the arguments differ in number.
func pgPlaceholders(sql string, args []any) (string, bool) {
	if strings.Count(sql, "?") != len(args) || strings.Contains(sql, "@") {
		return "", false
	}
	for _, a := range args {
		switch a.(type) {
		case nil, bool, int, int32, int64, float64, string, time.Time:
		case gorm.Valuer, clause.Expression, clause.Interface:
			return "", false
		case driver.Valuer:
		default:
			return "", false
		}
	}
	var b strings.Builder
	b.Grow(len(sql) + 2*len(args))
	n := 0
	for {
		i := strings.IndexByte(sql, '?')
		if i < 0 {
			b.WriteString(sql)
			return b.String(), true
		}
		n++
		b.WriteString(sql[:i])
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
		sql = sql[i+1:]
	}
}

// results reads stmts' results from a batch, in order, after an earlier
// failure of the batch (nil for none), and returns the first failure; the
// statements after it did not run (errNotRun).
func (p *pgxPipe) results(br pgx.BatchResults, stmts []*stmt, failed error) error {
	for _, st := range stmts {
		if failed != nil {
			st.err = errNotRun
			continue
		}
		if st.err = p.s.translate(read(br, st)); st.err != nil {
			failed = st.err
		}
	}
	return failed
}

// read reads st's result from a batch.
func read(br pgx.BatchResults, st *stmt) error {
	rows, err := br.Query()
	if err != nil {
		return err
	}
	err = st.scan(rows)
	rows.Close()
	if err != nil {
		return err
	}
	return rows.Err()
}

// db returns the transaction as a gorm handle on the pipe's connection,
// beginning it if no send has. gorm takes the connection for a transaction
// of its own (a hook's nested Transaction runs in a savepoint, as in any
// gorm transaction).
func (p *pgxPipe) db() *gorm.DB {
	if p.tx == nil {
		// As gorm's Begin builds its transaction handle.
		p.tx = p.s.db.Session(&gorm.Session{Context: p.ctx, NewDB: true})
		p.tx.Statement.ConnPool = &txConn{Conn: p.conn, p: p}
	}
	if !p.began {
		if err := p.send(); err != nil {
			_ = p.tx.AddError(err)
		}
	}
	return p.tx
}

// txConn is the pipe's connection as gorm's handle sees it: a transaction
// that core commits or rolls back, not its hooks.
type txConn struct {
	*sql.Conn
	p *pgxPipe
}

// flush sends the statements waiting for the COMMIT (last) before a hook's
// own statement, which must see them.
func (c *txConn) flush() error {
	if len(c.p.final) == 0 {
		return nil
	}
	final := c.p.final
	c.p.final = nil
	return c.p.send(final...)
}

func (c *txConn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := c.flush(); err != nil {
		return nil, err
	}
	return c.Conn.ExecContext(ctx, query, args...)
}

func (c *txConn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := c.flush(); err != nil {
		return nil, err
	}
	return c.Conn.QueryContext(ctx, query, args...)
}

func (c *txConn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	_ = c.flush() // a failure aborts the transaction: the query reports it
	return c.Conn.QueryRowContext(ctx, query, args...)
}

func (c *txConn) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	if err := c.flush(); err != nil {
		return nil, err
	}
	return c.Conn.PrepareContext(ctx, query)
}

var errCoreCommits = errors.New("core commits or rolls back the booking's transaction; a hook returns an error instead")

func (*txConn) Commit() error   { return errCoreCommits }
func (*txConn) Rollback() error { return errCoreCommits }

// commit sends the statements of last, then COMMIT, in one round trip.
func (p *pgxPipe) commit(c *pgx.Conn) error {
	committed := func(tag pgconn.CommandTag, err error) error {
		if err == nil && tag.String() == "ROLLBACK" {
			err = errors.New("commit: the transaction had failed and was rolled back")
		}
		return err
	}
	if len(p.final) == 0 {
		return committed(c.Exec(p.ctx, "COMMIT"))
	}
	b := &pgx.Batch{}
	for _, st := range p.final {
		p.queue(b, st)
	}
	b.Queue("COMMIT")
	br := c.SendBatch(p.ctx, b)
	failed := p.results(br, p.final, nil)
	if failed == nil {
		failed = committed(br.Exec())
	}
	if err := br.Close(); failed == nil {
		failed = err
	}
	return failed
}

// rollbackTimeout bounds a ROLLBACK, which runs even when the request's
// context has ended: a healthy database answers one in a moment, and a
// connection that does not is closed, which rolls back too. It delays the
// answer to a refused booking when the database goes silent meanwhile.
const rollbackTimeout = time.Second

// end commits the transaction (or rolls it back) and returns the connection
// to the pool; one left in doubt is closed instead.
func (p *pgxPipe) end(commit bool) error {
	var result error
	err := p.withConn(func(c *pgx.Conn) error {
		if c.IsClosed() { // pgx closes a connection whose context ended mid-statement
			return driver.ErrBadConn
		}
		if commit && p.began {
			result = p.commit(c)
		}
		if c.PgConn().TxStatus() != 'I' {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(p.ctx), rollbackTimeout)
			defer cancel()
			if _, err := c.Exec(ctx, "ROLLBACK"); err != nil || c.PgConn().TxStatus() != 'I' {
				return driver.ErrBadConn
			}
		}
		return nil
	})
	if result == nil && err != nil && commit {
		result = err
	}
	if cerr := p.conn.Close(); result == nil && commit {
		result = cerr
	}
	return result
}
