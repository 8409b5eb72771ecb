package api

import "testing"

// Labels take a bounded set of values whatever a request or a handler
// makes of them.
func TestLabelsAreBounded(t *testing.T) {
	for _, c := range []struct {
		fn       func(string) string
		in, want string
	}{
		{methodLabel, "GET", "GET"},
		{methodLabel, "PATCH", "PATCH"},
		{methodLabel, "get", "other"},
		{methodLabel, "PROPFIND", "other"},
		{codeLabel, "session_full", "session_full"},
		{codeLabel, "Session Full", "other"},
		{codeLabel, "", "other"},
		{codeLabel, "a_very_long_code_that_goes_on_and_on_and_on_far_past_any_code_we_write", "other"},
	} {
		if got := c.fn(c.in); got != c.want {
			t.Errorf("label of %q = %q, want %q", c.in, got, c.want)
		}
	}
	for in, want := range map[int]string{200: "200", 499: "499", 0: "other", 99: "other", 1000: "other"} {
		if got := statusLabel(in); got != want {
			t.Errorf("statusLabel(%d) = %q, want %q", in, got, want)
		}
	}
}
