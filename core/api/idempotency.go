package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// Idempotency keys. A POST that carries Idempotency-Key is recorded in
// idempotency_keys before it runs; a retry with the same key and the same
// request (method, path and body) within IdempotencyTTL gets the first
// response again, without a second write; the same key with another request
// → 422 idempotency_key_reused. While the first request is still running, a
// retry waits for its answer (up to its own deadline, then 409
// idempotency_key_in_progress). Responses of 5xx are not kept, so the retry
// runs again. The key's row is claimed with INSERT … ON CONFLICT DO NOTHING:
// of concurrent requests with one key, exactly one runs.
//
// A first request whose process died before recording its answer leaves its
// key unfinished; after idempotencyStale a retry takes the key over and
// runs again (a booking retried that way meets the one-active-booking rule
// and answers 409 already_booked rather than booking twice).
const (
	IdempotencyTTL   = 24 * time.Hour
	idempotencyStale = 2 * time.Minute
	idempotencyPoll  = 20 * time.Millisecond
	maxKeyLength     = 255
)

type idempotency struct {
	db        *gorm.DB
	now       func() time.Time
	logger    *slog.Logger
	lastPurge atomic.Int64
}

type keyRow struct {
	Key         string
	Fingerprint string
	Status      int
	ContentType string
	Location    string
	Body        string
	CreatedAt   time.Time
}

func (m *idempotency) handle(c *gin.Context) {
	key := c.GetHeader("Idempotency-Key")
	if c.Request.Method != http.MethodPost || key == "" {
		c.Next()
		return
	}
	if len(key) > maxKeyLength || strings.ContainsFunc(key, func(r rune) bool { return r < 0x20 || r > 0x7e }) {
		writeProblem(c, NewProblem(http.StatusBadRequest, "invalid_idempotency_key",
			"Idempotency-Key must be 1 to 255 printable ASCII characters, such as a UUID"))
		return
	}
	p := core.PrincipalOf(c.Request.Context())
	if p.Anonymous() {
		// Sign-in: nothing to replay that a retry should not redo.
		c.Next()
		return
	}
	key = scopedKey(p, key)
	body, ok := readBody(c)
	if !ok {
		return
	}
	sum := sha256.Sum256([]byte(c.Request.Method + " " + strings.TrimSuffix(c.Request.URL.Path, "/") + "\n" + string(body)))
	m.purgeNowAndThen()
	m.claim(c, key, hex.EncodeToString(sum[:]))
}

// claim runs the request under key, whose request has fingerprint fp, or
// answers as the key's first request did: it claims the key, or replays
// the answer stored, or refuses a key reused for another request, or waits
// for a first request still running.
func (m *idempotency) claim(c *gin.Context, key, fp string) {
	ctx := c.Request.Context()
	db := m.db.WithContext(ctx)
	for {
		now := m.now().UTC().Truncate(time.Microsecond)
		res := db.Exec("INSERT INTO idempotency_keys (key, fingerprint, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING", key, fp, now)
		if res.Error != nil {
			// The claim may have been made before the error (the client
			// gone mid-statement): a claim left would keep the key in
			// progress until it is stale.
			m.release(c, key, now)
			m.fail(c, res.Error)
			return
		}
		if res.RowsAffected == 1 {
			m.run(c, key, now)
			return
		}
		var rows []keyRow
		if err := db.Raw("SELECT key, fingerprint, status, content_type, location, body, created_at FROM idempotency_keys WHERE key = ?", key).
			Scan(&rows).Error; err != nil {
			m.fail(c, err)
			return
		}
		if len(rows) == 0 {
			continue // expired and purged meanwhile: claim it again
		}
		row := rows[0]
		switch {
		case row.CreatedAt.Before(now.Add(-IdempotencyTTL)):
			// Expired: the key may be used afresh.
			if err := db.Exec("DELETE FROM idempotency_keys WHERE key = ? AND created_at = ?", key, row.CreatedAt).Error; err != nil {
				m.fail(c, err)
				return
			}
			continue
		case row.Fingerprint != fp:
			writeProblem(c, NewProblem(http.StatusUnprocessableEntity, "idempotency_key_reused",
				"this Idempotency-Key was used with a different request; use a new key for a new request"))
			return
		case row.Status != 0:
			replay(c, row)
			return
		case row.CreatedAt.Before(now.Add(-idempotencyStale)):
			// The first request died without answering: take the key over.
			res := db.Exec("UPDATE idempotency_keys SET created_at = ? WHERE key = ? AND status = 0 AND created_at = ?", now, key, row.CreatedAt)
			if res.Error != nil {
				m.release(c, key, now)
				m.fail(c, res.Error)
				return
			}
			if res.RowsAffected == 1 {
				m.run(c, key, now)
				return
			}
		}
		// The first request is still running: wait for its answer.
		select {
		case <-ctx.Done():
			writeProblem(c, NewProblem(http.StatusConflict, "idempotency_key_in_progress",
				"a request with this Idempotency-Key is still running; retry shortly"))
			return
		case <-time.After(idempotencyPoll):
		}
	}
}

