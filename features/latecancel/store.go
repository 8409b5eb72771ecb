package latecancel

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
)

// effectivePolicy is the cutoff that applies to a class type.
type effectivePolicy struct {
	ClassTypeID   int64
	CutoffMinutes int
	Source        string
}

// policy returns the cutoff that applies to a class type, in one query; 404
// for an unknown class type.
func (f *Feature) policy(ctx context.Context, classTypeID int64) (*effectivePolicy, error) {
	var rows []struct {
		ID            int64
		CutoffMinutes *int
	}
	if err := f.env.DB.WithContext(ctx).Raw(`SELECT ct.id, p.cutoff_minutes FROM class_types ct
		LEFT JOIN late_cancel_policies p ON p.class_type_id = ct.id WHERE ct.id = ?`, classTypeID).
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("get late cancel policy: %w", err)
	}
	if len(rows) == 0 {
		return nil, core.NotFound("class type", classTypeID)
	}
	if rows[0].CutoffMinutes == nil {
		return &effectivePolicy{ClassTypeID: classTypeID, CutoffMinutes: f.cfg.DefaultCutoffMinutes, Source: SourceDefault}, nil
	}
	return &effectivePolicy{ClassTypeID: classTypeID, CutoffMinutes: *rows[0].CutoffMinutes, Source: SourceClassType}, nil
}

// setPolicy creates or replaces a class type's policy in one atomic
// statement (an upsert of the row, only if the class type exists).
func (f *Feature) setPolicy(ctx context.Context, classTypeID int64, minutes int) (*effectivePolicy, error) {
	if minutes < 0 || minutes > MaxCutoffMinutes {
		return nil, core.Invalid("cutoff_minutes", "must be between 0 and %d (one week)", MaxCutoffMinutes)
	}
	now := f.env.Timestamp()
	res := f.env.DB.WithContext(ctx).Exec(`INSERT INTO late_cancel_policies (class_type_id, cutoff_minutes, created_at, updated_at)
		SELECT id, ?, ?, ? FROM class_types WHERE id = ?
		ON CONFLICT (class_type_id) DO UPDATE SET cutoff_minutes = excluded.cutoff_minutes, updated_at = excluded.updated_at`,
		minutes, now, now, classTypeID)
	if res.Error != nil {
		// The class type was deleted while the policy was being written.
		if errors.Is(res.Error, gorm.ErrForeignKeyViolated) {
			return nil, core.NotFound("class type", classTypeID)
		}
		return nil, fmt.Errorf("set late cancel policy: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, core.NotFound("class type", classTypeID)
	}
	return &effectivePolicy{ClassTypeID: classTypeID, CutoffMinutes: minutes, Source: SourceClassType}, nil
}

// resetPolicy deletes a class type's policy, returning it to the default.
// Resetting a class type that has none is not an error.
func (f *Feature) resetPolicy(ctx context.Context, classTypeID int64) error {
	res := f.env.DB.WithContext(ctx).Exec("DELETE FROM late_cancel_policies WHERE class_type_id = ?", classTypeID)
	if res.Error != nil {
		return fmt.Errorf("reset late cancel policy: %w", res.Error)
	}
	if res.RowsAffected > 0 {
		return nil
	}
	var ids []int64
	if err := f.env.DB.WithContext(ctx).Raw("SELECT id FROM class_types WHERE id = ?", classTypeID).Scan(&ids).Error; err != nil {
		return fmt.Errorf("reset late cancel policy: %w", err)
	}
	if len(ids) == 0 {
		return core.NotFound("class type", classTypeID)
	}
	return nil
}

// reportFilter selects late cancels for the report. Zero values do not
// filter.
type reportFilter struct {
	CustomerID int64
	// From and To bound the session's starts_at (from inclusive, to
	// exclusive).
	From, To time.Time
}

// reportRow is one customer's late cancels.
type reportRow struct {
	CustomerID  int64
	LateCancels int64
	BookingIDs  string
	bookings    []int64
}

// report groups the bookings that are late_cancelled now (forgiven ones are
// cancelled, so they drop out) by customer, most first, in one query read
// from ix_late_cancels_bookings.
func (f *Feature) report(ctx context.Context, rf reportFilter, p core.Page) ([]reportRow, bool, error) {
	q, args := reportQuery(f.env.Kind, rf, p)
	var rows []reportRow
	if err := f.env.DB.WithContext(ctx).Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("late cancels report: %w", err)
	}
	for i := range rows {
		list, err := parseIDs(rows[i].BookingIDs)
		if err != nil {
			return nil, false, fmt.Errorf("late cancels report: %w", err)
		}
		rows[i].bookings = list
	}
	if len(rows) > p.Limit {
		return rows[:p.Limit], true, nil
	}
	return rows, false, nil
}

