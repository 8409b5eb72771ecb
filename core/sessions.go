package core

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
)

// SessionInput is a class session's writable fields.
type SessionInput struct {
	ClassTypeID     int64
	StartsAt        time.Time
	DurationMinutes int
	// Capacity nil means unlimited.
	Capacity *int
}

// sessionColumns selects a session with its count of active bookings,
// which triggers on bookings keep on the session's row (migration
// core_0003_session_booked_count): read after the row's lock, it is exact.
const sessionColumns = `s.id, s.class_type_id, s.starts_at, s.duration_minutes, s.capacity, s.created_at, s.booked_count`

// CheckClassType refuses, with 422 naming class_type, a class type that
// does not exist: for a body's checks outside any transaction.
func (s *Service) CheckClassType(ctx context.Context, id int64) error {
	return s.classTypeExists(s.db.WithContext(ctx), id)
}

func (s *Service) classTypeExists(tx *gorm.DB, id int64) error {
	var n int64
	if err := tx.Raw("SELECT COUNT(*) FROM class_types WHERE id = ?", id).Scan(&n).Error; err != nil {
		return fmt.Errorf("check class type: %w", err)
	}
	if n == 0 {
		return Invalid("class_type", "class type %d does not exist", id)
	}
	return nil
}

// check refuses a start outside the years 0001–9999 in UTC (CheckTime).
func (in *SessionInput) check() error {
	return CheckTime("starts_at", in.StartsAt)
}