// scopedKey makes a key its caller's own, so that one caller's key never
// replays another's answer: an API key's keys, and a customer's (whichever
// of her tokens sent them), are apart. Trusted mode has one caller.
func scopedKey(p core.Principal, key string) string {
	var scope string
	switch {
	case p.KeyID != 0:
		scope = "k" + strconv.FormatInt(p.KeyID, 10)
	case p.CustomerID != 0:
		scope = "c" + strconv.FormatInt(p.CustomerID, 10)
	default:
		return key
	}
	if len(scope)+1+len(key) > maxKeyLength {
		sum := sha256.Sum256([]byte(key))
		key = "sha256:" + hex.EncodeToString(sum[:])
	}
	return scope + ":" + key
}

// run serves the request and records its answer under key, claimed at
// claim (its created_at, which tells this claim from a later takeover's).
// It records or releases the key on every way out, a panic included, with
// a context that outlives the client: an answer to a write that committed
// is recorded even if the client is gone, so that its retry replays it.
func (m *idempotency) run(c *gin.Context, key string, claim time.Time) {
	w := &capture{ResponseWriter: c.Writer}
	c.Writer = w
	answered := false
	defer func() {
		// A server error, a client gone before the answer (its transaction
		// rolled back) or a panic is no answer to replay: the key is
		// released for a retry.
		if status := w.Status(); !answered || status >= 500 || status == StatusClientClosedRequest {
			m.release(c, key, claim)
			return
		}
		ctx, cancel := detached(c)
		defer cancel()
		err := m.db.WithContext(ctx).Exec(`UPDATE idempotency_keys SET status = ?, content_type = ?, location = ?, body = ?, completed_at = ?
			WHERE key = ? AND created_at = ?`, w.Status(), w.Header().Get("Content-Type"), w.Header().Get("Location"), w.body.String(),
			m.now().UTC().Truncate(time.Microsecond), key, claim).Error
		if err != nil {
			m.logger.ErrorContext(ctx, "idempotency key not recorded; a retry after the stale period runs again",
				"key", key, "error", err)
		}
	}()
	c.Next()
	answered = true
}

// release deletes this request's claim of key, if it holds one, so that a
// retry runs at once.
func (m *idempotency) release(c *gin.Context, key string, claim time.Time) {
	ctx, cancel := detached(c)
	defer cancel()
	if err := m.db.WithContext(ctx).Exec("DELETE FROM idempotency_keys WHERE key = ? AND status = 0 AND created_at = ?",
		key, claim).Error; err != nil {
		m.logger.ErrorContext(ctx, "idempotency key not released; a retry waits for the stale period",
			"key", key, "error", err)
	}
}

// detached is the request's context without its cancel or deadline, for
// the bookkeeping that must happen even when the client is gone or the
// deadline has passed; bounded, as the answer waits for it.
func detached(c *gin.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(c.Request.Context()), 2*time.Second)
}

func replay(c *gin.Context, row keyRow) {
	if row.ContentType != "" {
		c.Header("Content-Type", row.ContentType)
	}
	if row.Location != "" {
		c.Header("Location", row.Location)
	}
	c.Header("Idempotent-Replayed", "true")
	c.Status(row.Status)
	_, _ = c.Writer.WriteString(row.Body)
	c.Abort()
}

func (m *idempotency) fail(c *gin.Context, err error) {
	writeProblem(c, toProblem(c.Request.Context(), http.StatusInternalServerError, "idempotency key", err))
}

// purgeNowAndThen deletes expired keys, at most once an hour per process,
// in the background.
func (m *idempotency) purgeNowAndThen() {
	now := m.now()
	last := m.lastPurge.Load()
	if now.Sub(time.Unix(0, last)) < time.Hour || !m.lastPurge.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := m.db.WithContext(ctx).Exec("DELETE FROM idempotency_keys WHERE created_at < ?",
			now.UTC().Add(-IdempotencyTTL)).Error; err != nil {
			m.logger.Warn("purging expired idempotency keys", "error", err)
		}
	}()
}

// capture keeps a copy of the response body.
type capture struct {
	gin.ResponseWriter
	body bytes.Buffer
}

func (w *capture) Write(b []byte) (int, error) {
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

func (w *capture) WriteString(s string) (int, error) {
	w.body.WriteString(s)
	return w.ResponseWriter.WriteString(s)
}
