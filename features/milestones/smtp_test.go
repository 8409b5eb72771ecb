package milestones_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/mailtest"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// emailJSON is an email as GET /api/emails shows it.
type emailJSON struct {
	ID        int64  `json:"id"`
	To        string `json:"to"`
	Subject   string `json:"subject"`
	Status    string `json:"status"`
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error"`
	MessageID string `json:"message_id"`
}

// crossWithSMTP starts a test SMTP server and a dispatcher delivering to
// it, and makes Ada cross "Two in a week"; it returns Ada's address.
func crossWithSMTP(t *testing.T, kind config.DatabaseKind, smtpDown bool) (*fixture, *mailtest.Server, *core.Dispatcher, string) {
	t.Helper()
	f := newFixture(t, kind, testenv.Options{})
	srv := mailtest.Start(t)
	cfg := f.App.Config.Mail
	srv.Configure(&cfg)
	d, err := core.NewDispatcher(f.App.DB, f.Kind, cfg, f.App.Logger, f.Clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if smtpDown {
		srv.Stop()
	}
	f.milestone("Two in a week", "P1W", 2)
	ada := f.Customer("Ada")
	var cust struct {
		Email string `json:"email"`
	}
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d", ada), nil, &cust)
	f.book(ada)
	f.book(ada)
	return f, srv, d, cust.Email
}

func (f *fixture) milestoneEmail() emailJSON {
	f.t.Helper()
	var list []emailJSON
	f.Expect(http.StatusOK, "GET", "/api/emails?kind=milestone_achieved", nil, &list)
	if len(list) != 1 {
		f.t.Fatalf("milestone emails: %+v", list)
	}
	return list[0]
}

func runOnce(t *testing.T, d *core.Dispatcher) {
	t.Helper()
	if n, err := d.RunOnce(context.Background()); n != 1 || err != nil {
		t.Fatalf("RunOnce = %d, %v; want 1 email tried", n, err)
	}
}

func TestMilestoneEmailArrivesWhole(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f, srv, d, to := crossWithSMTP(t, kind, false)
		runOnce(t, d)
		m := srv.Wait(1, 5*time.Second)[0]
		e := f.milestoneEmail()
		if m.Err != nil || len(m.To) != 1 || m.To[0] != to || m.Subject != e.Subject || m.MessageID != e.MessageID {
			t.Errorf("received to %v, subject %q, Message-ID %q (%v); want %s, %q, %q", m.To, m.Subject, m.MessageID, m.Err,
				to, e.Subject, e.MessageID)
		}
		if !strings.Contains(m.Subject, "Ada") || !strings.Contains(m.Subject, "Two in a week") {
			t.Errorf("subject %q", m.Subject)
		}
		for _, want := range []string{"Hi Ada,", "Two in a week", "2 sessions", "within 1 week"} {
			if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
				t.Errorf("a part lacks %q:\ntext: %s\nhtml: %s", want, m.Text, m.HTML)
			}
		}
		if e.Status != core.EmailSent || e.Attempts != 1 {
			t.Errorf("email after delivery: %+v", e)
		}
	})
}

func TestMilestoneEmailRetriedAfterSMTPOutage(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f, srv, d, to := crossWithSMTP(t, kind, true)
		runOnce(t, d)
		if e := f.milestoneEmail(); e.Status != core.EmailPending || e.Attempts != 1 || e.LastError == "" {
			t.Fatalf("email while SMTP is down: %+v", e)
		}
		srv.Restart()
		f.Clock.Advance(d.MaxBackoff)
		runOnce(t, d)
		m := srv.Wait(1, 5*time.Second)
		e := f.milestoneEmail()
		if len(m) != 1 || m[0].To[0] != to || m[0].MessageID != e.MessageID || m[0].HTML == "" || m[0].Text == "" {
			t.Errorf("received %+v", m)
		}
		if e.Status != core.EmailSent || e.Attempts != 2 {
			t.Errorf("email after the retry: %+v", e)
		}
	})
}
