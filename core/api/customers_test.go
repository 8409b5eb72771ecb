package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// cuNow is the frozen "now" of the customer tests.
var cuNow = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// cuCustomer is a customer as the API answers it.
type cuCustomer struct {
	ID        int64     `json:"id"`
	FirstName string    `json:"first_name"`
	LastName  string    `json:"last_name"`
	Email     string    `json:"email"`
	CreatedAt time.Time `json:"created_at"`
}

func (c cuCustomer) same(o cuCustomer) bool {
	return c.ID == o.ID && c.FirstName == o.FirstName && c.LastName == o.LastName && c.Email == o.Email &&
		c.CreatedAt.Equal(o.CreatedAt)
}

// cuSetup starts a Gymtastic with its clock frozen at cuNow.
func cuSetup(t *testing.T, kind config.DatabaseKind) *testenv.Env {
	t.Helper()
	env := testenv.New(t, kind, testenv.Options{})
	env.Clock.Set(cuNow)
	return env
}

// cuCreate creates a customer and expects 201.
func cuCreate(t *testing.T, env *testenv.Env, first, last, email string) cuCustomer {
	t.Helper()
	var c cuCustomer
	env.Expect(http.StatusCreated, "POST", "/api/customers",
		map[string]any{"first_name": first, "last_name": last, "email": email}, &c)
	return c
}

func cuGet(t *testing.T, env *testenv.Env, id int64) cuCustomer {
	t.Helper()
	var c cuCustomer
	env.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d", id), nil, &c)
	return c
}

func TestCustomerCRUD(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := cuSetup(t, kind)

		r := env.Expect(http.StatusCreated, "POST", "/api/customers",
			map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}, nil)
		cvKeys(t, r.Body, "id", "first_name", "last_name", "email", "created_at")
		var c cuCustomer
		r.Decode(t, &c)
		want := cuCustomer{ID: c.ID, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com", CreatedAt: cuNow}
		if c.ID < 1 || !c.same(want) {
			t.Fatalf("created %+v, want %+v", c, want)
		}
		if loc, wantLoc := r.Header.Get("Location"), fmt.Sprintf("/api/customers/%d", c.ID); loc != wantLoc {
			t.Fatalf("Location %q, want %q", loc, wantLoc)
		}
		if got := cuGet(t, env, c.ID); !got.same(c) {
			t.Fatalf("GET %+v, want %+v", got, c)
		}

		// PUT replaces every writable field; created_at stays.
		env.Clock.Set(cuNow.Add(time.Hour))
		var put cuCustomer
		env.Expect(http.StatusOK, "PUT", fmt.Sprintf("/api/customers/%d", c.ID),
			map[string]any{"first_name": "Augusta", "last_name": "King", "email": "augusta@example.org"}, &put)
		want = cuCustomer{ID: c.ID, FirstName: "Augusta", LastName: "King", Email: "augusta@example.org", CreatedAt: cuNow}
		if !put.same(want) {
			t.Fatalf("PUT answered %+v, want %+v", put, want)
		}
		if got := cuGet(t, env, c.ID); !got.same(want) {
			t.Fatalf("GET after PUT %+v, want %+v", got, want)
		}

		// PATCH changes the fields given, and only those.
		patches := []struct {
			name string
			body map[string]any
			edit func(*cuCustomer)
		}{
			{"first_name", map[string]any{"first_name": "Ada"}, func(c *cuCustomer) { c.FirstName = "Ada" }},
			{"last_name", map[string]any{"last_name": "Byron"}, func(c *cuCustomer) { c.LastName = "Byron" }},
			{"email", map[string]any{"email": "ada@example.net"}, func(c *cuCustomer) { c.Email = "ada@example.net" }},
			{"two fields", map[string]any{"first_name": "Augusta Ada", "last_name": "Lovelace"},
				func(c *cuCustomer) { c.FirstName, c.LastName = "Augusta Ada", "Lovelace" }},
			{"empty object", map[string]any{}, func(*cuCustomer) {}},
		}
		for _, p := range patches {
			t.Run("PATCH "+p.name, func(t *testing.T) {
				before := cuGet(t, env, c.ID)
				p.edit(&before)
				var got cuCustomer
				env.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/customers/%d", c.ID), p.body, &got)
				if !got.same(before) {
					t.Fatalf("PATCH %v answered %+v, want %+v", p.body, got, before)
				}
				if stored := cuGet(t, env, c.ID); !stored.same(before) {
					t.Fatalf("PATCH %v stored %+v, want %+v", p.body, stored, before)
				}
			})
		}

		other := cuCreate(t, env, "Grace", "Hopper", "grace@example.com")
		r = env.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/customers/%d", c.ID), nil, nil)
		if len(r.Body) != 0 {
			t.Fatalf("DELETE answered a body: %s", r.Body)
		}
		env.ExpectProblem(http.StatusNotFound, "not_found", "GET", fmt.Sprintf("/api/customers/%d", c.ID), nil)
		env.ExpectProblem(http.StatusNotFound, "not_found", "DELETE", fmt.Sprintf("/api/customers/%d", c.ID), nil)
		if got := cuGet(t, env, other.ID); !got.same(other) {
			t.Fatalf("deleting %d touched %d: %+v", c.ID, other.ID, got)
		}
		if n := countRows(t, env, "customers"); n != 1 {
			t.Fatalf("%d customers left, want 1", n)
		}
	})
}

