package api

import (
	"html/template"
	"net/http"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"
)

// docsHandler serves GET /api: a browsable page documenting every endpoint
// to a browser (rendered here from the OpenAPI document, so it needs no
// internet access), and the list of resources to a JSON client.
func docsHandler(oapi *huma.OpenAPI) gin.HandlerFunc {
	return func(c *gin.Context) {
		if strings.Contains(c.GetHeader("Accept"), "text/html") {
			c.Header("Content-Type", "text/html; charset=utf-8")
			c.Status(http.StatusOK)
			if err := docsPage.Execute(c.Writer, buildDocs(oapi)); err != nil {
				_ = c.Error(err)
			}
			return
		}
		base := RequestURL(c.Request.Context())
		base.RawQuery = ""
		root := strings.TrimRight(base.String(), "/")
		out := map[string]string{"openapi": root + "/openapi.json"}
		for path := range oapi.Paths {
			parts := strings.Split(strings.Trim(path, "/"), "/")
			if len(parts) == 1 {
				out[parts[0]] = root + "/" + parts[0]
			}
		}
		c.JSON(http.StatusOK, out)
	}
}

type docOp struct {
	Method, Path, Summary, Description, Tag string
	Params                                  []docField
	Body                                    []docField
	Responses                               []string
}

type docField struct {
	Name, In, Type, Doc string
	Required, ReadOnly  bool
}

type docTag struct {
	Name string
	Ops  []docOp
}

type docs struct {
	Title, Description string
	Tags               []docTag
}

