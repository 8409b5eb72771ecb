package api

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
)

// gzipDocument compresses the OpenAPI document for a client that takes
// gzip (every browser, so the docs page): with every operation's error
// responses and examples it is about half a megabyte of JSON, and about a
// tenth of that gzipped. Nothing else is compressed: the API's answers are
// small, and compressing them would cost every request CPU.
func gzipDocument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := strings.TrimSuffix(r.URL.Path, "/")
		if !strings.HasPrefix(path, "/api/openapi.") || !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			next.ServeHTTP(w, r)
			return
		}
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		h := w.Header()
		for k, v := range rec.header {
			h[k] = v
		}
		h.Add("Vary", "Accept-Encoding")
		if rec.status != http.StatusOK || rec.body.Len() < 1024 {
			h.Set("Content-Length", strconv.Itoa(rec.body.Len()))
			w.WriteHeader(rec.status)
			_, _ = w.Write(rec.body.Bytes())
			return
		}
		var out bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&out, gzip.BestSpeed) // a valid level: no error
		_, _ = zw.Write(rec.body.Bytes())
		_ = zw.Close()
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(out.Len()))
		w.WriteHeader(rec.status)
		_, _ = w.Write(out.Bytes())
	})
}

// acceptsGzip reads an Accept-Encoding header: gzip listed with a quality
// above zero.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// recorder keeps a handler's answer to be rewritten.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }
