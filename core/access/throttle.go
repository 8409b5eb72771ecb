package access

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gymtastic/gymtastic/core"
)

// limit is a fixed-window rate limit: at most max hits per window.
type limit struct {
	name   string
	window time.Duration
	max    int
}

// The sign-in limits. A member's inbox gets at most 3 codes in 15 minutes,
// whoever asks; one client address asks for at most 20 codes and tries at
// most 30 codes in 15 minutes; one email's codes are tried at most 10 times
// in 15 minutes (and each code at most maxTries times), so that a 6-digit
// code cannot be guessed.
var (
	codesPerEmail   = limit{"code:email", 15 * time.Minute, 3}
	codesPerAddress = limit{"code:addr", 15 * time.Minute, 20}
	triesPerEmail   = limit{"try:email", 15 * time.Minute, 10}
	triesPerAddress = limit{"try:addr", 15 * time.Minute, 30}
)

// Throttled is the refusal of a request over a limit: 429
// too_many_requests with Retry-After.
func throttled(retryAfter time.Duration) error {
	secs := int(math.Ceil(retryAfter.Seconds()))
	if secs < 1 {
		secs = 1
	}
	return &core.Error{Status: http.StatusTooManyRequests, Code: "too_many_requests",
		Detail: fmt.Sprintf("too many sign-in requests; retry in %d seconds", secs),
		Header: http.Header{"Retry-After": {strconv.Itoa(secs)}}}
}

// hit counts one request against l for key (an email or a client address),
// in the database so that every replica shares the count, and refuses it
// when the window is full.
func (s *Store) hit(ctx context.Context, l limit, key string) error {
	now := s.clock()
	s.purgeNowAndThen(now)
	var row struct {
		Hits        int
		WindowStart time.Time
	}
	start := now.Add(-l.window)
	err := s.db.WithContext(ctx).Raw(`INSERT INTO auth_throttle (bucket, window_start, hits) VALUES (?, ?, 1)
		ON CONFLICT (bucket) DO UPDATE SET
			hits = CASE WHEN auth_throttle.window_start <= ? THEN 1 ELSE auth_throttle.hits + 1 END,
			window_start = CASE WHEN auth_throttle.window_start <= ? THEN excluded.window_start ELSE auth_throttle.window_start END
		RETURNING hits, window_start`, l.name+":"+key, now, start, start).Scan(&row).Error
	if err != nil {
		return fmt.Errorf("sign-in throttle: %w", err)
	}
	if row.Hits > l.max {
		return throttled(row.WindowStart.Add(l.window).Sub(now))
	}
	return nil
}

// purgeNowAndThen deletes windows long over, at most every ten minutes per
// process, in the background.
func (s *Store) purgeNowAndThen(now time.Time) {
	last := s.lastPurge.Load()
	if now.UnixNano()-last < int64(10*time.Minute) || !s.lastPurge.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = s.db.WithContext(ctx).Exec("DELETE FROM auth_throttle WHERE window_start < ?", now.Add(-time.Hour)).Error
		_ = s.db.WithContext(ctx).Exec("DELETE FROM login_codes WHERE expires_at < ?", now.Add(-24*time.Hour)).Error
	}()
}
