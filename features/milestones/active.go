package milestones

import (
	"context"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// The rule's reads ride on core's read of the locked rows (core.BookReader):
// the revision of the milestones table, and the customer's active bookings
// since the start of each active milestone's window. A booking that
// crosses no milestone then costs no round trip of the feature's own.
//
// The windows come from the active milestones this process keeps
// (activeCache). The revision read in the same statement tells whether
// they were still the active milestones then: if not (a milestone was
// written since, by this process or another replica), AfterBook lists them
// again in the transaction and counts what the read did not.

const (
	// readRevision names the milestones table's revision.
	readRevision = "milestones.revision"
	// revisionRead is the revision: one row, bumped by triggers.
	revisionRead = `(SELECT revision FROM milestones_revision)`
	// countRead counts the customer's active bookings created in [from,
	// to], from the partial index ix_milestones_bookings_active_created.
	countRead = `(SELECT COUNT(*) FROM bookings
		WHERE customer_id = ? AND status IN ('booked', 'attended', 'no_show') AND created_at >= ? AND created_at <= ?)`
	// achievedRead counts the customer's achievements of a milestone since
	// a window's start (0 or 1), from ix_milestone_achievements_rule.
	achievedRead = `(SELECT COUNT(*) FROM milestone_achievements
		WHERE milestone_id = ? AND customer_id = ? AND achieved_at >= ?)`
)

// readSince names the count of bookings created since start.
func readSince(start time.Time) string {
	return "milestones.since." + start.UTC().Format(time.RFC3339Nano)
}

// readAchieved names the count of achievements of milestone since start.
func readAchieved(milestone int64, start time.Time) string {
	return fmt.Sprintf("milestones.achieved.%d.%s", milestone, start.UTC().Format(time.RFC3339Nano))
}

// active is an active milestone with its interval parsed.
type active struct {
	Milestone
	iv Interval
}

// activeCache is the active milestones, in id order, as of a revision of
// the milestones table; revision 0 means none kept yet (revisions start at
// 1).
type activeCache struct {
	mu       sync.Mutex
	revision int64
	list     []active
}

func (c *activeCache) get() ([]active, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.list, c.revision
}

// put keeps list unless a newer revision is already kept. The list is
// never modified once kept.
func (c *activeCache) put(list []active, revision int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if revision > c.revision {
		c.list, c.revision = list, revision
	}
}

// ReadForBook asks core to read the revision and, for the milestones this
// process keeps, the customer's achievement of each in its window and
// bookings in each distinct window: a booking that reaches a milestone
// already achieved then costs no round trip of its own.
func (f *Feature) ReadForBook(b *core.BookContext) []core.BookRead {
	reads := []core.BookRead{{Name: readRevision, SQL: revisionRead}}
	list, _ := f.active.get()
	seen := map[time.Time]bool{}
	for _, m := range list {
		start := m.iv.Before(b.Now, b.Location)
		reads = append(reads, core.BookRead{Name: readAchieved(m.ID, start), SQL: achievedRead,
			Args: []any{m.ID, b.Customer.ID, core.SQLTime(start)}})
		if seen[start] {
			continue
		}
		seen[start] = true
		reads = append(reads, core.BookRead{Name: readSince(start), SQL: countRead,
			Args: []any{b.Customer.ID, core.SQLTime(start), core.SQLTime(b.Now)}})
	}
	return reads
}

// activeNow returns the active milestones as of the revision b read, from
// the cache when it is that revision, else from the database (in tx, and
// kept for the next booking).
func (f *Feature) activeNow(ctx context.Context, tx *gorm.DB, b *core.BookContext) ([]active, error) {
	list, kept := f.active.get()
	if read, ok := b.Value(readRevision); ok && read == kept {
		return list, nil
	}
	list, revision, err := loadActive(ctx, tx)
	if err != nil {
		return nil, err
	}
	f.active.put(list, revision)
	return list, nil
}

// loadActive lists the active milestones by id with the revision they are
// at, in one statement (so one snapshot).
func loadActive(ctx context.Context, tx *gorm.DB) ([]active, int64, error) {
	var rows []struct {
		Revision     int64
		ID           *int64 // NULL when no milestone is active
		Name         string
		Period       string
		SessionCount int
		CreatedAt    *time.Time
	}
	err := tx.WithContext(ctx).Raw(`SELECT r.revision, m.id, m.name, m.period, m.session_count, m.created_at
		FROM milestones_revision r LEFT JOIN milestones m ON m.active = ? ORDER BY m.id`, true).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("milestones: list active: %w", err)
	}
	if len(rows) == 0 {
		return nil, 0, fmt.Errorf("milestones: milestones_revision is empty")
	}
	var list []active
	for _, r := range rows {
		if r.ID == nil {
			continue
		}
		iv, err := ParseInterval(r.Period)
		if err != nil {
			return nil, 0, fmt.Errorf("milestones: milestone %d: %w", *r.ID, err)
		}
		list = append(list, active{Milestone: Milestone{ID: *r.ID, Name: r.Name, Interval: r.Period,
			SessionCount: r.SessionCount, Active: true, CreatedAt: *r.CreatedAt}, iv: iv})
	}
	return list, rows[0].Revision, nil
}
