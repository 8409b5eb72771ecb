package config_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/features"
)

// write puts body in a config file of its own and returns its path.
func write(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// featureDefaults stands in for a registry with one feature.
var featureDefaults = map[string]any{
	"features.booking_limit.enabled":     true,
	"features.booking_limit.max_per_day": 1,
}

func TestDefaults(t *testing.T) {
	cfg, err := config.Load(write(t, ""), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Server.Addr != "127.0.0.1:8000" {
		t.Errorf("server.addr = %q, want 127.0.0.1:8000", cfg.Server.Addr)
	}
	if cfg.Database.URL != "sqlite:gymtastic.db" {
		t.Errorf("database.url = %q", cfg.Database.URL)
	}
	if cfg.Location != time.UTC || cfg.Server.ReadTimeout != 10*time.Second || cfg.Server.MaxBodyBytes != 1<<20 {
		t.Errorf("defaults: %+v", cfg)
	}
}

// The shipped config.yaml is valid and sets exactly the defaults' keys
// plus every feature's: nothing documented there is unknown.
func TestShippedConfigLoads(t *testing.T) {
	if _, err := config.Load("../config.yaml", core.NewRegistry(features.All()).Defaults()); err != nil {
		t.Fatal(err)
	}
}

func TestFileAndEnvironment(t *testing.T) {
	path := write(t, "gym:\n  timezone: Pacific/Auckland\n  name: Harbour Gym\nfeatures:\n  booking_limit:\n    max_per_day: 2\n")
	t.Setenv("GYMTASTIC_DATABASE_URL", "postgres://u@db.example:5432/gym")
	t.Setenv("GYMTASTIC_FEATURES_BOOKING_LIMIT_MAX_PER_DAY", "3")
	cfg, err := config.Load(path, featureDefaults)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Gym.Name != "Harbour Gym" || cfg.Location.String() != "Pacific/Auckland" {
		t.Errorf("gym = %+v, location %v", cfg.Gym, cfg.Location)
	}
	if cfg.Database.URL != "postgres://u@db.example:5432/gym" {
		t.Errorf("GYMTASTIC_DATABASE_URL ignored: %q", cfg.Database.URL)
	}
	if got := cfg.Features["booking_limit"]["max_per_day"]; got != "3" && got != 3 {
		t.Errorf("GYMTASTIC_FEATURES_BOOKING_LIMIT_MAX_PER_DAY ignored: features.booking_limit = %v", cfg.Features["booking_limit"])
	}
}

// Every error names the key at fault.
func TestErrorsNameTheKey(t *testing.T) {
	cases := []struct {
		name, body string
		env        map[string]string
		want       string
	}{
		{"unknown key", "server:\n  adress: 1.2.3.4:80\n", nil, "server.adress"},
		{"unknown section", "gymm:\n  name: x\n", nil, "gymm.name"},
		{"unknown feature key", "features:\n  booking_limit:\n    max_per_week: 2\n", nil, "features.booking_limit.max_per_week"},
		{"unknown time zone", "gym:\n  timezone: Mars/Olympus\n", nil, "gym.timezone"},
		{"local time zone", "gym:\n  timezone: Local\n", nil, "gym.timezone"},
		{"bad duration", "server:\n  read_timeout: soon\n", nil, `config: server.read_timeout: want a duration with a unit, such as 30s or 5m, got "soon"`},
		{"negative duration", "server:\n  request_timeout: -1s\n", nil, "server.request_timeout"},
		{"bad address", "server:\n  addr: localhost\n", nil, "server.addr"},
		{"bad debug address", "server:\n  debug_addr: localhost\n", nil, "server.debug_addr"},
		{"debug address is the API's", "server:\n  debug_addr: \"127.0.0.1:8000\"\n", nil, "server.debug_addr"},
		{"bad database url", "database:\n  url: mysql://x\n", nil, "database.url"},
		{"small body limit", "server:\n  max_body_bytes: 10\n", nil, "server.max_body_bytes"},
		{"bad tls", "mail:\n  smtp:\n    tls: maybe\n", nil, "mail.smtp.tls"},
		{"bad log level", "log:\n  level: loud\n", nil, "log.level"},
		{"not a number", "mail:\n  max_attempts: many\n", nil, `config: mail.max_attempts: want an integer, got "many"`},
		{"a fraction for an integer", "mail:\n  max_attempts: 1.5\n", nil, "config: mail.max_attempts: want an integer, got 1.5"},
		{"not a number from the environment", "", map[string]string{"GYMTASTIC_SERVER_MAX_BODY_BYTES": "1MB"},
			`config: server.max_body_bytes: want an integer, got "1MB"`},
		{"not a boolean", "auth:\n  enabled: maybe\n", nil, `config: auth.enabled: want true or false, got "maybe"`},
		{"bad log format", "log:\n  format: pretty\n", nil, "log.format: want auto, json or text"},
		{"bad environment value", "", map[string]string{"GYMTASTIC_GYM_TIMEZONE": "Nowhere/Else"}, "gym.timezone"},
		{"unknown environment variable", "", map[string]string{"GYMTASTIC_DATABASE_UR": "sqlite:x.db"}, "GYMTASTIC_DATABASE_UR"},
		{"malformed yaml", "server: [\n", nil, "config.yaml"},
		// yaml.v3 says "line 3: did not find expected key" for these.
		{"yaml indent off", "server:\n  addr: \"a:1\"\n  read_timeout: 10s\n bad: 1\n", nil, "config.yaml line 4, column 2: "},
		{"yaml stray list item", "gym:\n  name: a\n- x\n", nil, "config.yaml line 3, column 1: "},
		{"yaml duplicate key", "gym:\n  name: a\n  name: b\n", nil, "config.yaml line 3"},
		{"duration without a unit", "server:\n  write_timeout: 30\n", nil, "config: server.write_timeout: want a duration with a unit"},
		{"interval without a unit", "mail:\n  poll_interval: 2\n", nil, "config: mail.poll_interval: want a duration with a unit"},
		{"idle timeout without a unit", "server:\n  idle_timeout: 30\n", nil, "config: server.idle_timeout: want a duration with a unit"},
		{"zero idle timeout", "server:\n  idle_timeout: 0s\n", nil, "server.idle_timeout"},
		{"negative connection cap", "server:\n  max_connections: -1\n", nil, "server.max_connections"},
		{"connection cap not a number", "server:\n  max_connections: lots\n", nil, "max_connections"},
		{"public url without a scheme", "server:\n  public_url: gym.example\n", nil, "server.public_url"},
		{"public url of another scheme", "server:\n  public_url: ftp://gym.example\n", nil, "server.public_url"},
		{"public url with a query", "server:\n  public_url: https://gym.example/?a=1\n", nil, "server.public_url"},
		{"public url with a user", "server:\n  public_url: https://me@gym.example\n", nil, "server.public_url"},
		{"trusted proxy not an address", "server:\n  trusted_proxies: [localhost]\n", nil, "server.trusted_proxies"},
		{"trusted proxy bad block", "server:\n  trusted_proxies: [10.0.0.0/33]\n", nil, "server.trusted_proxies"},
		{"negative idle connections", "database:\n  max_idle_conns: -3\n", nil, "database.max_idle_conns"},
		{"negative connection lifetime", "database:\n  conn_max_lifetime: -5m\n", nil, "database.conn_max_lifetime"},
		{"feature not a mapping", "features:\n  booking_limit: false\n", nil, "features.booking_limit must be a mapping"},
		{"trusted mode on a public address", "server:\n  addr: \"0.0.0.0:8000\"\nauth:\n  enabled: false\n", nil, "auth.allow_open"},
		{"short token lifetime", "auth:\n  customer_token_ttl: 30s\n", nil, "auth.customer_token_ttl"},
		{"metrics address is the API's", "server:\n  metrics_addr: \"127.0.0.1:8000\"\n", nil, "server.metrics_addr"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			_, err := config.Load(write(t, c.body), featureDefaults)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not name %s", err, c.want)
			}
		})
	}
}

