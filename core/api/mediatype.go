package api

import (
	"mime"
	"strings"
)

// jsonMediaType decides, for every route, whether a request body sent with
// these Content-Type header values is read as JSON, and says why not: it is
// the one rule, as checkBody refuses the rest with 415 and hands huma the
// body labelled plain application/json. Accepted: no Content-Type
// (docs/api.md, "Media types") or one application/json, its type and subtype in any case,
// with no charset or charset=utf-8 in any case; other parameters are
// ignored. Refused: several Content-Type headers, one that does not parse
// as a media type, any other type (+json types included: each names a
// format of its own, application/merge-patch+json a PATCH semantics this API
// does not claim), and any other charset, as JSON is UTF-8 (RFC 8259 §8.1).
func jsonMediaType(values []string) (reason string, ok bool) {
	switch len(values) {
	case 0:
		return "", true
	case 1:
	default:
		return "send one Content-Type header: application/json", false
	}
	if strings.TrimSpace(values[0]) == "" {
		return "", true
	}
	mt, params, err := mime.ParseMediaType(values[0])
	switch {
	case err != nil:
		return "the Content-Type header is not a media type; send the body as application/json", false
	case mt != "application/json":
		return "send the body as application/json", false
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return "send the body as application/json in UTF-8: charset=utf-8, or no charset", false
	}
	return "", true
}
