package api

import (
	"encoding/json"
	"reflect"

	"github.com/danielgtaylor/huma/v2"
)

// OptionalInt is a PATCH field that tells "absent" from "null": Set is true
// when the field was in the body, Value is nil when it was null.
type OptionalInt struct {
	Set   bool
	Value *int
}

// UnmarshalJSON records that the field was present.
func (o *OptionalInt) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Value = nil
		return nil
	}
	var v int
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	o.Value = &v
	return nil
}

// Schema describes the field as a nullable integer.
func (o OptionalInt) Schema(r huma.Registry) *huma.Schema {
	s := r.Schema(reflect.TypeOf(0), true, "")
	s.Nullable = true
	return s
}
