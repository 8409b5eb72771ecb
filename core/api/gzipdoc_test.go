package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// The OpenAPI document goes gzipped to a client that takes gzip, whole
// and the same as the plain one; a client that does not, or refuses gzip
// (q=0), gets it plain; other answers are never compressed.
func TestOpenAPIDocumentGzipped(t *testing.T) {
	env := testenv.New(t, config.SQLite, testenv.Options{})
	get := func(path, enc string) *http.Response {
		t.Helper()
		req, err := http.NewRequest("GET", env.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept-Encoding", enc) // set: the client then leaves the body as sent
		res, err := env.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = res.Body.Close() })
		return res
	}
	read := func(r io.Reader) []byte {
		t.Helper()
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	plain := get("/api/openapi.json", "identity")
	if plain.Header.Get("Content-Encoding") != "" {
		t.Fatalf("identity asked, %q sent", plain.Header.Get("Content-Encoding"))
	}
	want := read(plain.Body)
	for _, enc := range []string{"gzip", "gzip, deflate, br", "br;q=1.0, GZIP;q=0.5"} {
		res := get("/api/openapi.json", enc)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Vary") == "" {
			t.Fatalf("Accept-Encoding %q: %d, Content-Encoding %q, Vary %q", enc, res.StatusCode,
				res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
		}
		zipped := read(res.Body)
		zr, err := gzip.NewReader(bytes.NewReader(zipped))
		if err != nil {
			t.Fatal(err)
		}
		if got := read(zr); !bytes.Equal(got, want) || !json.Valid(got) {
			t.Fatalf("Accept-Encoding %q: the gzipped document differs from the plain one", enc)
		}
		if len(zipped)*4 > len(want) {
			t.Errorf("gzipped %d bytes of %d", len(zipped), len(want))
		}
	}
	if res := get("/api/openapi.json", "gzip;q=0"); res.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 got %q", res.Header.Get("Content-Encoding"))
	}
	if res := get("/api/class_types", "gzip"); res.Header.Get("Content-Encoding") != "" {
		t.Errorf("an API answer was compressed: %q", res.Header.Get("Content-Encoding"))
	}
}
