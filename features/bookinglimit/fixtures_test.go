package bookinglimit_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// createfixtures respects the limit: a fixture customer who already holds
// bookings on the days the fixtures would pick gets other days instead.
func TestCreateFixturesRespectsLimit(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "Pacific/Auckland", nil)
		// The first fixture customer, booked on the first two days the
		// fixtures give them (the first and second days ahead).
		var jazmine testenv.ID
		f.Expect(http.StatusCreated, "POST", "/api/customers", map[string]any{
			"first_name": "Jazmine", "last_name": "Clayton", "email": "jazmine.clayton@example.com"}, &jazmine)
		today := base.In(f.loc)
		for day := 1; day <= 2; day++ {
			at := time.Date(today.Year(), today.Month(), today.Day()+day, 10, 0, 0, 0, f.loc)
			f.book(jazmine.ID, f.Session(f.classType, at, 0))
		}

		sum, err := f.App.Service.CreateFixtures(context.Background(), true)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Bookings == 0 {
			t.Fatalf("no fixture bookings: %+v", sum)
		}

		var rows []struct {
			CustomerID int64
			Email      string
			StartsAt   time.Time
		}
		if err := f.App.DB.Raw(`SELECT b.customer_id, c.email, s.starts_at FROM bookings b
			JOIN class_sessions s ON s.id = b.class_session_id JOIN customers c ON c.id = b.customer_id
			WHERE b.status IN ?`, core.ActiveStatuses).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		perDay := map[int64]map[string]int{}
		perCustomer := map[int64]int{}
		for _, r := range rows {
			if perDay[r.CustomerID] == nil {
				perDay[r.CustomerID] = map[string]int{}
			}
			day := r.StartsAt.In(f.loc).Format("2006-01-02")
			if perDay[r.CustomerID][day]++; perDay[r.CustomerID][day] > 1 {
				t.Errorf("customer %s holds %d bookings on %s", r.Email, perDay[r.CustomerID][day], day)
			}
			if strings.HasPrefix(r.Email, "jazmine.clayton@") {
				perCustomer[r.CustomerID]++
			}
		}
		if perCustomer[jazmine.ID] != 4 {
			t.Errorf("Jazmine holds %d bookings, want 4 (topped up on other days)", perCustomer[jazmine.ID])
		}
	})
}
