package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestCustomerUnicodeNormalised: a name or address typed decomposed (e and
// U+0301) is the one typed composed (é): stored in NFC, one customer per
// address (409 email_taken), and found by the email filter either way.
func TestCustomerUnicodeNormalised(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := cuSetup(t, kind)
		jose := cuCreate(t, env, "Jose\u0301", "Garci\u0301a", "jose\u0301@example.com")
		if jose.FirstName != "Jos\u00e9" || jose.LastName != "Garc\u00eda" || jose.Email != "jos\u00e9@example.com" {
			t.Fatalf("stored %q %q %q, want the composed (NFC) forms", jose.FirstName, jose.LastName, jose.Email)
		}
		ana := cuCreate(t, env, "Ana", "Lima", "ana@example.com")
		anaPath := fmt.Sprintf("/api/customers/%d", ana.ID)
		person := func(email string) map[string]any {
			return map[string]any{"first_name": "Jos\u00e9", "last_name": "Other", "email": email}
		}
		for _, c := range []struct {
			name, method, path string
			body               any
		}{
			{"create, composed", "POST", "/api/customers", person("jos\u00e9@example.com")},
			{"create, decomposed, other case", "POST", "/api/customers", person("JOSE\u0301@EXAMPLE.COM")},
			{"replace with it decomposed", "PUT", anaPath, person("jose\u0301@example.com")},
			{"patch to it composed", "PATCH", anaPath, map[string]any{"email": "Jos\u00e9@example.com"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := cvSnapshot(t, env)
				cvProblem(t, env.Call(c.method, c.path, c.body), http.StatusConflict, "email_taken")
				cvUnchanged(t, env, before)
			})
		}
		for _, q := range []string{"jose\u0301@example.com", "JOSE\u0301@EXAMPLE.COM", "jos\u00e9@example.com"} {
			var found []cuCustomer
			env.Expect(http.StatusOK, "GET", "/api/customers?email="+url.QueryEscape(q), nil, &found)
			if len(found) != 1 || found[0].ID != jose.ID {
				t.Errorf("?email=%+q found %+v, want customer %d", q, found, jose.ID)
			}
		}
	})
}

// TestClassTypeUnicodeNormalised: "Café" composed and decomposed is one
// class type name (409 name_taken), stored composed and found by the name
// filter either way.
func TestClassTypeUnicodeNormalised(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		cafe := ctCreate(t, env, map[string]any{"name": "Cafe\u0301 stretch"})
		if cafe.Name != "Caf\u00e9 stretch" {
			t.Fatalf("stored %q, want the composed (NFC) form", cafe.Name)
		}
		yoga := ctCreate(t, env, map[string]any{"name": "Yoga"})
		yogaPath := fmt.Sprintf("/api/class_types/%d", yoga.ID)
		for _, c := range []struct {
			method, path, name string
		}{
			{"POST", "/api/class_types", "Caf\u00e9 stretch"},
			{"POST", "/api/class_types", "CAFE\u0301 STRETCH"},
			{"PUT", yogaPath, "cafe\u0301 stretch"},
			{"PATCH", yogaPath, "Caf\u00c9 Stretch"},
		} {
			t.Run(c.method+" "+c.name, func(t *testing.T) {
				before := cvSnapshot(t, env)
				cvProblem(t, env.Call(c.method, c.path, map[string]any{"name": c.name}), http.StatusConflict, "name_taken")
				cvUnchanged(t, env, before)
			})
		}
		for _, q := range []string{"cafe\u0301 stretch", "CAF\u00c9 STRETCH"} {
			var found []ctClassType
			env.Expect(http.StatusOK, "GET", "/api/class_types?name="+url.QueryEscape(q), nil, &found)
			if len(found) != 1 || found[0].ID != cafe.ID {
				t.Errorf("?name=%+q found %+v, want class type %d", q, found, cafe.ID)
			}
		}
	})
}

// TestCustomerEmailInvisibleCharacters: an address holding an invisible
// format character (U+200B, U+200E, U+FEFF, U+2060, a soft hyphen), a
// control character or a non-ASCII space looks like another address and
// is no address mail reaches: 422 naming email on create, replace and
// change, nothing written. One stored before the rule is kept, as
// TestCustomerEmailStoredBeforeTheDomainRule keeps a domain.
func TestCustomerEmailInvisibleCharacters(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := cuSetup(t, kind)
		ada := cuCreate(t, env, "Ada", "Lovelace", "ada@example.com")
		path := fmt.Sprintf("/api/customers/%d", ada.ID)
		valid := map[string]any{"first_name": "Ada", "last_name": "Lovelace"}
		for _, c := range []struct{ email, rule string }{
			{"ada\u200b@example.com", "U+200B"},
			{"\u200bgrace@example.com", "U+200B"},
			{"ada\u200e@example.com", "U+200E"},
			{"\ufeffgrace@example.com", "U+FEFF"},
			{"ada\u2060@example.com", "U+2060"},
			{"ada\u00ad@example.com", "U+00AD"},
			{"ada\u200d@example.com", "U+200D"},
			{"ada\u0085@example.com", "U+0085"},
			{"ada\u00a0@example.com", "U+00A0"},
			{"ada\u2028@example.com", "U+2028"},
		} {
			for _, req := range testenv.Writes("/api/customers", path, valid, "email", c.email) {
				t.Run(fmt.Sprintf("%s %+q", req.Method, c.email), func(t *testing.T) {
					before := cvSnapshot(t, env)
					env.Call(req.Method, req.Path, req.Body).ExpectInvalid(t, "email", c.rule)
					cvUnchanged(t, env, before)
				})
			}
		}
		if err := env.App.DB.Exec(`INSERT INTO customers (first_name, last_name, email, created_at)
			VALUES ('Old', 'Timer', ?, ?)`, "old\u200b@example.com", time.Now().UTC()).Error; err != nil {
			t.Fatal(err)
		}
		var old []cuCustomer
		env.Expect(http.StatusOK, "GET", "/api/customers?email="+url.QueryEscape("old\u200b@example.com"), nil, &old)
		if len(old) != 1 {
			t.Fatalf("found %+v", old)
		}
		env.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/customers/%d", old[0].ID), map[string]any{"first_name": "Older"}, nil)
	})
}

// TestSingleLineText: a name is one line of visible text. CR, LF, tab and
// every other control character (C0, DEL, C1), a line or paragraph
// separator, and an invisible format character other than the joiners are
// refused with 422 naming the field, nothing written: CR/LF in a first
// name would otherwise reach the emails that greet the customer. The
// joiners (ZWJ in emoji, ZWNJ in Persian) are kept, and white space around
// a name is trimmed as before.
func TestSingleLineText(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := cuSetup(t, kind)
		ada := cuCreate(t, env, "Ada", "Lovelace", "ada@example.com")
		yoga := ctCreate(t, env, map[string]any{"name": "Yoga"})
		customer := map[string]any{"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com"}
		for _, c := range []struct {
			create, path string
			valid        map[string]any
			field, value string
			rule         string
		}{
			{"/api/customers", "", customer, "first_name", "Ada\r\nBcc: eve@example.com", "control character"},
			{"/api/customers", "", customer, "first_name", "Ada\nLovelace", "U+000A"},
			{"/api/customers", "", customer, "first_name", "Ada\tLovelace", "U+0009"},
			{"/api/customers", "", customer, "first_name", "Ada\x1b[31m", "U+001B"},
			{"/api/customers", "", customer, "first_name", "Ada\x7f", "U+007F"},
			{"/api/customers", "", customer, "first_name", "Ada\u0085Lovelace", "U+0085"},
			{"/api/customers", "", customer, "first_name", "Ada\u2028Lovelace", "line or paragraph separator"},
			{"/api/customers", "", customer, "first_name", "A\u200bda", "invisible format character"},
			{"/api/customers", "", customer, "last_name", "\u202eecalevol", "U+202E"},
			{"/api/customers", "", customer, "last_name", "Love\rlace", "U+000D"},
			{"/api/class_types", "", map[string]any{}, "name", "Yoga\nBcc: eve@example.com", "U+000A"},
			{"/api/class_types", "", map[string]any{}, "name", "Yo\ufeffga", "U+FEFF"},
			// NFC makes 256 of U+0958 512 characters, more than the column holds.
			{"/api/customers", "", customer, "first_name", strings.Repeat("\u0958", 256), "NFC"},
			{"/api/class_types", "", map[string]any{}, "name", strings.Repeat("\u0958", 256), "NFC"},
		} {
			path := fmt.Sprintf("/api/customers/%d", ada.ID)
			if c.create == "/api/class_types" {
				path = fmt.Sprintf("/api/class_types/%d", yoga.ID)
			}
			for _, req := range testenv.Writes(c.create, path, c.valid, c.field, c.value) {
				t.Run(fmt.Sprintf("%s %s %+q", req.Method, c.field, c.value), func(t *testing.T) {
					before := cvSnapshot(t, env)
					env.Call(req.Method, req.Path, req.Body).ExpectInvalid(t, c.field, c.rule)
					cvUnchanged(t, env, before)
				})
			}
		}
		for i, name := range []string{"\U0001F469\u200d\U0001F4BB", "\u0645\u0647\u0631\u200c\u0646\u0627\u0632"} {
			if got := cuCreate(t, env, name, "Joiner", fmt.Sprintf("joiner%d@example.com", i)); got.FirstName != name {
				t.Errorf("first_name %+q stored as %+q", name, got.FirstName)
			}
		}
		if got := cuCreate(t, env, " \tGrace\r\n", "Hopper", "grace@example.com"); got.FirstName != "Grace" {
			t.Errorf("first_name with white space around stored as %+q", got.FirstName)
		}
	})
}

// TestMultiLineText: a class type's description is free text: tabs and
// line breaks (\n, \r\n) are kept as sent, and so are format characters;
// any other control character, and a carriage return not before a line
// feed, is refused with 422 naming description, nothing written.
func TestMultiLineText(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		text := "Warm-up:\n\t- breathing\r\n\t- stretching\n\nBring a mat \U0001F9D8\u200d\u2640\ufe0f"
		yoga := ctCreate(t, env, map[string]any{"name": "Yoga", "description": text})
		if got := ctGet(t, env, yoga.ID); got.Description != text {
			t.Fatalf("description stored as %+q, want %+q", got.Description, text)
		}
		path := fmt.Sprintf("/api/class_types/%d", yoga.ID)
		for _, c := range []struct{ value, rule string }{
			{"Ring\x07", "U+0007"},
			{"Form\x0cfeed", "U+000C"},
			{"Old Mac\rline", "carriage return"},
			{"Next\u0085line", "U+0085"},
		} {
			for _, req := range testenv.Writes("/api/class_types", path, map[string]any{"name": "Pilates"}, "description", c.value) {
				t.Run(fmt.Sprintf("%s %+q", req.Method, c.value), func(t *testing.T) {
					before := cvSnapshot(t, env)
					env.Call(req.Method, req.Path, req.Body).ExpectInvalid(t, "description", c.rule)
					cvUnchanged(t, env, before)
				})
			}
		}
	})
}
