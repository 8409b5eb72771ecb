package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestPromote runs the promote scenario against a stand-in server: each
// session is booked once, by a customer other than the one who joins its
// waitlist, each booking is cancelled after the join, and the run ends
// when the sessions are used up.
func TestPromote(t *testing.T) {
	var mu sync.Mutex
	booked := map[int64]int64{} // session → customer
	joined := map[int64]int64{}
	cancelled := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Customer     int64 `json:"customer"`
			ClassSession int64 `json:"class_session"`
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.URL.Path == "/api/bookings":
			if _, dup := booked[in.ClassSession]; dup {
				t.Errorf("session %d booked twice", in.ClassSession)
			}
			booked[in.ClassSession] = in.Customer
			w.WriteHeader(http.StatusCreated)
			_ = json.NewEncoder(w).Encode(map[string]int64{"id": in.ClassSession})
		case r.URL.Path == "/api/waitlist_entries":
			joined[in.ClassSession] = in.Customer
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte(`{"id":1}`))
		case strings.HasSuffix(r.URL.Path, "/cancel"):
			id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/api/bookings/"), "/cancel")
			cancelled[id] = true
			_, _ = w.Write([]byte(`{"id":` + id + `}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	o := options{urls: srv.URL, scenario: "promote", clients: 4, duration: 10 * time.Second, maxRequests: 1000,
		customers: "1-7", sessions: "100-149", seed: 1}
	rep, err := run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if rep.elapsed > 5*time.Second {
		t.Errorf("the run took %s: it should end when the sessions are used up", rep.elapsed)
	}
	for _, k := range []op{opBook, opJoin, opCancelPromote} {
		if n := len(rep.rec.lat[k]); n != 50 {
			t.Errorf("%s: %d requests, want 50", k, n)
		}
	}
	for s := int64(100); s < 150; s++ {
		if booked[s] == 0 || joined[s] == 0 || booked[s] == joined[s] || !cancelled[strconv.FormatInt(s, 10)] {
			t.Errorf("session %d: booked by %d, joined by %d, cancelled %v", s, booked[s], joined[s], cancelled[strconv.FormatInt(s, 10)])
		}
	}
}
