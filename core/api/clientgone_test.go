package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// waitForClient holds the first booking in BeforeBook until its request's
// context ends, as a slow query would, and says when it has started; later
// bookings go through.
type waitForClient struct {
	started chan struct{}
	once    sync.Once
}

func (f *waitForClient) Name() string { return "waitforclient" }

func (f *waitForClient) BeforeBook(_ *core.BookContext) core.Check {
	return core.Check{Decide: func(ctx context.Context, tx *gorm.DB) error {
		first := false
		f.once.Do(func() { first = true })
		if !first {
			return nil
		}
		close(f.started)
		<-ctx.Done()
		// What the database driver answers once the context is cancelled.
		return tx.WithContext(ctx).Exec("SELECT 1").Error
	}}
}

// A client that disconnects mid-booking is not a server error: the
// request is logged and counted with status 499, not as a 500 with an
// "internal error" line, and nothing is written. Its idempotency key is
// released: the client's retry with the same key books, rather than
// replaying an answer nobody received.
func TestClientGoneIsNotAServerError(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := &waitForClient{started: make(chan struct{})}
		logs := &testenv.LogBuffer{}
		env := testenv.New(t, kind, testenv.Options{Features: []core.Feature{f}, Logs: logs})
		cust, sess := env.Customer("Gone"), env.Session(env.ClassType("Spin"), time.Now().Add(24*time.Hour), 0)

		body := fmt.Sprintf(`{"customer": %d, "class_session": %d}`, cust, sess)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			req, _ := http.NewRequestWithContext(ctx, "POST", env.URL+"/api/bookings", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", "gone-1")
			res, err := env.HTTP.Do(req)
			if err == nil {
				res.Body.Close()
			}
			done <- err
		}()
		<-f.started
		cancel()
		if err := <-done; err == nil {
			t.Fatal("the request was answered; want it cancelled")
		}

		labels := map[string]string{"route": "/api/bookings", "method": "POST"}
		deadline := time.Now().Add(10 * time.Second)
		for {
			fams := opMetrics(t, env)
			n499, _ := opSample(fams, "gymtastic_http_requests_total", with(labels, "status", "499"))
			n500, _ := opSample(fams, "gymtastic_http_requests_total", with(labels, "status", "500"))
			if n500 != 0 {
				t.Fatalf("counted as a 500:\n%s", logs)
			}
			if n499 == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no 499 counted:\n%s", logs)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if out := logs.String(); strings.Contains(out, "level=ERROR") || !strings.Contains(out, "status=499") {
			t.Errorf("want the request logged with status 499 and no error:\n%s", out)
		}
		var n int64
		env.App.DB.Raw("SELECT COUNT(*) FROM bookings").Scan(&n)
		if n != 0 {
			t.Errorf("%d bookings written", n)
		}

		retry, err := env.DoWithHeader("POST", "/api/bookings", body, http.Header{"Idempotency-Key": {"gone-1"}})
		if err != nil {
			t.Fatal(err)
		}
		if retry.Status != http.StatusCreated || retry.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("retry with the same key: %d (replayed %q) %s, want a fresh 201",
				retry.Status, retry.Header.Get("Idempotent-Replayed"), retry.Body)
		}
	})
}

// with returns a copy of labels with k set to v.
func with(labels map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for key, val := range labels {
		out[key] = val
	}
	return out
}
