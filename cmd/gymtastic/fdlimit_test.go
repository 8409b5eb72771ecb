package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
)

// The outage of issue 21, small: a serve process allowed 256 open files
// (ulimit -n) and 300 keep-alive clients left idle. Without a cap the idle
// connections took every descriptor and no one else was answered; with the
// default server.max_connections, derived from that limit, every client is
// answered and a new one too.
func TestIdleClientsLeaveFilesToServe(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("needs sh for ulimit")
	}
	const clients = 300
	addr := freeAddr(t)
	c := newCLI(t, config.SQLite, fmt.Sprintf("server:\n  addr: %q\n", addr))
	c.must("migrate")
	args, _ := json.Marshal([]string{"--config", c.config, "serve"})
	cmd := exec.Command("sh", "-c", `ulimit -n 256 && exec "$0" -test.run='^$'`, os.Args[0])
	cmd.Env = append(os.Environ(), "GYMTASTIC_TEST_MAIN=1", "GYMTASTIC_TEST_ARGS="+string(args))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-done
		if t.Failed() {
			t.Logf("server said:\n%s", out.String())
		}
	})
	for i := 0; ; i++ {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			_ = res.Body.Close()
			break
		}
		if i == 400 {
			t.Fatalf("the server never answered: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}

	// Every client sends one request and keeps its connection open.
	conns := make([]net.Conn, 0, clients)
	for i := 0; i < clients; i++ {
		conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
		if err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
		t.Cleanup(func() { _ = conn.Close() })
		if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: gym\r\n\r\n"); err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
		conns = append(conns, conn)
	}
	deadline := time.Now().Add(30 * time.Second)
	var unanswered []string
	for i, conn := range conns {
		_ = conn.SetReadDeadline(deadline)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			unanswered = append(unanswered, fmt.Sprintf("client %d: %v", i, err))
			continue
		}
		_ = res.Body.Close()
	}
	if len(unanswered) > 0 {
		t.Errorf("%d of %d clients unanswered: %s", len(unanswered), clients, strings.Join(unanswered[:min(3, len(unanswered))], "; "))
	}
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := client.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("a new client with %d idle ones: %v", clients, err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("/healthz = %d", res.StatusCode)
	}
}
