// Package api serves Gymtastic's REST API under /api: core's resources,
// each enabled feature's routes, the OpenAPI document and the browsable
// docs, plus /healthz, /readyz and /metrics.
//
// Handlers read decode → validate → call core → respond. huma decodes and
// validates against the schema it publishes in /api/openapi.json (unknown
// fields refused, read-only fields ignored); every error becomes
// application/problem+json in one place, problem.go.
//
// Middleware refuses first what huma would mishandle: a body over
// server.max_body_bytes (413, limitBody; Op turns huma's own limit off), a
// Content-Type other than application/json (415, jsonMediaType), a body
// over 10,000 values or 32 levels deep (badShape), and, with 422 naming
// the field, invalid UTF-8 or half a surrogate pair in a body (checkBody)
// and invalid UTF-8 or a NUL character in a query (checkQuery). In a PATCH
// a field left out is kept; null clears a nullable field (Optional) and is
// refused on any other (Patch: 422, "must not be null").
package api

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humagin"
	"github.com/gin-gonic/gin"
	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/access"
)

// Router is implemented by features that serve routes. Routes registers
// every route of the feature on api (paths relative to /api); it is called
// only when the feature is enabled, so a disabled feature's routes are 404.
type Router interface {
	Routes(api huma.API)
}

// Deps is what the API is built from.
type Deps struct {
	Service  *core.Service
	Registry *core.Registry
	DB       *gorm.DB
	Logger   *slog.Logger
	Metrics  *Metrics
	GymName  string
	Version  string
	// RequestTimeout bounds each request's context.
	RequestTimeout time.Duration
	MaxBodyBytes   int64
	// Now is the clock of idempotency keys (default time.Now).
	Now func() time.Time
	// PublicURL (server.public_url) and TrustedProxies
	// (server.trusted_proxies) decide how links begin; see publicLinks.
	PublicURL      string
	TrustedProxies []netip.Prefix
	// Access keeps and verifies the bearer secrets.
	Access *access.Store
	Auth   AuthOptions
}

// AuthOptions are the auth section of the configuration.
type AuthOptions struct {
	// Disabled is auth.enabled: false, the trusted-client mode: every
	// request acts as an admin.
	Disabled bool
	// PublicSchedule lets anonymous callers read the timetable (Schedule).
	PublicSchedule bool
	// MetricsElsewhere is set when /metrics has a listener of its own
	// (server.metrics_addr): the API's listener then does not serve it.
	MetricsElsewhere bool
}

// New returns the HTTP handler for the whole service.
func New(d Deps) http.Handler {
	h, _ := build(d)
	return h
}

// Document returns the OpenAPI document New serves at /api/openapi.json,
// built from d as New builds it (Service, DB and Access may be empty: no
// request is served).
func Document(d Deps) *huma.OpenAPI {
	if d.Access == nil {
		d.Access = access.NewStore(nil, access.Options{})
	}
	_, doc := build(d)
	return doc
}

