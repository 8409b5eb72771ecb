package milestones_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/milestones"
)

// get reads a milestone back over HTTP.
func (f *fixture) get(id int64) milestones.MilestoneJSON {
	f.t.Helper()
	var m milestones.MilestoneJSON
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/milestones/%d", id), nil, &m)
	return m
}

// count is the number of milestone rows in the database.
func (f *fixture) count() int64 {
	f.t.Helper()
	var n int64
	if err := f.App.DB.Model(&milestones.Milestone{}).Count(&n).Error; err != nil {
		f.t.Fatal(err)
	}
	return n
}

// expectUnchanged fails t unless milestone id reads back as before and no
// milestone was added or removed.
func (f *fixture) expectUnchanged(t *testing.T, id int64, before milestones.MilestoneJSON, rows int64) {
	t.Helper()
	var got milestones.MilestoneJSON
	if r := f.Call("GET", fmt.Sprintf("/api/milestones/%d", id), nil); r.Status != http.StatusOK {
		t.Errorf("GET milestone %d: %d %s", id, r.Status, r.Body)
	} else if r.Decode(t, &got); !same(got, before) {
		t.Errorf("milestone changed: %+v, was %+v", got, before)
	}
	var n int64
	if err := f.App.DB.Model(&milestones.Milestone{}).Count(&n).Error; err != nil {
		t.Error(err)
	} else if n != rows {
		t.Errorf("%d milestones, want %d", n, rows)
	}
}

func same(a, b milestones.MilestoneJSON) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Interval == b.Interval && a.SessionCount == b.SessionCount &&
		*a.Active == *b.Active && a.CreatedAt.Equal(b.CreatedAt)
}

// TestPatchNull: no milestone field may be null. An explicit null in a
// PATCH is refused with 422 naming the field, and nothing is written, even
// when the body also changes another field.
func TestPatchNull(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		id := f.milestone("Eight a month", "P1M", 8)
		path := fmt.Sprintf("/api/milestones/%d", id)
		before, rows := f.get(id), f.count()
		for _, field := range []string{"name", "interval", "session_count", "active"} {
			t.Run(field, func(t *testing.T) {
				r := f.Call("PATCH", path, map[string]any{field: nil})
				r.ExpectInvalid(t, field, "must not be null")
				f.expectUnchanged(t, id, before, rows)
			})
			t.Run(field+" with a valid change", func(t *testing.T) {
				body := map[string]any{field: nil, "name": "Changed", "session_count": 9}
				if field == "name" || field == "session_count" {
					body = map[string]any{field: nil, "interval": "P2W", "active": false}
				}
				f.Call("PATCH", path, body).ExpectInvalid(t, field, "must not be null")
				f.expectUnchanged(t, id, before, rows)
			})
		}
	})
}

// TestPatchAbsentFields: a PATCH changes the fields given and leaves the
// others as stored.
func TestPatchAbsentFields(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		id := f.milestone("Eight a month", "P1M", 8)
		path := fmt.Sprintf("/api/milestones/%d", id)
		want := f.get(id)
		testenv.ExpectPatches(t, f.Client, path, want, []testenv.PatchCase[milestones.MilestoneJSON]{
			{Body: map[string]any{}, Change: func(*milestones.MilestoneJSON) {}},
			{Body: map[string]any{"name": "Nine a month"}, Change: func(m *milestones.MilestoneJSON) { m.Name = "Nine a month" }},
			{Body: map[string]any{"interval": "p2w"}, Change: func(m *milestones.MilestoneJSON) { m.Interval = "P2W" }},
			{Body: map[string]any{"session_count": 9}, Change: func(m *milestones.MilestoneJSON) { m.SessionCount = 9 }},
			{Body: map[string]any{"active": false}, Change: func(m *milestones.MilestoneJSON) { *m.Active = false }},
			// Read-only fields sent back are ignored, null or not.
			{Body: map[string]any{"id": nil, "created_at": nil, "active": true}, Change: func(m *milestones.MilestoneJSON) { *m.Active = true }},
		})
	})
}
