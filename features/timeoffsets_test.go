package features_test

import (
	"net/http"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features"
)

// TestEveryTimeRefusesOffsetsPast2359: with every feature on, every
// date-time schema of the OpenAPI document, body or parameter, core's or a
// feature's, carries the pattern of an offset RFC 3339 allows, which huma
// checks on every request: a time field added later is covered without a
// test of its own.
func TestEveryTimeRefusesOffsetsPast2359(t *testing.T) {
	env := testenv.New(t, config.SQLite, testenv.Options{Features: features.All()})
	var doc any
	env.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
	var times int
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["format"] == "date-time" {
				times++
				if v["pattern"] != core.TimeOffsetPattern {
					t.Errorf("%s: a date-time without the offset pattern: %v", path, v)
				}
			}
			for k, x := range v {
				walk(path+"."+k, x)
			}
		case []any:
			for _, x := range v {
				walk(path+"[]", x)
			}
		}
	}
	walk("", doc)
	if times < 10 {
		t.Errorf("only %d date-time schemas in the document", times)
	}
}
