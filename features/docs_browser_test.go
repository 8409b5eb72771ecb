package features_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features"
)

// chromium finds Debian's Chromium; without it the test skips, and under
// CI=true fails: .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium on this machine: .ci/run installs Debian's chromium package")
	}
	t.Skip("no Chromium on this machine (apt-get install chromium): the docs page's browser test skipped")
	return ""
}

// TestDocsPageInBrowser opens GET /api in headless Chromium with every
// feature on and the network cut off but for the test server: the page
// renders the whole OpenAPI document (every operation, core's sections
// first, the description as formatted text), loads nothing from another
// host, and a "try it" request made through the page with a secret given
// to Authorize reaches the server and shows its answer.
//
// The page does not depend on the database: SQLite only.
func TestDocsPageInBrowser(t *testing.T) {
	exe := chromium(t)
	env := testenv.New(t, config.SQLite, testenv.Options{Features: features.All()})
	env.Customer("Ada")
	server, err := url.Parse(env.URL)
	if err != nil {
		t.Fatal(err)
	}

	var doc struct {
		Tags []struct {
			Name string `json:"name"`
		} `json:"tags"`
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	env.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
	ops := 0
	for _, item := range doc.Paths {
		for m := range item {
			switch m {
			case "get", "post", "put", "patch", "delete":
				ops++
			}
		}
	}

	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		// The network is off: every host name but the server's fails to resolve.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE "+server.Hostname()),
		chromedp.WindowSize(1280, 900))
	defer cancel()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/api"), chromedp.WaitVisible(chromedp.CSS(".opblock"))); err != nil {
		t.Fatalf("open the docs page: %v", err)
	}
	rendered, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".opblock").length`))
	if err != nil {
		t.Fatal(err)
	}
	sections, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll(".opblock-tag[data-tag]")].map(e => e.dataset.tag)`))
	if err != nil {
		t.Fatal(err)
	}
	description, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".info .description")))
	if err != nil {
		t.Fatal(err)
	}
	// What the page loaded, and from where: only the server may appear.
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[location.href, ...performance.getEntriesByType("resource").map(e => e.name)]`))
	if err != nil {
		t.Fatal(err)
	}
	if rendered != ops {
		t.Errorf("the page shows %d operations; the document has %d", rendered, ops)
	}
	if len(doc.Tags) > 0 {
		for i, tag := range doc.Tags {
			if i < len(sections) && sections[i] != tag.Name {
				t.Errorf("section %d is %q; the document's tags order it %q (sections %v)", i, sections[i], tag.Name, sections)
				break
			}
		}
	}
	if len(sections) == 0 || sections[0] != "Customers" {
		t.Errorf("sections %v: core's resources should come first, customers leading", sections)
	}
	if !strings.Contains(description, "Conventions.") || strings.Contains(description, "**") {
		t.Errorf("the description is not rendered from its markdown: %.200q", description)
	}

	// Authorize with the admin key, then try GET /api/customers: without
	// the key the server answers 401, so a 200 listing Ada proves that the
	// request came through the page with the secret.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(".auth-wrapper .authorize")),
		chromedp.WaitVisible(chromedp.CSS(".modal-ux input")),
		chromedp.SendKeys(chromedp.CSS(".modal-ux input"), env.Secret),
		chromedp.Click(chromedp.CSS(".modal-ux .auth-btn-wrapper .authorize")),
		chromedp.Click(chromedp.CSS(".modal-ux .btn-done")),
		chromedp.WaitNotPresent(chromedp.CSS(".modal-ux")),
		chromedp.Click(chromedp.CSS(`[id$="-list-customers"] .opblock-summary-control`)),
		chromedp.WaitVisible(chromedp.CSS(".opblock.is-open .execute")),
		chromedp.Click(chromedp.CSS(".opblock.is-open .execute")),
		chromedp.WaitVisible(chromedp.CSS(".opblock.is-open .live-responses-table tbody .response-col_status")),
	)
	if err != nil {
		t.Fatalf("try GET /api/customers through the page: %v", err)
	}
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".opblock.is-open .live-responses-table tbody .response-col_status")))
	if err != nil {
		t.Fatal(err)
	}
	body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".opblock.is-open .live-responses-table tbody .response-col_description")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(status, "200") || !strings.Contains(body, "Ada") {
		t.Errorf("try it: status %q, body %.300q; want 200 listing Ada", status, body)
	}

	for _, u := range loaded {
		if p, err := url.Parse(u); err != nil || p.Host != server.Host {
			t.Errorf("the page loaded %s: it must need nothing but the server", u)
		}
	}
}