func buildDocs(oapi *huma.OpenAPI) docs {
	d := docs{Title: oapi.Info.Title, Description: oapi.Info.Description}
	byTag := map[string][]docOp{}
	for path, item := range oapi.Paths {
		for _, pair := range []struct {
			m  string
			op *huma.Operation
		}{{"GET", item.Get}, {"POST", item.Post}, {"PUT", item.Put}, {"PATCH", item.Patch}, {"DELETE", item.Delete}} {
			if pair.op == nil || pair.op.Hidden {
				continue
			}
			op := docOp{Method: pair.m, Path: "/api" + path, Summary: pair.op.Summary, Description: pair.op.Description}
			if len(pair.op.Tags) > 0 {
				op.Tag = pair.op.Tags[0]
			}
			for _, p := range pair.op.Parameters {
				f := docField{Name: p.Name, In: p.In, Doc: p.Description, Required: p.Required}
				if p.Schema != nil {
					f.Type = schemaType(oapi, p.Schema)
				}
				op.Params = append(op.Params, f)
			}
			if rb := pair.op.RequestBody; rb != nil {
				if mt := rb.Content["application/json"]; mt != nil && mt.Schema != nil {
					op.Body = schemaFields(oapi, mt.Schema)
				}
			}
			for code := range pair.op.Responses {
				op.Responses = append(op.Responses, code)
			}
			sort.Strings(op.Responses)
			byTag[op.Tag] = append(byTag[op.Tag], op)
		}
	}
	order := map[string]int{"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}
	for tag, ops := range byTag {
		sort.Slice(ops, func(i, j int) bool {
			if ops[i].Path != ops[j].Path {
				return ops[i].Path < ops[j].Path
			}
			return order[ops[i].Method] < order[ops[j].Method]
		})
		d.Tags = append(d.Tags, docTag{Name: tag, Ops: ops})
	}
	sort.Slice(d.Tags, func(i, j int) bool { return d.Tags[i].Name < d.Tags[j].Name })
	return d
}

func resolve(oapi *huma.OpenAPI, s *huma.Schema) *huma.Schema {
	for s != nil && s.Ref != "" {
		s = oapi.Components.Schemas.SchemaFromRef(s.Ref)
	}
	return s
}

func schemaType(oapi *huma.OpenAPI, s *huma.Schema) string {
	s = resolve(oapi, s)
	if s == nil {
		return ""
	}
	t := s.Type
	if t == "array" && s.Items != nil {
		t = "array of " + schemaType(oapi, s.Items)
	}
	if s.Format != "" {
		t += " (" + s.Format + ")"
	}
	if len(s.Enum) > 0 {
		var vals []string
		for _, v := range s.Enum {
			if str, ok := v.(string); ok && str != "" {
				vals = append(vals, str)
			}
		}
		t += " one of " + strings.Join(vals, ", ")
	}
	if s.Nullable {
		t += ", nullable"
	}
	return t
}

func schemaFields(oapi *huma.OpenAPI, s *huma.Schema) []docField {
	s = resolve(oapi, s)
	if s == nil {
		return nil
	}
	if s.Type == "array" && s.Items != nil {
		return schemaFields(oapi, s.Items)
	}
	req := map[string]bool{}
	for _, r := range s.Required {
		req[r] = true
	}
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []docField
	for _, n := range names {
		p := s.Properties[n]
		rp := resolve(oapi, p)
		f := docField{Name: n, Type: schemaType(oapi, p), Required: req[n], ReadOnly: p.ReadOnly}
		if rp != nil {
			f.Doc = rp.Description
			if f.Doc == "" {
				f.Doc = p.Description
			}
		}
		out = append(out, f)
	}
	return out
}

var docsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}
.op{border:1px solid #e3e3e3;border-radius:6px;padding:.6rem .9rem;margin:.8rem 0}
.m{display:inline-block;min-width:4.2rem;font-weight:700;font-family:monospace}
.GET{color:#1769aa}.POST{color:#1a7f37}.PUT{color:#9a6700}.PATCH{color:#8250df}.DELETE{color:#cf222e}
code,.path{font-family:ui-monospace,monospace}
table{border-collapse:collapse;margin:.4rem 0;font-size:14px}td,th{border:1px solid #eee;padding:.2rem .5rem;text-align:left;vertical-align:top}
.ro{color:#777}.desc{white-space:pre-wrap}
</style></head><body>
<h1>{{.Title}}</h1>
<p class="desc">{{.Description}}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Operations: <code>/healthz</code>, <code>/readyz</code>, <code>/metrics</code>.</p>
<form id="try" class="op" onsubmit="send(event)"><strong>Try a request.</strong>
Secret (an API key <code>gtk_…</code> or a customer token <code>gtc_…</code>; kept in this tab only):
<input id="secret" type="password" size="48" autocomplete="off"><br>
<select id="method"><option>GET</option><option>POST</option><option>PUT</option><option>PATCH</option><option>DELETE</option></select>
<input id="path" size="60" value="/api/me"> <button>Send</button><br>
<textarea id="body" rows="3" cols="80" placeholder="JSON body, for POST, PUT and PATCH"></textarea>
<pre id="out"></pre></form>
<script>
const secret = document.getElementById("secret");
secret.value = sessionStorage.getItem("gymtastic-secret") || "";
secret.onchange = () => sessionStorage.setItem("gymtastic-secret", secret.value);
function fill(method, path) {
	document.getElementById("method").value = method;
	document.getElementById("path").value = path;
	document.getElementById("try").scrollIntoView();
}
async function send(e) {
	e.preventDefault();
	const method = document.getElementById("method").value, body = document.getElementById("body").value;
	const headers = {"Accept": "application/json"};
	if (secret.value) headers["Authorization"] = "Bearer " + secret.value;
	const init = {method, headers};
	if (body && method !== "GET" && method !== "DELETE") { headers["Content-Type"] = "application/json"; init.body = body; }
	const out = document.getElementById("out");
	try {
		const res = await fetch(document.getElementById("path").value, init);
		out.textContent = res.status + " " + res.statusText + "\n" + await res.text();
	} catch (err) { out.textContent = String(err); }
}
</script>
<nav>{{range .Tags}}<a href="#{{.Name}}">{{.Name}}</a> · {{end}}</nav>
{{range .Tags}}<h2 id="{{.Name}}">{{.Name}}</h2>
{{range .Ops}}<div class="op"><div><span class="m {{.Method}}">{{.Method}}</span> <span class="path">{{.Path}}</span> — {{.Summary}} <a href="#try" onclick="fill('{{.Method}}', '{{.Path}}')">try</a></div>
{{if .Description}}<p class="desc">{{.Description}}</p>{{end}}
{{if .Params}}<table><tr><th>parameter</th><th>in</th><th>type</th><th>description</th></tr>
{{range .Params}}<tr><td><code>{{.Name}}</code>{{if .Required}} *{{end}}</td><td>{{.In}}</td><td>{{.Type}}</td><td>{{.Doc}}</td></tr>{{end}}</table>{{end}}
{{if .Body}}<table><tr><th>body field</th><th>type</th><th>description</th></tr>
{{range .Body}}<tr{{if .ReadOnly}} class="ro"{{end}}><td><code>{{.Name}}</code>{{if .Required}} *{{end}}{{if .ReadOnly}} (read-only){{end}}</td><td>{{.Type}}</td><td>{{.Doc}}</td></tr>{{end}}</table>{{end}}
<div>Responses: {{range .Responses}}<code>{{.}}</code> {{end}}</div></div>
{{end}}{{end}}
</body></html>
`))