// CreateSession adds a class session (CreateSessions with one).
func (s *Service) CreateSession(ctx context.Context, in SessionInput) (*ClassSession, error) {
	var out []ClassSession
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = s.CreateSessions(ctx, tx, []SessionInput{in})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// sessionBatch is the most sessions one INSERT of CreateSessions carries:
// 6 parameters each stays far below SQLite's 32766 and PostgreSQL's 65535.
const sessionBatch = 1000

// CreateSessions adds class sessions in tx, the caller's transaction, with
// one validation for all (every start within the years 0001–9999, every
// class type existing: one query), then one multi-row INSERT … RETURNING
// per sessionBatch sessions: a feature that makes many at once (a
// schedule's year of a daily class) pays a handful of statements, not a
// round trip per session. It returns them in the order given. Problems
// name the fields as POST /api/class_sessions does (starts_at,
// class_type), each once.
func (s *Service) CreateSessions(ctx context.Context, tx *gorm.DB, in []SessionInput) ([]ClassSession, error) {
	if len(in) == 0 {
		return nil, nil
	}
	var p Problems
	now := s.Now()
	rows := make([]ClassSession, len(in))
	types := map[int64]bool{}
	var typeIDs []int64
	for i := range in {
		if err := in[i].check(); err != nil && len(p) == 0 {
			_ = p.Check(err)
		}
		if !types[in[i].ClassTypeID] {
			types[in[i].ClassTypeID] = true
			typeIDs = append(typeIDs, in[i].ClassTypeID)
		}
		rows[i] = ClassSession{ClassTypeID: in[i].ClassTypeID, StartsAt: in[i].StartsAt.UTC().Truncate(time.Microsecond),
			DurationMinutes: in[i].DurationMinutes, Capacity: in[i].Capacity, CreatedAt: now}
	}
	tx = tx.WithContext(ctx)
	var found []int64
	if err := tx.Raw("SELECT id FROM class_types WHERE id IN ?", typeIDs).Scan(&found).Error; err != nil {
		return nil, fmt.Errorf("check class type: %w", err)
	}
	for _, id := range found {
		delete(types, id)
	}
	for _, id := range typeIDs {
		if types[id] {
			p.Add("class_type", "class type %d does not exist", id)
			break
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := tx.Omit("booked_count").CreateInBatches(&rows, sessionBatch).Error; err != nil {
		if isForeignKeyViolation(err) { // a class type deleted meanwhile
			return nil, Invalid("class_type", "class type %d does not exist", in[0].ClassTypeID)
		}
		return nil, fmt.Errorf("create sessions: %w", err)
	}
	return rows, nil
}

// GetSession returns one session with its booked count.
func (s *Service) GetSession(ctx context.Context, id int64) (*ClassSession, error) {
	return s.getSession(s.db.WithContext(ctx), id, "")
}

func (s *Service) getSession(db *gorm.DB, id int64, lock string) (*ClassSession, error) {
	var rows []ClassSession
	if err := db.Raw("SELECT "+sessionColumns+" FROM class_sessions s WHERE s.id = ?"+lock, id).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("get session: %w", err)
	}
	if len(rows) == 0 {
		return nil, NotFound("class session", id)
	}
	return &rows[0], nil
}

// lockSessionRow locks a session's row before anything about the session is
// read. On PostgreSQL the lock is its own statement: under READ COMMITTED a
// statement reads from the snapshot taken when it began, so counts computed
// by the statement that waited for the lock would miss the bookings
// committed by the transaction it waited for. On SQLite the immediate
// transaction already holds the write lock.
func (s *Service) lockSessionRow(tx *gorm.DB, id int64) error {
	if s.kind != config.Postgres {
		return nil
	}
	if err := tx.Exec("SELECT id FROM class_sessions WHERE id = ? FOR UPDATE", id).Error; err != nil {
		return fmt.Errorf("lock session: %w", err)
	}
	return nil
}

// SessionFilter selects sessions in ListSessions. Zero values do not filter.
// Bounds outside the years 0001–9999 in UTC (as DateTo is for 9999-12-31 in
// a gym west of Greenwich) compare correctly on both databases.
type SessionFilter struct {
	ClassTypeID  int64
	StartsAfter  time.Time
	StartsBefore time.Time
	// Date is a gym-local date: its UTC bounds are DateFrom and DateTo.
	DateFrom, DateTo time.Time
}

// ListSessions lists sessions by start time, then id.
func (s *Service) ListSessions(ctx context.Context, f SessionFilter, p Page) ([]ClassSession, bool, error) {
	q := s.db.WithContext(ctx).Table("class_sessions s").Select(sessionColumns)
	if f.ClassTypeID != 0 {
		q = q.Where("s.class_type_id = ?", f.ClassTypeID)
	}
	if !f.StartsAfter.IsZero() {
		q = q.Where("s.starts_at >= ?", SQLTime(f.StartsAfter))
	}
	if !f.StartsBefore.IsZero() {
		q = q.Where("s.starts_at < ?", SQLTime(f.StartsBefore))
	}
	// DateFrom alone may be the zero time: the date 0001-01-01 in UTC.
	if !f.DateFrom.IsZero() || !f.DateTo.IsZero() {
		q = q.Where("s.starts_at >= ? AND s.starts_at < ?", SQLTime(f.DateFrom), SQLTime(f.DateTo))
	}
	var rows []ClassSession
	if err := p.window(q.Order("s.starts_at, s.id")).Scan(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list sessions: %w", err)
	}
	rows, more := trim(rows, p)
	return rows, more, nil
}

// UpdateSession replaces a session's writable fields. The capacity cannot go
// below the session's active bookings (409 capacity_below_booked). Moving a
// session keeps its bookings. Raising its capacity or moving it runs the
// PlacesFreed hooks.
func (s *Service) UpdateSession(ctx context.Context, id int64, in SessionInput) (*ClassSession, error) {
	var p Problems
	_ = p.Check(in.check())
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.lockSessionRow(tx, id); err != nil {
			return err
		}
		cur, err := s.getSession(tx, id, "")
		if err != nil {
			return err
		}
		if in.ClassTypeID != cur.ClassTypeID {
			if err := p.Check(s.classTypeExists(tx, in.ClassTypeID)); err != nil {
				return err
			}
		}
		if err := p.Err(); err != nil { // every field problem, before any rule's refusal
			return err
		}
		if in.Capacity != nil && int64(*in.Capacity) < cur.BookedCount {
			return Refuse("capacity_below_booked", "capacity %d is below the session's %d active booking(s)", *in.Capacity, cur.BookedCount)
		}
		if err := tx.Exec("UPDATE class_sessions SET class_type_id = ?, starts_at = ?, duration_minutes = ?, capacity = ? WHERE id = ?",
			in.ClassTypeID, in.StartsAt.UTC().Truncate(time.Microsecond), in.DurationMinutes, in.Capacity, id).Error; err != nil {
			return err
		}
		// A capacity raised frees places; a session moved may bring places
		// freed past a hook's cutoff back before it (the waitlist's).
		raised := cur.Capacity != nil && (in.Capacity == nil || *in.Capacity > *cur.Capacity)
		if !raised && in.StartsAt.Equal(cur.StartsAt) {
			return nil
		}
		return s.placesFreed(ctx, tx, id)
	})
	if err != nil {
		if _, ok := AsError(err); ok {
			return nil, err
		}
		return nil, fmt.Errorf("update session: %w", err)
	}
	return s.GetSession(ctx, id)
}

