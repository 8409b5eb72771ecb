package workouts

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

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
