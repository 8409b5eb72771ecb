// Package testenv runs a real Gymtastic for tests: a fresh, migrated SQLite
// file or PostgreSQL database per test, the real HTTP handler behind an
// httptest server, and a settable clock.
//
// PostgreSQL comes from GYMTASTIC_TEST_POSTGRES_URL (default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable). When it
// cannot be reached, PostgreSQL subtests skip with a message, except under
// CI=true, where they fail.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/app"
)

// Kinds are the databases every behaviour is tested on.
var Kinds = []config.DatabaseKind{config.SQLite, config.Postgres}

// ForEachDB runs fn as a subtest on SQLite and on PostgreSQL.
func ForEachDB(t *testing.T, fn func(t *testing.T, kind config.DatabaseKind)) {
	t.Helper()
	for _, k := range Kinds {
		t.Run(string(k), func(t *testing.T) {
			if k == config.Postgres {
				RequirePostgres(t)
			}
			fn(t, k)
		})
	}
}

// PostgresURL is the server tests create their databases on.
func PostgresURL() string {
	if u := os.Getenv("GYMTASTIC_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

var (
	pgOnce sync.Once
	pgErr  error
	pgDB   *gorm.DB
)

func adminDB() (*gorm.DB, error) {
	pgOnce.Do(func() {
		pgDB, pgErr = gorm.Open(postgres.Open(PostgresURL()), &gorm.Config{Logger: logger.Discard})
		if pgErr == nil {
			sqlDB, _ := pgDB.DB()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			pgErr = sqlDB.PingContext(ctx)
		}
	})
	return pgDB, pgErr
}

// PostgresErr is why PostgreSQL is unreachable, nil when it is reachable:
// for a test that must decide before its subtests run, which RequirePostgres
// then skips or fails.
func PostgresErr() error {
	_, err := adminDB()
	return err
}

// RequirePostgres skips (or, under CI=true, fails) t when PostgreSQL is
// unreachable.
func RequirePostgres(t testing.TB) {
	t.Helper()
	if err := PostgresErr(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL at %s is required under CI=true: %v", PostgresURL(), err)
		}
		t.Skipf("PostgreSQL at %s unreachable, skipping (set GYMTASTIC_TEST_POSTGRES_URL): %v", PostgresURL(), err)
	}
}

// DatabaseURL creates a fresh, empty database of kind for t and returns its
// URL; it is dropped when t ends.
func DatabaseURL(t testing.TB, kind config.DatabaseKind) string {
	t.Helper()
	if kind == config.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "gymtastic.db")
	}
	RequirePostgres(t)
	admin, _ := adminDB()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "gymtastic_test_" + hex.EncodeToString(b[:])
	if err := admin.Exec("CREATE DATABASE " + name + utf8Locale(admin)).Error; err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(PostgresURL())
	if err != nil {
		t.Fatalf("GYMTASTIC_TEST_POSTGRES_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

var (
	localeOnce sync.Once
	locale     string
)

// utf8Locale is what CREATE DATABASE needs for a UTF-8 locale, as the
// docs/operations.md ("Database locale") asks of a production database (lower() then folds every letter):
// nothing when the server's default already is one, as on Debian, else an
// explicit C.UTF-8 (a copy of template0, slower).
func utf8Locale(admin *gorm.DB) string {
	localeOnce.Do(func() {
		var ctype string
		admin.Raw("SELECT datctype FROM pg_database WHERE datname = 'template1'").Scan(&ctype)
		if c := strings.ToLower(ctype); !strings.Contains(c, "utf-8") && !strings.Contains(c, "utf8") {
			locale = " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
		}
	})
	return locale
}

// Clock is a settable clock; the zero Clock follows the real time.
type Clock struct {
	mu  sync.Mutex
	at  time.Time
	set bool
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.set {
		return time.Now()
	}
	return c.at
}

// Set freezes the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at, c.set = t, true
}

// Advance moves a frozen clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.set {
		c.at, c.set = time.Now(), true
	}
	c.at = c.at.Add(d)
}

// Options configure an Env.
type Options struct {
	// Features is the feature list (default none).
	Features []core.Feature
	// FeatureConfig is each feature's config section, as config.yaml's
	// features: would give it (include "enabled": false to disable).
	FeatureConfig map[string]map[string]any
	// Timezone is gym.timezone (default UTC).
	Timezone string
	// Configure adjusts the config before the app is built.
	Configure func(*config.Config)
	// Logs receives the app's logs (default discarded).
	Logs io.Writer
	// DBTracer sees what pgx sends to PostgreSQL (app.Options.DBTracer).
	DBTracer pgx.QueryTracer
}

