package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// signInCode is the code in the newest sign-in email to address, read from
// the outbox as the dispatcher would send it.
func signInCode(t *testing.T, env *testenv.Env, address string) string {
	t.Helper()
	var body string
	if err := env.App.DB.Raw(`SELECT body_text FROM emails WHERE kind = 'login_code' AND lower(to_address) = lower(?)
		ORDER BY id DESC LIMIT 1`, address).Scan(&body).Error; err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(`\b\d{6}\b`).FindString(body)
	if code == "" {
		t.Fatalf("no code in the sign-in email to %s: %q", address, body)
	}
	return code
}

type signIn struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	Customer  int64     `json:"customer"`
}

// wrong is a 6-digit code other than code.
func wrong(code string) string {
	n, _ := strconv.Atoi(code)
	return fmt.Sprintf("%06d", (n+1)%1_000_000)
}

// Passwordless sign-in: a code by email, exchanged once for a token that
// works until it is revoked or expires; a wrong, used or expired code is
// 401 invalid_code, and whether an email is a customer's is never told.
func TestSignIn(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		start := time.Date(2030, 1, 7, 9, 0, 0, 0, time.UTC)
		env.Clock.Set(start)
		anon := env.As("")
		id := env.Customer("Ada")
		var cust struct{ Email string }
		env.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d", id), nil, &cust)

		anon.Expect(http.StatusAccepted, "POST", "/api/auth/login_codes", map[string]any{"email": strings.ToUpper(cust.Email)}, nil)
		anon.Expect(http.StatusAccepted, "POST", "/api/auth/login_codes", map[string]any{"email": "nobody@example.com"}, nil)
		var n int64
		env.App.DB.Raw("SELECT COUNT(*) FROM emails WHERE kind = 'login_code'").Scan(&n)
		if n != 1 {
			t.Fatalf("%d sign-in emails, want 1 (to the customer only)", n)
		}
		code := signInCode(t, env, cust.Email)
		if r := env.Call("GET", "/api/emails", nil); strings.Contains(string(r.Body), code) {
			t.Errorf("/api/emails shows the code: %s", r.Body)
		}

		if p := anon.ExpectProblem(http.StatusUnauthorized, "invalid_code", "POST", "/api/auth/tokens",
			map[string]any{"email": cust.Email, "code": wrong(code)}); p.Detail == "" {
			t.Error("no detail")
		}
		anon.ExpectProblem(http.StatusUnauthorized, "invalid_code", "POST", "/api/auth/tokens",
			map[string]any{"email": "nobody@example.com", "code": code})
		var in signIn
		anon.Expect(http.StatusCreated, "POST", "/api/auth/tokens", map[string]any{"email": cust.Email, "code": code}, &in)
		if in.Customer != id || !strings.HasPrefix(in.Token, "gtc_") || !in.ExpiresAt.Equal(start.Add(30*24*time.Hour)) {
			t.Errorf("signed in as %+v, want customer %d, a gtc_ token, expiring 30 days on", in, id)
		}
		anon.ExpectProblem(http.StatusUnauthorized, "invalid_code", "POST", "/api/auth/tokens",
			map[string]any{"email": cust.Email, "code": code}) // used

		me := env.As(in.Token)
		var who struct {
			Kind     string `json:"kind"`
			Customer *int64 `json:"customer"`
		}
		me.Expect(http.StatusOK, "GET", "/api/me", nil, &who)
		if who.Kind != "customer" || who.Customer == nil || *who.Customer != id {
			t.Errorf("/api/me = %+v", who)
		}
		me.Expect(http.StatusNoContent, "DELETE", "/api/auth/tokens/current", nil, nil)
		r := me.Call("GET", "/api/me", nil)
		if r.Status != http.StatusUnauthorized || r.Problem().Code != "unauthenticated" || r.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("a signed-out token: %d %s (WWW-Authenticate %q)", r.Status, r.Body, r.Header.Get("WWW-Authenticate"))
		}

		// A code expires after 15 minutes; a token after auth.customer_token_ttl.
		env.Clock.Advance(time.Hour)
		anon.Expect(http.StatusAccepted, "POST", "/api/auth/login_codes", map[string]any{"email": cust.Email}, nil)
		late := signInCode(t, env, cust.Email)
		env.Clock.Advance(15*time.Minute + time.Second)
		anon.ExpectProblem(http.StatusUnauthorized, "invalid_code", "POST", "/api/auth/tokens",
			map[string]any{"email": cust.Email, "code": late})
		issued := env.CustomerToken(t, id)
		env.As(issued).Expect(http.StatusOK, "GET", "/api/me", nil, nil)
		env.Clock.Advance(30*24*time.Hour + time.Second)
		env.As(issued).ExpectProblem(http.StatusUnauthorized, "unauthenticated", "GET", "/api/me", nil)

		// Five wrong tries end a code.
		anon.Expect(http.StatusAccepted, "POST", "/api/auth/login_codes", map[string]any{"email": cust.Email}, nil)
		tried := signInCode(t, env, cust.Email)
		for i := 0; i < 5; i++ {
			anon.ExpectProblem(http.StatusUnauthorized, "invalid_code", "POST", "/api/auth/tokens",
				map[string]any{"email": cust.Email, "code": wrong(tried)})
		}
		anon.ExpectProblem(http.StatusUnauthorized, "invalid_code", "POST", "/api/auth/tokens",
			map[string]any{"email": cust.Email, "code": tried})
	})
}

