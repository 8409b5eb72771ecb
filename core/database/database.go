// Package database opens Gymtastic's database: an embedded SQLite file
// (pure Go, no cgo) or PostgreSQL, configured so that concurrent booking
// transactions serialise instead of failing.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/gymtastic/gymtastic/config"
)

// Options size the connection pool; zero values take the defaults.
type Options struct {
	MaxOpenConns    int
	MaxIdleConns    int
	ConnMaxLifetime time.Duration
	// Timeout is a request's deadline (server.request_timeout): how long
	// one statement may wait for a lock or run (PostgreSQL's
	// statement_timeout and lock_timeout, SQLite's busy_timeout); 0: none
	// on PostgreSQL, 10 s on SQLite.
	Timeout time.Duration
	Logger  *slog.Logger
	// Tracer sees every query and batch pgx sends to PostgreSQL (tests
	// count round trips with it); nil for none.
	Tracer pgx.QueryTracer
}

// Now is the clock GORM stamps rows with: UTC, truncated to microseconds so
// that SQLite and PostgreSQL store the same instant.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Open connects to the database a URL names and checks that it answers.
//
// SQLite runs in WAL mode with a busy timeout, foreign keys on and every
// transaction BEGIN IMMEDIATE (_txlock=immediate): writers queue on the
// database lock instead of failing with SQLITE_BUSY when they upgrade a read
// lock. The DSN must not carry _time_format, which in this driver silently
// disables _txlock. The busy wait does not heed a context, so it is the
// request's deadline itself.
//
// PostgreSQL connections get server-side timeouts and a cancel on an ended
// context: see configurePostgres.
func Open(ctx context.Context, rawURL string, opt Options) (*gorm.DB, config.DatabaseKind, error) {
	u, err := config.ParseDatabaseURL(rawURL)
	if err != nil {
		return nil, "", fmt.Errorf("database: %w", err)
	}
	gcfg := &gorm.Config{
		NowFunc:                func() time.Time { return Now() },
		TranslateError:         true,
		SkipDefaultTransaction: true,
		Logger:                 logger.Discard,
	}
	var db *gorm.DB
	quiet := &silence{}
	maxOpen, maxIdle := opt.MaxOpenConns, opt.MaxIdleConns
	switch u.Kind {
	case config.SQLite:
		if dir := filepath.Dir(u.Path); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, "", fmt.Errorf("database: create directory for %s: %w", u.Path, err)
			}
		}
		busy := opt.Timeout
		if busy <= 0 {
			busy = 10 * time.Second
		}
		q := url.Values{}
		q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_pragma", "foreign_keys(1)")
		q.Set("_txlock", "immediate")
		db, err = gorm.Open(sqlite.Open("file:"+u.Path+"?"+q.Encode()), gcfg)
		if maxOpen == 0 {
			maxOpen = 4
		}
	case config.Postgres:
		var pcfg *pgx.ConnConfig
		if pcfg, err = pgx.ParseConfig(u.DSN); err != nil {
			return nil, "", fmt.Errorf("database: %w", err)
		}
		pcfg.Tracer = opt.Tracer
		configurePostgres(&pcfg.Config, opt.Timeout, quiet)
		db, err = gorm.Open(postgres.New(postgres.Config{Conn: stdlib.OpenDB(*pcfg, stdlib.OptionResetSession(reusable))}), gcfg)
		if maxOpen == 0 {
			maxOpen = 16
		}
	}
	if err != nil {
		return nil, "", fmt.Errorf("database: open: %w", err)
	}
	if maxIdle == 0 || maxIdle > maxOpen {
		maxIdle = maxOpen
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, "", fmt.Errorf("database: %w", err)
	}
	sqlDB.SetMaxOpenConns(maxOpen)
	sqlDB.SetMaxIdleConns(maxIdle)
	quiet.watch(sqlDB, maxIdle)
	if opt.ConnMaxLifetime > 0 {
		sqlDB.SetConnMaxLifetime(opt.ConnMaxLifetime)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		_ = sqlDB.Close()
		return nil, "", fmt.Errorf("database: %s unreachable: %w", u.Kind, err)
	}
	if u.Kind == config.Postgres && opt.Logger != nil {
		warnASCIILower(pingCtx, sqlDB, opt.Logger)
	}
	return db, u.Kind, nil
}

// warnASCIILower warns when PostgreSQL's lower() folds only ASCII letters,
// as it does in a database whose LC_CTYPE is C: emails and names would then
// be unique ignoring the case of ASCII letters only ("ZOË@EXÄMPLE.COM" and
// "zoë@exämple.com" two customers).
func warnASCIILower(ctx context.Context, db *sql.DB, logger *slog.Logger) {
	var unicode bool
	if err := db.QueryRowContext(ctx, "SELECT lower('ÄÖÜ') = 'äöü'").Scan(&unicode); err == nil && !unicode {
		logger.Warn("the database's lower() folds only ASCII letters (LC_CTYPE C?): emails and names are unique ignoring the case of ASCII letters only; create the database with a UTF-8 locale such as C.UTF-8")
	}
}

// Close closes the pool behind db.
func Close(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// ErrUnavailable marks errors that mean the database could not be reached.
var ErrUnavailable = errors.New("database unavailable")