// Env is a running Gymtastic.
type Env struct {
	*Client
	App   *app.App
	Clock *Clock
	Kind  config.DatabaseKind
}

// New starts a migrated Gymtastic on a fresh database of kind, served by an
// httptest server; everything is torn down when t ends.
func New(t testing.TB, kind config.DatabaseKind, opt Options) *Env {
	t.Helper()
	e := start(t, kind, DatabaseURL(t, kind), opt)
	if _, err := e.App.Runner.Up(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	e.Client.Secret = e.Key(t, core.RoleAdmin)
	return e
}

// AppClient serves a, built and migrated by the test itself, to a client
// that holds a new admin key.
func AppClient(t testing.TB, a *app.App) *Client {
	t.Helper()
	c := NewClient(t, a.Handler)
	c.Secret = (&Env{App: a}).Key(t, core.RoleAdmin)
	return c
}

// Key creates an API key with role and returns its secret.
func (e *Env) Key(t testing.TB, role core.Role) string {
	t.Helper()
	_, secret, err := e.App.Access.CreateKey(context.Background(), "test "+string(role), role)
	if err != nil {
		t.Fatalf("create %s key: %v", role, err)
	}
	return secret
}

// CustomerToken issues a token for customer and returns its secret.
func (e *Env) CustomerToken(t testing.TB, customer int64) string {
	t.Helper()
	_, secret, err := e.App.Access.IssueToken(context.Background(), nil, customer)
	if err != nil {
		t.Fatalf("issue token for customer %d: %v", customer, err)
	}
	return secret
}

// Count returns a COUNT(*) query's answer, straight from the database;
// an error fails the test.
func (e *Env) Count(query string, args ...any) int64 {
	e.Client.t.Helper()
	var n int64
	if err := e.App.DB.Raw(query, args...).Scan(&n).Error; err != nil {
		e.Client.t.Fatal(err)
	}
	return n
}

// Replica starts another Gymtastic on e's database, as a second `serve`
// process would be: its own connection pool, clock and feature instances
// (opt.Features must be fresh ones).
func (e *Env) Replica(t testing.TB, opt Options) *Env {
	t.Helper()
	r := start(t, e.Kind, e.App.Config.Database.URL, opt)
	r.Client.Secret = e.Client.Secret
	return r
}

func start(t testing.TB, kind config.DatabaseKind, dbURL string, opt Options) *Env {
	t.Helper()
	reg := core.NewRegistry(opt.Features)
	cfg := Config(t, reg, dbURL, opt)
	if err := reg.Configure(opt.FeatureConfig); err != nil {
		t.Fatalf("configure features: %v", err)
	}
	clock := &Clock{}
	w := opt.Logs
	if w == nil {
		w = io.Discard
	}
	log := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := app.New(context.Background(), cfg, reg, log, app.Options{Now: clock.Now, DBTracer: opt.DBTracer})
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return &Env{Client: NewClient(t, a.Handler), App: a, Clock: clock, Kind: kind}
}

// Config builds a valid configuration for tests without reading any file.
func Config(t testing.TB, reg *core.Registry, dbURL string, opt Options) *config.Config {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	tz := opt.Timezone
	if tz == "" {
		tz = "UTC"
	}
	body := fmt.Sprintf("database:\n  url: %q\ngym:\n  timezone: %q\nlog:\n  level: debug\n", dbURL, tz)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path, reg.Defaults())
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	if opt.Configure != nil {
		opt.Configure(cfg)
	}
	return cfg
}

// Plan returns the database's plan for query with args bound, one line per
// plan row: EXPLAIN on PostgreSQL, EXPLAIN QUERY PLAN on SQLite (the last
// column of each row, where both put the plan's text).
func Plan(t testing.TB, db *gorm.DB, kind config.DatabaseKind, query string, args ...any) string {
	t.Helper()
	explain := "EXPLAIN "
	if kind == config.SQLite {
		explain = "EXPLAIN QUERY PLAN "
	}
	rows, err := db.Raw(explain+query, args...).Rows()
	if err != nil {
		t.Fatalf("explain: %v", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
