package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestClient checks the load client against net/http's server: bodies of
// fixed length and chunked, a POST's body and headers, one connection
// kept alive, a new one after the server closes it, and a request cut off
// by the end of the run.
func TestClient(t *testing.T) {
	var conns atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("POST /echo", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Type", r.Header.Get("Content-Type"))
		w.WriteHeader(http.StatusCreated)
		w.Write(b)
	})
	mux.HandleFunc("GET /chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 3; i++ {
			io.WriteString(w, strings.Repeat("x", 5000))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("GET /close", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		io.WriteString(w, "bye")
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := newClient(ctx, "")
	defer c.close()

	status, body, err := c.do(srv.URL, http.MethodPost, "/echo", `{"customer":1}`)
	if err != nil || status != http.StatusCreated || string(body) != `{"customer":1}` {
		t.Fatalf("POST: %d %q %v", status, body, err)
	}
	status, body, err = c.do(srv.URL, http.MethodGet, "/chunked", "")
	if err != nil || status != http.StatusOK || len(body) != 15000 {
		t.Fatalf("chunked GET: %d, %d bytes, %v", status, len(body), err)
	}
	if n := conns.Load(); n != 1 {
		t.Fatalf("%d connections for two requests, want 1 kept alive", n)
	}
	status, body, err = c.do(srv.URL, http.MethodGet, "/close", "")
	if err != nil || status != http.StatusOK || string(body) != "bye" {
		t.Fatalf("GET /close: %d %q %v", status, body, err)
	}
	if _, _, err := c.do(srv.URL, http.MethodPost, "/echo", ""); err != nil {
		t.Fatal(err)
	}
	if n := conns.Load(); n != 2 {
		t.Fatalf("%d connections, want a second after the server closed the first", n)
	}

	// A base URL's path prefixes every request's.
	status, body, err = c.do(srv.URL+"/api/", http.MethodPost, "/echo", "x")
	if err != nil || status != http.StatusNotFound {
		t.Fatalf("POST /api/echo: %d %q %v, want the server's 404 for that path", status, body, err)
	}

	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	if _, _, err := c.do(srv.URL, http.MethodGet, "/slow", ""); err == nil {
		t.Fatal("a request in flight at the end of the run succeeded")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("the end of the run took %s to cut off a request", d)
	}

	for _, bad := range []string{"https://example.com", "example.com:80", "http://x/?a=1"} {
		if _, _, err := target(bad); err == nil {
			t.Errorf("-url %q accepted", bad)
		}
	}
	if h, p, err := target("http://localhost"); err != nil || h != "localhost:80" || p != "" {
		t.Errorf("http://localhost: %q %q %v", h, p, err)
	}

}
