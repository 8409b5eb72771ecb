package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// lkLinks are the links one request sequence gets back: a list's next
// link, a create's Location, GET /api's index and the OpenAPI servers.
type lkLinks struct {
	next, location, index, server string
}

// lkFetch lists customers a page of one, creates one and reads the index
// and the OpenAPI document, each with host as the Host header and header
// added.
func lkFetch(t *testing.T, env *testenv.Env, host string, header http.Header) lkLinks {
	t.Helper()
	do := func(method, path, body string) *http.Response {
		req, err := http.NewRequest(method, env.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		req.Header = header.Clone()
		if req.Header == nil {
			req.Header = http.Header{}
		}
		req.Header.Set("Accept", "application/json")
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := env.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = res.Body.Close() })
		return res
	}
	var out lkLinks
	out.next = do("GET", "/api/customers?limit=1", "").Header.Get("Link")
	lkSeq++
	email := fmt.Sprintf("lk%d@example.com", lkSeq)
	res := do("POST", "/api/customers", `{"first_name": "Lin", "last_name": "Kage", "email": "`+email+`"}`)
	if res.StatusCode != http.StatusCreated {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("create: %d %s", res.StatusCode, b)
	}
	out.location = res.Header.Get("Location")
	var index map[string]string
	if err := json.NewDecoder(do("GET", "/api", "").Body).Decode(&index); err != nil {
		t.Fatal(err)
	}
	out.index = index["customers"]
	var doc struct {
		Servers []struct{ URL string } `json:"servers"`
	}
	if err := json.NewDecoder(do("GET", "/api/openapi.json", "").Body).Decode(&doc); err != nil || len(doc.Servers) != 1 {
		t.Fatalf("openapi servers: %+v, %v", doc.Servers, err)
	}
	out.server = doc.Servers[0].URL
	return out
}

// lkSeq numbers the customers lkFetch creates.
var lkSeq int

// lkEnv is a gym with two customers (so a page of one has a next link),
// configured by configure.
func lkEnv(t *testing.T, kind config.DatabaseKind, configure func(*config.Config)) *testenv.Env {
	env := testenv.New(t, kind, testenv.Options{Configure: configure})
	env.Customer("Ada")
	env.Customer("Bea")
	return env
}

// lkWant checks links against a base ("" for relative links). The
// OpenAPI document is one for every client: its server is relative unless
// server.public_url is set.
func lkWant(t *testing.T, got lkLinks, base, server string) {
	t.Helper()
	if want := "<" + base + `/api/customers?limit=1&offset=1>; rel="next"`; got.next != want {
		t.Errorf("Link %q, want %q", got.next, want)
	}
	if !strings.HasPrefix(got.location, base+"/api/customers/") || strings.Count(got.location, "/") != strings.Count(base, "/")+3 {
		t.Errorf("Location %q, want %s/api/customers/{id}", got.location, base)
	}
	if want := base + "/api/customers"; got.index != want {
		t.Errorf("GET /api: customers → %q, want %q", got.index, want)
	}
	if want := server + "/api"; got.server != want {
		t.Errorf("OpenAPI servers: %q, want %q", got.server, want)
	}
}

var lkHostile = http.Header{
	"X-Forwarded-Host":  {"evil.example"},
	"X-Forwarded-Proto": {"https"},
	"Forwarded":         {"host=evil.example;proto=https"},
}

// TestLinksIgnoreTheClientsHost: without server.public_url or a trusted
// proxy, links are relative, whatever Host and X-Forwarded-* say; from a
// peer outside server.trusted_proxies, likewise.
func TestLinksIgnoreTheClientsHost(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := lkEnv(t, kind, nil)
		lkWant(t, lkFetch(t, env, "evil.example", lkHostile), "", "")
		elsewhere := lkEnv(t, kind, func(c *config.Config) {
			c.Server.Proxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
		})
		lkWant(t, lkFetch(t, elsewhere, "evil.example", lkHostile), "", "")
	})
}

// TestLinksFromTrustedProxy: a peer in server.trusted_proxies says how
// clients reach us, with X-Forwarded-Host and -Proto (the last value of
// each) or its Host; a forwarded host that is no host gives relative links.
func TestLinksFromTrustedProxy(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := lkEnv(t, kind, func(c *config.Config) {
			c.Server.Proxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
		})
		cases := []struct {
			name, host string
			header     http.Header
			base       string
		}{
			{"forwarded host and proto", "app:8000",
				http.Header{"X-Forwarded-Host": {"gym.example"}, "X-Forwarded-Proto": {"https"}}, "https://gym.example"},
			{"the last of several values", "app:8000",
				http.Header{"X-Forwarded-Host": {"evil.example, gym.example"}, "X-Forwarded-Proto": {"http", "https"}}, "https://gym.example"},
			{"the proxy's Host", "gym.example:8443", http.Header{"X-Forwarded-Proto": {"https"}}, "https://gym.example:8443"},
			{"no forwarded proto", "gym.example", nil, "http://gym.example"},
			{"a proto that is no scheme", "gym.example", http.Header{"X-Forwarded-Proto": {"javascript"}}, "http://gym.example"},
			{"a forwarded host that is no host", "app:8000",
				http.Header{"X-Forwarded-Host": {`evil.example>; rel="next", <https://evil.example`}}, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				lkWant(t, lkFetch(t, env, c.host, c.header), c.base, "")
			})
		}
	})
}

// TestLinksFromPublicURL: server.public_url wins over any header, a
// trusted proxy's included, and its path prefixes every link.
func TestLinksFromPublicURL(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := lkEnv(t, kind, func(c *config.Config) {
			c.Server.PublicURL = "https://gym.example/members/"
			c.Server.Proxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
		})
		lkWant(t, lkFetch(t, env, "evil.example", lkHostile), "https://gym.example/members", "https://gym.example/members")
	})
}
