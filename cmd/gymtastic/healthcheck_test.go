package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// healthcheck exits 0 while /readyz answers 200, 1 with the reason when it
// answers otherwise or nothing listens; with no --url it asks server.addr,
// an unspecified host on the loopback.
func TestHealthcheckCommand(t *testing.T) {
	env := testenv.New(t, config.SQLite, testenv.Options{})
	c := newCLI(t, config.SQLite, "")
	if out := c.must("healthcheck", "--url", env.URL+"/readyz"); !strings.Contains(out, "ready") {
		t.Errorf("healthcheck printed %q", out)
	}

	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, `{"status":"unavailable"}`, http.StatusServiceUnavailable)
	}))
	defer down.Close()
	if _, err := c.run(context.Background(), "healthcheck", "--url", down.URL+"/readyz"); err == nil ||
		!strings.Contains(err.Error(), "503") {
		t.Errorf("healthcheck of a 503: %v", err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	addr := net.JoinHostPort("0.0.0.0", strconv.Itoa(port))
	t.Setenv("GYMTASTIC_SERVER_ADDR", addr)
	if _, err := c.run(context.Background(), "healthcheck"); err == nil ||
		!strings.Contains(err.Error(), "127.0.0.1:") || !strings.Contains(err.Error(), "refused") {
		t.Errorf("healthcheck with nothing on %s: %v", addr, err)
	}
}