// Sign-in is throttled per email (whether a customer's or not) and per
// client address, with Retry-After, so that it can neither flood a
// member's inbox nor guess a code.
func TestSignInThrottled(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		env.Clock.Set(time.Date(2030, 1, 7, 9, 0, 0, 0, time.UTC))
		anon := env.As("")
		ask := map[string]any{"email": "someone@example.com"}
		for i := 0; i < 3; i++ {
			anon.Expect(http.StatusAccepted, "POST", "/api/auth/login_codes", ask, nil)
		}
		r := anon.Call("POST", "/api/auth/login_codes", ask)
		if r.Status != http.StatusTooManyRequests || r.Problem().Code != "too_many_requests" {
			t.Fatalf("a fourth code in 15 minutes: %d %s", r.Status, r.Body)
		}
		if secs, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || secs < 1 || secs > 900 {
			t.Errorf("Retry-After %q, want 1-900 seconds", r.Header.Get("Retry-After"))
		}
		env.Clock.Advance(15 * time.Minute)
		anon.Expect(http.StatusAccepted, "POST", "/api/auth/login_codes", ask, nil)

		// Tries from one address, spread over emails to pass the per-email limit.
		for i := 0; i < 30; i++ {
			anon.ExpectProblem(http.StatusUnauthorized, "invalid_code", "POST", "/api/auth/tokens",
				map[string]any{"email": fmt.Sprintf("guess%d@example.com", i%5), "code": "123456"})
		}
		anon.ExpectProblem(http.StatusTooManyRequests, "too_many_requests", "POST", "/api/auth/tokens",
			map[string]any{"email": "fresh@example.com", "code": "123456"})
	})
}

// API keys: admins create them (the secret answered once, stored only as a
// hash) and revoke them; a revoked key stops at once on the replica that
// revoked it and within the cache's 30 seconds on another; last_used_at
// records use. A staff key may not manage keys.
func TestAPIKeys(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		replica := env.Replica(t, testenv.Options{})
		var k struct {
			ID     int64  `json:"id"`
			Key    string `json:"key"`
			Prefix string `json:"prefix"`
		}
		env.Expect(http.StatusCreated, "POST", "/api/api_keys", map[string]any{"name": "front desk", "role": "staff"}, &k)
		if !strings.HasPrefix(k.Key, "gtk_") || !strings.HasPrefix(k.Key, k.Prefix) || len(k.Key) < 40 {
			t.Fatalf("key %+v", k)
		}
		var stored int64
		env.App.DB.Raw("SELECT COUNT(*) FROM api_keys WHERE secret_hash = ?", k.Key).Scan(&stored)
		if stored != 0 {
			t.Error("the secret is stored as it is")
		}
		staff := env.As(k.Key)
		staff.Expect(http.StatusOK, "GET", "/api/customers", nil, nil)
		replica.As(k.Key).Expect(http.StatusOK, "GET", "/api/customers", nil, nil)
		staff.ExpectProblem(http.StatusForbidden, "forbidden", "GET", "/api/api_keys", nil)
		var got struct {
			Key        string     `json:"key"`
			LastUsedAt *time.Time `json:"last_used_at"`
		}
		env.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/api_keys/%d", k.ID), nil, &got)
		if got.LastUsedAt == nil || got.Key != "" {
			t.Errorf("after use: %+v, want last_used_at and no secret", got)
		}

		env.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/api_keys/%d", k.ID), nil, nil)
		staff.ExpectProblem(http.StatusUnauthorized, "unauthenticated", "GET", "/api/customers", nil)
		replica.Clock.Set(time.Now().Add(31 * time.Second))
		replica.As(k.Key).ExpectProblem(http.StatusUnauthorized, "unauthenticated", "GET", "/api/customers", nil)

		for _, h := range []string{"Basic dXNlcjpwYXNz", "Bearer", "Bearer gtk_nope", "gtk_" + k.Key} {
			r, err := env.DoWithHeader("GET", "/api/class_types", nil, http.Header{"Authorization": {h}})
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != http.StatusUnauthorized || r.Problem().Code != "unauthenticated" {
				t.Errorf("Authorization %q: %d %s", h, r.Status, r.Body)
			}
		}
	})
}

