package bookingwindow_test

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/bookingwindow"
)

// Segments are created, read, listed (all, or a customer's), replaced,
// patched and deleted; their customers come back ascending.
func TestSegmentRoutes(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada, bea, cy := f.Customer("Ada"), f.Customer("Bea"), f.Customer("Cy")
		var gold bookingwindow.SegmentJSON
		r := f.staff.Expect(http.StatusCreated, "POST", "/api/booking_segments",
			map[string]any{"name": "  Gold ", "opens_days_before": 28, "customers": []int64{cy, ada}, "id": 77}, &gold)
		if loc := r.Header.Get("Location"); loc != fmt.Sprintf("/api/booking_segments/%d", gold.ID) {
			t.Errorf("Location %q", loc)
		}
		if gold.ID == 0 || gold.Name != "Gold" || gold.OpensDaysBefore != 28 || !reflect.DeepEqual(gold.Customers, []int64{ada, cy}) ||
			!gold.CreatedAt.Equal(base) {
			t.Errorf("created %+v", gold)
		}
		silver := f.segment("Silver", 21)
		path := fmt.Sprintf("/api/booking_segments/%d", gold.ID)

		var got bookingwindow.SegmentJSON
		f.staff.Expect(http.StatusOK, "GET", path, nil, &got)
		if !reflect.DeepEqual(got, gold) {
			t.Errorf("GET %+v, POST answered %+v", got, gold)
		}
		var list []bookingwindow.SegmentJSON
		f.staff.Expect(http.StatusOK, "GET", "/api/booking_segments", nil, &list)
		if len(list) != 2 || list[0].ID != gold.ID || list[1].ID != silver || len(list[1].Customers) != 0 || list[1].Customers == nil {
			t.Errorf("list %+v", list)
		}
		f.staff.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/booking_segments?customer=%d", ada), nil, &list)
		if len(list) != 1 || list[0].ID != gold.ID {
			t.Errorf("Ada's segments: %+v", list)
		}

		f.staff.Expect(http.StatusOK, "PUT", path, map[string]any{"name": "Gold", "opens_days_before": 30, "customers": []int64{bea}}, &got)
		if got.OpensDaysBefore != 30 || !reflect.DeepEqual(got.Customers, []int64{bea}) || !got.CreatedAt.Equal(base) {
			t.Errorf("PUT answered %+v", got)
		}
		want := got
		testenv.ExpectPatches(t, f.staff, path, want, []testenv.PatchCase[bookingwindow.SegmentJSON]{
			{Body: map[string]any{"name": "Platinum"}, Change: func(s *bookingwindow.SegmentJSON) { s.Name = "Platinum" }},
			{Body: map[string]any{"opens_days_before": 35}, Change: func(s *bookingwindow.SegmentJSON) { s.OpensDaysBefore = 35 }},
			{Body: map[string]any{"customers": []int64{cy, ada}}, Change: func(s *bookingwindow.SegmentJSON) { s.Customers = []int64{ada, cy} }},
			{Body: map[string]any{"customers": []int64{}}, Change: func(s *bookingwindow.SegmentJSON) { s.Customers = []int64{} }},
			{Body: map[string]any{}, Change: func(*bookingwindow.SegmentJSON) {}},
		})
		f.ExpectPatchSchema(t, "SegmentPatch", 5)

		f.staff.Expect(http.StatusNoContent, "DELETE", path, nil, nil)
		f.staff.ExpectProblem(http.StatusNotFound, "not_found", "GET", path, nil)
		f.staff.ExpectProblem(http.StatusNotFound, "not_found", "DELETE", path, nil)
		f.staff.ExpectProblem(http.StatusNotFound, "not_found", "PUT", path, map[string]any{"name": "X", "opens_days_before": 3, "customers": []int64{}})
		f.staff.ExpectProblem(http.StatusNotFound, "not_found", "PATCH", path, map[string]any{"name": "X"})
	})
}

// Bad segments are refused naming the field, and write nothing.
func TestSegmentRefusals(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada := f.Customer("Ada")
		gold := f.segment("José", 28, ada)
		valid := map[string]any{"name": "Silver", "opens_days_before": 21, "customers": []int64{ada}}
		path := fmt.Sprintf("/api/booking_segments/%d", gold)
		tooMany := make([]int64, bookingwindow.MaxSegmentCustomers+1)
		for i := range tooMany {
			tooMany[i] = int64(i + 1)
		}
		for _, c := range []struct {
			name, field string
			value       any
		}{
			{"opens 0", "opens_days_before", 0},
			{"opens past a year", "opens_days_before", 366},
			{"blank name", "name", "   "},
			{"a name on two lines", "name", "Gold\nSilver"},
			{"a customer that does not exist", "customers", []int64{ada, 999999}},
			{"a customer twice", "customers", []int64{ada, ada}},
			{"a customer id 0", "customers", []int64{0}},
			{"more than 1000 customers", "customers", tooMany},
		} {
			for _, w := range testenv.Writes("/api/booking_segments", path, valid, c.field, c.value) {
				t.Run(c.name+" "+w.Method, func(t *testing.T) {
					expectInvalid(t, f.staff.Call(w.Method, w.Path, w.Body), c.field)
				})
			}
		}
		for _, name := range []string{"josé", "JOSE\u0301"} {
			body := map[string]any{"name": name, "opens_days_before": 7, "customers": []int64{}}
			f.staff.ExpectProblem(http.StatusConflict, "name_taken", "POST", "/api/booking_segments", body)
		}
		var got bookingwindow.SegmentJSON
		f.staff.Expect(http.StatusOK, "GET", path, nil, &got)
		if got.Name != "José" || got.OpensDaysBefore != 28 || !reflect.DeepEqual(got.Customers, []int64{ada}) {
			t.Errorf("after refused writes: %+v", got)
		}
		if n := f.Count("SELECT COUNT(*) FROM booking_segments"); n != 1 {
			t.Errorf("%d segments after refused creates", n)
		}
		// A customer deleted leaves her segments.
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/customers/%d", ada), nil, nil)
		f.staff.Expect(http.StatusOK, "GET", path, nil, &got)
		if len(got.Customers) != 0 {
			t.Errorf("segment after deleting its customer: %+v", got)
		}
	})
}

// expectInvalid expects 422 validation_failed naming field, or an element
// of it (customers[1]).
func expectInvalid(t *testing.T, r *testenv.Response, field string) {
	t.Helper()
	p := r.Problem()
	if r.Status != http.StatusUnprocessableEntity || p.Code != "validation_failed" {
		t.Errorf("status %d, want 422 validation_failed: %s", r.Status, r.Body)
		return
	}
	for _, e := range p.Errors {
		if e.Field == field || strings.HasPrefix(e.Field, field+"[") {
			return
		}
	}
	t.Errorf("errors %+v do not name %s", p.Errors, field)
}