// Trusted mode serves on loopback as it is, and elsewhere once
// auth.allow_open says it is meant.
func TestTrustedModeAddress(t *testing.T) {
	for _, body := range []string{
		"auth:\n  enabled: false\n",
		"server:\n  addr: \"0.0.0.0:8000\"\nauth:\n  enabled: false\n  allow_open: true\n",
	} {
		if _, err := config.Load(write(t, body), featureDefaults); err != nil {
			t.Errorf("%q: %v", body, err)
		}
	}
}

// The connection and link keys: defaults, a YAML list and a
// comma-separated environment variable.
func TestServerConnectionKeys(t *testing.T) {
	cfg, err := config.Load(write(t, ""), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Server
	if s.IdleTimeout != 30*time.Second || s.MaxConnections != 0 || s.PublicURL != "" || len(s.Proxies) != 0 {
		t.Errorf("defaults: idle_timeout %s, max_connections %d, public_url %q, trusted_proxies %v",
			s.IdleTimeout, s.MaxConnections, s.PublicURL, s.Proxies)
	}
	body := "server:\n  idle_timeout: 5s\n  max_connections: 200\n  public_url: https://gym.example/app\n" +
		"  trusted_proxies: [10.0.0.0/8, \"192.168.1.7\", \"::1\"]\n"
	if cfg, err = config.Load(write(t, body), nil); err != nil {
		t.Fatal(err)
	}
	s = cfg.Server
	if s.IdleTimeout != 5*time.Second || s.MaxConnections != 200 || s.PublicURL != "https://gym.example/app" ||
		fmt.Sprint(s.Proxies) != "[10.0.0.0/8 192.168.1.7/32 ::1/128]" {
		t.Errorf("from the file: %+v", s)
	}
	t.Setenv("GYMTASTIC_SERVER_TRUSTED_PROXIES", "172.16.0.0/12, 127.0.0.1")
	if cfg, err = config.Load(write(t, body), nil); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(cfg.Server.Proxies); got != "[172.16.0.0/12 127.0.0.1/32]" {
		t.Errorf("GYMTASTIC_SERVER_TRUSTED_PROXIES: %s", got)
	}
}

// An empty variable sets its key to empty: it can turn the profiler off.
func TestEmptyEnvironmentValue(t *testing.T) {
	t.Setenv("GYMTASTIC_SERVER_DEBUG_ADDR", "")
	cfg, err := config.Load(write(t, "server:\n  debug_addr: \"127.0.0.1:6060\"\n"), featureDefaults)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Server.DebugAddr != "" {
		t.Errorf("GYMTASTIC_SERVER_DEBUG_ADDR= left server.debug_addr at %q", cfg.Server.DebugAddr)
	}
}

func TestTestVariablesAreNotConfig(t *testing.T) {
	t.Setenv("GYMTASTIC_TEST_POSTGRES_URL", "postgres://elsewhere")
	if _, err := config.Load(write(t, ""), nil); err != nil {
		t.Fatal(err)
	}
}

func TestMissingFile(t *testing.T) {
	if _, err := config.Load(filepath.Join(t.TempDir(), "nope.yaml"), nil); err == nil {
		t.Error("a config file named but missing was accepted")
	}
}

func TestParseDatabaseURL(t *testing.T) {
	for _, c := range []struct {
		url  string
		kind config.DatabaseKind
		ok   bool
	}{
		{"sqlite:gymtastic.db", config.SQLite, true},
		{"sqlite:/var/lib/gymtastic/gym.db", config.SQLite, true},
		{"postgres://postgres@127.0.0.1:5432/gym?sslmode=disable", config.Postgres, true},
		{"postgresql://postgres@127.0.0.1/gym", config.Postgres, true},
		{"sqlite:", "", false},
		{"mysql://x", "", false},
		{"gymtastic.db", "", false},
	} {
		got, err := config.ParseDatabaseURL(c.url)
		if (err == nil) != c.ok || (c.ok && got.Kind != c.kind) {
			t.Errorf("ParseDatabaseURL(%q) = %+v, %v", c.url, got, err)
		}
	}
}