// Staff may issue a customer a token (a kiosk); a customer may not.
func TestStaffIssuesToken(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		id := env.Customer("Kiosk")
		staff := env.As(env.Key(t, core.RoleStaff))
		var in signIn
		staff.Expect(http.StatusCreated, "POST", fmt.Sprintf("/api/customers/%d/tokens", id), nil, &in)
		env.As(in.Token).ExpectProblem(http.StatusForbidden, "forbidden", "POST", fmt.Sprintf("/api/customers/%d/tokens", id), nil)
		staff.ExpectProblem(http.StatusNotFound, "not_found", "POST", "/api/customers/999999/tokens", nil)
	})
}

// An Idempotency-Key is its caller's: another caller's request with the same
// key runs on its own instead of replaying the first caller's answer.
func TestIdempotencyKeysPerCaller(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		ada := env.Customer("Ada")
		ct := env.ClassType("Yoga")
		body := map[string]any{"first_name": "Same", "last_name": "Key", "email": "same.key@example.com"}
		key := http.Header{"Idempotency-Key": {"shared-key"}}
		one := env.As(env.Key(t, core.RoleStaff))
		two := env.As(env.Key(t, core.RoleStaff))
		if r, _ := one.DoWithHeader("POST", "/api/customers", body, key); r.Status != http.StatusCreated {
			t.Fatalf("first: %d %s", r.Status, r.Body)
		}
		r, _ := two.DoWithHeader("POST", "/api/customers", body, key)
		if r.Status != http.StatusConflict || r.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("another caller with the same key: %d %s (replayed %q), want its own 409 email_taken",
				r.Status, r.Body, r.Header.Get("Idempotent-Replayed"))
		}
		if r, _ := one.DoWithHeader("POST", "/api/customers", body, key); r.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("the same caller's retry was not replayed: %d %s", r.Status, r.Body)
		}
		// A customer's key is hers, whichever of her tokens sends it.
		sess := env.Session(ct, time.Now().Add(48*time.Hour), 0)
		t1, t2 := env.CustomerToken(t, ada), env.CustomerToken(t, ada)
		book := map[string]any{"class_session": sess}
		if r, _ := env.As(t1).DoWithHeader("POST", "/api/bookings", book, key); r.Status != http.StatusCreated {
			t.Fatalf("booking: %d %s", r.Status, r.Body)
		}
		if r, _ := env.As(t2).DoWithHeader("POST", "/api/bookings", book, key); r.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("her other token's retry: %d %s, want the replay", r.Status, r.Body)
		}
	})
}

// Trusted mode (auth.enabled: false) makes every request an admin, as the
// original version; config refuses it on a non-loopback address unless
// auth.allow_open says it is meant.
func TestTrustedMode(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{Configure: func(c *config.Config) { c.Auth.Enabled = false }})
		anon := env.As("")
		anon.Expect(http.StatusOK, "GET", "/api/api_keys", nil, nil)
		var me struct {
			Kind    string `json:"kind"`
			Trusted bool   `json:"trusted"`
		}
		anon.Expect(http.StatusOK, "GET", "/api/me", nil, &me)
		if me.Kind != "admin" || !me.Trusted {
			t.Errorf("/api/me = %+v", me)
		}
	})
}

