// Package config loads Gymtastic's configuration: config.yaml, overridden by
// GYMTASTIC_* environment variables, checked before anything starts.
//
// Every key has a default here (or in a feature's config struct), so that an
// environment variable can override any key even when the file omits it, and
// so that a key nobody knows about is reported instead of silently ignored.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"
)

// EnvPrefix is the prefix of environment variables that override keys:
// database.url is GYMTASTIC_DATABASE_URL.
const EnvPrefix = "GYMTASTIC"

// Config is the whole configuration, decoded and validated.
type Config struct {
	Server   Server   `mapstructure:"server"`
	Database Database `mapstructure:"database"`
	Gym      Gym      `mapstructure:"gym"`
	Mail     Mail     `mapstructure:"mail"`
	Log      Log      `mapstructure:"log"`
	Auth     Auth     `mapstructure:"auth"`
	// Features holds each feature's raw section; the feature registry
	// decodes it into the feature's own struct.
	Features map[string]map[string]any `mapstructure:"features"`

	// Location is gym.timezone, loaded.
	Location *time.Location `mapstructure:"-"`
	// File is the config file read, empty when none was found.
	File string `mapstructure:"-"`
}

// Server configures the HTTP server.
type Server struct {
	Addr            string        `mapstructure:"addr"`
	ReadTimeout     time.Duration `mapstructure:"read_timeout"`
	WriteTimeout    time.Duration `mapstructure:"write_timeout"`
	IdleTimeout     time.Duration `mapstructure:"idle_timeout"`
	RequestTimeout  time.Duration `mapstructure:"request_timeout"`
	ShutdownTimeout time.Duration `mapstructure:"shutdown_timeout"`
	MaxBodyBytes    int64         `mapstructure:"max_body_bytes"`
	// MaxConnections caps the connections held open at once; 0 derives the
	// cap from the file-descriptor limit (app.Serve).
	MaxConnections int  `mapstructure:"max_connections"`
	AutoMigrate    bool `mapstructure:"auto_migrate"`
	// PublicURL is how clients reach the API (scheme, host, any path
	// prefix), for absolute links; empty gives relative links.
	PublicURL string `mapstructure:"public_url"`
	// TrustedProxies are the peers (IPs or CIDRs) whose X-Forwarded-Proto
	// and X-Forwarded-Host are believed; Proxies holds them parsed.
	TrustedProxies []string       `mapstructure:"trusted_proxies"`
	Proxies        []netip.Prefix `mapstructure:"-"`
	// DebugAddr is where Go's profiler (net/http/pprof) listens; empty is
	// off. It has no authentication of its own.
	DebugAddr string `mapstructure:"debug_addr"`
	// MetricsAddr gives /metrics a listener of its own, unauthenticated;
	// empty serves it on Addr to loopback clients and staff keys only.
	MetricsAddr string `mapstructure:"metrics_addr"`
}

// Auth configures access (docs/access.md).
type Auth struct {
	// Enabled false is the trusted-client mode: every request acts as an
	// admin.
	Enabled bool `mapstructure:"enabled"`
	// AllowOpen lets the trusted mode serve on an address other than
	// loopback.
	AllowOpen bool `mapstructure:"allow_open"`
	// PublicSchedule lets anonymous callers read class types and sessions.
	PublicSchedule bool `mapstructure:"public_schedule"`
	// CustomerTokenTTL is how long a customer token works.
	CustomerTokenTTL time.Duration `mapstructure:"customer_token_ttl"`
}

// Database chooses and sizes the database.
type Database struct {
	URL             string        `mapstructure:"url"`
	MaxOpenConns    int           `mapstructure:"max_open_conns"`
	MaxIdleConns    int           `mapstructure:"max_idle_conns"`
	ConnMaxLifetime time.Duration `mapstructure:"conn_max_lifetime"`
}

// Gym describes the gym itself.
type Gym struct {
	Name     string `mapstructure:"name"`
	Timezone string `mapstructure:"timezone"`
}

// Mail configures outgoing email (the outbox dispatcher).
type Mail struct {
	From         string        `mapstructure:"from"`
	SMTP         SMTP          `mapstructure:"smtp"`
	MaxAttempts  int           `mapstructure:"max_attempts"`
	PollInterval time.Duration `mapstructure:"poll_interval"`
}

