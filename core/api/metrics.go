package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/gymtastic/gymtastic/core"
)

// Metrics are the Prometheus metrics the API records.
type Metrics struct {
	Registry        *prometheus.Registry
	requests        *prometheus.CounterVec
	duration        *prometheus.HistogramVec
	inFlight        prometheus.Gauge
	bookingsCreated prometheus.Counter
	bookingsRefused *prometheus.CounterVec
}

// NewMetrics registers Gymtastic's metrics, with the Go runtime's, in a
// registry of its own.
func NewMetrics() *Metrics {
	r := prometheus.NewRegistry()
	m := &Metrics{
		Registry: r,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gymtastic_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "gymtastic_http_request_duration_seconds", Help: "HTTP request latency by route and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "gymtastic_http_requests_in_flight", Help: "HTTP requests being served.",
		}),
		bookingsCreated: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "gymtastic_bookings_created_total", Help: "Bookings created.",
		}),
		bookingsRefused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gymtastic_bookings_refused_total", Help: "Booking requests refused, by problem code.",
		}, []string{"code"}),
	}
	r.MustRegister(m.requests, m.duration, m.inFlight, m.bookingsCreated, m.bookingsRefused,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}

// middleware records every request by its route pattern (never the raw
// path, which would explode the label set).
func (m *Metrics) middleware(c *gin.Context) {
	start := time.Now()
	m.inFlight.Inc()
	defer m.inFlight.Dec()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, c.Request.Method, strconv.Itoa(c.Writer.Status())).Inc()
	m.duration.WithLabelValues(route, c.Request.Method).Observe(time.Since(start).Seconds())
}

func (m *Metrics) bookingResult(err error) {
	if m == nil {
		return
	}
	if err == nil {
		m.bookingsCreated.Inc()
		return
	}
	code := "internal_error"
	if ce, ok := core.AsError(err); ok {
		code = ce.Code
	}
	m.bookingsRefused.WithLabelValues(code).Inc()
}
