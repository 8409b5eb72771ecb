package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestDeleteReferencedByAFeature: a feature's table may refer to a
// customer, class type or session, with ON DELETE RESTRICT or with the
// default NO ACTION. Deleting the row it refers to is refused with core's
// 409 code, whose detail says other records refer to it, on both databases
// (SQLite reports RESTRICT as SQLITE_CONSTRAINT_TRIGGER, which the driver
// does not translate), and deletes nothing.
func TestDeleteReferencedByAFeature(t *testing.T) {
	for _, action := range []string{"ON DELETE RESTRICT", ""} {
		t.Run(fmt.Sprintf("%q", action), func(t *testing.T) {
			testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
				env := testenv.New(t, kind, testenv.Options{})
				env.Clock.Set(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
				cust := env.Customer("Ada")
				ct := env.ClassType("Yoga")
				sess := env.Session(ct, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), 0)
				db := env.App.DB
				for _, table := range []string{"customers", "class_types", "class_sessions"} {
					if err := db.Exec(fmt.Sprintf("CREATE TABLE ref_%s (ref_id BIGINT NOT NULL REFERENCES %s (id) %s)", table, table, action)).Error; err != nil {
						t.Fatal(err)
					}
				}
				for table, id := range map[string]int64{"customers": cust, "class_types": ct, "class_sessions": sess} {
					if err := db.Exec(fmt.Sprintf("INSERT INTO ref_%s (ref_id) VALUES (?)", table), id).Error; err != nil {
						t.Fatal(err)
					}
				}
				for _, c := range []struct {
					path, code string
				}{
					{fmt.Sprintf("/api/class_sessions/%d", sess), "session_has_bookings"},
					{fmt.Sprintf("/api/customers/%d", cust), "customer_has_bookings"},
				} {
					before := cvSnapshot(t, env)
					p := env.ExpectProblem(http.StatusConflict, c.code, "DELETE", c.path, nil)
					if !strings.Contains(p.Detail, "referenced by other records") {
						t.Errorf("DELETE %s: detail %q does not say other records refer to it", c.path, p.Detail)
					}
					cvUnchanged(t, env, before)
					env.Expect(http.StatusOK, "GET", c.path, nil, nil)
				}
				// The class type's session goes first (its reference too),
				// then the class type meets its own.
				if err := db.Exec("DELETE FROM ref_class_sessions").Error; err != nil {
					t.Fatal(err)
				}
				env.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/class_sessions/%d", sess), nil, nil)
				path := fmt.Sprintf("/api/class_types/%d", ct)
				before := cvSnapshot(t, env)
				p := env.ExpectProblem(http.StatusConflict, "class_type_in_use", "DELETE", path, nil)
				if !strings.Contains(p.Detail, "referenced by other records") {
					t.Errorf("DELETE %s: detail %q does not say other records refer to it", path, p.Detail)
				}
				cvUnchanged(t, env, before)
				// Without the references, the deletes go through.
				for _, table := range []string{"customers", "class_types"} {
					if err := db.Exec("DELETE FROM ref_" + table).Error; err != nil {
						t.Fatal(err)
					}
				}
				env.Expect(http.StatusNoContent, "DELETE", path, nil, nil)
				env.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/customers/%d", cust), nil, nil)
			})
		})
	}
}