// build assembles the handler and its OpenAPI document.
func build(d Deps) (http.Handler, *huma.OpenAPI) {
	gin.SetMode(gin.ReleaseMode)
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Metrics == nil {
		d.Metrics = NewMetrics()
	}
	if d.RequestTimeout == 0 {
		d.RequestTimeout = 15 * time.Second
	}
	if d.MaxBodyBytes == 0 {
		d.MaxBodyBytes = 1 << 20
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Access == nil {
		panic("api: Deps.Access is required")
	}
	setHumaGlobals()

	engine := gin.New()
	engine.RedirectTrailingSlash = false
	engine.RedirectFixedPath = false
	engine.HandleMethodNotAllowed = true
	engine.ContextWithFallback = true
	engine.Use(d.Metrics.middleware, requestContext(d.Logger, d.RequestTimeout), recoverPanics(d.Logger),
		authenticate(d.Access, !d.Auth.Disabled, d.TrustedProxies), checkQuery, limitBody(d.MaxBodyBytes), checkBody,
		(&idempotency{db: d.DB, now: d.Now, logger: d.Logger}).handle)
	engine.NoRoute(func(c *gin.Context) {
		writeProblem(c, NewProblem(http.StatusNotFound, "not_found", "no such resource: "+c.Request.URL.Path))
	})
	engine.NoMethod(func(c *gin.Context) {
		allowHead(c.Writer.Header())
		writeProblem(c, NewProblem(http.StatusMethodNotAllowed, "method_not_allowed",
			c.Request.Method+" is not allowed on "+c.Request.URL.Path))
	})

	engine.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	engine.GET("/readyz", readyz(d.DB))
	if !d.Auth.MetricsElsewhere {
		engine.GET("/metrics", metricsAccess, gin.WrapH(d.Metrics.Handler()))
	}

	cfg := huma.DefaultConfig(d.GymName+" API", d.Version)
	cfg.CreateHooks = nil // no $schema links: bodies are exactly the contract
	cfg.DocsPath = ""     // our own offline page, see docs.go
	cfg.OpenAPIPath = "/openapi"
	cfg.Info.Description = apiDescription
	// The repository has no LICENSE file: nothing is licensed to others,
	// and the document says so rather than name a license nobody chose.
	cfg.Info.License = &huma.License{Name: "Proprietary: all rights reserved", Identifier: "LicenseRef-Proprietary"}
	cfg.Servers = []*huma.Server{{URL: strings.TrimRight(d.PublicURL, "/") + "/api"}}
	humaAPI := humagin.NewWithGroup(engine, engine.Group("/api"), cfg)
	humaAPI.UseMiddleware(authorize(humaAPI, d.Auth.PublicSchedule || d.Auth.Disabled))
	humaAPI.UseMiddleware(declaredParams(humaAPI))

	tags := &tagRecorder{}
	humaAPI.OpenAPI().OnAddOperation = append(humaAPI.OpenAPI().OnAddOperation, tags.add)
	customerRoutes(humaAPI, d.Service)
	classTypeRoutes(humaAPI, d.Service)
	sessionRoutes(humaAPI, d.Service)
	bookingRoutes(humaAPI, d.Service, d.Metrics)
	emailRoutes(humaAPI, d.Service)
	if d.Registry != nil {
		for _, f := range d.Registry.Enabled() {
			if r, ok := f.(Router); ok {
				tags.feature = f
				r.Routes(humaAPI)
				tags.feature = nil
			}
		}
	}
	accessRoutes(humaAPI, d.Access, d.Auth.Disabled)
	checkDeclared(humaAPI.OpenAPI())
	var enabled []core.Feature
	if d.Registry != nil {
		enabled = d.Registry.Enabled()
	}
	documentErrors(humaAPI.OpenAPI(), hookRefusals(enabled), d.MaxBodyBytes)
	documentTags(humaAPI.OpenAPI(), tags)
	markResponseOnly(humaAPI.OpenAPI())
	documentAccess(humaAPI.OpenAPI())
	documentIdempotencyKeys(humaAPI.OpenAPI())
	strictTimeOffsets(humaAPI.OpenAPI())
	engine.GET("/api", docsHandler(humaAPI.OpenAPI()))
	engine.GET(docsAssetsPath+"*file", docsAssets())
	return publicLinks(d.PublicURL, d.TrustedProxies, headAsGet(stripTrailingSlash(gzipDocument(engine)))), humaAPI.OpenAPI()
}

// documentIdempotencyKeys adds the Idempotency-Key header to every POST
// operation in the OpenAPI document.
func documentIdempotencyKeys(doc *huma.OpenAPI) {
	for _, item := range doc.Paths {
		if item.Post == nil {
			continue
		}
		item.Post.Parameters = append(item.Post.Parameters, &huma.Param{
			Name: "Idempotency-Key", In: "header",
			Description: "Makes a retry safe: the same key and request within 24 hours replays the first response " +
				"without a second write; the same key with another request → 422 idempotency_key_reused.",
			Schema: &huma.Schema{Type: "string", MinLength: ptr(1), MaxLength: ptr(maxKeyLength)},
		})
	}
}

func ptr[T any](v T) *T { return &v }

func readyz(db *gorm.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		sqlDB, err := db.DB()
		if err == nil {
			err = sqlDB.PingContext(ctx)
		}
		if err == nil {
			err = db.WithContext(ctx).Exec("SELECT 1").Error
		}
		if err != nil {
			c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "database": err.Error()})
			return
		}
		c.JSON(http.StatusOK, gin.H{"status": "ready", "database": "ok"})
	}
}