// placesFreed runs the PlacesFreed hooks for a session whose places tx
// freed, its row locked.
func (s *Service) placesFreed(ctx context.Context, tx *gorm.DB, sessionID int64) error {
	if len(s.hooks.PlacesFreed) == 0 {
		return nil
	}
	fc := s.freedContext(sessionID, s.Now())
	var cs checks
	for _, h := range s.hooks.PlacesFreed {
		cs = append(cs, h.PlacesFreed(fc))
	}
	sess, err := s.getSession(tx, sessionID, "")
	if err != nil {
		return err
	}
	fc.Session = sess
	_ = (&seqPipe{s: s, tx: tx}).send(cs.statements()...)
	if err := cs.readErr(); err != nil {
		return err
	}
	return cs.decide(ctx, tx)
}

// DeleteSession deletes a session without active bookings. Its cancelled
// bookings go with it.
func (s *Service) DeleteSession(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.lockSessionRow(tx, id); err != nil {
			return err
		}
		cur, err := s.getSession(tx, id, "")
		if err != nil {
			return err
		}
		if cur.BookedCount > 0 {
			return Refuse("session_has_bookings", "class session %d has %d active booking(s); cancel them first", id, cur.BookedCount)
		}
		if err := tx.Exec("DELETE FROM bookings WHERE class_session_id = ?", id).Error; err != nil {
			if isForeignKeyViolation(err) {
				return Refuse("session_has_bookings", "class session %d has bookings referenced by other records; it cannot be deleted", id)
			}
			return fmt.Errorf("delete session bookings: %w", err)
		}
		if err := tx.Exec("DELETE FROM class_sessions WHERE id = ?", id).Error; err != nil {
			if isForeignKeyViolation(err) {
				return Refuse("session_has_bookings", "class session %d is referenced by other records; it cannot be deleted", id)
			}
			return fmt.Errorf("delete session: %w", err)
		}
		return nil
	})
}

// DeleteSessions deletes, in tx, the caller's transaction, those of the
// sessions ids that hold no active bookings, as DeleteSession would (their
// cancelled bookings go with them), and returns the others, kept, by
// start. It locks the rows first (in id order, so two such deletes never
// deadlock) and reads them after the lock, then deletes in one statement
// per sessionBatch ids: a feature removing many sessions at once (a
// schedule changed) pays a handful of statements.
func (s *Service) DeleteSessions(ctx context.Context, tx *gorm.DB, ids []int64) ([]ClassSession, error) {
	tx = tx.WithContext(ctx)
	var kept []ClassSession
	for chunk := range slices.Chunk(ids, sessionBatch) {
		if s.kind == config.Postgres {
			if err := tx.Exec("SELECT id FROM class_sessions WHERE id IN ? ORDER BY id FOR UPDATE", chunk).Error; err != nil {
				return nil, fmt.Errorf("lock sessions: %w", err)
			}
		}
		var rows []ClassSession
		if err := tx.Raw("SELECT "+sessionColumns+" FROM class_sessions s WHERE s.id IN ?", chunk).Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("read sessions: %w", err)
		}
		var free []int64
		for _, r := range rows {
			if r.BookedCount > 0 {
				kept = append(kept, r)
			} else {
				free = append(free, r.ID)
			}
		}
		if len(free) == 0 {
			continue
		}
		for _, q := range []string{"DELETE FROM bookings WHERE class_session_id IN ?", "DELETE FROM class_sessions WHERE id IN ?"} {
			if err := tx.Exec(q, free).Error; err != nil {
				if isForeignKeyViolation(err) {
					return nil, Refuse("session_has_bookings", "a class session is referenced by other records; it cannot be deleted")
				}
				return nil, fmt.Errorf("delete sessions: %w", err)
			}
		}
	}
	sort.Slice(kept, func(i, j int) bool {
		if !kept[i].StartsAt.Equal(kept[j].StartsAt) {
			return kept[i].StartsAt.Before(kept[j].StartsAt)
		}
		return kept[i].ID < kept[j].ID
	})
	return kept, nil
}
