package bookingwindow

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// MaxSegmentCustomers is the most customers a segment lists: the API's
// bound on every array in a body. A larger group is several segments with
// the same opens_days_before (a customer gets the earliest of hers).
const MaxSegmentCustomers = 1000

// segmentInput is a segment's writable fields.
type segmentInput struct {
	Name            string
	OpensDaysBefore int
	Customers       []int64
}

// clean trims the name (core.Name: one line, NFC), sorts the customers and
// checks the bounds, naming the field at fault.
func (in *segmentInput) clean() error {
	var err error
	if in.Name, err = core.Name("name", in.Name); err != nil {
		return err
	}
	if d := in.OpensDaysBefore; d < 1 || d > MaxOpensDaysBefore {
		return core.Invalid("opens_days_before", "must be between 1 and %d", MaxOpensDaysBefore)
	}
	if len(in.Customers) > MaxSegmentCustomers {
		return core.Invalid("customers", "at most %d customers", MaxSegmentCustomers)
	}
	ids := append([]int64(nil), in.Customers...)
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for i := range ids {
		if i > 0 && ids[i] == ids[i-1] {
			return core.Invalid("customers", "customer %d is listed twice", ids[i])
		}
	}
	in.Customers = ids
	return nil
}

func (f *Feature) createSegment(ctx context.Context, in segmentInput) (*Segment, error) {
	if err := in.clean(); err != nil {
		return nil, err
	}
	s := &Segment{Name: in.Name, OpensDaysBefore: in.OpensDaysBefore, CreatedAt: f.env.Timestamp(), Customers: in.Customers}
	err := f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(s).Error; err != nil {
			return err
		}
		return f.setCustomers(tx, s.ID, in.Customers)
	})
	if err != nil {
		return nil, segmentWriteError(err, in.Name)
	}
	return s, nil
}

// setCustomers replaces a segment's customers, after checking that each
// exists (and keeping it from being deleted until commit, on PostgreSQL).
func (f *Feature) setCustomers(tx *gorm.DB, segmentID int64, ids []int64) error {
	if err := tx.Exec("DELETE FROM booking_segment_customers WHERE segment_id = ?", segmentID).Error; err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	var found []int64
	if err := tx.Raw("SELECT id FROM customers WHERE id IN ? ORDER BY id"+core.ForKeyShare(f.env.Kind), ids).
		Scan(&found).Error; err != nil {
		return err
	}
	for i, id := range ids { // both ascending
		if i >= len(found) || found[i] != id {
			return core.Invalid("customers", "customer %d does not exist", id)
		}
	}
	links := make([]map[string]any, len(ids))
	for i, id := range ids {
		links[i] = map[string]any{"segment_id": segmentID, "customer_id": id}
	}
	return tx.Table("booking_segment_customers").CreateInBatches(links, 1000).Error
}

// ErrSegmentNameTaken refuses a second segment of one name.
var ErrSegmentNameTaken = core.Refuse("name_taken", "a booking segment of this name already exists")

// segmentWriteError maps a failed segment write to the API's answer.
func segmentWriteError(err error, name string) error {
	switch {
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return core.Refuse("name_taken", "a booking segment named %q already exists", name)
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		// A customer was deleted while the segment was written.
		return core.Invalid("customers", "a customer listed no longer exists")
	}
	if _, ok := core.AsError(err); ok {
		return err
	}
	return fmt.Errorf("write booking segment: %w", err)
}

func (f *Feature) getSegment(ctx context.Context, id int64) (*Segment, error) {
	var rows []Segment
	if err := f.env.DB.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("get booking segment: %w", err)
	}
	if len(rows) == 0 {
		return nil, core.NotFound("booking segment", id)
	}
	if err := f.loadCustomers(ctx, rows); err != nil {
		return nil, err
	}
	return &rows[0], nil
}

// listSegments lists segments by id; customer, when not 0, keeps those she
// is in.
func (f *Feature) listSegments(ctx context.Context, customer int64, p core.Page) ([]Segment, bool, error) {
	q := f.env.DB.WithContext(ctx)
	if customer != 0 {
		q = q.Where("id IN (SELECT segment_id FROM booking_segment_customers WHERE customer_id = ?)", customer)
	}
	var rows []Segment
	if err := q.Order("id").Limit(p.Limit + 1).Offset(p.Offset).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list booking segments: %w", err)
	}
	rows, more := core.Trim(rows, p)
	if err := f.loadCustomers(ctx, rows); err != nil {
		return nil, false, err
	}
	return rows, more, nil
}

// loadCustomers fills the segments' customers in one query.
func (f *Feature) loadCustomers(ctx context.Context, segments []Segment) error {
	if len(segments) == 0 {
		return nil
	}
	ids := make([]int64, len(segments))
	byID := map[int64]*Segment{}
	for i := range segments {
		ids[i] = segments[i].ID
		segments[i].Customers = []int64{}
		byID[segments[i].ID] = &segments[i]
	}
	var links []struct{ SegmentID, CustomerID int64 }
	if err := f.env.DB.WithContext(ctx).Raw(`SELECT segment_id, customer_id FROM booking_segment_customers
		WHERE segment_id IN ? ORDER BY segment_id, customer_id`, ids).Scan(&links).Error; err != nil {
		return fmt.Errorf("booking segments' customers: %w", err)
	}
	for _, l := range links {
		byID[l.SegmentID].Customers = append(byID[l.SegmentID].Customers, l.CustomerID)
	}
	return nil
}

// updateSegment replaces a segment's writable fields and customers.
func (f *Feature) updateSegment(ctx context.Context, id int64, in segmentInput) (*Segment, error) {
	if err := in.clean(); err != nil {
		return nil, err
	}
	err := f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Segment{}).Where("id = ?", id).Updates(map[string]any{"name": in.Name,
			"opens_days_before": in.OpensDaysBefore})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return core.NotFound("booking segment", id)
		}
		return f.setCustomers(tx, id, in.Customers)
	})
	if err != nil {
		return nil, segmentWriteError(err, in.Name)
	}
	return f.getSegment(ctx, id)
}

// deleteSegment deletes a segment and its list of customers; bookings are
// not its to touch.
func (f *Feature) deleteSegment(ctx context.Context, id int64) error {
	res := f.env.DB.WithContext(ctx).Exec("DELETE FROM booking_segments WHERE id = ?", id)
	if res.Error != nil {
		return fmt.Errorf("delete booking segment: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return core.NotFound("booking segment", id)
	}
	return nil
}
