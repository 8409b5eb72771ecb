package api

import (
	"iter"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// operations yields every operation of doc with its path.
func operations(doc *huma.OpenAPI) iter.Seq2[string, *huma.Operation] {
	return func(yield func(string, *huma.Operation) bool) {
		for path, item := range doc.Paths {
			for _, op := range []*huma.Operation{item.Get, item.Put, item.Post, item.Delete, item.Patch, item.Head, item.Options} {
				if op != nil && !yield(path, op) {
					return
				}
			}
		}
	}
}

// inputSchemas calls fn with the schema of every parameter and request
// body of doc's operations.
func inputSchemas(doc *huma.OpenAPI, fn func(*huma.Schema)) {
	for _, op := range operations(doc) {
		for _, p := range op.Parameters {
			fn(p.Schema)
		}
		if op.RequestBody != nil {
			for _, mt := range op.RequestBody.Content {
				fn(mt.Schema)
			}
		}
	}
}

// schemaWalk returns a func that calls visit once for each schema it is
// given or reaches from one: properties, additional properties, items,
// not, the members of oneOf, anyOf and allOf, and a $ref's schema in doc's
// components. Calls share what they have seen.
func schemaWalk(doc *huma.OpenAPI, visit func(*huma.Schema)) func(*huma.Schema) {
	schemas := doc.Components.Schemas.Map()
	seen := map[*huma.Schema]bool{}
	var walk func(s *huma.Schema)
	walk = func(s *huma.Schema) {
		if s != nil && s.Ref != "" {
			s = schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
		}
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		visit(s)
		for _, p := range s.Properties {
			walk(p)
		}
		if extra, ok := s.AdditionalProperties.(*huma.Schema); ok {
			walk(extra)
		}
		walk(s.Items)
		walk(s.Not)
		for _, list := range [][]*huma.Schema{s.OneOf, s.AnyOf, s.AllOf} {
			for _, x := range list {
				walk(x)
			}
		}
	}
	return walk
}
