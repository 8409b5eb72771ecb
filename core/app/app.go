// Package app assembles a running Gymtastic from its configuration:
// database, features, core service and HTTP handler. The CLI and the tests
// build the service the same way, through New.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/access"
	"github.com/gymtastic/gymtastic/core/api"
	"github.com/gymtastic/gymtastic/core/database"
	"github.com/gymtastic/gymtastic/migrations"
)

// Version is the build's version: what -ldflags
// "-X github.com/gymtastic/gymtastic/core/app.Version=…" sets, else
// buildVersion's.
var Version string

func init() {
	if Version == "" {
		Version = buildVersion()
	}
}

// App is an assembled Gymtastic.
type App struct {
	Config   *config.Config
	Logger   *slog.Logger
	DB       *gorm.DB
	Kind     config.DatabaseKind
	Registry *core.Registry
	Service  *core.Service
	Outbox   *core.Outbox
	Metrics  *api.Metrics
	Handler  http.Handler
	Runner   *migrations.Runner
	// Access keeps API keys, customer tokens and sign-in codes.
	Access *access.Store
	// OnServing, when set, is called once Serve accepts connections, with
	// the address it listens on.
	OnServing func(addr net.Addr)
}

// Options adjust New for tests.
type Options struct {
	// Now replaces the clock.
	Now func() time.Time
	// DBTracer sees what pgx sends to PostgreSQL (database.Options.Tracer).
	DBTracer pgx.QueryTracer
}

// New opens the database, provisions the enabled features and builds the
// service and the HTTP handler. It does not migrate.
func New(ctx context.Context, cfg *config.Config, reg *core.Registry, logger *slog.Logger, opt Options) (*App, error) {
	if logger == nil {
		logger = NewLogger(cfg.Log, os.Stderr)
	}
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	db, kind, err := database.Open(ctx, cfg.Database.URL, database.Options{
		MaxOpenConns: cfg.Database.MaxOpenConns, MaxIdleConns: cfg.Database.MaxIdleConns,
		ConnMaxLifetime: cfg.Database.ConnMaxLifetime, Timeout: cfg.Server.RequestTimeout, Logger: logger, Tracer: opt.DBTracer,
	})
	if err != nil {
		return nil, err
	}
	runner, err := migrations.NewRunner(db, kind, reg.Migrations())
	if err != nil {
		_ = database.Close(db)
		return nil, err
	}
	outbox := &core.Outbox{Domain: mailDomain(cfg.Mail.From), Now: now}
	svc := core.NewService(db, core.Options{Kind: kind, Location: cfg.Location, Now: now, Hooks: reg.Hooks()})
	env := core.Env{DB: db, Kind: kind, Location: cfg.Location, Now: now, Logger: logger, Config: cfg, Outbox: outbox,
		Service: svc}
	if err := reg.Provision(env); err != nil {
		_ = database.Close(db)
		return nil, err
	}
	metrics := api.NewMetrics()
	store := access.NewStore(db, access.Options{Now: now, Outbox: outbox, TokenTTL: cfg.Auth.CustomerTokenTTL,
		GymName: cfg.Gym.Name})
	handler := api.New(api.Deps{
		Service: svc, Registry: reg, DB: db, Logger: logger, Metrics: metrics, GymName: cfg.Gym.Name,
		Version: Version, RequestTimeout: cfg.Server.RequestTimeout, MaxBodyBytes: cfg.Server.MaxBodyBytes, Now: now,
		PublicURL: cfg.Server.PublicURL, TrustedProxies: cfg.Server.Proxies,
		Access: store, Auth: api.AuthOptions{Disabled: !cfg.Auth.Enabled, PublicSchedule: cfg.Auth.PublicSchedule,
			MetricsElsewhere: cfg.Server.MetricsAddr != ""},
	})
	return &App{Config: cfg, Logger: logger, DB: db, Kind: kind, Registry: reg, Service: svc, Outbox: outbox,
		Metrics: metrics, Handler: handler, Runner: runner, Access: store}, nil
}

// Close releases the database.
func (a *App) Close() error { return database.Close(a.DB) }

// CheckSchema refuses a schema that is behind the code.
func (a *App) CheckSchema(ctx context.Context) error {
	pending, err := a.Runner.Pending(ctx)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		return fmt.Errorf("the database schema is behind: %d pending migration(s) (%s); run `gymtastic migrate` or serve with --migrate",
			len(pending), strings.Join(pending, ", "))
	}
	return nil
}

// Serve serves HTTP on ln until ctx is done, then shuts down gracefully:
// new connections are refused, requests in flight finish within
// server.shutdown_timeout. It holds at most server.max_connections
// connections open (see connLimiter), and refuses a cap the process's
// file-descriptor limit cannot hold, closing ln.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	s := a.Config.Server
	pool := 0
	if sqlDB, err := a.DB.DB(); err == nil {
		pool = sqlDB.Stats().MaxOpenConnections
	}
	maxConns, err := maxConnections(s.MaxConnections, fdLimit(), pool)
	if err != nil {
		_ = ln.Close()
		return err
	}
	lim := newConnLimiter(ln, maxConns)
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       s.ReadTimeout,
		WriteTimeout:      s.WriteTimeout,
		IdleTimeout:       s.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ConnState:         lim.connState,
		ErrorLog:          slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn),
	}
	if !a.Config.Auth.Enabled {
		a.Logger.Warn("auth.enabled is false: every request acts as an admin (trusted-client mode)", "addr", ln.Addr().String())
	}
	if s.MetricsAddr != "" {
		stop, err := a.serveMetrics(s.MetricsAddr)
		if err != nil {
			return err
		}
		defer stop()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lim) }()
	a.Logger.Info("serving", "addr", ln.Addr().String(), "database", string(a.Kind), "gym", a.Config.Gym.Name,
		"timezone", a.Config.Gym.Timezone, "version", Version, "max_connections", maxConns)
	if a.OnServing != nil {
		a.OnServing(ln.Addr())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Logger.Info("shutting down", "timeout", s.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), s.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	a.Logger.Info("stopped")
	return nil
}

// serveMetrics serves /metrics, unauthenticated, on a listener of its own
// (server.metrics_addr), until stop is called.
func (a *App) serveMetrics(addr string) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("server.metrics_addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", a.Metrics.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	a.Logger.Info("serving metrics", "addr", ln.Addr().String())
	return func() { _ = srv.Close() }, nil
}

// NewLogger builds the structured logger log.* asks for; log.format auto
// writes text to a terminal and JSON to anything else.
func NewLogger(c config.Log, w *os.File) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "text" || (c.Format == "auto" && isTerminal(w)) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// isTerminal reports whether f is a character device, as a terminal is
// (os.DevNull is one too, but nobody reads what is written there).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func mailDomain(from string) string {
	if i := strings.LastIndexByte(from, '@'); i >= 0 {
		return strings.Trim(from[i+1:], "<> ")
	}
	return "gymtastic.local"
}
