package api

import (
	"encoding/json"
	"reflect"

	"github.com/danielgtaylor/huma/v2"
)

// Optional is a PATCH field that may be null, for a nullable column: Set
// is true when the field was in the body, Value is nil when it was null
// (which clears the column). Validation tags on the field apply to the
// value. Patch is the kind that may not be null.
type Optional[T any] struct {
	Set   bool
	Value *T
}

// UnmarshalJSON records that the field was present, and its value.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Value = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	o.Value = &v
	return nil
}

// Schema describes the field as T, nullable (on a copy, not the registry's
// schema).
func (o Optional[T]) Schema(r huma.Registry) *huma.Schema {
	s := *r.Schema(reflect.TypeFor[T](), true, "")
	s.Nullable = true
	return &s
}

// Patch is a PATCH field whose value may not be null: absent, it leaves
// the stored value as it is; given, it replaces it; null is refused with
// 422 naming the field, "must not be null" (silently ignoring it would
// tell the client its change was made). Validation tags on the field
// (minLength, format, minimum…) apply to the value as they would to T.
// Optional is the nullable kind.
type Patch[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON records that the field was present, and whether as null.
func (p *Patch[T]) UnmarshalJSON(b []byte) error {
	p.Set = true
	if string(b) == "null" {
		p.Null = true
		return nil
	}
	return json.Unmarshal(b, &p.Value)
}

// Schema describes the field as T, not nullable (huma describes a slice
// as nullable by default; a copy is changed, not the registry's schema).
func (p Patch[T]) Schema(r huma.Registry) *huma.Schema {
	s := *r.Schema(reflect.TypeFor[T](), true, "")
	s.Nullable = false
	return &s
}

// Resolve refuses null; huma runs it after decoding the body, with pb at
// the field (body.first_name), so the 422 names it.
func (p *Patch[T]) Resolve(_ huma.Context, pb *huma.PathBuffer) []error {
	if p.Null {
		return []error{&huma.ErrorDetail{Location: pb.String(), Message: "must not be null"}}
	}
	return nil
}

// Apply copies the given value into dst; an absent field leaves dst.
func (p Patch[T]) Apply(dst *T) {
	if p.Set && !p.Null {
		*dst = p.Value
	}
}