func TestCustomerList(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := cuSetup(t, kind)
		zoe := cuCreate(t, env, "Zoe", "Adams", "zoe@example.com")
		ada := cuCreate(t, env, "Ada", "Zed", "Ada.Lovelace@Example.com")
		bob := cuCreate(t, env, "Bob", "Brown", "bob@example.com")
		cases := []struct {
			name  string
			query string
			want  []int64
		}{
			{"all, by id", "", []int64{zoe.ID, ada.ID, bob.ID}},
			{"email", "email=bob%40example.com", []int64{bob.ID}},
			{"email ignores case", "email=ada.lovelace%40EXAMPLE.COM", []int64{ada.ID}},
			{"email is exact", "email=example.com", []int64{}},
			{"no such email", "email=nobody%40example.com", []int64{}},
			{"empty email filter", "email=", []int64{zoe.ID, ada.ID, bob.ID}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := env.Expect(http.StatusOK, "GET", "/api/customers?"+c.query, nil, nil)
				var rows []cuCustomer
				r.Decode(t, &rows)
				if rows == nil {
					t.Fatalf("body %s: want a JSON array", r.Body)
				}
				got := []int64{}
				for _, row := range rows {
					got = append(got, row.ID)
				}
				if !reflect.DeepEqual(got, c.want) {
					t.Fatalf("GET /api/customers?%s: %v, want %v", c.query, got, c.want)
				}
				if l := r.Header.Get("Link"); l != "" {
					t.Fatalf("Link %q on a short list", l)
				}
			})
		}
		var rows []cuCustomer
		env.Expect(http.StatusOK, "GET", "/api/customers", nil, &rows)
		if !rows[1].same(ada) {
			t.Fatalf("listed %+v, want %+v", rows[1], ada)
		}
	})
}

// TestCustomerEmailUnique: emails are unique ignoring case, on create and
// on update; a refusal writes nothing.
func TestCustomerEmailUnique(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := cuSetup(t, kind)
		ada := cuCreate(t, env, "Ada", "Lovelace", "ada@example.com")
		bob := cuCreate(t, env, "Bob", "Brown", "bob@example.com")
		cuCreate(t, env, "Zoë", "Ölz", "zoë@exämple.com")
		adaPath, bobPath := fmt.Sprintf("/api/customers/%d", ada.ID), fmt.Sprintf("/api/customers/%d", bob.ID)
		person := func(email string) map[string]any {
			return map[string]any{"first_name": "Someone", "last_name": "Else", "email": email}
		}
		cases := []struct {
			name, method, path string
			body               any
		}{
			{"create, same email", "POST", "/api/customers", person("ada@example.com")},
			{"create, other case", "POST", "/api/customers", person("ADA@Example.COM")},
			{"create, surrounding spaces", "POST", "/api/customers", person(" ada@example.com ")},
			{"replace with a taken email", "PUT", bobPath, person("Ada@example.com")},
			{"patch to a taken email", "PATCH", bobPath, map[string]any{"email": "ada@EXAMPLE.com"}},
			// Every letter, not only ASCII: SQLite's own lower() leaves Ë and Ä.
			{"create, other case beyond ASCII", "POST", "/api/customers", person("ZOË@EXÄMPLE.COM")},
			{"patch to a taken email beyond ASCII", "PATCH", bobPath, map[string]any{"email": "Zoë@Exämple.com"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := cvSnapshot(t, env)
				r := env.Call(c.method, c.path, c.body)
				cvProblem(t, r, http.StatusConflict, "email_taken")
				cvUnchanged(t, env, before)
			})
		}
		// A customer may change the case of their own email.
		var got cuCustomer
		env.Expect(http.StatusOK, "PATCH", adaPath, map[string]any{"email": "Ada@Example.com"}, &got)
		if got.Email != "Ada@Example.com" {
			t.Fatalf("email %q after changing its case", got.Email)
		}
		env.Expect(http.StatusOK, "PUT", adaPath, map[string]any{"first_name": "Ada", "last_name": "L", "email": "ada@example.com"}, nil)
		// The email filter ignores case the same way.
		var found []cuCustomer
		env.Expect(http.StatusOK, "GET", "/api/customers?email="+url.QueryEscape("ZOË@EXÄMPLE.COM"), nil, &found)
		if len(found) != 1 || found[0].Email != "zoë@exämple.com" {
			t.Fatalf("?email=ZOË@EXÄMPLE.COM found %+v, want the customer with zoë@exämple.com", found)
		}
		// Once an email is freed, it can be taken.
		env.Expect(http.StatusNoContent, "DELETE", bobPath, nil, nil)
		cuCreate(t, env, "Robert", "Brown", "BOB@example.com")
	})
}

