package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gymtastic/gymtastic/core"
)

type (
	requestIDKey struct{}
	loggerKey    struct{}
)

// RequestID returns the id of the request being served, for logs.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// loggerOf returns the logger of the API serving ctx's request, or
// slog.Default outside a request.
func loggerOf(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// requestContext gives each request an id (X-Request-ID, taken from the
// client when sane), a deadline and its URL, and logs it when done.
func requestContext(logger *slog.Logger, timeout time.Duration) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		id := c.GetHeader("X-Request-ID")
		if id == "" || len(id) > 128 || strings.ContainsAny(id, " \t\r\n") {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Header("X-Request-ID", id)
		ctx, cancel := context.WithTimeout(c.Request.Context(), timeout)
		defer cancel()
		ctx = context.WithValue(ctx, requestIDKey{}, id)
		ctx = context.WithValue(ctx, loggerKey{}, logger)
		ctx = withRequestURL(ctx, c.Request)
		c.Request = c.Request.WithContext(ctx)
		c.Writer = keepReadDeadline{c.Writer}
		c.Next()
		status := c.Writer.Status()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		logger.LogAttrs(ctx, level, "request",
			slog.String("request_id", id), slog.String("method", logMethod(c.Request.Method)),
			slog.String("path", truncate(c.Request.URL.Path, maxLoggedPath)), slog.String("route", c.FullPath()),
			slog.Int("status", status), slog.Int("bytes", c.Writer.Size()),
			slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000))
	}
}

// maxLoggedPath bounds the path a request's log line holds: a path may be
// as long as the 64 KiB header limit allows.
const maxLoggedPath = 1024

// keepReadDeadline keeps handlers from moving the connection's read
// deadline: huma sets one 5 s ahead before it decodes a body, even one
// already read (checkBody). net/http's background read, which watches for
// the client leaving once the body is read, then fails at that deadline and
// cancels the request, which answered 499 after 5 s to a client still
// waiting. server.read_timeout, net/http's own deadline, bounds reading the
// request.
type keepReadDeadline struct{ gin.ResponseWriter }

// SetReadDeadline implements huma's deadline setter, as a no-op.
func (keepReadDeadline) SetReadDeadline(time.Time) error { return nil }

// limitBody caps every request body: 413 body_too_large past it, at once
// when Content-Length says so (without waiting for a body that may never
// come), else when reading passes the cap.
func limitBody(max int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > max {
			writeProblem(c, bodyTooLarge(max))
			return
		}
		if c.Request.Body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max)
		}
		c.Next()
	}
}

// checkQuery refuses a query parameter whose value holds a NUL character or
// invalid UTF-8 (?email=a%00b) with 422 naming the parameter: no filter
// needs one, and PostgreSQL refuses to compare text holding one.
func checkQuery(c *gin.Context) {
	for name, values := range c.Request.URL.Query() {
		for _, v := range values {
			if err := core.CheckText(name, v); err != nil {
				ce, _ := core.AsError(err)
				writeProblem(c, NewProblem(ce.Status, ce.Code, ce.Detail, ce.Fields...))
				return
			}
		}
	}
	c.Next()
}

// recoverPanics answers 500 internal_error instead of dropping the
// connection, and logs the panic. It runs inside requestContext, so that a
// request that panicked still gets its access line and is counted.
//
// huma panics when it cannot write an answer, as when a client does not
// read it within server.write_timeout: that is the client's doing, logged
// at WARN as a failed write, and the connection is past answering.
func recoverPanics(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if err, ok := r.(error); ok && isWriteFailure(err) {
					logger.WarnContext(c.Request.Context(), "client write failed", "request_id", RequestID(c.Request.Context()), "error", err)
					c.Abort()
					return
				}
				logger.ErrorContext(c.Request.Context(), "panic", "request_id", RequestID(c.Request.Context()), "panic", r)
				writeProblem(c, NewProblem(http.StatusInternalServerError, "internal_error", "an unexpected error occurred; it has been logged"))
			}
		}()
		c.Next()
	}
}

// isWriteFailure reports an error of writing to the client's connection:
// the write deadline passed, or the client closed or reset it.
func isWriteFailure(err error) bool {
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, net.ErrClosed)
}

// headAsGet serves HEAD as GET, as HTTP asks of every server (RFC 9110
// §9.1) and as the Django version did. The handler runs as for GET (its
// logs and metrics say GET); net/http drops the body, as the response still
// answers the HEAD request, and sets Content-Length when the body fits its
// buffer.
func headAsGet(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			r = r.WithContext(r.Context()) // a copy: the server's own stays HEAD
			r.Method = http.MethodGet
		}
		next.ServeHTTP(w, r)
	})
}

// allowHead adds HEAD to the Allow header of a 405 wherever GET is allowed,
// headAsGet serving it.
func allowHead(h http.Header) {
	allow := h.Get("Allow")
	for _, m := range strings.Split(allow, ", ") {
		if m == http.MethodGet {
			h.Set("Allow", allow+", "+http.MethodHead)
			return
		}
	}
}

// stripTrailingSlash serves /api/customers/ as /api/customers, for every
// method and without a redirect, as clients of the Django version expect.
func stripTrailingSlash(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
			r.URL.Path = strings.TrimRight(p, "/")
			if r.URL.Path == "" {
				r.URL.Path = "/"
			}
			r.URL.RawPath = ""
		}
		next.ServeHTTP(w, r)
	})
}

func writeProblem(c *gin.Context, p *Problem) {
	for k, v := range p.headers {
		c.Header(k, strings.Join(v, ", "))
	}
	c.Header("Content-Type", "application/problem+json")
	c.AbortWithStatusJSON(p.Status, p)
}