// SMTP is the relay the dispatcher delivers through. An empty host logs
// emails instead of sending them.
type SMTP struct {
	Host     string `mapstructure:"host"`
	Port     int    `mapstructure:"port"`
	Username string `mapstructure:"username"`
	Password string `mapstructure:"password"`
	// TLS is "starttls" (required), "opportunistic", "tls" (implicit) or "none".
	TLS string `mapstructure:"tls"`
}

// Log configures structured logging.
type Log struct {
	Level string `mapstructure:"level"`
	// Format is "text", "json" or "auto": text when stderr is a terminal
	// (a person is reading), JSON otherwise (a collector is).
	Format string `mapstructure:"format"`
}

// Defaults are the built-in values of every core key, flattened.
func Defaults() map[string]any {
	return map[string]any{
		"server.addr":                "127.0.0.1:8000",
		"server.read_timeout":        "10s",
		"server.write_timeout":       "30s",
		"server.idle_timeout":        "30s",
		"server.request_timeout":     "15s",
		"server.shutdown_timeout":    "20s",
		"server.max_body_bytes":      1 << 20,
		"server.max_connections":     0,
		"server.public_url":          "",
		"server.trusted_proxies":     []string{},
		"server.auto_migrate":        false,
		"server.debug_addr":          "",
		"server.metrics_addr":        "",
		"auth.enabled":               true,
		"auth.allow_open":            false,
		"auth.public_schedule":       true,
		"auth.customer_token_ttl":    "720h",
		"database.url":               "sqlite:gymtastic.db",
		"database.max_open_conns":    0,
		"database.max_idle_conns":    0,
		"database.conn_max_lifetime": "30m",
		"gym.name":                   "Gymtastic",
		"gym.timezone":               "UTC",
		"mail.from":                  "Gymtastic <no-reply@gymtastic.example>",
		"mail.smtp.host":             "",
		"mail.smtp.port":             587,
		"mail.smtp.username":         "",
		"mail.smtp.password":         "",
		"mail.smtp.tls":              "starttls",
		"mail.max_attempts":          8,
		"mail.poll_interval":         "2s",
		"log.level":                  "info",
		"log.format":                 "auto",
	}
}

// Load reads path (or ./config.yaml when path is empty and the file exists),
// applies GYMTASTIC_* overrides and validates the result. extraDefaults adds
// the keys features own (features.<name>.<key>); a key in the file or in the
// environment that is in neither set is an error naming it.
func Load(path string, extraDefaults map[string]any) (*Config, error) {
	v := viper.New()
	known := map[string]bool{}
	for k, val := range Defaults() {
		v.SetDefault(k, val)
		known[k] = true
	}
	for k, val := range extraDefaults {
		v.SetDefault(k, val)
		known[strings.ToLower(k)] = true
	}
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AllowEmptyEnv(true) // GYMTASTIC_SERVER_DEBUG_ADDR= turns the profiler off
	v.AutomaticEnv()

	file := path
	if file == "" {
		file = "config.yaml"
	}
	v.SetConfigFile(file)
	v.SetConfigType("yaml")
	if err := v.ReadInConfig(); err != nil {
		var notFound viper.ConfigFileNotFoundError
		var parse viper.ConfigParseError
		if errors.As(err, &parse) {
			return nil, yamlError(file, err)
		}
		if path != "" || !(errors.As(err, &notFound) || isNotExist(err)) {
			return nil, fmt.Errorf("config: read %s: %w", file, err)
		}
		file = ""
	}

	var unknown []string
	for _, k := range v.AllKeys() {
		if known[k] {
			continue
		}
		for key := range known {
			if strings.HasPrefix(key, k+".") { // features.premium: false
				return nil, fmt.Errorf("config: %s must be a mapping of its keys (see config.yaml), not a value", k)
			}
		}
		unknown = append(unknown, k)
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("config: unknown key %s", strings.Join(unknown, ", "))
	}
	if err := checkEnvironment(known); err != nil {
		return nil, err
	}

	cfg := &Config{File: file}
	if err := v.Unmarshal(cfg, func(dc *mapstructure.DecoderConfig) {
		dc.ErrorUnused = true
		dc.DecodeHook = DecodeHook()
	}); err != nil {
		return nil, DecodeErrors("", err)
	}
	// viper lower-cases nested maps; features read them through the registry.
	cfg.Features = map[string]map[string]any{}
	for name, section := range v.GetStringMap("features") {
		m, ok := section.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("config: features.%s must be a mapping", name)
		}
		flat := map[string]any{}
		for k := range m {
			flat[k] = v.Get("features." + name + "." + k)
		}
		cfg.Features[name] = flat
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// checkEnvironment refuses a GYMTASTIC_* variable that overrides no key: a
// misspelt override would otherwise be ignored without a word.
// GYMTASTIC_TEST_* variables belong to the test suite.
func checkEnvironment(known map[string]bool) error {
	envKeys := map[string]bool{}
	for k := range known {
		envKeys[strings.ToUpper(EnvPrefix+"_"+strings.ReplaceAll(k, ".", "_"))] = true
	}
	var unknown []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, EnvPrefix+"_") || strings.HasPrefix(name, EnvPrefix+"_TEST_") {
			continue
		}
		if !envKeys[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("config: environment variable %s overrides no key (see config.yaml for the keys)", strings.Join(unknown, ", "))
	}
	return nil
}

