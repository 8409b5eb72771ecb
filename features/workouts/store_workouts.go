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
			return core.Refuse(ErrWorkoutFinished.Code, "workout %d ended at %s: sets are appended only while a workout is in "+
				"progress (ended_at null); correct a finished workout with PUT or PATCH", id, w.EndedAt.UTC().Format(time.RFC3339))
		}
		if len(w.Sets) >= MaxSets {
			return core.Refuse(ErrSetLimit.Code, "workout %d already holds %d sets, the most a workout may hold", id, MaxSets)
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

// loadWorkout reads a workout (with lock, a row-lock suffix or "") and its
// sets. owner, when not 0, is the only customer whose workout it finds
// (core.OwnerOf): another's is not found.
func (f *Feature) loadWorkout(db *gorm.DB, id, owner int64, lock string) (*Workout, error) {
	mine, args := ownedBy("customer_id", owner)
	var rows []Workout
	if err := db.Raw("SELECT * FROM workouts WHERE id = ?"+mine+lock, append([]any{id}, args...)...).
		Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, core.NotFound("workout", id)
	}
	if err := loadSets(db, rows); err != nil {
		return nil, err
	}
	return &rows[0], nil
}

// loadSets fills the sets of workouts, in one query.
func loadSets(db *gorm.DB, workouts []Workout) error {
	if len(workouts) == 0 {
		return nil
	}
	ids := make([]int64, len(workouts))
	at := make(map[int64]*Workout, len(workouts))
	for i := range workouts {
		ids[i] = workouts[i].ID
		at[workouts[i].ID] = &workouts[i]
		workouts[i].Sets = []WorkoutSet{}
	}
	var sets []WorkoutSet
	if err := db.Where("workout_id IN ?", ids).Order("workout_id, position").Find(&sets).Error; err != nil {
		return err
	}
	for _, s := range sets {
		w := at[s.WorkoutID]
		w.Sets = append(w.Sets, s)
	}
	return nil
}

func (f *Feature) getWorkout(ctx context.Context, id int64) (*Workout, error) {
	w, err := f.loadWorkout(f.env.DB.WithContext(ctx), id, core.OwnerOf(ctx), "")
	return w, wrap("get workout", err)
}

// workoutFilter selects workouts; zero values do not filter.
type workoutFilter struct {
	CustomerID int64
	// From and To bound started_at (from inclusive, to exclusive).
	From, To time.Time
}

// listWorkouts returns a page of workouts by started_at, then id, with
// their sets: two queries whatever the page size. A customer lists her own
// alone: the customer filter then narrows within them.
func (f *Feature) listWorkouts(ctx context.Context, wf workoutFilter, p core.Page) ([]Workout, bool, error) {
	q := f.env.DB.WithContext(ctx).Model(&Workout{})
	if owner := core.OwnerOf(ctx); owner != 0 {
		q = q.Where("customer_id = ?", owner)
	}
	if wf.CustomerID != 0 {
		q = q.Where("customer_id = ?", wf.CustomerID)
	}
	if !wf.From.IsZero() {
		q = q.Where("started_at >= ?", core.SQLTime(wf.From))
	}
	if !wf.To.IsZero() {
		q = q.Where("started_at < ?", core.SQLTime(wf.To))
	}
	var rows []Workout
	if err := q.Order("started_at, id").Limit(p.Limit + 1).Offset(p.Offset).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list workouts: %w", err)
	}
	rows, more := core.Trim(rows, p)
	if err := loadSets(f.env.DB.WithContext(ctx), rows); err != nil {
		return nil, false, fmt.Errorf("list workouts: %w", err)
	}
	return rows, more, nil
}

// ownedBy is the condition (" AND column = ?", or "" for owner 0) that
// limits a query to owner's rows, with its argument. Left out rather than
// written "? = 0 OR": PostgreSQL would type that parameter int4.
func ownedBy(column string, owner int64) (string, []any) {
	if owner == 0 {
		return "", nil
	}
	return " AND " + column + " = ?", []any{owner}
}