const apiDescription = `Gymtastic's REST API: customers, class types, class sessions, bookings, the email outbox and
each enabled feature's resources.

**Conventions.** JSON in and out, snake_case fields, foreign keys as plain integer ids. Times are RFC 3339
and stored in UTC; dates are calendar dates in the gym's time zone. Every path works with and without a
trailing slash, and every GET answers HEAD too. Lists return a plain array ordered by id (unless stated), paginated with ` + "`limit`" + ` (default
100, max 1000) and ` + "`offset`" + `; a ` + "`Link: <…>; rel=\"next\"`" + ` header says more rows follow. Create answers 201 with
a Location header; delete answers 204; PUT replaces the writable fields, PATCH changes those given.
Read-only fields sent back are ignored; unknown fields → 422. PATCH leaves absent fields alone; null for a field
that cannot be null → 422 naming it. Integers are written as integers (60, not 60.0 or 6e1), text is Unicode (no
invalid UTF-8, no lone surrogate escape such as \ud800) and never holds a NUL character (\u0000), and a time to
store falls within the years 0001-9999 in UTC with an offset of at most ±23:59: otherwise 422 naming the field or query
parameter. A query parameter the operation does not list → 422 naming it; an id in a path is digits only (else 404). Links
(` + "`Link`" + `, ` + "`Location`" + `) are relative unless the server is configured with its public URL. A request body may be as large as the server's ` + "`server.max_body_bytes`" + ` (1 MiB unless configured);
past it → 413 ` + "`body_too_large`" + `. It may hold at most 10,000 values (array elements and object members counted
together) nested at most 32 levels deep, and each array at most its ` + "`maxItems`" + `: otherwise 422 naming the field.

**Media types.** A body is JSON: ` + "`Content-Type: application/json`" + ` (type and subtype in any case), with no charset or
` + "`charset=utf-8`" + `, or no Content-Type at all. Anything else → 415 ` + "`unsupported_media_type`" + `: another charset, a header
that is no media type, and every ` + "`+json`" + ` type, ` + "`application/merge-patch+json`" + ` included (PATCH takes application/json
and merges it as said above; it does not claim RFC 7386, under which null would remove any field).

**Errors** are application/problem+json with a stable ` + "`code`" + `: malformed JSON → 400 ` + "`malformed_json`" + `; failed
validation → 422 ` + "`validation_failed`" + ` with ` + "`errors: [{field, message}]`" + ` (the first 100; past them ` + "`errors_total`" + `
counts them all, and ` + "`detail`" + ` summarizes the first ten); unknown id in a path → 404 ` + "`not_found`" + `;
a refused business rule → 409 (403 for entitlements) with the rule's code; database unreachable → 503
` + "`database_unavailable`" + `; no answer within the server's request timeout (the database busy or locked) → 503
` + "`timeout`" + `. A refused request writes nothing.

**Access.** Send ` + "`Authorization: Bearer <secret>`" + `: a staff or admin API key (gtk_…) or a customer token (gtc_…, from
POST /api/auth/login_codes then POST /api/auth/tokens). Each operation says who may call it. No or a bad secret where
one is needed → 401 ` + "`unauthenticated`" + `; a role too low → 403 ` + "`forbidden`" + `; a customer sees her own rows only, and
another customer's row is 404 ` + "`not_found`" + `.

**Idempotency.** Every POST accepts an ` + "`Idempotency-Key`" + ` header (1-255 printable ASCII characters; a UUID
is a good key). Keys are the caller's own. Retrying with the same key and the same request (method, path and body) within 24 hours
returns the first response again, with ` + "`Idempotent-Replayed: true`" + `, and writes nothing; the same key with a
different request → 422 ` + "`idempotency_key_reused`" + `. Concurrent requests with one key run once: the others wait
for its answer (or get 409 ` + "`idempotency_key_in_progress`" + ` if it outlasts their deadline). Answers 5xx are not
kept, nor the answer to a request whose connection closed before it was sent (nothing was written),
so a retry after one runs again.`
