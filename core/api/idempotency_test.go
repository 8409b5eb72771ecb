package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

func withKey(key string) http.Header { return http.Header{"Idempotency-Key": {key}} }

func countRows(t *testing.T, e *testenv.Env, table string) int64 {
	t.Helper()
	var n int64
	if err := e.App.DB.Raw("SELECT COUNT(*) FROM " + table).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIdempotencyKeyReplays(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		e := testenv.New(t, kind, testenv.Options{})
		e.Clock.Set(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
		body := map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}

		first, err := e.DoWithHeader("POST", "/api/customers", body, withKey("k-1"))
		if err != nil || first.Status != http.StatusCreated {
			t.Fatalf("first: %v %v", first, err)
		}
		// The retry (trailing slash or not) answers the same, writes nothing.
		again, err := e.DoWithHeader("POST", "/api/customers/", body, withKey("k-1"))
		if err != nil || again.Status != http.StatusCreated {
			t.Fatalf("retry: %v %v", again, err)
		}
		if string(again.Body) != string(first.Body) || again.Header.Get("Location") != first.Header.Get("Location") {
			t.Errorf("replay differs:\n%s %s\n%s %s", first.Body, first.Header.Get("Location"), again.Body, again.Header.Get("Location"))
		}
		if again.Header.Get("Idempotent-Replayed") != "true" || !strings.HasPrefix(again.Header.Get("Content-Type"), "application/json") {
			t.Errorf("replay headers: %v", again.Header)
		}
		if n := countRows(t, e, "customers"); n != 1 {
			t.Errorf("%d customers after a retry, want 1", n)
		}

		// The same key with another body: refused, nothing written.
		other := map[string]any{"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com"}
		r, _ := e.DoWithHeader("POST", "/api/customers", other, withKey("k-1"))
		if r.Status != http.StatusUnprocessableEntity || r.Problem().Code != "idempotency_key_reused" {
			t.Errorf("reused key: %d %s", r.Status, r.Body)
		}
		// ... or on another path.
		r, _ = e.DoWithHeader("POST", "/api/class_types", body, withKey("k-1"))
		if r.Problem().Code != "idempotency_key_reused" {
			t.Errorf("key reused on another path: %d %s", r.Status, r.Body)
		}
		if n := countRows(t, e, "customers"); n != 1 {
			t.Errorf("%d customers, want 1", n)
		}

		// A refusal is replayed too: the retry does not run again.
		dup := map[string]any{"first_name": "Ada", "last_name": "L", "email": "ADA@example.com"}
		r1, _ := e.DoWithHeader("POST", "/api/customers", dup, withKey("k-2"))
		r2, _ := e.DoWithHeader("POST", "/api/customers", dup, withKey("k-2"))
		if r1.Status != http.StatusConflict || r2.Status != r1.Status || string(r2.Body) != string(r1.Body) {
			t.Errorf("refusal not replayed: %d %s / %d %s", r1.Status, r1.Body, r2.Status, r2.Body)
		}

		// After 24 hours the key is free again.
		e.Clock.Advance(24*time.Hour + time.Minute)
		r, _ = e.DoWithHeader("POST", "/api/customers", other, withKey("k-1"))
		if r.Status != http.StatusCreated {
			t.Errorf("expired key: %d %s", r.Status, r.Body)
		}

		// Without a key nothing changes; a bad key is refused.
		r, _ = e.DoWithHeader("POST", "/api/customers", map[string]any{"first_name": "x", "last_name": "y", "email": "x@example.com"},
			withKey(strings.Repeat("k", 256)))
		if r.Status != http.StatusBadRequest || r.Problem().Code != "invalid_idempotency_key" {
			t.Errorf("long key: %d %s", r.Status, r.Body)
		}
	})
}

// Concurrent requests with one key: one write, every answer the same 201.
func TestIdempotencyKeyConcurrent(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		e := testenv.New(t, kind, testenv.Options{})
		ct := e.ClassType("Yoga")
		sess := e.Session(ct, time.Now().Add(48*time.Hour), 30)
		const n = 20
		customers := make([]int64, 5)
		for i := range customers {
			customers[i] = e.Customer(fmt.Sprintf("C%d", i))
		}
		var wg sync.WaitGroup
		type answer struct {
			status int
			id     int64
		}
		answers := make([]answer, n*len(customers))
		for c, cust := range customers {
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func(slot int, cust int64) {
					defer wg.Done()
					r, err := e.DoWithHeader("POST", "/api/bookings", map[string]any{"customer": cust, "class_session": sess},
						withKey(fmt.Sprintf("book-%d", cust)))
					if err != nil {
						t.Error(err)
						return
					}
					var b struct {
						ID int64 `json:"id"`
					}
					_ = json.Unmarshal(r.Body, &b)
					answers[slot] = answer{r.Status, b.ID}
				}(c*n+i, cust)
			}
		}
		wg.Wait()
		for c := range customers {
			first := answers[c*n]
			for i := 0; i < n; i++ {
				if a := answers[c*n+i]; a != first || a.status != http.StatusCreated {
					t.Errorf("customer %d answer %d: %+v, first %+v", c, i, a, first)
				}
			}
		}
		if got := countRows(t, e, "bookings"); got != int64(len(customers)) {
			t.Errorf("%d bookings, want %d (one per key)", got, len(customers))
		}
	})
}
