package api_test

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// A client that never reads a large answer is the client's problem: the
// write failing at server.write_timeout is logged at WARN, not as a panic at
// ERROR, and the request still gets its access line.
func TestUnreadAnswerIsNotAPanic(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		logs := &testenv.LogBuffer{}
		env := testenv.New(t, kind, testenv.Options{Logs: logs, Configure: func(c *config.Config) {
			// The request's deadline is over when the write fails, as
			// with the defaults (15 s, 30 s).
			c.Server.RequestTimeout = 1500 * time.Millisecond
			c.Server.WriteTimeout = 3 * time.Second
		}})
		// A thousand emails with an 8 kB last_error: an answer (8 MB) larger than the
		// sockets' buffers.
		if err := env.App.DB.Exec(`INSERT INTO emails (to_address, subject, kind, body_text, last_error, message_id, status, next_attempt_at, created_at)
			SELECT 'a@example.com', 'Hello', 'test', '', ?, 'm' || g.n, 'failed', ?, ?
			FROM (WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000) SELECT n FROM s) g`,
			strings.Repeat("x", 8000), time.Now().UTC(), time.Now().UTC()).Error; err != nil {
			t.Fatal(err)
		}
		real := serveReal(t, env)
		addr := strings.TrimPrefix(real.URL, "http://")
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.(*net.TCPConn).SetReadBuffer(4096)
		fmt.Fprintf(conn, "GET /api/emails?limit=1000 HTTP/1.1\r\nHost: %s\r\nX-Request-ID: unread-1\r\nAuthorization: Bearer %s\r\n\r\n",
			addr, env.Secret)

		// Never read; wait for the server to give up writing.
		deadline := time.Now().Add(15 * time.Second)
		for !strings.Contains(logs.String(), "request_id=unread-1 method=GET") {
			if time.Now().After(deadline) {
				t.Fatalf("no access line for the unread request:\n%s", logs)
			}
			time.Sleep(50 * time.Millisecond)
		}
		out := logs.String()
		if strings.Contains(out, "msg=panic") || !strings.Contains(out, `level=WARN msg="client write failed" request_id=unread-1`) {
			t.Errorf("want the failed write logged at WARN, not as a panic:\n%s", out)
		}
	})
}
