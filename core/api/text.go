package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/gymtastic/gymtastic/core"
)

// checkBody reads a request body that huma would decode and checks it first.
// It refuses a body not sent as JSON (415 unsupported_media_type; see
// jsonMediaType) and labels the rest plain application/json, so that huma
// decodes exactly the bodies checked here. It refuses a body past the
// bounds badShape sets (422 naming the field) before huma builds an error
// per value, and one holding a string, key or value, that is not Unicode
// text: invalid UTF-8, or a \u escape of half a UTF-16 surrogate pair
// (\ud800) with no other half. 422 names the field, as core.CheckText does
// for a value that reached a handler. encoding/json would turn either into
// U+FFFD without a word, and store text the client did not send.
//
// The body is read here and handed on as read. A body that is not JSON at
// all is left to huma's decoder (400 malformed_json).
func checkBody(c *gin.Context) {
	r := c.Request
	if r.Body == nil || r.Body == http.NoBody || !hasBody(r.Method) {
		c.Next()
		return
	}
	body, ok := readBody(c)
	if !ok {
		return
	}
	if len(body) == 0 { // huma decodes none: its Content-Type says nothing
		c.Next()
		return
	}
	if reason, ok := jsonMediaType(r.Header.Values("Content-Type")); !ok {
		writeProblem(c, NewProblem(http.StatusUnsupportedMediaType, "unsupported_media_type", reason))
		return
	}
	r.Header.Set("Content-Type", "application/json")
	field, msg, bad := badShape(body)
	if !bad {
		field, msg, bad = badText(body)
	}
	if bad {
		if field == "" {
			field = "body"
		}
		ce := core.Invalid(field, "%s", msg)
		writeProblem(c, NewProblem(ce.Status, ce.Code, ce.Detail, ce.Fields...))
		return
	}
	c.Next()
}

// heldBody is a request body read whole by readBody, put back to be read
// again.
type heldBody struct {
	*bytes.Reader
	body []byte
}

func (*heldBody) Close() error { return nil }

// readBody reads the whole request body (up to limitBody's cap) and puts
// it back to be read again; a body readBody has read is not read twice
// (checkBody, then the idempotency keys). When it cannot, it answers the
// problem and reports false.
func readBody(c *gin.Context) ([]byte, bool) {
	if h, ok := c.Request.Body.(*heldBody); ok && h.Len() == len(h.body) {
		return h.body, true
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeProblem(c, bodyTooLarge(tooLarge.Limit))
		} else {
			writeProblem(c, NewProblem(http.StatusBadRequest, "malformed_json", "the request body could not be read"))
		}
		return nil, false
	}
	c.Request.Body = &heldBody{Reader: bytes.NewReader(body), body: body}
	return body, true
}

// bodyTooLarge is the answer to a body past server.max_body_bytes.
func bodyTooLarge(limit int64) *Problem {
	return NewProblem(http.StatusRequestEntityTooLarge, "body_too_large",
		fmt.Sprintf("the request body is larger than %d bytes", limit))
}

func hasBody(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
}

// badText finds the first string in the JSON text body that is not Unicode
// text and returns the field it is in ("class_types[1]"; "" for a name at
// the top level or a body that is one string) and what is wrong. A body
// that is not valid JSON reports nothing past its first syntax error.
func badText(body []byte) (field, msg string, bad bool) {
	if utf8.Valid(body) && loneSurrogate(body) < 0 {
		return "", "", false // the common case: one pass over the bytes
	}
	// Walk the tokens, keeping the path to the current one; the bytes a
	// token was read from are those since the previous token.
	type frame struct {
		key    string // object: the current property's name
		index  int    // array: the current element's index
		object bool
		atKey  bool // object: the next string is a property name
	}
	var stack []frame
	path := func(stack []frame) string {
		var b strings.Builder
		for _, f := range stack {
			if f.object {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				b.WriteString("[" + strconv.Itoa(f.index) + "]")
			}
		}
		return b.String()
	}
	// done moves the innermost container past the value just read.
	done := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].object {
				stack[n-1].atKey = true
			} else {
				stack[n-1].index++
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var from int64
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", "", false
		}
		raw := body[from:dec.InputOffset()]
		from = dec.InputOffset()
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{':
				stack = append(stack, frame{object: true, atKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:len(stack)-1]
				done()
			}
		case string:
			atKey := len(stack) > 0 && stack[len(stack)-1].object && stack[len(stack)-1].atKey
			if problem := textProblem(raw); problem != "" {
				if atKey { // the object's own path
					return path(stack[:len(stack)-1]), "has a property name that " + problem, true
				}
				return path(stack), problem, true
			}
			if atKey {
				stack[len(stack)-1].key, stack[len(stack)-1].atKey = tok, false
			} else {
				done()
			}
		default:
			done()
		}
		if len(stack) == 0 && !dec.More() {
			return "", "", false
		}
	}
}

// textProblem says what is wrong with the raw bytes of one JSON string, or
// "" when they are Unicode text.
func textProblem(raw []byte) string {
	if !utf8.Valid(raw) {
		return "must be valid UTF-8"
	}
	if i := loneSurrogate(raw); i >= 0 {
		return "must be valid UTF-8: " + string(raw[i:i+6]) + " is half of a UTF-16 surrogate pair, not a character"
	}
	return ""
}

// loneSurrogate returns the offset of the first \u escape in b of a UTF-16
// surrogate that is not one half of a pair, or -1.
func loneSurrogate(b []byte) int {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '\\')
		if j < 0 {
			return -1
		}
		i += j
		if i+1 >= len(b) {
			return -1
		}
		if b[i+1] != 'u' {
			i += 2 // \\, \" and the like: the escaped byte is no escape
			continue
		}
		r, ok := hex4(b, i+2)
		switch {
		case !ok || !isSurrogate(r):
		case r < 0xdc00: // a high half: a low half must follow
			if i+12 <= len(b) && b[i+6] == '\\' && b[i+7] == 'u' {
				if lo, ok := hex4(b, i+8); ok && lo >= 0xdc00 && lo <= 0xdfff {
					i += 12
					continue
				}
			}
			return i
		default: // a low half with no high half before it
			return i
		}
		i += 2
	}
}

func isSurrogate(r rune) bool { return r >= 0xd800 && r <= 0xdfff }

// hex4 reads the four hex digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(b[i:i+4]), 16, 16)
	return rune(v), err == nil
}
