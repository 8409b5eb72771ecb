package api

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humagin"

	"github.com/gymtastic/gymtastic/core"
)

// declaredParams is a huma middleware that holds a request to the
// parameters its operation declares, those the OpenAPI document lists for
// it, for core's operations and every feature's alike:
//
//   - An integer in the path (an id) is digits only: strconv also reads +1,
//     which would make /api/customers/+1 customer 1. Nor may the path hide
//     a slash as %2F: /api/customers%2f1 is routed as /api/customers/1.
//     Either is 404 not_found, as an id that is not a number is.
//   - Every query parameter is one the operation declares, and well formed:
//     otherwise 422 naming it, as an unknown body field is. Ignored, a
//     misspelt filter (?emial=) answers as if there were none (every
//     customer), and so does one Go's query parser drops (?email=a%zz, or
//     ; for &). The values of the declared ones are then checked against
//     their schemas too, so that the answer names every problem at once.
//
// It must be installed before any route is registered: huma gives an
// operation the middlewares installed when it is registered.
func declaredParams(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		op := ctx.Operation()
		if !plainPath(ctx, op) {
			_ = huma.WriteErr(api, ctx, http.StatusNotFound, "", NewProblem(http.StatusNotFound, "not_found",
				"no such resource: "+ctx.URL().Path+" (an id in a path is digits only)"))
			return
		}
		if fields := undeclaredQuery(ctx.URL().RawQuery, op); len(fields) > 0 {
			fields = append(fields, declaredQueryProblems(api, ctx, op)...)
			_ = huma.WriteErr(api, ctx, http.StatusUnprocessableEntity, "",
				NewProblem(http.StatusUnprocessableEntity, "validation_failed", summarize(fields), fields...))
			return
		}
		next(ctx)
	}
}

// plainPath reports whether the path as the client sent it has no encoded
// slash and each integer path parameter is digits only.
func plainPath(ctx huma.Context, op *huma.Operation) bool {
	raw := humagin.Unwrap(ctx).Request.RequestURI // before any rewriting of the path
	if raw == "" {
		u := ctx.URL()
		raw = u.EscapedPath()
	}
	raw, _, _ = strings.Cut(raw, "?")
	if strings.Contains(strings.ToLower(raw), "%2f") {
		return false
	}
	for _, p := range op.Parameters {
		if p.In == "path" && p.Schema != nil && p.Schema.Type == huma.TypeInteger && !digits(ctx.Param(p.Name)) {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// undeclaredQuery names each query parameter op does not declare, or that
// Go's parser would drop, in the order sent.
func undeclaredQuery(rawQuery string, op *huma.Operation) []core.FieldError {
	if rawQuery == "" {
		return nil
	}
	var declared []string
	for _, p := range op.Parameters {
		if p.In == "query" {
			declared = append(declared, p.Name)
		}
	}
	sort.Strings(declared)
	takes := "none"
	if len(declared) > 0 {
		takes = strings.Join(declared, ", ")
	}
	var fields []core.FieldError
	seen := map[string]bool{}
	for _, pair := range strings.Split(rawQuery, "&") {
		if pair == "" {
			continue
		}
		key, _, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(key)
		if err != nil {
			name = key
		}
		if _, err := url.ParseQuery(pair); err != nil {
			fields = append(fields, core.FieldError{Field: name,
				Message: "is not a well-formed query parameter (a bad %-escape, or ; where & separates parameters)"})
			continue
		}
		i := sort.SearchStrings(declared, name)
		if (i < len(declared) && declared[i] == name) || seen[name] {
			continue
		}
		seen[name] = true
		msg := "is not a parameter of this operation, which takes: " + takes
		if name == "" {
			msg = "a query parameter without a name " + msg
		}
		fields = append(fields, core.FieldError{Field: name, Message: msg})
	}
	return fields
}

// declaredQueryProblems checks the values of the declared query
// parameters against their schemas, as huma would, so that a request
// refused for an unknown parameter is also told of a bad value of a known
// one (?limit=abc&emial=x names both). The operation's own checks (a date
// a filter cannot read) run only once the parameters are known.
func declaredQueryProblems(api huma.API, ctx huma.Context, op *huma.Operation) []core.FieldError {
	u := ctx.URL()
	q := u.Query()
	var fields []core.FieldError
	for _, p := range op.Parameters {
		v := q.Get(p.Name)
		if p.In != "query" || p.Schema == nil || v == "" {
			continue
		}
		var val any = v
		var err error
		switch p.Schema.Type {
		case huma.TypeInteger:
			val, err = strconv.ParseInt(v, 10, 64)
		case huma.TypeNumber:
			val, err = strconv.ParseFloat(v, 64)
		case huma.TypeBoolean:
			val, err = strconv.ParseBool(v)
		}
		if err != nil {
			fields = append(fields, core.FieldError{Field: p.Name, Message: "expected " + p.Schema.Type})
			continue
		}
		res := &huma.ValidateResult{}
		huma.Validate(api.OpenAPI().Components.Schemas, p.Schema, huma.NewPathBuffer(nil, 0),
			huma.ModeWriteToServer, val, res)
		for _, e := range res.Errors {
			msg := e.Error()
			var d *huma.ErrorDetail
			if errors.As(e, &d) {
				msg = d.Message
			}
			fields = append(fields, core.FieldError{Field: p.Name, Message: msg})
		}
	}
	return fields
}
