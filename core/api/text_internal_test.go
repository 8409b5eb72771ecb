package api

import (
	"strings"
	"testing"
)

func TestBadText(t *testing.T) {
	for _, c := range []struct {
		body, field, msg string // field "-": the body is fine
	}{
		{`{"first_name": "Ada", "email": "ada@example.com"}`, "-", ""},
		{"{\"first_name\": \"Ad\xffa\"}", "first_name", "must be valid UTF-8"},
		{"{\"a\": 1, \"b\": \"ok\", \"c\": \"\xc0\x80\"}", "c", "must be valid UTF-8"},
		{`{"last_name": "x\ud800y"}`, "last_name", `\ud800 is half of a UTF-16 surrogate pair`},
		{`{"last_name": "\udc00"}`, "last_name", `\udc00 is half`},
		{`{"last_name": "\ud800\u0041"}`, "last_name", `\ud800 is half`},
		{`{"last_name": "\uD83D"}`, "last_name", `\uD83D is half`},
		{`{"last_name": "x\ud800"}`, "last_name", `\ud800 is half`},
		// Whole pairs, escaped backslashes and U+FFFD itself are text.
		{`{"last_name": "\ud83d\ude00 \uD83D\uDE00"}`, "-", ""},
		{`{"last_name": "\\ud800 \\\\"}`, "-", ""},
		{"{\"last_name\": \"\uFFFD \\ufffd\"}", "-", ""},
		// Nested: the path as huma names fields.
		{"{\"class_types\": [1, \"x\", \"\xff\"]}", "class_types[2]", "must be valid UTF-8"},
		{`{"a": {"b": [{"c": 1}, {"d": "\ud800"}]}}`, "a.b[1].d", `\ud800 is half`},
		{`{"a": [[], {}, "ok"], "b": {"c": "\ud800"}}`, "b.c", `\ud800 is half`},
		{"{\"a\": {\"b\xff\": 1}}", "a", "has a property name that must be valid UTF-8"},
		{"\"\xff\"", "", "must be valid UTF-8"},
		// Not JSON: left to the decoder's 400.
		{"{\"a\": \xff}", "-", ""},
		{"{\"a\" \"\xff\"}", "-", ""},
		{"\xff", "-", ""},
	} {
		field, msg, bad := badText([]byte(c.body))
		if c.field == "-" {
			if bad {
				t.Errorf("%q: refused at %q (%s), want accepted", c.body, field, msg)
			}
			continue
		}
		if !bad || field != c.field || !strings.Contains(msg, c.msg) {
			t.Errorf("%q: got %v %q %q, want %q %q", c.body, bad, field, msg, c.field, c.msg)
		}
	}
}

// TestJSONMediaType: the one rule on a body's Content-Type. Type and
// subtype in any case; charset utf-8 (any case) or none; nothing else,
// +json types included.
func TestJSONMediaType(t *testing.T) {
	for ct, want := range map[string]bool{
		"": true, "application/json": true, "APPLICATION/JSON": true, "Application/Json": true,
		"application/json; charset=utf-8": true, "application/json;charset=UTF-8": true,
		`application/json; charset="utf-8"`: true, "application/json ; charset=Utf-8": true,
		"application/json;": true, "application/json; version=2": true,
		"application/json; charset=iso-8859-1": false, "application/json; charset=utf-16": false,
		"application/json; charset=utf8": false, "application/json; charset": false,
		"application/json; charset=utf-8; charset=latin1": false,
		";;;": false, "application": false, "application/": false, "/json": false, "json": false,
		"application/json, text/plain": false, "application/merge-patch+json": false,
		"application/vnd.evil+json": false, "application/problem+json": false, "application/*": false,
		"*/*": false, "text/plain": false, "application/x-ndjson": false, "text/json": false,
		"application/xml; a=b+json": false,
	} {
		if _, got := jsonMediaType([]string{ct}); got != want {
			t.Errorf("jsonMediaType(%q) = %v, want %v", ct, got, want)
		}
	}
	if _, ok := jsonMediaType(nil); !ok {
		t.Error("no Content-Type refused, want JSON")
	}
	if _, ok := jsonMediaType([]string{"application/json", "application/json"}); ok {
		t.Error("two Content-Type headers accepted")
	}
}

