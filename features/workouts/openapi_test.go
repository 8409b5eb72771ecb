package workouts_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/workouts"
)

type schema struct {
	Ref              string             `json:"$ref"`
	Properties       map[string]*schema `json:"properties"`
	Items            *schema            `json:"items"`
	Minimum          *float64           `json:"minimum"`
	ExclusiveMinimum *float64           `json:"exclusiveMinimum"`
	Maximum          *float64           `json:"maximum"`
	MaxItems         *float64           `json:"maxItems"`
	MaxLength        *float64           `json:"maxLength"`
}

type openAPI struct {
	Paths map[string]map[string]struct {
		Responses map[string]struct {
			Content map[string]struct {
				Schema schema `json:"schema"`
			} `json:"content"`
		} `json:"responses"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
}

// The OpenAPI document publishes the bounds bounds.go enforces, and the
// summary's shape.
func TestOpenAPI(t *testing.T) {
	f := newFixture(t, config.SQLite, testenv.Options{})
	var doc openAPI
	f.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
	schemas := doc.Components.Schemas

	set := schemas["SetJSON"]
	if set == nil {
		t.Fatalf("no SetJSON schema among %d", len(schemas))
	}
	for _, c := range []struct {
		field    string
		min, max float64
	}{
		{"reps", 1, workouts.MaxReps},
		{"weight_kg", 0, workouts.MaxWeightKg},
		{"duration_seconds", 1, workouts.MaxSetSeconds},
		{"calories", 0, workouts.MaxCalories},
		{"avg_heart_rate", workouts.MinHeartRate, workouts.MaxHeartRate},
		{"incline_percent", workouts.MinInclinePercent, workouts.MaxInclinePercent},
		{"resistance_level", 0, workouts.MaxResistanceLevel},
	} {
		p := set.Properties[c.field]
		if p == nil || p.Minimum == nil || p.Maximum == nil || *p.Minimum != c.min || *p.Maximum != c.max {
			t.Errorf("SetJSON.%s: %+v, want %g to %g", c.field, p, c.min, c.max)
		}
	}
	if p := set.Properties["distance_m"]; p == nil || p.ExclusiveMinimum == nil || *p.ExclusiveMinimum != 0 ||
		p.Maximum == nil || *p.Maximum != workouts.MaxDistanceM {
		t.Errorf("SetJSON.distance_m: %+v", p)
	}
	w := schemas["WorkoutJSON"]
	if p := w.Properties["sets"]; p == nil || p.MaxItems == nil || *p.MaxItems != workouts.MaxSets {
		t.Errorf("WorkoutJSON.sets: %+v", p)
	}
	if p := w.Properties["notes"]; p == nil || p.MaxLength == nil || *p.MaxLength != workouts.MaxNotesLength {
		t.Errorf("WorkoutJSON.notes: %+v", p)
	}

	op, ok := doc.Paths["/customers/{id}/workout_summary"]["get"]
	if !ok {
		t.Fatal("no GET /customers/{id}/workout_summary")
	}
	if ref := op.Responses["200"].Content["application/json"].Schema.Ref; !strings.HasSuffix(ref, "/SummaryJSON") {
		t.Errorf("summary response schema %q", ref)
	}
	for name, fields := range map[string][]string{
		"SummaryJSON": {"customer", "from", "to", "workouts", "total_minutes", "exercises", "personal_records"},
		"ExerciseSummary": {"exercise", "name", "kind", "sets", "reps", "volume_kg", "heaviest_kg", "best_e1rm_kg",
			"duration_seconds", "distance_m", "best_pace_min_per_km"},
		"PersonalRecord": {"exercise", "name", "kind", "heaviest_kg", "best_e1rm_kg", "longest_distance_m", "best_pace_min_per_km"},
	} {
		s := schemas[name]
		if s == nil {
			t.Errorf("no %s schema", name)
			continue
		}
		for _, field := range fields {
			if s.Properties[field] == nil {
				t.Errorf("%s has no %s", name, field)
			}
		}
		if len(s.Properties) != len(fields) {
			t.Errorf("%s has %d properties, want %d", name, len(s.Properties), len(fields))
		}
	}
	for _, path := range []string{"/equipment", "/equipment/{id}", "/exercises", "/exercises/{id}", "/workouts",
		"/workouts/{id}", "/workouts/{id}/sets"} {
		if doc.Paths[path] == nil {
			t.Errorf("no %s in the OpenAPI document", path)
		}
	}

	// The document (which the browsable page renders) explains them, and
	// the resource list names them.
	r, err := f.Do("GET", "/api/openapi.json", nil)
	if err != nil || r.Status != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: %v %v", err, r)
	}
	for _, want := range []string{"/workouts/{id}/sets", "workout_summary", "weight_kg", "workout_finished"} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("the OpenAPI document does not mention %s", want)
		}
	}
	var resources map[string]string
	f.Expect(http.StatusOK, "GET", "/api", nil, &resources)
	for _, name := range []string{"equipment", "exercises", "workouts"} {
		if resources[name] == "" {
			t.Errorf("GET /api lists no %s: %v", name, resources)
		}
	}
}
