package api_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestContentLengthTooLarge: a Content-Length past server.max_body_bytes is
// answered 413 body_too_large at once, without waiting for a body the
// client need never send (with Expect: 100-continue, without asking for
// it). A body with no length is still cut at the limit as it is read.
func TestContentLengthTooLarge(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		u, err := url.Parse(env.URL)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ name, header string }{
			{"Content-Length 99999999999", "Content-Length: 99999999999\r\n"},
			{"one byte past 1 MiB", fmt.Sprintf("Content-Length: %d\r\n", 1<<20+1)},
			{"Expect: 100-continue", "Content-Length: 99999999999\r\nExpect: 100-continue\r\n"},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := cvSnapshot(t, env)
				conn, err := net.Dial("tcp", u.Host)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				// No body follows the headers: an answer that waits for one
				// never comes. The deadline only ends the test's wait.
				_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
				fmt.Fprintf(conn, "POST /api/customers HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n%s\r\n", u.Host, c.header)
				res, err := http.ReadResponse(bufio.NewReader(conn), nil)
				if err != nil {
					t.Fatalf("no answer before the body: %v", err)
				}
				defer res.Body.Close()
				body, _ := io.ReadAll(res.Body)
				var p testenv.Problem
				_ = json.Unmarshal(body, &p)
				if res.StatusCode != http.StatusRequestEntityTooLarge || p.Code != "body_too_large" ||
					res.Header.Get("Content-Type") != "application/problem+json" {
					t.Fatalf("got %d %s %s, want 413 body_too_large", res.StatusCode, res.Header.Get("Content-Type"), body)
				}
				if !strings.Contains(p.Detail, "1048576 bytes") {
					t.Errorf("detail %q does not give the limit", p.Detail)
				}
				cvUnchanged(t, env, before)
			})
		}
		t.Run("no Content-Length", func(t *testing.T) {
			before := cvSnapshot(t, env)
			big := append([]byte(`{"first_name": "`), bytes.Repeat([]byte("a"), 1<<20)...)
			req, err := http.NewRequest("POST", env.URL+"/api/customers", io.MultiReader(bytes.NewReader(big))) // no length: chunked
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			res, err := env.HTTP.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if res.StatusCode != http.StatusRequestEntityTooLarge {
				t.Errorf("a chunked body past the limit: %d, want 413", res.StatusCode)
			}
			cvUnchanged(t, env, before)
		})
	})
}
