package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/database"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// cli runs gymtastic with args against a config file of its own, as a user
// would from a shell, and returns what it printed.
type cli struct {
	t      *testing.T
	config string
	dbURL  string
}

func newCLI(t *testing.T, kind config.DatabaseKind, extra string) *cli {
	t.Helper()
	return newCLIFor(t, testenv.DatabaseURL(t, kind), extra)
}

func (c *cli) run(ctx context.Context, args ...string) (string, error) {
	cmd := rootCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(append([]string{"--config", c.config}, args...))
	err := cmd.ExecuteContext(ctx)
	return out.String(), err
}

func (c *cli) must(args ...string) string {
	c.t.Helper()
	out, err := c.run(context.Background(), args...)
	if err != nil {
		c.t.Fatalf("gymtastic %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func (c *cli) count(table string) int64 {
	c.t.Helper()
	db, _, err := database.Open(context.Background(), c.dbURL, database.Options{})
	if err != nil {
		c.t.Fatal(err)
	}
	defer func() {
		if s, err := db.DB(); err == nil {
			_ = s.Close()
		}
	}()
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM " + table).Scan(&n).Error; err != nil {
		c.t.Fatal(err)
	}
	return n
}

func TestMigrateAndStatus(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		c := newCLI(t, kind, "")
		if out := c.must("migrate", "status"); !strings.Contains(out, "pending") || strings.Contains(out, "applied") {
			t.Errorf("status before migrating:\n%s", out)
		}
		out := c.must("migrate")
		if !strings.Contains(out, "applied core_0001_initial") {
			t.Errorf("migrate:\n%s", out)
		}
		if i, j := strings.Index(out, "core_0001"), strings.Index(out, "milestones_0001"); i < 0 || j < i {
			t.Errorf("core's migrations must come before the features':\n%s", out)
		}
		if out := c.must("migrate"); !strings.Contains(out, "up to date") {
			t.Errorf("second migrate:\n%s", out)
		}
		if out := c.must("migrate", "status"); strings.Contains(out, "pending") {
			t.Errorf("status after migrating:\n%s", out)
		}
	})
}

// serve refuses a schema that is behind and says what to do.
func TestServeRefusesPendingMigrations(t *testing.T) {
	c := newCLI(t, config.SQLite, "")
	_, err := c.run(context.Background(), "serve")
	if err == nil || !strings.Contains(err.Error(), "gymtastic migrate") {
		t.Fatalf("serve on an empty database: %v", err)
	}
}

func TestCreateFixtures(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		c := newCLI(t, kind, "")
		c.must("migrate")
		c.must("createfixtures")
		// The original's 4 class types, each now a daily schedule from
		// tomorrow that made its sessions to the 56-day horizon (55 days
		// each), and 4 bookings a customer, plus premium's Swimming: 30
		// sessions and 10 bookings by its members, plus the waitlist's
		// Reformer Pilates: one session for two, full, with three waiting.
		want := map[string]int64{"customers": 10, "class_types": 6, "class_schedules": 4, "class_sessions": 251, "bookings": 52,
			"waitlist_entries": 3}
		for table, want := range want {
			if got := c.count(table); got != want {
				t.Errorf("%s: %d rows, want %d", table, got, want)
			}
		}
		if _, err := c.run(context.Background(), "createfixtures"); err == nil {
			t.Error("createfixtures ran twice without --force")
		}
		// Forced, it reuses what exists: nothing is duplicated.
		c.must("createfixtures", "--force")
		for table, want := range want {
			if got := c.count(table); got != want {
				t.Errorf("after --force, %s: %d rows, want %d", table, got, want)
			}
		}
	})
}

func TestFeaturesCommand(t *testing.T) {
	c := newCLI(t, config.SQLite, "features:\n  milestones:\n    enabled: false\n")
	out := c.must("features")
	if !strings.Contains(out, "milestones") || !strings.Contains(out, "disabled") {
		t.Errorf("features:\n%s", out)
	}
}

// A bad value, in core's keys or a feature's switch, stops the command
// with the key and the rule.
func TestBadConfigNamesTheKey(t *testing.T) {
	for _, c := range []struct{ config, want string }{
		{"gym:\n  timezone: Atlantis/Central\n", "gym.timezone"},
		{"features:\n  premium:\n    enabled: maybe\n", "features.premium.enabled: want true or false, got maybe"},
		{"features:\n  booking_limit:\n    max_per_day: many\n", `features.booking_limit.max_per_day: want an integer, got "many"`},
		{"features:\n  waitlist:\n    max_size: 2.5\n", "features.waitlist.max_size: want an integer, got 2.5"},
	} {
		_, err := newCLI(t, config.SQLite, c.config).run(context.Background(), "migrate")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("migrate with %q: %v, want an error naming %s", c.config, err, c.want)
		}
	}
}

