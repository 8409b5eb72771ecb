package features_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/gymtastic/gymtastic/config"
)

// BenchmarkGetCustomer reads customers through the HTTP handler (no
// network), one client and GOMAXPROCS×4 concurrent ones: the server's cost
// of the API's most frequent request, database included
// (docs/performance.md).
func BenchmarkGetCustomer(b *testing.B) {
	for _, kind := range []config.DatabaseKind{config.SQLite, config.Postgres} {
		for _, parallel := range []bool{false, true} {
			name := string(kind)
			if parallel {
				name += "/parallel"
			}
			b.Run(name, func(b *testing.B) {
				e := newBookingEnv(b, kind, nil)
				var n atomic.Int64
				get := func() {
					id := e.firstCustomer + (n.Add(1) % benchCustomers)
					req := httptest.NewRequest("GET", fmt.Sprintf("/api/customers/%d", id), nil)
					req.Header.Set("Authorization", "Bearer "+e.Secret)
					rec := httptest.NewRecorder()
					e.App.Handler.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Errorf("customer %d: %d %s", id, rec.Code, rec.Body)
					}
				}
				b.ReportAllocs()
				b.ResetTimer()
				if !parallel {
					for i := 0; i < b.N; i++ {
						get()
					}
					return
				}
				b.SetParallelism(4)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						get()
					}
				})
			})
		}
	}
}
