package api

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
)

// linkBase is how the links a response carries begin (Link: rel="next",
// Location, GET /api's index): a scheme, host and path prefix, or nothing
// at all for links relative to wherever the client is.
type linkBase struct {
	scheme, host, prefix string
}

type linkBaseKey struct{}

// url returns path and query under the base.
func (b linkBase) url(path, rawQuery string) *url.URL {
	return &url.URL{Scheme: b.scheme, Host: b.host, Path: b.prefix + path, RawQuery: rawQuery}
}

func baseOf(ctx context.Context) linkBase {
	b, _ := ctx.Value(linkBaseKey{}).(linkBase)
	return b
}

// linkTo returns the link to path (such as /api/customers/7) as a client
// should follow it.
func linkTo(ctx context.Context, path string) string {
	return baseOf(ctx).url(path, "").String()
}

// publicLinks decides, for each request, how its links begin:
// server.public_url when set; else, for a request from a peer in
// server.trusted_proxies, the scheme and host the proxy forwards
// (X-Forwarded-Proto and X-Forwarded-Host, the last value of each, which
// the proxy next to us wrote; else Host); else nothing, as links relative
// to the client's own host. Anyone else's Host and X-Forwarded-* are the
// client's word, and must not decide where our links point.
func publicLinks(publicURL string, proxies []netip.Prefix, next http.Handler) http.Handler {
	var public *linkBase
	if u, err := url.Parse(publicURL); err == nil && u.Host != "" {
		public = &linkBase{scheme: u.Scheme, host: u.Host, prefix: strings.TrimRight(u.Path, "/")}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b linkBase
		switch {
		case public != nil:
			b = *public
		case fromProxy(r, proxies):
			b = forwarded(r)
		default:
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), linkBaseKey{}, b)))
	})
}

// fromProxy tells whether the peer is a trusted proxy.
func fromProxy(r *http.Request, proxies []netip.Prefix) bool {
	if len(proxies) == 0 {
		return false
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := ap.Addr().Unmap()
	for _, p := range proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// hostPort is a host name or IP literal with an optional port: nothing
// that could end a link early or point it elsewhere.
var hostPort = regexp.MustCompile(`^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$`)

// forwarded is the base a trusted proxy gives: relative links when the
// host it forwards is not a host.
func forwarded(r *http.Request) linkBase {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := strings.ToLower(lastValue(r.Header.Values("X-Forwarded-Proto"))); p == "http" || p == "https" {
		scheme = p
	}
	host := lastValue(r.Header.Values("X-Forwarded-Host"))
	if host == "" {
		host = r.Host
	}
	if !hostPort.MatchString(host) {
		return linkBase{}
	}
	return linkBase{scheme: scheme, host: host}
}

// lastValue is the last element of a header's comma-separated values.
func lastValue(values []string) string {
	if len(values) == 0 {
		return ""
	}
	v := values[len(values)-1]
	if i := strings.LastIndexByte(v, ','); i >= 0 {
		v = v[i+1:]
	}
	return strings.TrimSpace(v)
}