// TestCustomerEmailAddressOnly: the email field holds one address. RFC 5322
// forms with a display name, angle brackets or a comment parse as an
// address but are not one; stored as given, they also slip past the
// uniqueness rule (ada@example.com and "Ada <ada@example.com>" would be two
// customers).
func TestCustomerEmailAddressOnly(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := cuSetup(t, kind)
		cuCreate(t, env, "Ada", "Lovelace", "ada@example.com")
		forms := []string{"Ada <%s>", "<%s>", "%s (Ada)", `"Ada L" <%s>`}
		n := 0
		for _, form := range forms {
			for _, c := range []struct{ method, addr string }{{"POST", "ada@example.com"}, {"POST", ""}, {"PATCH", ""}} {
				n++
				addr := c.addr
				if addr == "" {
					addr = fmt.Sprintf("new%d@example.com", n)
				}
				email := fmt.Sprintf(form, addr)
				t.Run(c.method+" "+email, func(t *testing.T) {
					path := "/api/customers"
					body := map[string]any{"first_name": "Ada", "last_name": "Again", "email": email}
					if c.method == "PATCH" {
						target := cuCreate(t, env, "Pat", "Ch", fmt.Sprintf("target%d@example.com", n))
						path, body = fmt.Sprintf("/api/customers/%d", target.ID), map[string]any{"email": email}
					}
					before := cvSnapshot(t, env)
					r := env.Call(c.method, path, body)
					if r.Status != http.StatusUnprocessableEntity {
						t.Errorf("%s %s with email %q: %d %s, want 422 naming email", c.method, path, email, r.Status, r.Body)
						return
					}
					if p := cvProblem(t, r, http.StatusUnprocessableEntity, "validation_failed"); !bkHasField(p, "email") {
						t.Errorf("problem does not name email: %+v", p)
					}
					cvUnchanged(t, env, before)
				})
			}
		}
	})
}

// TestCustomerEmailDomains: the domains the Django version took, which
// mailDomain must not refuse.
func TestCustomerEmailDomains(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := cuSetup(t, kind)
		for _, email := range []string{"grace@localhost", "grace@[192.0.2.1]", "grace@[2001:db8::1]",
			"grace@mail.example.co.uk", "grace@my-gym.example", "grace@exämple.com", "grace@xn--exmple-cua.com",
			"grace@123.example.com", "Grace.Hopper+gym@Example.COM"} {
			r := env.Call("POST", "/api/customers", map[string]any{"first_name": "Grace", "last_name": "Hopper", "email": email})
			if r.Status != http.StatusCreated {
				t.Errorf("POST a customer with email %q: %d %s", email, r.Status, r.Body)
			}
		}
	})
}