// TestBadShape: bodies past maxBodyValues or maxBodyDepth are refused
// naming the container; the largest a request needs, strings holding
// brackets and commas, and escaped quotes are not.
func TestBadShape(t *testing.T) {
	ids := func(n int) string { return "[" + strings.TrimSuffix(strings.Repeat("0,", n), ",") + "]" }
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	set := `{"exercise": 1, "reps": 5, "weight_kg": 20, "duration_seconds": null}`
	sets := "[" + strings.TrimSuffix(strings.Repeat(set+",", 200), ",") + "]"
	for _, c := range []struct{ body, field, msg string }{
		{`{"class_types": ` + ids(1000) + `}`, "-", ""},
		{`{"class_types": ` + ids(maxBodyValues-1) + `}`, "-", ""},
		{`{"class_types": ` + ids(maxBodyValues+1) + `}`, "class_types", "more than 10000 values"},
		{`{"a": {"b": [1, ` + ids(maxBodyValues) + `]}}`, "a.b[1]", "more than 10000 values"},
		{ids(maxBodyValues + 1), "", "more than 10000 values"},
		{`{"customer": 1, "sets": ` + sets + `}`, "-", ""},
		{`{"name": "` + strings.Repeat(`[{,\"`, 5000) + `"}`, "-", ""},
		{`{"a\"b": ` + deep(maxBodyDepth-1) + `}`, "-", ""},
		{`{"a\"b": ` + deep(maxBodyDepth) + `}`, `a\"b` + strings.Repeat("[0]", maxBodyDepth-1), "deeper than 32"},
		{deep(100000), strings.Repeat("[0]", maxBodyDepth), "deeper than 32"},
		{`{"sets": [{}, {}, {"x": ` + deep(40) + `}]}`, "sets[2].x" + strings.Repeat("[0]", maxBodyDepth-3), "deeper than 32"},
		{`{"a": [], "b": {}, "c": [ ]}`, "-", ""},
		{`{"unclosed": "` + ids(maxBodyValues+1), "-", ""},
	} {
		field, msg, bad := badShape([]byte(c.body))
		name := c.body
		if len(name) > 60 {
			name = name[:60] + "…"
		}
		if c.field == "-" {
			if bad {
				t.Errorf("%s: refused at %q (%s), want accepted", name, field, msg)
			}
			continue
		}
		if !bad || field != c.field || !strings.Contains(msg, c.msg) {
			t.Errorf("%s: got %v %q %q, want %q %q", name, bad, field, msg, c.field, c.msg)
		}
	}
}

func TestLoneSurrogateAtTheEnd(t *testing.T) {
	for _, b := range []string{`\`, `\u`, `\ud8`, `\ud800\`, `\ud800\u`, `\ud800\udc`} {
		_ = loneSurrogate([]byte(b)) // no panic on a cut-off escape
	}
	if i := loneSurrogate([]byte(`ab\ud800`)); i != 2 {
		t.Errorf("offset %d, want 2", i)
	}
}

// BenchmarkBadText: what checking a booking's body costs when it is fine.
func BenchmarkBadText(b *testing.B) {
	body := []byte(`{"customer": 123456, "class_session": 1789}`)
	for b.Loop() {
		if _, _, bad := badText(body); bad {
			b.Fatal("refused")
		}
	}
}

// BenchmarkBadShape: what bounding a booking's body costs when it is fine.
func BenchmarkBadShape(b *testing.B) {
	body := []byte(`{"customer": 123456, "class_session": 1789}`)
	for b.Loop() {
		if _, _, bad := badShape(body); bad {
			b.Fatal("refused")
		}
	}
}
