package main

import (
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
)

// process runs gymtastic with args as a process of its own (the test
// binary re-executed, see TestMain), with its logs at info in JSON, and
// returns everything it wrote.
func (c *cli) process(args ...string) (string, error) {
	c.t.Helper()
	argv, _ := json.Marshal(append([]string{"--config", c.config}, args...))
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GYMTASTIC_TEST_MAIN=1", "GYMTASTIC_TEST_ARGS="+string(argv),
		"GYMTASTIC_LOG_LEVEL=info", "GYMTASTIC_LOG_FORMAT=json", "GORACE=atexit_sleep_ms=0")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// records returns the JSON log records with message msg in out.
func records(out, msg string) []map[string]any {
	var recs []map[string]any
	for _, line := range strings.Split(out, "\n") {
		var r map[string]any
		if json.Unmarshal([]byte(line), &r) == nil && r["msg"] == msg {
			recs = append(recs, r)
		}
	}
	return recs
}

// The fixtures' log record counts what the database holds once the
// features' fixtures have run too (the schedules' 4 × 55 sessions, premium's
// 30, the waitlist's one), and the admin key goes to stdout only.
func TestFixturesLogRecord(t *testing.T) {
	c := newCLI(t, config.SQLite, "")
	c.must("migrate")
	out, err := c.process("createfixtures")
	if err != nil {
		t.Fatalf("createfixtures: %v\n%s", err, out)
	}
	recs := records(out, "fixtures loaded")
	if len(recs) != 1 {
		t.Fatalf("want one \"fixtures loaded\" record:\n%s", out)
	}
	for table, want := range map[string]float64{"customers": 10, "class_types": 6, "class_sessions": 251, "bookings": 52} {
		if recs[0][table] != want {
			t.Errorf("record says %s=%v, want %v (the database holds %d)", table, recs[0][table], want, c.count(table))
		}
	}
	if !strings.Contains(out, "admin API key (shown once") || strings.Count(out, "gtk_") != 2 {
		t.Errorf("want the admin key printed once with its curl line:\n%s", out)
	}
	for _, r := range records(out, "fixtures loaded") {
		if b, _ := json.Marshal(r); strings.Contains(string(b), "gtk_") {
			t.Error("the secret reached the log")
		}
	}
}

// A port in use stops serve before the fixtures are written or the email
// dispatcher starts.
func TestServeBusyPortFailsFirst(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c := newCLI(t, config.SQLite, "server:\n  addr: \""+ln.Addr().String()+"\"\n")
	out, err := c.process("serve", "--migrate", "--fixtures-if-empty")
	if err == nil {
		t.Fatalf("serve on a busy port succeeded:\n%s", out)
	}
	if !strings.Contains(out, "listen on "+ln.Addr().String()+" (server.addr)") {
		t.Errorf("want the error to name server.addr:\n%s", out)
	}
	if strings.Contains(out, "email dispatcher started") || len(records(out, "fixtures loaded")) > 0 {
		t.Errorf("work started before the listener failed:\n%s", out)
	}
	if n := c.count("customers"); n != 0 {
		t.Errorf("fixtures wrote %d customers though serve could not listen", n)
	}
}

func TestReadyLine(t *testing.T) {
	for _, c := range []struct {
		name, secret string
		auth         bool
		want         string
	}{
		{"fixtures made a key", "gtk_abc", true, "gymtastic is ready: API docs at http://127.0.0.1:8000/api; admin API key (shown once"},
		{"no key made", "", true, "apikey create"},
		{"auth off", "", false, "auth.enabled is false"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			printReady(&b, "http://127.0.0.1:8000", c.auth, c.secret)
			got := b.String()
			if !strings.Contains(got, c.want) || !strings.Contains(got, c.secret) || strings.Count(got, "\n") != 1 {
				t.Errorf("ready line %q, want one line with %q", got, c.want)
			}
		})
	}
}

func TestBaseURL(t *testing.T) {
	for _, c := range []struct{ public, addr, want string }{
		{"", "127.0.0.1:8000", "http://127.0.0.1:8000"},
		{"", "0.0.0.0:8000", "http://127.0.0.1:8000"},
		{"", "[::]:8000", "http://127.0.0.1:8000"},
		{"https://gym.example/", "0.0.0.0:8000", "https://gym.example"},
	} {
		addr, err := net.ResolveTCPAddr("tcp", c.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := baseURL(c.public, addr); got != c.want {
			t.Errorf("baseURL(%q, %s) = %q, want %q", c.public, c.addr, got, c.want)
		}
	}
}