// TestCustomerEmailStoredBeforeTheDomainRule: a customer whose address
// the domain rule would refuse, stored before it, can still be renamed and
// sent back; a new address must pass it.
func TestCustomerEmailStoredBeforeTheDomainRule(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := cuSetup(t, kind)
		if err := env.App.DB.Exec(`INSERT INTO customers (first_name, last_name, email, created_at)
			VALUES ('Old', 'Timer', 'old@intranet', ?)`, time.Now().UTC()).Error; err != nil {
			t.Fatal(err)
		}
		var c struct {
			ID        int64  `json:"id"`
			FirstName string `json:"first_name"`
			LastName  string `json:"last_name"`
			Email     string `json:"email"`
			CreatedAt string `json:"created_at"`
		}
		var list []struct {
			ID int64 `json:"id"`
		}
		env.Expect(http.StatusOK, "GET", "/api/customers?email=old@intranet", nil, &list)
		path := fmt.Sprintf("/api/customers/%d", list[0].ID)
		env.Expect(http.StatusOK, "PATCH", path, map[string]any{"first_name": "Older"}, &c)
		if c.FirstName != "Older" || c.Email != "old@intranet" {
			t.Errorf("PATCH first_name: %+v", c)
		}
		env.Expect(http.StatusOK, "PUT", path, c, &c)
		for _, method := range []string{"PUT", "PATCH"} {
			before := cvSnapshot(t, env)
			body := map[string]any{"first_name": "Old", "last_name": "Timer", "email": "new@intranet"}
			p := cvProblem(t, env.Call(method, path, body), http.StatusUnprocessableEntity, "validation_failed")
			if !bkHasField(p, "email") {
				t.Errorf("%s to another address at a domain without a dot: %+v", method, p)
			}
			cvUnchanged(t, env, before)
		}
		cvProblem(t, env.Call("PUT", "/api/customers/999999", map[string]any{"first_name": "Old", "last_name": "Timer",
			"email": "old@intranet"}), http.StatusUnprocessableEntity, "validation_failed")
	})
}

func TestCustomerInvalid(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := cuSetup(t, kind)
		ada := cuCreate(t, env, "Ada", "Lovelace", "ada@example.com")
		full := func(k string, v any) map[string]any {
			b := map[string]any{"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com"}
			if v == nil {
				delete(b, k)
			} else {
				b[k] = v
			}
			return b
		}
		long := strings.Repeat("x", 257)
		cases := []struct {
			name  string
			key   string
			value any // nil: the key is left out (not for PATCH)
			field string
		}{
			{"missing first_name", "first_name", nil, "first_name"},
			{"missing last_name", "last_name", nil, "last_name"},
			{"missing email", "email", nil, "email"},
			{"empty first_name", "first_name", "", "first_name"},
			{"blank first_name", "first_name", "   ", "first_name"},
			{"blank last_name", "last_name", "\t \n", "last_name"},
			{"first_name too long", "first_name", long, "first_name"},
			{"last_name too long", "last_name", long, "last_name"},
			{"first_name a number", "first_name", 5, "first_name"},
			{"last_name an array", "last_name", []any{"x"}, "last_name"},
			{"email not an address", "email", "not-an-email", "email"},
			{"email without domain", "email", "grace@", "email"},
			{"email domain without a dot", "email", "grace@example", "email"},
			{"email domain of one letter", "email", "grace@b", "email"},
			{"email top-level domain of one letter", "email", "grace@example.c", "email"},
			{"email domain with an underscore", "email", "grace@ex_ample.com", "email"},
			{"email domain with a symbol", "email", "grace@#.com", "email"},
			{"email domain label starting with a hyphen", "email", "grace@-example.com", "email"},
			{"email domain label ending with a hyphen", "email", "grace@example-.com", "email"},
			{"email address literal not an IP", "email", "grace@[example.com]", "email"},
			{"email empty", "email", "", "email"},
			{"email a bool", "email", true, "email"},
			{"email too long", "email", strings.Repeat("a", 310) + "@example.com", "email"},
			{"unknown field", "phone", "555-0100", "phone"},
		}
		for _, c := range cases {
			for _, method := range []string{"POST", "PUT", "PATCH"} {
				if c.value == nil && method == "PATCH" {
					continue
				}
				t.Run(method+" "+c.name, func(t *testing.T) {
					path, body := "/api/customers", full(c.key, c.value)
					if method != "POST" {
						path = fmt.Sprintf("/api/customers/%d", ada.ID)
					}
					if method == "PATCH" {
						body = map[string]any{c.key: c.value}
					}
					before := cvSnapshot(t, env)
					p := cvProblem(t, env.Call(method, path, body), http.StatusUnprocessableEntity, "validation_failed")
					if !bkHasField(p, c.field) {
						t.Fatalf("problem does not name %q: %+v", c.field, p)
					}
					cvUnchanged(t, env, before)
				})
			}
		}
		// PATCH cannot null a field that may not be null.
		for _, field := range []string{"first_name", "last_name", "email"} {
			t.Run("PATCH null "+field, func(t *testing.T) {
				before := cvSnapshot(t, env)
				r := env.Call("PATCH", fmt.Sprintf("/api/customers/%d", ada.ID), map[string]any{field: nil})
				if p := cvProblem(t, r, http.StatusUnprocessableEntity, "validation_failed"); !bkHasField(p, field) {
					t.Fatalf("problem does not name %q: %+v", field, p)
				}
				cvUnchanged(t, env, before)
			})
		}
		// The bounds themselves are accepted; lengths count characters.
		edge := cuCreate(t, env, strings.Repeat("é", 256), strings.Repeat("L", 256), "x@y.example")
		if got := cuGet(t, env, edge.ID); got.FirstName != strings.Repeat("é", 256) {
			t.Fatalf("256 characters stored as %q", got.FirstName)
		}
	})
}

