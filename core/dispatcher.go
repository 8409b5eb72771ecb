package core

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
)

// Dispatcher delivers the outbox: it claims due pending emails with a
// lease, sends each outside any transaction, then marks it sent, or
// schedules a retry with exponential backoff, or marks it failed after
// mail.max_attempts. Several dispatchers may run on one database (replicas
// of `gymtastic serve` or `gymtastic worker`): a claim takes only rows no
// other dispatcher holds (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's
// immediate transactions serialise claims), so no email is sent twice while
// they run.
//
// Delivery is at least once: an email claimed by a process that dies is
// claimed again once its lease expires. A process killed between the SMTP
// server's acceptance and the database update sends it again, with the same
// Message-ID, so that receivers can recognise the duplicate.
type Dispatcher struct {
	db     *gorm.DB
	kind   config.DatabaseKind
	cfg    config.Mail
	logger *slog.Logger
	now    func() time.Time
	// note is written to last_error of emails delivered to the log.
	note string

	// Sender delivers one email: SMTP, or the log when mail.smtp.host is
	// empty. Tests may replace it.
	Sender Sender
	// Lease is how long a claimed email stays reserved for this dispatcher;
	// it must be well above SendTimeout.
	Lease time.Duration
	// Batch is how many due emails one round claims.
	Batch int
	// Backoff is the wait after the first failed attempt; it doubles after
	// each further failure, up to MaxBackoff, with jitter.
	Backoff    time.Duration
	MaxBackoff time.Duration
	// SendTimeout bounds one delivery.
	SendTimeout time.Duration
}

// Dispatcher defaults.
const (
	DefaultLease       = 5 * time.Minute
	DefaultBatch       = 20
	DefaultBackoff     = 30 * time.Second
	DefaultMaxBackoff  = time.Hour
	DefaultSendTimeout = time.Minute
)

// LoggedNote is the last_error of an email written to the log instead of
// sent, because mail.smtp.host is empty; such emails are marked sent.
const LoggedNote = "not sent: mail.smtp.host is empty, so the email was written to the log instead"

// NewDispatcher returns a dispatcher on db that delivers through the SMTP
// relay cfg names, or to logger when cfg.SMTP.Host is empty. now is the
// clock (nil for time.Now).
func NewDispatcher(db *gorm.DB, kind config.DatabaseKind, cfg config.Mail, logger *slog.Logger, now func() time.Time) (*Dispatcher, error) {
	if logger == nil {
		logger = slog.Default()
	}
	if now == nil {
		now = time.Now
	}
	if cfg.MaxAttempts < 1 {
		cfg.MaxAttempts = 1
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 2 * time.Second
	}
	d := &Dispatcher{db: db, kind: kind, cfg: cfg, logger: logger, now: now, Lease: DefaultLease, Batch: DefaultBatch,
		Backoff: DefaultBackoff, MaxBackoff: DefaultMaxBackoff, SendTimeout: DefaultSendTimeout}
	if cfg.SMTP.Host == "" {
		d.Sender, d.note = &LogSender{Logger: logger}, LoggedNote
		return d, nil
	}
	s, err := NewSMTPSender(cfg)
	if err != nil {
		return nil, err
	}
	d.Sender = s
	return d, nil
}

// Run delivers due emails every mail.poll_interval (at once again while
// full batches keep coming) until ctx is done. The email being sent when
// ctx ends is finished and recorded; claimed emails not yet sent are
// released for the next dispatcher.
func (d *Dispatcher) Run(ctx context.Context) {
	relay := "none: emails are written to the log (mail.smtp.host is empty)"
	if d.cfg.SMTP.Host != "" {
		relay = fmt.Sprintf("%s:%d (%s)", d.cfg.SMTP.Host, d.cfg.SMTP.Port, d.cfg.SMTP.TLS)
	}
	d.logger.Info("email dispatcher started", "smtp", relay, "poll_interval", d.cfg.PollInterval.String(),
		"max_attempts", d.cfg.MaxAttempts)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			d.logger.Info("email dispatcher stopped")
			return
		case <-timer.C:
		}
		n, err := d.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			d.logger.Error("email dispatcher", "error", err)
		}
		wait := d.cfg.PollInterval
		if err == nil && n >= d.Batch {
			wait = 0
		}
		timer.Reset(wait)
	}
}

// RunOnce claims one batch of due emails and tries each once. It returns
// how many it tried (sent, retried or failed); the error is about the
// database, not about delivery, which is recorded on each email.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	batch, err := d.claim(ctx)
	if err != nil {
		return 0, err
	}
	// Recording an outcome must not be cut short by shutdown.
	keep := context.WithoutCancel(ctx)
	for i := range batch {
		if ctx.Err() != nil {
			return i, d.release(keep, batch[i:])
		}
		e := &batch[i]
		sendCtx, cancel := context.WithTimeout(keep, d.SendTimeout)
		sendErr := d.Sender.Send(sendCtx, e)
		cancel()
		if err := d.record(keep, e, sendErr); err != nil {
			return i, err
		}
	}
	return len(batch), nil
}

// claim leases up to Batch due pending emails to this dispatcher.
func (d *Dispatcher) claim(ctx context.Context) ([]Email, error) {
	now := d.clock()
	skipLocked := ""
	if d.kind == config.Postgres {
		skipLocked = " FOR UPDATE SKIP LOCKED"
	}
	q := `UPDATE emails SET locked_until = ? WHERE id IN (
		SELECT id FROM emails
		WHERE status = 'pending' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
		ORDER BY next_attempt_at, id LIMIT ?` + skipLocked + `)
		RETURNING id, to_address, subject, kind, body_text, body_html, message_id, status, attempts, last_error,
			next_attempt_at, locked_until, created_at, sent_at`
	var rows []Email
	// On SQLite the transaction is BEGIN IMMEDIATE: claims are serialised.
	err := d.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return tx.Raw(q, now.Add(d.Lease), now, now, d.Batch).Scan(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("dispatcher: claim emails: %w", err)
	}
	sort.Slice(rows, func(i, j int) bool {
		if !rows[i].NextAttemptAt.Equal(rows[j].NextAttemptAt) {
			return rows[i].NextAttemptAt.Before(rows[j].NextAttemptAt)
		}
		return rows[i].ID < rows[j].ID
	})
	return rows, nil
}

// release gives back claimed emails that were not tried.
func (d *Dispatcher) release(ctx context.Context, rows []Email) error {
	ids := make([]int64, len(rows))
	for i := range rows {
		ids[i] = rows[i].ID
	}
	if len(ids) == 0 {
		return nil
	}
	if err := d.db.WithContext(ctx).Exec("UPDATE emails SET locked_until = NULL WHERE id IN ? AND status = 'pending'", ids).Error; err != nil {
		return fmt.Errorf("dispatcher: release emails: %w", err)
	}
	return nil
}

func (d *Dispatcher) clock() time.Time { return d.now().UTC().Truncate(time.Microsecond) }
