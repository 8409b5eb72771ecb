package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

func TestSmokeBooking(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		c := env.Customer("Ada")
		ct := env.ClassType("Yoga")
		s := env.Session(ct, time.Now().Add(24*time.Hour), 1)
		if r := env.Book(c, s); r.Status != http.StatusCreated {
			t.Fatalf("book: %d %s", r.Status, r.Body)
		}
		env.ExpectProblem(http.StatusConflict, "session_full", "POST", "/api/bookings",
			map[string]any{"customer": env.Customer("Bob"), "class_session": s})
	})
}