// Anonymous callers read the schedule while auth.public_schedule holds, and
// nothing else but sign-in; a customer token may not do staff's work.
func TestAnonymousAndCustomer(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		ada, bob := env.Customer("Ada"), env.Customer("Bob")
		sess := env.Session(env.ClassType("Yoga"), time.Now().Add(48*time.Hour), 0)
		anon := env.As("")
		anon.Expect(http.StatusOK, "GET", "/api/class_sessions", nil, nil)
		r := anon.Call("GET", "/api/customers", nil)
		if r.Status != http.StatusUnauthorized || r.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("anonymous customers list: %d %s", r.Status, r.Body)
		}
		a := env.As(env.CustomerToken(t, ada))
		var list []struct{ ID int64 }
		a.Expect(http.StatusOK, "GET", "/api/customers", nil, &list)
		if len(list) != 1 || list[0].ID != ada {
			t.Errorf("her customer list: %+v, want only herself", list)
		}
		a.ExpectProblem(http.StatusNotFound, "not_found", "GET", fmt.Sprintf("/api/customers/%d", bob), nil)
		a.ExpectProblem(http.StatusNotFound, "not_found", "PATCH", fmt.Sprintf("/api/customers/%d", bob), map[string]any{"first_name": "X"})
		a.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/customers/%d", ada), map[string]any{"first_name": "Adah"}, nil)
		a.ExpectProblem(http.StatusForbidden, "forbidden", "POST", "/api/bookings", map[string]any{"customer": bob, "class_session": sess})
		var b struct{ ID, Customer int64 }
		a.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"class_session": sess}, &b)
		if b.Customer != ada {
			t.Errorf("booked for %d, want herself (%d)", b.Customer, ada)
		}
		env.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/bookings", map[string]any{"class_session": sess})
		bobs := env.Book(bob, sess)
		var bb struct{ ID int64 }
		bobs.Decode(t, &bb)
		a.ExpectProblem(http.StatusNotFound, "not_found", "GET", fmt.Sprintf("/api/bookings/%d", bb.ID), nil)
		a.ExpectProblem(http.StatusNotFound, "not_found", "POST", fmt.Sprintf("/api/bookings/%d/cancel", bb.ID), nil)
		a.Expect(http.StatusOK, "GET", "/api/bookings?customer="+strconv.FormatInt(bob, 10), nil, &list)
		if len(list) != 0 {
			t.Errorf("filtering on another customer showed %+v", list)
		}
		a.ExpectProblem(http.StatusForbidden, "forbidden", "PATCH", fmt.Sprintf("/api/bookings/%d", b.ID), map[string]any{"status": "attended"})
		a.ExpectProblem(http.StatusForbidden, "forbidden", "GET", "/api/emails", nil)
		a.ExpectProblem(http.StatusForbidden, "forbidden", "POST", "/api/class_types", map[string]any{"name": "Mine"})
		a.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), nil, nil)
		// What is refused to staff as well is refused to her for the same reason.
		a.ExpectProblem(http.StatusConflict, "invalid_transition", "POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), nil)
		a.ExpectProblem(http.StatusConflict, "invalid_transition", "PATCH", fmt.Sprintf("/api/bookings/%d", b.ID), map[string]any{"status": "booked"})
	})
}

// /metrics answers the host itself and staff keys; another host without a
// key → 401, with a customer token → 403.
func TestMetricsAccess(t *testing.T) {
	env := testenv.New(t, config.SQLite, testenv.Options{})
	cust := env.CustomerToken(t, env.Customer("Ada"))
	for _, c := range []struct {
		remote, secret string
		want           int
	}{
		{"127.0.0.1:4000", "", http.StatusOK},
		{"[::1]:4000", "", http.StatusOK},
		{"203.0.113.7:4000", "", http.StatusUnauthorized},
		{"203.0.113.7:4000", cust, http.StatusForbidden},
		{"203.0.113.7:4000", env.Key(t, core.RoleStaff), http.StatusOK},
	} {
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.RemoteAddr = c.remote
		if c.secret != "" {
			req.Header.Set("Authorization", "Bearer "+c.secret)
		}
		rec := httptest.NewRecorder()
		env.App.Handler.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("/metrics from %s (secret %t): %d, want %d", c.remote, c.secret != "", rec.Code, c.want)
		}
	}
}