func isNotExist(err error) bool {
	return strings.Contains(err.Error(), "no such file or directory")
}

func (c *Config) validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("config: %s: %s", key, fmt.Sprintf(format, args...)))
	}
	if _, _, err := net.SplitHostPort(c.Server.Addr); err != nil {
		bad("server.addr", "want host:port, got %q", c.Server.Addr)
	}
	if c.Server.DebugAddr != "" {
		if _, _, err := net.SplitHostPort(c.Server.DebugAddr); err != nil {
			bad("server.debug_addr", "want host:port or empty (off), got %q", c.Server.DebugAddr)
		} else if c.Server.DebugAddr == c.Server.Addr {
			bad("server.debug_addr", "must differ from server.addr (%q)", c.Server.Addr)
		}
	}
	if c.Server.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.Server.MetricsAddr); err != nil {
			bad("server.metrics_addr", "want host:port or empty (on server.addr), got %q", c.Server.MetricsAddr)
		} else if c.Server.MetricsAddr == c.Server.Addr || c.Server.MetricsAddr == c.Server.DebugAddr {
			bad("server.metrics_addr", "must differ from server.addr and server.debug_addr")
		}
	}
	if c.Auth.CustomerTokenTTL < time.Minute {
		bad("auth.customer_token_ttl", "must be at least 1m, got %s", c.Auth.CustomerTokenTTL)
	}
	if !c.Auth.Enabled && !c.Auth.AllowOpen && !loopback(c.Server.Addr) {
		bad("auth.enabled", "false serves every request as an admin: on %s, not a loopback address, set auth.allow_open: true to mean it", c.Server.Addr)
	}
	for key, d := range map[string]time.Duration{
		"server.read_timeout":     c.Server.ReadTimeout,
		"server.write_timeout":    c.Server.WriteTimeout,
		"server.idle_timeout":     c.Server.IdleTimeout,
		"server.request_timeout":  c.Server.RequestTimeout,
		"server.shutdown_timeout": c.Server.ShutdownTimeout,
		"mail.poll_interval":      c.Mail.PollInterval,
	} {
		if d <= 0 {
			bad(key, "must be a positive duration such as 10s, got %s", d)
		}
	}
	if c.Server.MaxBodyBytes < 1024 {
		bad("server.max_body_bytes", "must be at least 1024, got %d", c.Server.MaxBodyBytes)
	}
	if c.Server.MaxConnections < 0 {
		bad("server.max_connections", "must not be negative (0 derives it from the file-descriptor limit), got %d", c.Server.MaxConnections)
	}
	if err := checkPublicURL(c.Server.PublicURL); err != nil {
		bad("server.public_url", "%v", err)
	}
	c.Server.Proxies = nil
	for _, p := range c.Server.TrustedProxies {
		prefix, err := parseProxy(p)
		if err != nil {
			bad("server.trusted_proxies", "%v", err)
			continue
		}
		c.Server.Proxies = append(c.Server.Proxies, prefix)
	}
	if _, err := ParseDatabaseURL(c.Database.URL); err != nil {
		bad("database.url", "%v", err)
	}
	if c.Database.MaxOpenConns < 0 {
		bad("database.max_open_conns", "must not be negative, got %d", c.Database.MaxOpenConns)
	}
	if c.Database.MaxIdleConns < 0 {
		bad("database.max_idle_conns", "must not be negative, got %d", c.Database.MaxIdleConns)
	}
	if c.Database.ConnMaxLifetime < 0 {
		bad("database.conn_max_lifetime", "must not be negative (0 keeps connections for ever), got %s", c.Database.ConnMaxLifetime)
	}
	if strings.TrimSpace(c.Gym.Name) == "" {
		bad("gym.name", "must not be empty")
	}
	loc, err := time.LoadLocation(c.Gym.Timezone)
	if err != nil || c.Gym.Timezone == "" || strings.EqualFold(c.Gym.Timezone, "local") {
		bad("gym.timezone", "unknown time zone %q (want an IANA name such as Europe/Berlin)", c.Gym.Timezone)
	}
	c.Location = loc
	switch c.Mail.SMTP.TLS {
	case "starttls", "opportunistic", "tls", "none":
	default:
		bad("mail.smtp.tls", "want starttls, opportunistic, tls or none, got %q", c.Mail.SMTP.TLS)
	}
	if c.Mail.SMTP.Port < 1 || c.Mail.SMTP.Port > 65535 {
		bad("mail.smtp.port", "must be 1-65535, got %d", c.Mail.SMTP.Port)
	}
	if c.Mail.MaxAttempts < 1 {
		bad("mail.max_attempts", "must be at least 1, got %d", c.Mail.MaxAttempts)
	}
	if strings.TrimSpace(c.Mail.From) == "" {
		bad("mail.from", "must not be empty")
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "want debug, info, warn or error, got %q", c.Log.Level)
	}
	switch c.Log.Format {
	case "auto", "json", "text":
	default:
		bad("log.format", "want auto, json or text, got %q", c.Log.Format)
	}
	return errors.Join(errs...)
}

