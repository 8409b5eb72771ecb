package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The load tool shares the machine's cores with the server and PostgreSQL,
// so what it spends per request is taken from what it measures. net/http's
// client spends it on a read and a write goroutine per connection and the
// hand-offs between them: about 0.10 ms of CPU per booking, a tenth of the
// whole booking's. A client here is one goroutine on one keep-alive
// connection per server, as wrk's and pgbench's are: it writes a request
// and reads the response with net/http's own parser (http.ReadResponse),
// which handles fixed-length and chunked bodies alike.

// requestTimeout bounds one request, connecting included.
const requestTimeout = 30 * time.Second

// client is one load client's keep-alive connections, one per server.
type client struct {
	ctx   context.Context
	conns map[string]*conn // by base URL
	body  bytes.Buffer     // the last response's body
	// key is the bearer secret every request carries; empty for none.
	key string
}

func newClient(ctx context.Context, key string) *client {
	return &client{ctx: ctx, conns: map[string]*conn{}, key: key}
}

// close closes the client's connections.
func (c *client) close() {
	for _, k := range c.conns {
		k.close()
	}
}

// target returns the host:port of a base URL, which must be plain http,
// and its path, which prefixes every request's.
func target(base string) (host, prefix string, err error) {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", "", fmt.Errorf("bad -url %q: want http://host[:port][/path]", base)
	}
	host = u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "80")
	}
	return host, strings.TrimRight(u.EscapedPath(), "/"), nil
}

// conn is one keep-alive HTTP/1.1 connection; nc is nil until dialled and
// after a failure.
type conn struct {
	host   string // host:port
	prefix string // the base URL's path
	nc     net.Conn
	br     *bufio.Reader
	bw     *bufio.Writer
	stop   func() bool // ends the context.AfterFunc that unblocks nc
}

func (k *conn) close() {
	if k.nc != nil {
		k.stop()
		k.nc.Close()
		k.nc = nil
	}
}

// do sends one request to base (http://host:port) and returns the status
// and the body, which stays valid until the next request.
func (c *client) do(base, method, path, body string) (int, []byte, error) {
	k := c.conns[base]
	if k == nil {
		host, prefix, err := target(base)
		if err != nil {
			return 0, nil, err
		}
		k = &conn{host: host, prefix: prefix}
		c.conns[base] = k
	}
	status, err := c.exchange(k, method, path, body)
	if err != nil {
		k.close()
	}
	return status, c.body.Bytes(), err
}

func (c *client) exchange(k *conn, method, path, body string) (int, error) {
	c.body.Reset()
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	if k.nc == nil {
		d := net.Dialer{Timeout: requestTimeout}
		nc, err := d.DialContext(c.ctx, "tcp", k.host)
		if err != nil {
			return 0, err
		}
		k.nc, k.br, k.bw = nc, bufio.NewReader(nc), bufio.NewWriter(nc)
		// The end of the run unblocks a request in flight.
		k.stop = context.AfterFunc(c.ctx, func() { _ = nc.SetDeadline(time.Now()) })
	}
	if err := k.nc.SetDeadline(time.Now().Add(requestTimeout)); err != nil {
		return 0, err
	}
	w := k.bw
	w.WriteString(method)
	w.WriteByte(' ')
	w.WriteString(k.prefix)
	w.WriteString(path)
	w.WriteString(" HTTP/1.1\r\nHost: ")
	w.WriteString(k.host)
	w.WriteString("\r\nUser-Agent: gymtastic-load\r\n")
	if c.key != "" {
		w.WriteString("Authorization: Bearer ")
		w.WriteString(c.key)
		w.WriteString("\r\n")
	}
	if body != "" || method == http.MethodPost {
		w.WriteString("Content-Type: application/json\r\nContent-Length: ")
		w.WriteString(strconv.Itoa(len(body)))
		w.WriteString("\r\n")
	}
	w.WriteString("\r\n")
	w.WriteString(body)
	if err := w.Flush(); err != nil {
		return 0, err
	}
	res, err := http.ReadResponse(k.br, nil)
	if err != nil {
		return 0, err
	}
	_, err = c.body.ReadFrom(res.Body)
	res.Body.Close()
	if err != nil {
		return res.StatusCode, err
	}
	if res.Close {
		k.close()
	}
	return res.StatusCode, nil
}
