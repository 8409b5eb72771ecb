package premium

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gymtastic/gymtastic/core"
)

// What createfixtures adds: a premium Swimming class type with a daily
// session, a plan unlocking it, and memberships for every other fixture
// customer.
const (
	fixtureClassType      = "Swimming"
	fixturePlan           = "Premium"
	fixtureDays           = 30
	fixtureHour           = 16
	fixtureCapacity       = 8
	fixturePriceCents     = 4900
	fixtureSwimsPerMember = 2
)

// CreateFixtures adds the feature's demonstration data after core's. It
// reuses what exists (the class type and plan by name, sessions by start,
// a member's membership covering today), so it can run again with --force.
// Swimming bookings go through core's Book, so every enabled rule holds;
// a refused one just moves on to the next session.
func (f *Feature) CreateFixtures(ctx context.Context, svc *core.Service) error {
	ct, err := svc.EnsureClassType(ctx, fixtureClassType, "Swimming lessons in the new pool, for premium members.")
	if err != nil {
		return err
	}
	if _, _, err := f.mark(ctx, ct.ID); err != nil {
		return err
	}
	plan, err := f.ensureFixturePlan(ctx, ct.ID)
	if err != nil {
		return err
	}
	sessions, err := f.ensureFixtureSessions(ctx, svc, ct.ID)
	if err != nil {
		return err
	}
	today := core.DateOf(svc.Now(), svc.Location())
	for i, name := range core.FixtureCustomers {
		if i%2 != 0 {
			continue
		}
		var ids []int64
		email := strings.ToLower(name[0]+"."+name[1]) + "@example.com"
		if err := f.env.DB.WithContext(ctx).Raw("SELECT id FROM customers WHERE lower(email) = ?", email).Scan(&ids).Error; err != nil {
			return fmt.Errorf("premium fixtures: %w", err)
		}
		if len(ids) == 0 {
			continue
		}
		if err := f.ensureFixtureMembership(ctx, ids[0], plan, today); err != nil {
			return err
		}
		if err := bookSwims(ctx, svc, ids[0], ct.ID, sessions, i); err != nil {
			return err
		}
	}
	return nil
}

func (f *Feature) ensureFixturePlan(ctx context.Context, classType int64) (*Plan, error) {
	var ids []int64
	if err := f.env.DB.WithContext(ctx).Raw("SELECT id FROM membership_plans WHERE lower(name) = lower(?)", fixturePlan).
		Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("premium fixtures: %w", err)
	}
	if len(ids) == 0 {
		return f.createPlan(ctx, planInput{Name: fixturePlan, PriceCents: fixturePriceCents, DurationDays: 30,
			Description: "Thirty days of swimming lessons, paid in cash at the front desk.", ClassTypes: []int64{classType}})
	}
	p, err := f.getPlan(ctx, ids[0])
	if err != nil {
		return nil, err
	}
	for _, id := range p.ClassTypes {
		if id == classType {
			return p, nil
		}
	}
	in := planInput{Name: p.Name, Description: p.Description, PriceCents: p.PriceCents, DurationDays: p.DurationDays,
		ClassTypes: append(p.ClassTypes, classType)}
	return f.updatePlan(ctx, p.ID, in)
}

// ensureFixtureSessions returns one Swimming session a day for the fixture
// days, at fixtureHour gym time, creating those missing.
func (f *Feature) ensureFixtureSessions(ctx context.Context, svc *core.Service, classType int64) ([]int64, error) {
	now := svc.Now().In(svc.Location())
	var out []int64
	for day := 1; day <= fixtureDays; day++ {
		start := time.Date(now.Year(), now.Month(), now.Day()+day, fixtureHour, 0, 0, 0, svc.Location()).UTC()
		var ids []int64
		if err := f.env.DB.WithContext(ctx).Raw("SELECT id FROM class_sessions WHERE class_type_id = ? AND starts_at = ?",
			classType, start).Scan(&ids).Error; err != nil {
			return nil, fmt.Errorf("premium fixtures: %w", err)
		}
		if len(ids) > 0 {
			out = append(out, ids[0])
			continue
		}
		capacity := fixtureCapacity
		s, err := svc.CreateSession(ctx, core.SessionInput{ClassTypeID: classType, StartsAt: start, DurationMinutes: 45,
			Capacity: &capacity})
		if err != nil {
			return nil, fmt.Errorf("premium fixtures: %w", err)
		}
		out = append(out, s.ID)
	}
	return out, nil
}

// ensureFixtureMembership gives the customer a membership of the plan from
// today, paid in cash now, unless one already covers today.
func (f *Feature) ensureFixtureMembership(ctx context.Context, customer int64, plan *Plan, today core.Date) error {
	var n int64
	if err := f.env.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM memberships WHERE customer_id = ? AND plan_id = ?
		AND status = ? AND starts_on <= ? AND ends_on >= ?`, customer, plan.ID, StatusActive, today, today).
		Scan(&n).Error; err != nil {
		return fmt.Errorf("premium fixtures: %w", err)
	}
	if n > 0 {
		return nil
	}
	_, err := f.createMembership(ctx, membershipInput{CustomerID: customer, PlanID: plan.ID, StartsOn: string(today),
		AmountPaidCents: plan.PriceCents})
	return err
}

// bookSwims tops a member up to fixtureSwimsPerMember future Swimming
// bookings, spreading members over the month; steps of 7 days (coprime
// with the 30 fixture days) try every session once.
func bookSwims(ctx context.Context, svc *core.Service, customer, classType int64, sessions []int64, spread int) error {
	var held int64
	if err := svc.DB().WithContext(ctx).Model(&core.Booking{}).
		Joins("JOIN class_sessions ON class_sessions.id = bookings.class_session_id").
		Where("bookings.customer_id = ? AND bookings.status IN ? AND class_sessions.class_type_id = ? AND class_sessions.starts_at > ?",
			customer, core.ActiveStatuses, classType, svc.Now()).
		Count(&held).Error; err != nil {
		return fmt.Errorf("premium fixtures: %w", err)
	}
	for j := 0; held < fixtureSwimsPerMember && j < len(sessions); j++ {
		if _, err := svc.Book(ctx, customer, sessions[(spread*3+j*7)%len(sessions)]); err != nil {
			if _, refused := core.AsError(err); refused {
				continue
			}
			return fmt.Errorf("premium fixtures: book: %w", err)
		}
		held++
	}
	return nil
}
