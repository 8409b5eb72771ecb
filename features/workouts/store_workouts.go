package workouts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// createWorkout writes a new workout and its sets in one transaction.
func (f *Feature) createWorkout(ctx context.Context, in workoutInput) (*Workout, error) {
	var out *Workout
	err := f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		id, err := f.write(tx, 0, &in)
		if err != nil {
			return err
		}
		out, err = f.loadWorkout(tx, id, 0, "")
		return err
	})
	return out, wrap("create workout", err)
}

// updateWorkout changes a workout in one transaction, its row locked: apply
// turns the current fields into the new ones (PUT replaces them all, PATCH
// those given); the sets are rewritten only when apply gives them. A
// customer finds only her own workout to lock (core.OwnerOf), and the
// handlers let her name none but herself (core.ActAs).
func (f *Feature) updateWorkout(ctx context.Context, id int64, apply func(in *workoutInput) error) (*Workout, error) {
	var out *Workout
	err := f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := f.loadWorkout(tx, id, core.OwnerOf(ctx), core.ForUpdate(f.env.Kind))
		if err != nil {
			return err
		}
		in := workoutInput{CustomerID: cur.CustomerID, StartedAt: cur.StartedAt, EndedAt: cur.EndedAt, Notes: cur.Notes}
		if err := apply(&in); err != nil {
			return err
		}
		if _, err := f.write(tx, id, &in); err != nil {
			return err
		}
		out, err = f.loadWorkout(tx, id, 0, "")
		return err
	})
	return out, wrap("update workout", err)
}

// appendSet adds a set at the end of a workout in progress (for a
// customer, one of her own).
func (f *Feature) appendSet(ctx context.Context, id int64, s WorkoutSet) (*Workout, error) {
	var out *Workout
	err := f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Locked: concurrent appends take consecutive positions.
		w, err := f.loadWorkout(tx, id, core.OwnerOf(ctx), core.ForUpdate(f.env.Kind))
		if err != nil {
			return err
		}
		if w.EndedAt != nil {
			return core.Refuse("workout_finished", "workout %d ended at %s: sets are appended only while a workout is in "+
				"progress (ended_at null); correct a finished workout with PUT or PATCH", id, w.EndedAt.UTC().Format(time.RFC3339))
		}
		if len(w.Sets) >= MaxSets {
			return core.Refuse("workout_set_limit", "workout %d already holds %d sets, the most a workout may hold", id, MaxSets)
		}
		refs, err := f.exercises(tx, []WorkoutSet{s})
		if err != nil {
			return err
		}
		var p problems
		checkSet("", &s, refs[s.ExerciseID], &p)
		if err := p.err(); err != nil {
			return err
		}
		s.WorkoutID, s.CustomerID, s.Position = id, w.CustomerID, 0
		if n := len(w.Sets); n > 0 {
			s.Position = w.Sets[n-1].Position + 1
		}
		if err := tx.Create(&s).Error; err != nil {
			return err
		}
		w.Sets = append(w.Sets, s)
		out = w
		return nil
	})
	return out, wrap("append set", err)
}

// write validates in (every problem at once) and writes the workout (id 0:
// a new one) and, when given, its sets in one batched INSERT. It returns the
// workout's id.
func (f *Feature) write(tx *gorm.DB, id int64, in *workoutInput) (int64, error) {
	// Truncated as stored, but checked in the offset given, so that a
	// refusal shows the time the client sent; written in UTC.
	in.StartedAt = in.StartedAt.Truncate(time.Microsecond)
	if in.EndedAt != nil {
		t := in.EndedAt.Truncate(time.Microsecond)
		in.EndedAt = &t
	}
	var p problems
	checkWorkout(in, f.env.Timestamp(), &p)
	var customers []int64
	if in.CustomerID == 0 {
		p.add("customer", "is required (a customer token may leave it out to log her own workout)")
	} else if err := tx.Raw("SELECT id FROM customers WHERE id = ?", in.CustomerID).Scan(&customers).Error; err != nil {
		return 0, err
	} else if len(customers) == 0 {
		p.add("customer", "customer %d does not exist", in.CustomerID)
	}
	if in.SetsGiven {
		refs, err := f.exercises(tx, in.Sets)
		if err != nil {
			return 0, err
		}
		for i := range in.Sets {
			checkSet(fmt.Sprintf("sets[%d]", i), &in.Sets[i], refs[in.Sets[i].ExerciseID], &p)
		}
	}
	if err := p.err(); err != nil {
		return 0, err
	}

	w := Workout{ID: id, CustomerID: in.CustomerID, StartedAt: in.StartedAt.UTC(), Notes: in.Notes}
	if in.EndedAt != nil {
		t := in.EndedAt.UTC()
		w.EndedAt = &t
	}
	if id == 0 {
		if err := tx.Create(&w).Error; err != nil {
			return 0, err
		}
	} else if err := tx.Model(&Workout{}).Where("id = ?", id).Updates(map[string]any{"customer_id": w.CustomerID,
		"started_at": w.StartedAt, "ended_at": w.EndedAt, "notes": w.Notes}).Error; err != nil {
		return 0, err
	}
	if !in.SetsGiven {
		return w.ID, nil
	}
	if id != 0 {
		if err := tx.Exec("DELETE FROM workout_sets WHERE workout_id = ?", id).Error; err != nil {
			return 0, err
		}
	}
	for i := range in.Sets {
		in.Sets[i].WorkoutID, in.Sets[i].CustomerID, in.Sets[i].Position = w.ID, w.CustomerID, i
	}
	if len(in.Sets) > 0 {
		if err := tx.Create(&in.Sets).Error; err != nil {
			return 0, err
		}
	}
	return w.ID, nil
}

// exercises finds the exercises sets refer to, in one query, locked FOR
// KEY SHARE so that none is deleted or changes kind before the transaction
// ends.
func (f *Feature) exercises(tx *gorm.DB, sets []WorkoutSet) (map[int64]*exerciseRef, error) {
	out := map[int64]*exerciseRef{}
	if len(sets) == 0 {
		return out, nil
	}
	ids := make([]int64, 0, len(sets))
	seen := map[int64]bool{}
	for _, s := range sets {
		if !seen[s.ExerciseID] {
			seen[s.ExerciseID] = true
			ids = append(ids, s.ExerciseID)
		}
	}
	var rows []exerciseRef
	if err := tx.Raw("SELECT id, name, kind FROM workout_exercises WHERE id IN ? ORDER BY id"+core.ForKeyShare(f.env.Kind), ids).
		Scan(&rows).Error; err != nil {
		return nil, err
	}
	for i := range rows {
		out[rows[i].ID] = &rows[i]
	}
	return out, nil
}

// deleteWorkout deletes a workout and its sets; a customer's own only
// (core.OwnerOf), another's is not found.
func (f *Feature) deleteWorkout(ctx context.Context, id int64) error {
	mine, args := ownedBy("customer_id", core.OwnerOf(ctx))
	res := f.env.DB.WithContext(ctx).Exec("DELETE FROM workouts WHERE id = ?"+mine, append([]any{id}, args...)...)
	if res.Error != nil {
		return fmt.Errorf("delete workout: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return core.NotFound("workout", id)
	}
	return nil
}

// wrap passes refusals through and prefixes anything else. A foreign key
// violated at the write means the customer was deleted meanwhile (the
// exercises are locked).
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := core.AsError(err); ok {
		return err
	}
	if errors.Is(err, gorm.ErrForeignKeyViolated) {
		return core.Invalid("customer", "the customer does not exist (deleted meanwhile)")
	}
	return fmt.Errorf("%s: %w", op, err)
}
