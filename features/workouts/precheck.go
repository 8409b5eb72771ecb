package workouts

import (
	"context"
	"fmt"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// A body the schema refuses (a set's reps out of range) never reaches the
// handler, whose checks (a set of the wrong kind, a missing exercise) would
// then wait for the next try. The resolvers below leave those checks with
// api.CheckBodyLater, which runs them only when the schema refused the
// body, so that one 422 names every problem. A body the schema accepts is
// checked by write and appendSet, in the transaction, as before.

// later leaves check, given the feature, for api.CheckBodyLater.
func later(ctx huma.Context, check func(ctx context.Context, f *Feature, p *problems)) {
	api.CheckBodyLater(ctx, func(ctx context.Context, f *Feature) []core.FieldError {
		var p problems
		check(ctx, f, &p)
		return p
	})
}

// precheck runs write's checks that need no current row: a new workout's
// or a replacement's fields, its customer (once the caller may name it)
// and its sets. A database error ends it with what it found.
func (f *Feature) precheck(ctx context.Context, customer int64, in *workoutInput, p *problems) {
	if in.StartedAt.IsZero() {
		// Missing or unreadable, which the schema names: ended_at
		// cannot be judged against it.
		in.EndedAt = nil
	}
	checkWorkout(in, f.env.Timestamp(), p)
	if id, err := core.ActAs(ctx, customer); err == nil {
		var found []int64
		switch {
		case id == 0:
			p.add("customer", "is required (a customer token may leave it out to log her own workout)")
		case f.env.DB.WithContext(ctx).Raw("SELECT id FROM customers WHERE id = ?", id).Scan(&found).Error == nil && len(found) == 0:
			p.add("customer", "customer %d does not exist", id)
		}
	}
	if in.SetsGiven {
		f.precheckSets(ctx, in.Sets, p)
	}
}

// precheckSets checks each set against its exercise, named sets[i].
func (f *Feature) precheckSets(ctx context.Context, sets []WorkoutSet, p *problems) {
	refs, err := f.exercises(f.env.DB.WithContext(ctx), sets)
	if err != nil {
		return
	}
	for i := range sets {
		checkSet(fmt.Sprintf("sets[%d]", i), &sets[i], refs[sets[i].ExerciseID], p)
	}
}

// Resolve implements huma.Resolver for POST /api/workouts.
func (in *workoutBody) Resolve(ctx huma.Context) []error {
	later(ctx, func(c context.Context, f *Feature, p *problems) {
		b := &in.Body
		f.precheck(c, b.Customer, &workoutInput{StartedAt: b.StartedAt, EndedAt: b.EndedAt, Notes: b.Notes,
			Sets: setsIn(b.Sets), SetsGiven: true}, p)
	})
	return nil
}

// Resolve implements huma.Resolver for PUT /api/workouts/{id}.
func (in *workoutUpdate) Resolve(ctx huma.Context) []error {
	later(ctx, func(c context.Context, f *Feature, p *problems) {
		b := &in.Body
		f.precheck(c, b.Customer, &workoutInput{StartedAt: b.StartedAt, EndedAt: b.EndedAt, Notes: b.Notes,
			Sets: setsIn(b.Sets), SetsGiven: b.Sets != nil}, p)
		if b.Sets == nil {
			p.add("sets", "required on PUT, which replaces every set: send [] to remove them all, or use PATCH to keep them")
		}
	})
	return nil
}

// Resolve implements huma.Resolver for PATCH /api/workouts/{id}: the sets
// given (the other fields are judged with the current workout's).
func (in *workoutPatch) Resolve(ctx huma.Context) []error {
	later(ctx, func(c context.Context, f *Feature, p *problems) {
		if in.Body.Sets.Set {
			f.precheckSets(c, setsIn(in.Body.Sets.Value), p)
		}
	})
	return nil
}

// Resolve implements huma.Resolver for POST /api/workouts/{id}/sets.
func (in *setAppend) Resolve(ctx huma.Context) []error {
	later(ctx, func(c context.Context, f *Feature, p *problems) {
		s := in.Body.model()
		refs, err := f.exercises(f.env.DB.WithContext(c), []WorkoutSet{s})
		if err == nil {
			checkSet("", &s, refs[s.ExerciseID], p)
		}
	})
	return nil
}
