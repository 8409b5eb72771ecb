package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/database"
	"github.com/gymtastic/gymtastic/core/mailtest"
	"github.com/gymtastic/gymtastic/core/testenv"
	"gorm.io/gorm"
)

// The reliability checks of the performance issue run real `gymtastic
// serve` processes: the test binary re-executes itself as gymtastic when
// GYMTASTIC_TEST_MAIN is set, so that a test can SIGKILL or SIGTERM a
// server, or run three, without building anything.

func TestMain(m *testing.M) {
	if os.Getenv("GYMTASTIC_TEST_MAIN") == "1" {
		var args []string
		if err := json.Unmarshal([]byte(os.Getenv("GYMTASTIC_TEST_ARGS")), &args); err != nil {
			fmt.Fprintln(os.Stderr, "GYMTASTIC_TEST_ARGS:", err)
			os.Exit(2)
		}
		os.Args = append([]string{"gymtastic"}, args...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// gym is a PostgreSQL database migrated and seeded for load: customers,
// future sessions with few places, and a milestone that sends email.
type gym struct {
	t        *testing.T
	dbURL    string
	db       *gorm.DB
	mail     *mailtest.Server
	sessions []int64
	first    int64 // first customer id
	// key is a staff API key the load books with.
	key string
	// noKeepAlive makes load open a connection per request.
	noKeepAlive bool
}

const (
	gymCustomers = 300
	gymSessions  = 300
	gymCapacity  = 6
)

func newGym(t *testing.T) *gym {
	t.Helper()
	testenv.RequirePostgres(t)
	g := &gym{t: t, dbURL: testenv.DatabaseURL(t, config.Postgres), mail: mailtest.Start(t)}
	c := newCLIFor(t, g.dbURL, "")
	c.must("migrate")
	g.key, _, _ = strings.Cut(c.must("apikey", "create", "--name", "load", "--role", "staff"), "\n")
	db, _, err := database.Open(context.Background(), g.dbURL, database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = database.Close(db) })
	g.db = db
	exec := func(sql string, args ...any) {
		if err := db.Exec(sql, args...).Error; err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec(`INSERT INTO customers (first_name, last_name, email, created_at)
		SELECT 'Load', 'Customer' || g, 'load' || g || '@example.com', now() FROM generate_series(1, ?) g`, gymCustomers)
	exec(`INSERT INTO class_types (name, description, created_at) VALUES ('Spinning', 'Bikes', now())`)
	exec(`INSERT INTO class_sessions (class_type_id, starts_at, duration_minutes, capacity, created_at)
		SELECT (SELECT id FROM class_types), date_trunc('day', now()) + g * interval '1 day' + interval '9 hours'
			+ (g % 3) * interval '2 hours', 60, ?, now()
		FROM generate_series(1, ?) g`, gymCapacity, gymSessions)
	exec(`INSERT INTO milestones (name, period, session_count, active, created_at)
		VALUES ('Two in a week', 'P1W', 2, true, now())`)
	db.Raw("SELECT id FROM class_sessions ORDER BY id").Scan(&g.sessions)
	db.Raw("SELECT MIN(id) FROM customers").Scan(&g.first)
	return g
}

// newCLIFor is a cli on the database at dbURL, with extra config.yaml.
func newCLIFor(t *testing.T, dbURL, extra string) *cli {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	body := fmt.Sprintf("database:\n  url: %q\nlog:\n  level: warn\n%s", dbURL, extra)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return &cli{t: t, config: path, dbURL: dbURL}
}

// server is one `gymtastic serve` process.
type server struct {
	t    *testing.T
	cmd  *exec.Cmd
	addr string
	out  *bytes.Buffer
	done chan struct{} // closed when the process has exited, err then set
	err  error
}

// serve starts `gymtastic serve` on dbURL (default the gym's) with the
// gym's mail server; extra is more config.yaml.
func (g *gym) serve(dbURL, extra string) *server {
	t := g.t
	t.Helper()
	if dbURL == "" {
		dbURL = g.dbURL
	}
	addr := freeAddr(t)
	c := newCLIFor(t, dbURL, fmt.Sprintf(`server:
  addr: %q
  request_timeout: 3s
  shutdown_timeout: 5s
mail:
  from: "gym@example.com"
  smtp:
    host: %q
    port: %d
    tls: none
%s`, addr, g.mail.Host, g.mail.Port, extra))
	args, _ := json.Marshal([]string{"--config", c.config, "serve"})
	s := &server{t: t, addr: addr, out: &bytes.Buffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(os.Args[0], "-test.run=^$")
	s.cmd.Env = append(os.Environ(), "GYMTASTIC_TEST_MAIN=1", "GYMTASTIC_TEST_ARGS="+string(args),
		// The race detector sleeps a second before a process exits, which
		// TestGracefulStop would count as the server's.
		"GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.err = s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		_ = s.cmd.Process.Kill()
		<-s.done
		if t.Failed() {
			t.Logf("server %s said:\n%s", addr, s.out)
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			_ = res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server %s never became ready:\n%s", addr, s.out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// load books random (customer, session) pairs on servers round robin with
// n clients until stop is closed, and records what it was told.
type load struct {
	mu       sync.Mutex
	created  []int64
	statuses map[int]int
	errors   []error
	slowest  time.Duration
	// lastFailed is when the last request that failed (5xx or no answer)
	// was sent.
	lastFailed time.Time
	wg         sync.WaitGroup
}

func (g *gym) load(n int, stop <-chan struct{}, servers ...*server) *load {
	l := &load{statuses: map[int]int{}}
	tr := &http.Transport{MaxIdleConnsPerHost: n, DisableKeepAlives: g.noKeepAlive}
	client := &http.Client{Transport: tr, Timeout: 20 * time.Second}
	for w := 0; w < n; w++ {
		l.wg.Add(1)
		go func(w int) {
			defer l.wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				s := servers[(w+i)%len(servers)]
				body := fmt.Sprintf(`{"customer": %d, "class_session": %d}`,
					g.first+rng.Int64N(gymCustomers), g.sessions[rng.IntN(len(g.sessions))])
				start := time.Now()
				req, _ := http.NewRequest(http.MethodPost, "http://"+s.addr+"/api/bookings", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+g.key)
				res, err := client.Do(req)
				took := time.Since(start)
				if err != nil {
					l.add(0, 0, took, err)
					time.Sleep(10 * time.Millisecond)
					continue
				}
				var out struct {
					ID   int64  `json:"id"`
					Code string `json:"code"`
				}
				data, err := io.ReadAll(res.Body)
				_ = res.Body.Close()
				if err != nil {
					l.add(0, 0, took, err)
					continue
				}
				_ = json.Unmarshal(data, &out)
				l.add(res.StatusCode, out.ID, took, nil)
			}
		}(w)
	}
	return l
}

func (l *load) add(status int, id int64, took time.Duration, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if sent := time.Now().Add(-took); (err != nil || status >= 500) && sent.After(l.lastFailed) {
		l.lastFailed = sent
	}
	if err != nil {
		l.errors = append(l.errors, err)
		return
	}
	l.statuses[status]++
	if status == http.StatusCreated {
		l.created = append(l.created, id)
	}
	l.slowest = max(l.slowest, took)
}

// checkInvariants fails the test when a business rule was broken or a
// booking a client got a 201 for is missing. The rules are make bench's,
// bench/invariants.sql, run without psql: its psql commands (lines that
// start with \ or :) are left out, and the ids it copies in are inserted.
func (g *gym) checkInvariants(created []int64) {
	t := g.t
	t.Helper()
	file, err := os.ReadFile(filepath.Join("..", "..", "bench", "invariants.sql"))
	if err != nil {
		t.Fatal(err)
	}
	var script strings.Builder
	for _, line := range strings.Split(string(file), "\n") {
		if !strings.HasPrefix(line, "\\") && !strings.HasPrefix(line, ":") && !strings.HasPrefix(line, "--") {
			script.WriteString(line + "\n")
		}
	}
	stmts := strings.Split(strings.ReplaceAll(script.String(), ":max_per_day", "1"), ";")
	create, check := stmts[0], stmts[1]
	ids := make([]string, len(created))
	for i, id := range created {
		ids[i] = strconv.FormatInt(id, 10)
	}
	// One transaction: the temporary table lives on its connection.
	err = g.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(create).Error; err != nil {
			return err
		}
		if err := tx.Exec("INSERT INTO seen (id) SELECT unnest(string_to_array(?, ','))::bigint",
			strings.Join(ids, ",")).Error; err != nil {
			return err
		}
		rows, err := tx.Raw(check).Rows()
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		checked := 0
		for rows.Next() {
			var rule, kind string
			var n int64
			if err := rows.Scan(&rule, &n, &kind); err != nil {
				return err
			}
			switch {
			case kind == "info":
				t.Logf("%s: %d", rule, n)
			case n != 0:
				t.Errorf("invariant broken: %s: %d", rule, n)
			}
			checked++
		}
		if checked < 6 {
			t.Errorf("bench/invariants.sql gave %d rows: was it read right?", checked)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		// The connection goes back to the pool: leave no table on it.
		return tx.Exec("DROP TABLE seen").Error
	})
	if err != nil {
		t.Fatalf("bench/invariants.sql: %v", err)
	}
}

// waitEmailsSent waits until every email in the outbox is sent and checks
// the SMTP server received each exactly once.
func (g *gym) waitEmailsSent(within time.Duration) int {
	t := g.t
	t.Helper()
	var total, sent int64
	deadline := time.Now().Add(within)
	for {
		g.db.Raw("SELECT COUNT(*) FROM emails").Scan(&total)
		g.db.Raw("SELECT COUNT(*) FROM emails WHERE status = 'sent'").Scan(&sent)
		if sent == total {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d emails sent after %s", sent, total, within)
		}
		time.Sleep(100 * time.Millisecond)
	}
	msgs := g.mail.Wait(int(total), 5*time.Second)
	seen := map[string]int{}
	for _, m := range msgs {
		seen[m.MessageID]++
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("email %s delivered %d times", id, n)
		}
	}
	if len(seen) != int(total) {
		t.Errorf("the outbox holds %d emails, the SMTP server received %d distinct ones", total, len(seen))
	}
	return int(total)
}
