package core_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/mailtest"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// enqueue writes n emails to the outbox in one transaction.
func enqueue(t *testing.T, env *testenv.Env, n int, m core.Message) []core.Email {
	t.Helper()
	var out []core.Email
	err := env.App.DB.Transaction(func(tx *gorm.DB) error {
		for i := 0; i < n; i++ {
			e, err := env.App.Outbox.Enqueue(context.Background(), tx, m)
			if err != nil {
				return err
			}
			out = append(out, *e)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	return out
}

// dispatcher builds a dispatcher on env's database, delivering to srv
// (nil: no SMTP host, emails are logged).
func dispatcher(t *testing.T, env *testenv.Env, db *gorm.DB, srv *mailtest.Server, adjust func(*config.Mail)) *core.Dispatcher {
	t.Helper()
	cfg := env.App.Config.Mail
	if srv != nil {
		srv.Configure(&cfg)
	}
	if adjust != nil {
		adjust(&cfg)
	}
	d, err := core.NewDispatcher(db, env.Kind, cfg, env.App.Logger, env.Clock.Now)
	if err != nil {
		t.Fatalf("dispatcher: %v", err)
	}
	return d
}

func email(t *testing.T, env *testenv.Env, id int64) core.Email {
	t.Helper()
	var e core.Email
	if err := env.App.DB.First(&e, id).Error; err != nil {
		t.Fatalf("email %d: %v", id, err)
	}
	return e
}

func runOnce(t *testing.T, d *core.Dispatcher, want int) {
	t.Helper()
	n, err := d.RunOnce(context.Background())
	if err != nil || n != want {
		t.Fatalf("RunOnce = %d, %v; want %d", n, err, want)
	}
}

var welcome = core.Message{To: "zoe@example.com", Subject: "Félicitations, Zoë", Kind: "test",
	Text: "Hello Zoë,\nwell done.\n", HTML: "<p>Hello <b>Zoë</b>, well done.</p>"}

func TestDispatcherDeliversWholeMessage(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		srv := mailtest.Start(t)
		e := enqueue(t, env, 1, welcome)[0]
		runOnce(t, dispatcher(t, env, env.App.DB, srv, nil), 1)

		got := srv.Wait(1, 5*time.Second)[0]
		checks := []struct{ name, got, want string }{
			{"envelope from", got.From, "no-reply@gymtastic.example"},
			{"envelope to", strings.Join(got.To, ","), "zoe@example.com"},
			{"To header", got.Header.Get("To"), "<zoe@example.com>"},
			{"subject", got.Subject, welcome.Subject},
			{"message id", got.MessageID, e.MessageID},
			{"text", strings.ReplaceAll(got.Text, "\r\n", "\n"), welcome.Text},
			{"html", got.HTML, welcome.HTML},
		}
		for _, c := range checks {
			t.Run(c.name, func(t *testing.T) {
				if c.got != c.want {
					t.Errorf("got %q, want %q", c.got, c.want)
				}
			})
		}
		if got.Err != nil {
			t.Errorf("parse: %v", got.Err)
		}
		row := email(t, env, e.ID)
		if row.Status != core.EmailSent || row.Attempts != 1 || row.SentAt == nil || row.LockedUntil != nil {
			t.Errorf("row after delivery: %+v", row)
		}
		var list []struct {
			Status string `json:"status"`
		}
		env.Expect(http.StatusOK, "GET", "/api/emails?status=sent", nil, &list)
		if len(list) != 1 {
			t.Errorf("GET /api/emails?status=sent: %d emails, want 1", len(list))
		}
	})
}

func TestDispatcherRetriesAfterSMTPOutage(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		srv := mailtest.Start(t)
		d := dispatcher(t, env, env.App.DB, srv, nil)
		srv.Stop()
		e := enqueue(t, env, 1, welcome)[0]

		runOnce(t, d, 1)
		row := email(t, env, e.ID)
		if row.Status != core.EmailPending || row.Attempts != 1 || row.LastError == "" || !row.NextAttemptAt.After(env.Clock.Now()) {
			t.Fatalf("after a failed attempt: %+v", row)
		}
		runOnce(t, d, 0) // not due yet

		srv.Restart()
		env.Clock.Advance(d.MaxBackoff)
		runOnce(t, d, 1)
		if got := srv.Wait(1, 5*time.Second); got[0].MessageID != e.MessageID {
			t.Errorf("delivered %q, want %q", got[0].MessageID, e.MessageID)
		}
		if row := email(t, env, e.ID); row.Status != core.EmailSent || row.Attempts != 2 {
			t.Errorf("after the retry: %+v", row)
		}
	})
}

func TestDispatcherGivesUpAfterMaxAttempts(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		srv := mailtest.Start(t)
		d := dispatcher(t, env, env.App.DB, srv, func(c *config.Mail) { c.MaxAttempts = 3 })
		srv.Stop()
		e := enqueue(t, env, 1, welcome)[0]
		for i := 0; i < 3; i++ {
			runOnce(t, d, 1)
			env.Clock.Advance(d.MaxBackoff)
		}
		row := email(t, env, e.ID)
		if row.Status != core.EmailFailed || row.Attempts != 3 || row.LastError == "" {
			t.Fatalf("after 3 failed attempts: %+v", row)
		}
		srv.Restart()
		runOnce(t, d, 0)
	})
}

func TestDispatcherReclaimsAfterLease(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		srv := mailtest.Start(t)
		d := dispatcher(t, env, env.App.DB, srv, nil)
		e := enqueue(t, env, 1, welcome)[0]
		// A dispatcher claimed it, then its process was killed.
		lease := env.Clock.Now().Add(d.Lease).UTC()
		if err := env.App.DB.Exec("UPDATE emails SET locked_until = ? WHERE id = ?", lease, e.ID).Error; err != nil {
			t.Fatal(err)
		}
		runOnce(t, d, 0)
		env.Clock.Advance(d.Lease + time.Second)
		runOnce(t, d, 1)
		srv.Wait(1, 5*time.Second)
		if row := email(t, env, e.ID); row.Status != core.EmailSent {
			t.Errorf("after the lease expired: %+v", row)
		}
	})
}

func TestDispatcherLogsWithoutSMTPHost(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		var logs testenv.LogBuffer
		env := testenv.New(t, kind, testenv.Options{Logs: &logs})
		e := enqueue(t, env, 1, welcome)[0]
		runOnce(t, dispatcher(t, env, env.App.DB, nil, nil), 1)
		row := email(t, env, e.ID)
		if row.Status != core.EmailSent || row.LastError != core.LoggedNote {
			t.Errorf("logged email: %+v", row)
		}
		if !strings.Contains(logs.String(), "email logged, not sent") || !strings.Contains(logs.String(), e.MessageID) {
			t.Errorf("log does not show the email: %s", logs.String())
		}
	})
}

func TestRetryDelay(t *testing.T) {
	for _, c := range []struct {
		failures int
		want     time.Duration
	}{{0, 30 * time.Second}, {1, 30 * time.Second}, {2, time.Minute}, {4, 4 * time.Minute}, {8, time.Hour}, {60, time.Hour}} {
		t.Run(fmt.Sprintf("failures=%d", c.failures), func(t *testing.T) {
			if got := core.RetryDelay(30*time.Second, time.Hour, c.failures); got != c.want {
				t.Errorf("RetryDelay(%d) = %s, want %s", c.failures, got, c.want)
			}
		})
	}
}
