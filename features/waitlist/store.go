package waitlist

import (
	"context"
	"fmt"
	"strings"

	"github.com/gymtastic/gymtastic/core"
)

// entryColumns reads an entry as the API shows it at now (bound twice): a
// waiting entry of a started session is expired and has no position; a
// waiting one's position counts the session's waiting entries up to it
// (ix_waitlist_queue).
const entryColumns = `w.id, w.customer_id, w.class_session_id, w.booking_id, w.reason, w.created_at, w.updated_at,
	CASE WHEN w.status = 'waiting' AND s.starts_at <= ? THEN 'expired' ELSE w.status END AS status,
	CASE WHEN w.status = 'waiting' AND s.starts_at > ? THEN (SELECT COUNT(*) FROM waitlist_entries q
		WHERE q.class_session_id = w.class_session_id AND q.status = 'waiting' AND q.id <= w.id) END AS position`

// filter selects entries in list. Zero values do not filter.
type filter struct {
	CustomerID, ClassSessionID int64
	Statuses                   []string
}

// list returns entries by id, a customer's own only for a customer.
func (f *Feature) list(ctx context.Context, fl filter, p core.Page) ([]entryRow, bool, error) {
	now := core.SQLTime(f.env.Timestamp())
	q := f.env.DB.WithContext(ctx).Table("waitlist_entries w").Joins("JOIN class_sessions s ON s.id = w.class_session_id").
		Select(entryColumns, now, now)
	if owner := core.OwnerOf(ctx); owner != 0 {
		q = q.Where("w.customer_id = ?", owner)
	}
	if fl.CustomerID != 0 {
		q = q.Where("w.customer_id = ?", fl.CustomerID)
	}
	if fl.ClassSessionID != 0 {
		q = q.Where("w.class_session_id = ?", fl.ClassSessionID)
	}
	if len(fl.Statuses) > 0 {
		var or []string
		var args []any
		for _, st := range fl.Statuses {
			switch st {
			case StatusWaiting:
				or, args = append(or, "(w.status = 'waiting' AND s.starts_at > ?)"), append(args, now)
			case StatusExpired:
				or, args = append(or, "(w.status = 'waiting' AND s.starts_at <= ?)"), append(args, now)
			default:
				or, args = append(or, "w.status = ?"), append(args, st)
			}
		}
		q = q.Where("("+strings.Join(or, " OR ")+")", args...)
	}
	var rows []entryRow
	if err := q.Order("w.id").Limit(p.Limit + 1).Offset(p.Offset).Scan(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("waitlist: list: %w", err)
	}
	if len(rows) > p.Limit {
		return rows[:p.Limit], true, nil
	}
	return rows, false, nil
}

// get returns one entry (for a customer, one of her own).
func (f *Feature) get(ctx context.Context, id int64) (*entryRow, error) {
	now := core.SQLTime(f.env.Timestamp())
	q := f.env.DB.WithContext(ctx).Table("waitlist_entries w").Joins("JOIN class_sessions s ON s.id = w.class_session_id").
		Select(entryColumns, now, now).Where("w.id = ?", id)
	if owner := core.OwnerOf(ctx); owner != 0 {
		q = q.Where("w.customer_id = ?", owner)
	}
	var rows []entryRow
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("waitlist: get: %w", err)
	}
	if len(rows) == 0 {
		return nil, core.NotFound("waitlist entry", id)
	}
	return &rows[0], nil
}

// leave takes a waiting entry off its waitlist. The update is conditional:
// an entry a promotion claimed meanwhile is promoted, not left.
func (f *Feature) leave(ctx context.Context, id int64) (*entryRow, error) {
	e, err := f.get(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.Status != StatusWaiting {
		return nil, leaveRefused(e)
	}
	res := f.env.DB.WithContext(ctx).Exec("UPDATE waitlist_entries SET status = ?, updated_at = ? WHERE id = ? AND status = 'waiting'",
		StatusLeft, f.env.Timestamp(), id)
	if res.Error != nil {
		return nil, fmt.Errorf("waitlist: leave: %w", res.Error)
	}
	if e, err = f.get(ctx, id); err != nil {
		return nil, err
	}
	if res.RowsAffected == 0 {
		return nil, leaveRefused(e)
	}
	return e, nil
}

func leaveRefused(e *entryRow) error {
	return core.Refuse(core.ErrInvalidTransition.Code, "waitlist entry %d is %s; only a waiting entry can be left", e.ID, e.Status)
}
