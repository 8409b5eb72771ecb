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
	method := methodLabel(c.Request.Method)
	m.requests.WithLabelValues(route, method, statusLabel(c.Writer.Status())).Inc()
	m.duration.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
}

// methodLabel is the method for a label: any client may send any token as
// a method, and each would be a series of its own.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "other"
}

// statusLabel is the status for a label, three digits or "other".
func statusLabel(s int) string {
	if s < 100 || s > 999 {
		return "other"
	}
	return strconv.Itoa(s)
}

// codeLabel is a refusal's code for a label. Codes are our own constants;
// a code that does not look like one counts as "other" rather than risk a
// series per value.
func codeLabel(code string) string {
	if code == "" || len(code) > 64 {
		return "other"
	}
	for _, r := range code {
		if (r < 'a' || r > 'z') && r != '_' {
			return "other"
		}
	}
	return code
}

// logMethod bounds the method written to the request log: a method is a
// token of any length, up to the header limit.
func logMethod(m string) string { return truncate(m, 32+len("…")) }

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
	m.bookingsRefused.WithLabelValues(codeLabel(code)).Inc()
}