// A stray argument is refused, and the command does not run: "migrate
// stauts" must not migrate.
func TestCommandsRefuseArguments(t *testing.T) {
	c := newCLI(t, config.SQLite, "")
	for _, args := range [][]string{{"migrate", "stauts"}, {"serve", "now"}, {"features", "x"}, {"createfixtures", "x"}, {"worker", "x"}, {"openapi", "x"}} {
		if _, err := c.run(context.Background(), args...); err == nil || !strings.Contains(err.Error(), "unknown command") {
			t.Errorf("gymtastic %s: %v, want unknown command", strings.Join(args, " "), err)
		}
	}
	if out := c.must("migrate", "status"); strings.Contains(out, "applied") {
		t.Errorf("a refused command migrated:\n%s", out)
	}
}

// serve --migrate --fixtures-if-empty is what `make run` does: it serves a
// ready database, and stops cleanly when its context ends (as on SIGTERM).
// With server.debug_addr set, the profiler answers there and only there.
func TestServeLifecycle(t *testing.T) {
	addr, debugAddr := freeAddr(t), freeAddr(t)
	c := newCLI(t, config.SQLite, fmt.Sprintf("server:\n  addr: %q\n  debug_addr: %q\n", addr, debugAddr))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var printed string
	go func() {
		out, err := c.run(ctx, "serve", "--migrate", "--fixtures-if-empty")
		printed = out
		done <- err
	}()
	var resp *http.Response
	var err error
	for i := 0; i < 200; i++ {
		if resp, err = http.Get("http://" + addr + "/readyz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		cancel()
		t.Fatalf("the server never answered: %v (%v)", err, <-done)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/readyz = %d", resp.StatusCode)
	}
	for url, want := range map[string]int{
		"http://" + addr + "/api/customers":              http.StatusUnauthorized, // auth is on by default
		"http://" + addr + "/api/class_sessions":         http.StatusOK,           // the schedule is public
		"http://" + addr + "/debug/pprof/cmdline":        http.StatusNotFound,
		"http://" + debugAddr + "/debug/pprof/cmdline":   http.StatusOK,
		"http://" + debugAddr + "/debug/pprof/goroutine": http.StatusOK,
	} {
		if resp, err := http.Get(url); err != nil {
			t.Errorf("GET %s: %v", url, err)
		} else {
			_ = resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("GET %s = %d, want %d", url, resp.StatusCode, want)
			}
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if got := c.count("customers"); got != 10 {
		t.Errorf("--fixtures-if-empty loaded %d customers, want 10", got)
	}
	// One line says where the docs are and gives the fixtures' admin key,
	// which works.
	_, after, ok := strings.Cut(printed, "gymtastic is ready: API docs at http://"+addr+"/api; admin API key (shown once")
	_, secret, _ := strings.Cut(strings.TrimSpace(after), ": ")
	if !ok || !strings.HasPrefix(secret, "gtk_") || strings.ContainsAny(secret, " \n") {
		t.Fatalf("serve printed:\n%s\nwant a ready line with the docs URL and an admin key", printed)
	}
	if n := c.count("api_keys"); n != 1 {
		t.Errorf("%d API keys, want the fixtures' one", n)
	}
	if _, err := http.Get("http://" + debugAddr + "/debug/pprof/cmdline"); err == nil {
		t.Error("the profiler still answers after serve returned")
	}
}

// freeAddr returns a loopback address nobody listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	return ln.Addr().String()
}

// apikey create prints a secret once, list shows the key without it, and
// revoke ends it; a revoked or unknown id is refused.
func TestAPIKeyCommands(t *testing.T) {
	c := newCLI(t, config.SQLite, "")
	c.must("migrate")
	secret, _, _ := strings.Cut(c.must("apikey", "create", "--name", "front desk", "--role", "staff"), "\n")
	if !strings.HasPrefix(secret, "gtk_") {
		t.Fatalf("create printed %q, want a gtk_ secret first", secret)
	}
	list := c.must("apikey", "list")
	if !strings.Contains(list, "front desk") || !strings.Contains(list, secret[:12]) || strings.Contains(list, secret) {
		t.Errorf("list shows:\n%s\nwant the key's name and prefix, never its secret", list)
	}
	if out := c.must("apikey", "revoke", "1"); !strings.Contains(out, "revoked key 1") {
		t.Errorf("revoke said %q", out)
	}
	for _, args := range [][]string{
		{"apikey", "revoke", "99"}, {"apikey", "revoke", "one"}, {"apikey", "create", "--name", "x", "--role", "owner"},
		{"apikey", "create", "--role", "staff"},
	} {
		if out, err := c.run(context.Background(), args...); err == nil {
			t.Errorf("gymtastic %s succeeded: %s", strings.Join(args, " "), out)
		}
	}
}
