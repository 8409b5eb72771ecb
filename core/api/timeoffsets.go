package api

import (
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
)

// strictTimeOffsets gives every date-time schema of the API, core's and
// every feature's, the pattern of an offset RFC 3339 allows
// (core.TimeOffsetPattern: Z, or at most ±23:59). huma checks date-time
// with Go's parser, which also takes +24:00 and a minute of 60, and so
// does encoding/json: a body time such as 2026-03-01T09:00:00+24:00 is
// then refused with 422 naming the field, as core.ParseTime refuses it in
// a query, and the published schema says so. It runs once every route is
// registered, on the schemas huma validates with.
const timeOffsetRule = "an RFC 3339 time whose offset is Z or at most ±23:59"

func strictTimeOffsets(doc *huma.OpenAPI) {
	walk := schemaWalk(doc, func(s *huma.Schema) {
		if s.Type != huma.TypeString || s.Format != "date-time" || s.Pattern != "" {
			return
		}
		s.Pattern = core.TimeOffsetPattern
		s.PatternDescription = timeOffsetRule
		s.PrecomputeMessages()
		// The message is kept (PrecomputeMessages); the document says it in
		// the description, patternDescription being huma's own keyword, no
		// JSON Schema one.
		s.PatternDescription = ""
		if s.Description == "" {
			s.Description = "An RFC 3339 time; its offset is Z or at most ±23:59."
		} else if !strings.Contains(s.Description, "±23:59") {
			s.Description = strings.TrimRight(s.Description, " ") + " Its offset is Z or at most ±23:59."
		}
	})
	for _, s := range doc.Components.Schemas.Map() {
		walk(s)
	}
	inputSchemas(doc, walk)
}
