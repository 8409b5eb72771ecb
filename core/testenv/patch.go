package testenv

import (
	"net/http"
	"reflect"
	"testing"
)

// PatchCase is a PATCH body and the change it makes to the resource.
type PatchCase[T any] struct {
	Body   map[string]any
	Change func(*T)
}

// ExpectPatches sends each case's PATCH to path in turn and checks both the
// answer and the resource read back with GET against want, with the changes
// of the cases so far applied: a PATCH changes the fields given and leaves
// the others as stored.
func ExpectPatches[T any](t testing.TB, c *Client, path string, want T, cases []PatchCase[T]) {
	t.Helper()
	for _, pc := range cases {
		var got, back T
		c.Expect(http.StatusOK, "PATCH", path, pc.Body, &got)
		pc.Change(&want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("PATCH %s %v answered %+v, want %+v", path, pc.Body, got, want)
		}
		c.Expect(http.StatusOK, "GET", path, nil, &back)
		if !reflect.DeepEqual(back, want) {
			t.Errorf("after PATCH %s %v read back %+v, want %+v", path, pc.Body, back, want)
		}
	}
}
