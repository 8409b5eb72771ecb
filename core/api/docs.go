package api

import (
	"embed"
	"html/template"
	"net/http"
	"path"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"
	swaggerui "github.com/swaggest/swgui/v5/static"
	"github.com/vearutop/statigz"
)

// The browsable docs are Swagger UI (v5, its assets embedded in the
// binary by github.com/swaggest/swgui, served gzipped or not as the
// browser asks), reading /api/openapi.json: no CDN, no internet. Our own
// page and its start script sit in docsui/; the page holds no inline
// script, so it also works under a strict Content-Security-Policy.
//
// "Try it out" is on for every operation and sends requests to the server
// that served the page; the Authorize button takes a bearer secret
// (gtk_… or gtc_…) and keeps it in the page only: a reload forgets it.

//go:embed docsui
var docsUI embed.FS

var docsPage = template.Must(template.ParseFS(docsUI, "docsui/index.html"))

// docsAssetsPath is where the page's scripts and styles are served.
const docsAssetsPath = "/api/docs/"

// docsHandler serves GET /api: the browsable docs page to a browser, and
// the list of resources to a JSON client.
func docsHandler(oapi *huma.OpenAPI) gin.HandlerFunc {
	return func(c *gin.Context) {
		base := RequestURL(c.Request.Context())
		base.RawQuery = ""
		root := strings.TrimRight(base.String(), "/")
		if strings.Contains(c.GetHeader("Accept"), "text/html") {
			c.Header("Content-Type", "text/html; charset=utf-8")
			c.Header("Cache-Control", "no-cache")
			c.Status(http.StatusOK)
			page := struct{ Title, OpenAPI, Assets string }{
				Title: oapi.Info.Title, OpenAPI: root + "/openapi.json", Assets: root + "/docs/",
			}
			if err := docsPage.Execute(c.Writer, page); err != nil {
				_ = c.Error(err)
			}
			return
		}
		out := map[string]string{"openapi": root + "/openapi.json", "docs": root}
		for path := range oapi.Paths {
			parts := strings.Split(strings.Trim(path, "/"), "/")
			if len(parts) == 1 {
				out[parts[0]] = root + "/" + parts[0]
			}
		}
		c.JSON(http.StatusOK, out)
	}
}

// docsAssets serves GET /api/docs/{file}: Swagger UI's files and ours.
func docsAssets() gin.HandlerFunc {
	ui := statigz.FileServer(swaggerui.FS)
	own := http.FileServer(http.FS(docsUI))
	return func(c *gin.Context) {
		name := strings.TrimPrefix(path.Clean(c.Param("file")), "/")
		c.Header("Cache-Control", "public, max-age=3600")
		r := c.Request.Clone(c.Request.Context())
		r.URL.Path = "/" + name
		if _, err := docsUI.Open("docsui/" + name); err == nil && name != "index.html" {
			r.URL.Path = "/docsui/" + name
			own.ServeHTTP(c.Writer, r)
			return
		}
		if _, err := swaggerui.FS.Open(name + ".gz"); err != nil {
			if _, err := swaggerui.FS.Open(name); err != nil || name == "" || name == "." {
				writeProblem(c, NewProblem(http.StatusNotFound, "not_found", "no such resource: "+c.Request.URL.Path))
				return
			}
		}
		ui.ServeHTTP(c.Writer, r)
	}
}
