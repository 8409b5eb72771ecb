package premium_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/premium"
)

// POST marks (201, then 200 with the same mark), GET lists by class type
// and reads one, DELETE un-marks; unknown ids are 422 in a body and 404 in
// a path.
func TestPremiumClassTypes(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		first := f.mark(f.yoga)
		if first.ClassType != f.yoga || !first.CreatedAt.Equal(base) {
			t.Errorf("mark: %+v", first)
		}
		f.Clock.Set(base.AddDate(0, 0, 1))
		var again premium.PremiumClassTypeJSON
		r := f.Expect(http.StatusOK, "POST", "/api/premium_class_types/", map[string]any{"class_type": f.yoga, "created_at": "2001-01-01T00:00:00Z"}, &again)
		if again != first || r.Header.Get("Location") != fmt.Sprintf("/api/premium_class_types/%d", f.yoga) {
			t.Errorf("marking again: %+v, Location %q", again, r.Header.Get("Location"))
		}

		var list []premium.PremiumClassTypeJSON
		r = f.Expect(http.StatusOK, "GET", "/api/premium_class_types?limit=1", nil, &list)
		if len(list) != 1 || list[0].ClassType != f.swimming || r.Header.Get("Link") == "" {
			t.Errorf("first page: %+v, Link %q", list, r.Header.Get("Link"))
		}
		f.Expect(http.StatusOK, "GET", "/api/premium_class_types/?offset=1", nil, &list)
		if len(list) != 1 || list[0].ClassType != f.yoga {
			t.Errorf("second page: %+v", list)
		}
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/premium_class_types/%d", f.yoga), nil, nil)

		f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/premium_class_types", map[string]any{"class_type": 999})
		f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/premium_class_types", map[string]any{"class_type": 0})
		f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/premium_class_types", map[string]any{})
		f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/premium_class_types",
			map[string]any{"class_type": f.yoga, "premium": true})
		f.ExpectProblem(http.StatusBadRequest, "malformed_json", "POST", "/api/premium_class_types", `{"class_type":`)

		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/premium_class_types/%d/", f.yoga), nil, nil)
		for _, m := range []string{"GET", "DELETE"} {
			f.ExpectProblem(http.StatusNotFound, "not_found", m, fmt.Sprintf("/api/premium_class_types/%d", f.yoga), nil)
			f.ExpectProblem(http.StatusNotFound, "not_found", m, "/api/premium_class_types/999", nil)
			f.ExpectProblem(http.StatusNotFound, "not_found", m, "/api/premium_class_types/abc", nil)
		}
	})
}

// A premium class type goes with its class type: deleting the class type
// drops the mark, unless a plan includes it (core's 409
// class_type_in_use, never a 500).
func TestDeletingAPremiumClassType(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		f.mark(f.yoga)
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/class_types/%d", f.yoga), nil, nil)
		if n := f.Count("SELECT COUNT(*) FROM premium_class_types WHERE class_type_id = ?", f.yoga); n != 0 {
			t.Errorf("the deleted class type's mark stayed")
		}
		f.ExpectProblem(http.StatusConflict, "class_type_in_use", "DELETE", fmt.Sprintf("/api/class_types/%d", f.swimming), nil)
		if n := f.Count("SELECT COUNT(*) FROM premium_class_types WHERE class_type_id = ?", f.swimming); n != 1 {
			t.Errorf("a refused class type delete removed its mark")
		}
	})
}
