package testenv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/core"
)

// Client talks to a real HTTP server in front of the handler.
type Client struct {
	t    testing.TB
	URL  string
	HTTP *http.Client
	// Secret, when set, is sent as Authorization: Bearer (an admin key in
	// an Env), unless a request sets Authorization itself.
	Secret string
	base   http.RoundTripper
}

// As returns a client of the same server that sends secret instead ("" for
// an anonymous caller).
func (c *Client) As(secret string) *Client {
	cp := *c
	cp.Secret = secret
	cp.HTTP = &http.Client{Transport: &bearer{base: c.base, secret: &cp.Secret}, Timeout: c.HTTP.Timeout}
	return &cp
}

// bearer adds Authorization: Bearer with the client's secret to a request
// that carries none, so that a test building its own request (through
// Client.HTTP) is the client's caller too.
type bearer struct {
	base   http.RoundTripper
	secret *string
}

func (b *bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	if *b.secret != "" && r.Header.Get("Authorization") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+*b.secret)
	}
	return b.base.RoundTrip(r)
}

// NewClient starts an httptest server for h.
func NewClient(t testing.TB, h http.Handler) *Client {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	c := &Client{t: t, URL: srv.URL, base: tr}
	c.HTTP = &http.Client{Transport: &bearer{base: tr, secret: &c.Secret}, Timeout: 60 * time.Second}
	return c
}

// Response is an answer read whole.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Problem is a problem+json body.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
	Errors []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

// Problem decodes the body as a problem.
func (r *Response) Problem() Problem {
	var p Problem
	_ = json.Unmarshal(r.Body, &p)
	return p
}

// ExpectInvalid fails t unless r is a 422 validation_failed naming field
// with a message holding rule. It reports to t (not to the test that
// started the server), so that each subtest fails on its own.
func (r *Response) ExpectInvalid(t testing.TB, field, rule string) {
	t.Helper()
	p := r.Problem()
	if r.Status != http.StatusUnprocessableEntity || p.Code != "validation_failed" {
		t.Errorf("status %d, want 422 validation_failed: %s", r.Status, r.Body)
		return
	}
	for _, e := range p.Errors {
		if e.Field == field && strings.Contains(e.Message, rule) {
			return
		}
	}
	t.Errorf("errors %+v do not name %s (%q)", p.Errors, field, rule)
}

// ExpectPatchSchema fails t unless the OpenAPI document's schema has
// fields properties, each published as one type (not nullable: a PATCH
// refuses null) but for those named nullable, published as nullable.
func (c *Client) ExpectPatchSchema(t testing.TB, schema string, fields int, nullable ...string) {
	t.Helper()
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Type any `json:"type"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	c.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
	s, ok := doc.Components.Schemas[schema]
	if !ok || len(s.Properties) != fields {
		t.Errorf("%s: %d properties, want %d", schema, len(s.Properties), fields)
	}
	for name, p := range s.Properties {
		if _, one := p.Type.(string); one == slices.Contains(nullable, name) {
			t.Errorf("%s.%s has type %v", schema, name, p.Type)
		}
	}
}

// Decode decodes the JSON body into v.
func (r *Response) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Do sends a request; body is JSON-encoded unless it is a string or []byte,
// sent as is. It is safe to call from many goroutines.
func (c *Client) Do(method, path string, body any) (*Response, error) {
	return c.DoWithHeader(method, path, body, nil)
}

// DoWithHeader is Do with extra request headers.
func (c *Client) DoWithHeader(method, path string, body any, header http.Header) (*Response, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, c.URL+path, rd)
	if err != nil {
		return nil, err
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return &Response{Status: res.StatusCode, Header: res.Header, Body: data}, nil
}

// Call sends a request and fails the test on a transport error.
func (c *Client) Call(method, path string, body any) *Response {
	c.t.Helper()
	r, err := c.Do(method, path, body)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// Expect sends a request, checks the status and decodes the body into out
// (when out is not nil).
func (c *Client) Expect(want int, method, path string, body any, out any) *Response {
	c.t.Helper()
	r := c.Call(method, path, body)
	if r.Status != want {
		c.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, r.Body)
	}
	if out != nil {
		r.Decode(c.t, out)
	}
	return r
}

// ExpectProblem sends a request and checks the status and problem code.
func (c *Client) ExpectProblem(want int, code, method, path string, body any) Problem {
	c.t.Helper()
	r := c.Call(method, path, body)
	p := r.Problem()
	if r.Status != want || p.Code != code {
		c.t.Fatalf("%s %s: got %d %q, want %d %q: %s", method, path, r.Status, p.Code, want, code, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		c.t.Fatalf("%s %s: Content-Type %q, want application/problem+json", method, path, ct)
	}
	return p
}

// ID is a created resource's id.
type ID struct {
	ID int64 `json:"id"`
}

// Customer creates a customer and returns its id.
func (c *Client) Customer(first string) int64 {
	c.t.Helper()
	var out ID
	c.Expect(http.StatusCreated, "POST", "/api/customers", map[string]any{
		"first_name": first, "last_name": "Test", "email": fmt.Sprintf("%s.%d@example.com", first, time.Now().UnixNano()),
	}, &out)
	return out.ID
}

// ClassType creates a class type and returns its id.
func (c *Client) ClassType(name string) int64 {
	c.t.Helper()
	var out ID
	c.Expect(http.StatusCreated, "POST", "/api/class_types", map[string]any{"name": name, "description": name + " class"}, &out)
	return out.ID
}

// Session creates a session; capacity 0 means unlimited.
func (c *Client) Session(classType int64, startsAt time.Time, capacity int) int64 {
	c.t.Helper()
	body := map[string]any{"class_type": classType, "starts_at": startsAt.Format(time.RFC3339Nano), "duration_minutes": 60}
	if capacity > 0 {
		body["capacity"] = capacity
	}
	var out ID
	c.Expect(http.StatusCreated, "POST", "/api/class_sessions", body, &out)
	return out.ID
}

// Book books a customer into a session and returns the response.
func (c *Client) Book(customer, session int64) *Response {
	c.t.Helper()
	return c.Call("POST", "/api/bookings", map[string]any{"customer": customer, "class_session": session})
}

// ExpectInvalidErr is ExpectInvalid for an error returned in-process: it
// fails t unless err is a *core.Error naming field alone, with a message
// holding rule.
func ExpectInvalidErr(t testing.TB, err error, field, rule string) {
	t.Helper()
	var e *core.Error
	if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != field ||
		!strings.Contains(e.Fields[0].Message, rule) {
		t.Errorf("%v, want a refusal of %s (%s)", err, field, rule)
	}
}

// Write is one request that writes a resource.
type Write struct {
	Method, Path string
	Body         map[string]any
}

// Writes are the three ways a client can send a resource's field: POST to
// create (the valid body, field set to value), PUT to path (the same body)
// and PATCH to path (field alone).
func Writes(create, path string, valid map[string]any, field string, value any) []Write {
	whole := map[string]any{field: value}
	for k, v := range valid {
		if k != field {
			whole[k] = v
		}
	}
	return []Write{{"POST", create, whole}, {"PUT", path, whole}, {"PATCH", path, map[string]any{field: value}}}
}
