package workouts

import (
	"encoding/json"
	"reflect"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

// OptionalTime is a PATCH field that tells "absent" from "null": Set is
// true when the field was in the body, Value is nil when it was null.
type OptionalTime struct {
	Set   bool
	Value *time.Time
}

// UnmarshalJSON records that the field was present.
func (o *OptionalTime) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Value = nil
		return nil
	}
	var v time.Time
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	o.Value = &v
	return nil
}

// Schema describes the field as a nullable RFC 3339 time.
func (o OptionalTime) Schema(r huma.Registry) *huma.Schema {
	s := r.Schema(reflect.TypeOf(time.Time{}), true, "")
	s.Nullable = true
	return s
}
