package api

import (
	"iter"

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
