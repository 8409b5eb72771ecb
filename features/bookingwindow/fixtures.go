package bookingwindow

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gymtastic/gymtastic/core"
)

// What createfixtures adds: a Members segment that books four weeks ahead,
// holding every other fixture customer (premium's members).
const (
	fixtureSegment = "Members"
	fixtureDays    = 28
)

// CreateFixtures adds the Members segment, or adds to it the fixture
// customers it lacks (--force); customers it holds already stay.
func (f *Feature) CreateFixtures(ctx context.Context, svc *core.Service) error {
	var members []int64
	for i, name := range core.FixtureCustomers {
		if i%2 != 0 {
			continue
		}
		var ids []int64
		email := strings.ToLower(name[0]+"."+name[1]) + "@example.com"
		if err := f.env.DB.WithContext(ctx).Raw("SELECT id FROM customers WHERE lower(email) = ?", email).Scan(&ids).Error; err != nil {
			return fmt.Errorf("booking window fixtures: %w", err)
		}
		members = append(members, ids...)
	}
	var found []int64
	if err := f.env.DB.WithContext(ctx).Raw("SELECT id FROM booking_segments WHERE lower(name) = lower(?)", fixtureSegment).
		Scan(&found).Error; err != nil {
		return fmt.Errorf("booking window fixtures: %w", err)
	}
	if len(found) == 0 {
		_, err := f.createSegment(ctx, segmentInput{Name: fixtureSegment, OpensDaysBefore: fixtureDays, Customers: members})
		return err
	}
	s, err := f.getSegment(ctx, found[0])
	if err != nil {
		return err
	}
	in := segmentInput{Name: s.Name, OpensDaysBefore: s.OpensDaysBefore, Customers: s.Customers}
	for _, id := range members {
		if !slices.Contains(s.Customers, id) {
			in.Customers = append(in.Customers, id)
		}
	}
	_, err = f.updateSegment(ctx, s.ID, in)
	return err
}