// reportQuery is the report's SQL and arguments, fetching one row more than
// the page to tell whether more follow.
func reportQuery(kind config.DatabaseKind, rf reportFilter, p core.Page) (string, []any) {
	ids := "group_concat(b.id, ',')"
	if kind == config.Postgres {
		ids = "string_agg(CAST(b.id AS TEXT), ',' ORDER BY b.id)"
	}
	q := `SELECT b.customer_id, COUNT(*) AS late_cancels, ` + ids + ` AS booking_ids
		FROM bookings b JOIN class_sessions s ON s.id = b.class_session_id
		WHERE b.status = 'late_cancelled'`
	var args []any
	if rf.CustomerID != 0 {
		q, args = q+" AND b.customer_id = ?", append(args, rf.CustomerID)
	}
	if !rf.From.IsZero() {
		q, args = q+" AND s.starts_at >= ?", append(args, core.SQLTime(rf.From))
	}
	if !rf.To.IsZero() {
		q, args = q+" AND s.starts_at < ?", append(args, core.SQLTime(rf.To))
	}
	q += " GROUP BY b.customer_id ORDER BY COUNT(*) DESC, b.customer_id LIMIT ? OFFSET ?"
	return q, append(args, p.Limit+1, p.Offset)
}

// parseIDs reads a comma-separated id list, sorted ascending (SQLite's
// group_concat has no order).
func parseIDs(s string) ([]int64, error) {
	parts := strings.Split(s, ",")
	out := make([]int64, 0, len(parts))
	for _, p := range parts {
		id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("booking id %q: %w", p, err)
		}
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// decisionRow is a booking's decision with the booking's status now.
type decisionRow struct {
	Decision
	Status string
}

// decision returns the decision recorded when a booking was cancelled; 404
// when the booking does not exist or was not cancelled while the feature
// was enabled. A customer's own bookings alone are found (core.OwnerOf in
// both queries): another's is 404 as one that does not exist.
func (f *Feature) decision(ctx context.Context, bookingID int64) (*decisionRow, error) {
	// The owner's condition is left out for staff rather than written
	// "? = 0 OR": PostgreSQL would type that parameter int4.
	mine, args := "", []any{bookingID}
	if owner := core.OwnerOf(ctx); owner != 0 {
		mine, args = " AND b.customer_id = ?", append(args, owner)
	}
	var rows []decisionRow
	if err := f.env.DB.WithContext(ctx).Raw(`SELECT d.*, b.status FROM late_cancel_decisions d
		JOIN bookings b ON b.id = d.booking_id WHERE d.booking_id = ?`+mine, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("get late cancel decision: %w", err)
	}
	if len(rows) > 0 {
		return &rows[0], nil
	}
	var status []string
	if err := f.env.DB.WithContext(ctx).Raw("SELECT b.status FROM bookings b WHERE b.id = ?"+mine, args...).Scan(&status).Error; err != nil {
		return nil, fmt.Errorf("get late cancel decision: %w", err)
	}
	if len(status) == 0 {
		return nil, core.NotFound("booking", bookingID)
	}
	return nil, &core.Error{Status: http.StatusNotFound, Code: "not_found", Detail: fmt.Sprintf(
		"booking %d (%s) has no late-cancel decision: it was not cancelled while the late cancels feature was enabled",
		bookingID, status[0])}
}
