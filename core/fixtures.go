package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// FixtureCustomers are the customers createfixtures adds, as in the
// original version.
var FixtureCustomers = [][2]string{
	{"Jazmine", "Clayton"}, {"Bryant", "Bailey"}, {"Derek", "Knox"}, {"Valerie", "Matthews"},
	{"Micah", "Hebert"}, {"Silas", "Pennington"}, {"Ryann", "Juarez"}, {"Keenan", "Carroll"},
	{"Demarion", "Frye"}, {"Macey", "Williams"},
}

// fixtureClassTypes are the class types createfixtures adds, with the
// gym-local time of their daily session.
var fixtureClassTypes = []struct {
	Name, Description string
	Hour, Minute      int
}{
	{"Yoga", "Breath, balance and flexibility for every level.", 7, 0},
	{"Crossfit", "High-intensity functional training in small groups.", 12, 0},
	{"Karate", "Traditional karate: technique, kata and sparring.", 18, 0},
	{"Zumba", "Dance fitness to Latin rhythms.", 19, 30},
}

// FixtureClass is one class of the demo timetable: a class type, every
// day at a gym-local clock time.
type FixtureClass struct {
	ClassType       *ClassType
	Hour, Minute    int
	DurationMinutes int
	Capacity        int
}

// fixtureDays is how many days ahead, from tomorrow, core's fixtures make
// sessions when no FixtureTimetable does.
const fixtureDays = 30

// ErrNotEmpty means createfixtures found data and was not forced.
var ErrNotEmpty = errors.New("the database already has customers; run with --force to add fixtures anyway")

// FixtureSummary says what CreateFixtures added.
type FixtureSummary struct {
	Customers, ClassTypes, Sessions, Bookings int
}

// CreateFixtures loads demonstration data: ten customers, four class types,
// one session of each type per day for the next 30 gym-local days, and four
// bookings per customer made through Book, so every enabled rule holds.
// It refuses a database that has customers unless force; forced, it reuses
// what exists (customers by email, class types by name, sessions by type
// and start) and tops customers up to four future bookings.
func (s *Service) CreateFixtures(ctx context.Context, force bool) (FixtureSummary, error) {
	return s.CreateFixturesWith(ctx, force, nil)
}

// CreateFixturesWith is CreateFixtures with the timetable's sessions made
// by tt (nil: by core, a session at a time).
func (s *Service) CreateFixturesWith(ctx context.Context, force bool, tt FixtureTimetable) (FixtureSummary, error) {
	var sum FixtureSummary
	var n int64
	if err := s.db.WithContext(ctx).Model(&Customer{}).Count(&n).Error; err != nil {
		return sum, fmt.Errorf("fixtures: %w", err)
	}
	if n > 0 && !force {
		return sum, ErrNotEmpty
	}
	var customers []*Customer
	for _, name := range FixtureCustomers {
		email := strings.ToLower(name[0]+"."+name[1]) + "@example.com"
		var c Customer
		err := s.db.WithContext(ctx).Where("lower(email) = ?", email).Take(&c).Error
		if isNotFound(err) {
			nc, err := s.CreateCustomer(ctx, CustomerInput{FirstName: name[0], LastName: name[1], Email: email})
			if err != nil {
				return sum, fmt.Errorf("fixtures: %w", err)
			}
			c, sum.Customers = *nc, sum.Customers+1
		} else if err != nil {
			return sum, fmt.Errorf("fixtures: %w", err)
		}
		customers = append(customers, &c)
	}
	var classes []FixtureClass
	for _, ft := range fixtureClassTypes {
		ct, created, err := s.ensureClassType(ctx, ft.Name, ft.Description)
		if err != nil {
			return sum, err
		}
		if created {
			sum.ClassTypes++
		}
		classes = append(classes, FixtureClass{ClassType: ct, Hour: ft.Hour, Minute: ft.Minute, DurationMinutes: 60, Capacity: 12})
	}
	var sessions []ClassSession
	var err error
	if tt != nil {
		sessions, sum.Sessions, err = tt.CreateTimetable(ctx, s, classes)
	} else {
		sessions, sum.Sessions, err = s.fixtureSessions(ctx, classes)
	}
	if err != nil {
		return sum, fmt.Errorf("fixtures: %w", err)
	}
	for i, c := range customers {
		var held int64
		if err := s.db.WithContext(ctx).Model(&Booking{}).
			Joins("JOIN class_sessions ON class_sessions.id = bookings.class_session_id").
			Where("bookings.customer_id = ? AND bookings.status IN ? AND class_sessions.starts_at > ?", c.ID, ActiveStatuses, s.Now()).
			Count(&held).Error; err != nil {
			return sum, fmt.Errorf("fixtures: %w", err)
		}
		// Spread customers over the month; refusals by any enabled rule
		// (limits, premium, …) just move on to the next session.
		for j := 0; held < 4 && j < len(sessions); j++ {
			sess := sessions[(i*7+j*5)%len(sessions)]
			if _, err := s.Book(ctx, c.ID, sess.ID); err != nil {
				if _, refused := AsError(err); refused {
					continue
				}
				return sum, fmt.Errorf("fixtures: book: %w", err)
			}
			held++
			sum.Bookings++
		}
	}
	return sum, nil
}

// fixtureSessions makes one session of each class a day for fixtureDays
// days from tomorrow, reusing a session of the class type at that start.
func (s *Service) fixtureSessions(ctx context.Context, classes []FixtureClass) ([]ClassSession, int, error) {
	var sessions []ClassSession
	created := 0
	today := s.Now().In(s.loc)
	for day := 1; day <= fixtureDays; day++ {
		for _, fc := range classes {
			start := time.Date(today.Year(), today.Month(), today.Day()+day, fc.Hour, fc.Minute, 0, 0, s.loc).UTC()
			var existing []ClassSession
			if err := s.db.WithContext(ctx).Where("class_type_id = ? AND starts_at = ?", fc.ClassType.ID, start).Find(&existing).Error; err != nil {
				return nil, 0, err
			}
			if len(existing) > 0 {
				sessions = append(sessions, existing[0])
				continue
			}
			capacity := fc.Capacity
			cs, err := s.CreateSession(ctx, SessionInput{ClassTypeID: fc.ClassType.ID, StartsAt: start, DurationMinutes: fc.DurationMinutes, Capacity: &capacity})
			if err != nil {
				return nil, 0, err
			}
			sessions = append(sessions, *cs)
			created++
		}
	}
	return sessions, created, nil
}

func (s *Service) ensureClassType(ctx context.Context, name, desc string) (*ClassType, bool, error) {
	var ct ClassType
	err := s.db.WithContext(ctx).Where("lower(name) = lower(?)", name).Take(&ct).Error
	if err == nil {
		return &ct, false, nil
	}
	if !isNotFound(err) {
		return nil, false, fmt.Errorf("fixtures: %w", err)
	}
	nct, err := s.CreateClassType(ctx, ClassTypeInput{Name: name, Description: desc})
	if err != nil {
		return nil, false, fmt.Errorf("fixtures: %w", err)
	}
	return nct, true, nil
}

// EnsureClassType returns the class type with name, creating it if needed;
// for features' fixtures.
func (s *Service) EnsureClassType(ctx context.Context, name, desc string) (*ClassType, error) {
	ct, _, err := s.ensureClassType(ctx, name, desc)
	return ct, err
}
