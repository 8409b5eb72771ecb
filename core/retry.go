package core

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// maxErrorLen bounds the last_error stored for an email.
const maxErrorLen = 2000

// record writes the outcome of one delivery attempt: sent, or a retry at
// now + backoff, or failed once mail.max_attempts attempts have failed. The
// lease is released either way. A row that is no longer pending (another
// dispatcher finished it after this one's lease expired) is left alone.
func (d *Dispatcher) record(ctx context.Context, e *Email, sendErr error) error {
	now := d.clock()
	attempts := e.Attempts + 1
	if sendErr == nil {
		lastError := e.LastError
		if d.note != "" {
			lastError = d.note
		}
		if err := d.db.WithContext(ctx).Exec(`UPDATE emails SET status = ?, attempts = ?, last_error = ?, sent_at = ?,
			locked_until = NULL WHERE id = ? AND status = ?`, EmailSent, attempts, lastError, now, e.ID, EmailPending).Error; err != nil {
			return fmt.Errorf("dispatcher: mark email %d sent: %w", e.ID, err)
		}
		if d.note == "" {
			d.logger.Info("email sent", "email", e.ID, "kind", e.Kind, "message_id", e.MessageID, "attempts", attempts)
		}
		return nil
	}
	msg := sendErr.Error()
	if len(msg) > maxErrorLen {
		msg = msg[:maxErrorLen]
	}
	status, next := EmailPending, now.Add(d.backoff(attempts))
	if attempts >= d.cfg.MaxAttempts {
		status, next = EmailFailed, e.NextAttemptAt
	}
	if err := d.db.WithContext(ctx).Exec(`UPDATE emails SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?,
		locked_until = NULL WHERE id = ? AND status = ?`, status, attempts, msg, next.UTC(), e.ID, EmailPending).Error; err != nil {
		return fmt.Errorf("dispatcher: record failure of email %d: %w", e.ID, err)
	}
	if status == EmailFailed {
		d.logger.Error("email failed: giving up", "email", e.ID, "kind", e.Kind, "attempts", attempts, "error", msg)
	} else {
		d.logger.Warn("email not sent: will retry", "email", e.ID, "kind", e.Kind, "attempts", attempts,
			"retry_at", next.Format(time.RFC3339), "error", msg)
	}
	return nil
}

// backoff is the wait before attempt n+1 after n failed attempts:
// Backoff·2^(n-1), capped at MaxBackoff, then jittered down by up to half so
// that dispatchers which failed together do not retry together.
func (d *Dispatcher) backoff(n int) time.Duration {
	wait := RetryDelay(d.Backoff, d.MaxBackoff, n)
	if half := int64(wait / 2); half > 0 {
		wait -= time.Duration(rand.Int64N(half + 1))
	}
	return wait
}

// RetryDelay is base·2^(failures-1), capped at max, before jitter.
func RetryDelay(base, max time.Duration, failures int) time.Duration {
	if failures < 1 {
		failures = 1
	}
	wait := base
	for i := 1; i < failures && wait < max; i++ {
		wait *= 2
	}
	if wait > max {
		wait = max
	}
	return wait
}
