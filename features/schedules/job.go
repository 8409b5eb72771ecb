package schedules

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
)

// jobBatch is how many due schedules one transaction of the job extends.
const jobBatch = 50

// dueQuery finds a schedule whose horizon has moved (ix_class_schedules_due):
// what the job costs when nothing is due.
const dueQuery = `SELECT id FROM class_schedules WHERE generated_until < ? LIMIT 1`

// claimQuery claims due schedules: on PostgreSQL, rows another replica
// holds are passed over (SKIP LOCKED), and a row it committed meanwhile is
// read again and, extended, no longer due.
const claimQuery = `SELECT ` + scheduleColumns + ` FROM class_schedules WHERE generated_until < ? ORDER BY id LIMIT ?`

// RunJob keeps every active schedule's sessions up to the horizon: it
// extends the due schedules, jobBatch per transaction, each under its
// row's lock, until none is left that another replica is not extending.
// The occurrences' primary key is the backstop: a date is made once. A
// schedule that fails is logged and left for the next run; the others go
// on.
func (f *Feature) RunJob(ctx context.Context) error {
	for {
		now := f.env.Timestamp()
		to := f.horizon(now)
		var due []int64
		if err := f.env.DB.WithContext(ctx).Raw(dueQuery, to).Scan(&due).Error; err != nil {
			return fmt.Errorf("schedules: due: %w", err)
		}
		if len(due) == 0 {
			return nil
		}
		claimed, failed, err := f.extendDue(ctx, now, to)
		if err != nil {
			return err
		}
		if claimed < jobBatch || failed > 0 {
			return nil
		}
	}
}

// extendDue extends up to jobBatch due schedules in one transaction, each
// in a savepoint, and says how many it claimed and how many failed.
func (f *Feature) extendDue(ctx context.Context, now time.Time, to core.Date) (claimed, failed int, err error) {
	lock := ""
	if f.env.Kind == config.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	err = f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []Schedule
		if err := tx.Raw(claimQuery+lock, to, jobBatch).Scan(&rows).Error; err != nil {
			return fmt.Errorf("schedules: claim: %w", err)
		}
		claimed = len(rows)
		for i := range rows {
			if err := tx.SavePoint("schedule").Error; err != nil {
				return fmt.Errorf("schedules: savepoint: %w", err)
			}
			made, err := f.extend(ctx, tx, &rows[i], now)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if rb := tx.RollbackTo("schedule").Error; rb != nil {
					return fmt.Errorf("schedules: extend schedule %d: %w (rollback: %v)", rows[i].ID, err, rb)
				}
				failed++
				f.env.Logger.Error("schedule not extended", "schedule", rows[i].ID, "err", err)
				continue
			}
			if made > 0 {
				f.env.Logger.Info("schedule extended", "schedule", rows[i].ID, "sessions", made)
			}
		}
		return nil
	})
	return claimed, failed, err
}