// loopback reports whether addr (host:port) listens on the host alone.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkPublicURL accepts an empty server.public_url or an absolute http(s)
// URL with a host and no query, fragment or user.
func checkPublicURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.Opaque != "" {
		return fmt.Errorf("want an http:// or https:// URL with a host and no query, such as https://gym.example, got %q", raw)
	}
	return nil
}

// parseProxy reads one server.trusted_proxies entry: an IP address (one
// host) or a CIDR block.
func parseProxy(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("want an IP address or a CIDR block such as 10.0.0.0/8, got %q", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("want an IP address or a CIDR block such as 10.0.0.0/8, got %q", s)
	}
	a = a.Unmap() // peers are compared unmapped
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// DatabaseKind is the kind of database a URL names.
type DatabaseKind string

// The supported databases.
const (
	SQLite   DatabaseKind = "sqlite"
	Postgres DatabaseKind = "postgres"
)

// DatabaseURL is a parsed database.url.
type DatabaseURL struct {
	Kind DatabaseKind
	// Path is the SQLite file (Kind SQLite); DSN the PostgreSQL URL.
	Path string
	DSN  string
}

// ParseDatabaseURL accepts "sqlite:PATH" (or sqlite://PATH) and
// postgres:// or postgresql:// URLs.
func ParseDatabaseURL(raw string) (DatabaseURL, error) {
	switch {
	case strings.HasPrefix(raw, "sqlite:"):
		p := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//")
		if i := strings.IndexByte(p, '?'); i >= 0 {
			return DatabaseURL{}, fmt.Errorf("sqlite URL takes no options (Gymtastic sets them), got %q", raw)
		}
		if p == "" {
			return DatabaseURL{}, fmt.Errorf("sqlite URL needs a file path, as in sqlite:gymtastic.db")
		}
		return DatabaseURL{Kind: SQLite, Path: p}, nil
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		if _, err := url.Parse(raw); err != nil {
			return DatabaseURL{}, fmt.Errorf("bad PostgreSQL URL: %v", err)
		}
		return DatabaseURL{Kind: Postgres, DSN: raw}, nil
	default:
		return DatabaseURL{}, fmt.Errorf("want sqlite:PATH or postgres://…, got %q", raw)
	}
}
