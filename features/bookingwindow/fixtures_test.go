package bookingwindow_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/bookingwindow"
)

// createfixtures adds a Members segment booking 28 days ahead with every
// other fixture customer; a second, forced run adds nothing twice, and
// puts back a member taken out meanwhile.
func TestCreateFixtures(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		feature := bookingwindow.New()
		env := testenv.New(t, kind, testenv.Options{Features: []core.Feature{feature}})
		env.Clock.Set(base)
		ctx, svc := context.Background(), env.App.Service
		for run, force := range []bool{false, true} {
			if _, err := svc.CreateFixtures(ctx, force); err != nil {
				t.Fatal(err)
			}
			if err := feature.CreateFixtures(ctx, svc); err != nil {
				t.Fatalf("run %d: %v", run, err)
			}
			var list []bookingwindow.SegmentJSON
			env.Expect(http.StatusOK, "GET", "/api/booking_segments", nil, &list)
			if len(list) != 1 || list[0].Name != "Members" || list[0].OpensDaysBefore != 28 ||
				len(list[0].Customers) != (len(core.FixtureCustomers)+1)/2 {
				t.Fatalf("run %d: segments %+v", run, list)
			}
			if run == 0 { // taken out: the forced run puts her back
				env.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/booking_segments/%d", list[0].ID),
					map[string]any{"customers": list[0].Customers[1:]}, nil)
			}
		}
	})
}