// TestCustomerDeleteWithBookings: a customer with any booking, even
// cancelled, is kept: 409 customer_has_bookings and nothing deleted.
func TestCustomerDeleteWithBookings(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := cuSetup(t, kind)
		ct := env.ClassType("Yoga")
		sess := env.Session(ct, cuNow.Add(24*time.Hour), 0)
		active, cancelled := env.Customer("Active"), env.Customer("Cancelled")
		env.Expect(http.StatusCreated, "POST", "/api/bookings", bkBookBody(active, sess), nil)
		var b bkBooking
		env.Expect(http.StatusCreated, "POST", "/api/bookings", bkBookBody(cancelled, sess), &b)
		env.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/bookings/%d/cancel", b.ID), nil, nil)

		for name, id := range map[string]int64{"active booking": active, "cancelled booking only": cancelled} {
			t.Run(name, func(t *testing.T) {
				before := cvSnapshot(t, env)
				for _, path := range []string{"/api/customers/%d", "/api/customers/%d/"} {
					cvProblem(t, env.Call("DELETE", fmt.Sprintf(path, id), nil), http.StatusConflict, "customer_has_bookings")
				}
				cvUnchanged(t, env, before)
				cuGet(t, env, id)
			})
		}
	})
}

// TestCustomerConcurrentSameEmail: 50 requests create customers with one
// email (in varying case) at once: exactly one is created, every other is
// 409 email_taken, none fails.
func TestCustomerConcurrentSameEmail(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		const n = 50
		env := cuSetup(t, kind)
		emails := []string{"same@example.com", "Same@Example.com", "SAME@EXAMPLE.COM"}
		outs := bkStorm(env, n, func(i int) (string, string, any) {
			return "POST", "/api/customers", map[string]any{"first_name": fmt.Sprint("Twin", i), "last_name": "Rush", "email": emails[i%len(emails)]}
		})
		tally := bkTally(t, outs)
		if tally["201"] != 1 || tally["409 email_taken"] != n-1 || len(tally) != 2 {
			t.Fatalf("outcomes %v, want 1 × 201 and %d × 409 email_taken", tally, n-1)
		}
		var rows []cuCustomer
		env.Expect(http.StatusOK, "GET", "/api/customers?email=same%40example.com", nil, &rows)
		if len(rows) != 1 || countRows(t, env, "customers") != 1 {
			t.Fatalf("customers with the email: %+v (%d rows in all), want 1", rows, countRows(t, env, "customers"))
		}
	})
}

// TestGetCustomerReadsEveryColumn keeps GetCustomer's hand-written read in
// step with the model: it must return what gorm reads of the same row, every
// field included.
func TestGetCustomerReadsEveryColumn(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := cuSetup(t, kind)
		id := cuCreate(t, env, "Ada", "Lovelace", "ada@example.com").ID

		var want core.Customer
		if err := env.App.DB.Take(&want, id).Error; err != nil {
			t.Fatal(err)
		}
		fields := reflect.ValueOf(want)
		for i := range fields.NumField() {
			if fields.Field(i).IsZero() {
				t.Fatalf("Customer.%s is zero in the stored row: give it a value here so that the comparison covers it",
					fields.Type().Field(i).Name)
			}
		}
		got, err := env.App.Service.GetCustomer(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("GetCustomer = %+v, gorm reads %+v", *got, want)
		}
		if _, err := env.App.Service.GetCustomer(context.Background(), id+1); !isNotFound(err) {
			t.Fatalf("GetCustomer of a missing id: %v, want not found", err)
		}
	})
}

func isNotFound(err error) bool {
	e, ok := core.AsError(err)
	return ok && e.Code == "not_found"
}
