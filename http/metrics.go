package http

import (
	"context"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/vigil-sec/vigil"
)

// metrics are the server's Prometheus metrics. Label values come from route patterns, status codes, check
// names and list names, never from request data, so their number stays bounded.
type metrics struct {
	requests        *prometheus.CounterVec
	requestDuration *prometheus.HistogramVec
	screenings      *prometheus.CounterVec
	findingsOpened  *prometheus.CounterVec
	lists           *listCollector
}

func newMetrics(s *Server) *metrics {
	return &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vigil_http_requests_total",
			Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		requestDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "vigil_http_request_duration_seconds",
			Help:    "HTTP request duration by route pattern and status code.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300},
		}, []string{"route", "code"}),
		screenings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vigil_screenings_total",
			Help: "Subjects screened through the API, by mode (stored or dry_run).",
		}, []string{"mode"}),
		findingsOpened: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vigil_findings_opened_total",
			Help: "Findings opened by stored screenings through the API (open now, not open before), by check.",
		}, []string{"check"}),
		lists: &listCollector{
			server: s,
			entries: prometheus.NewDesc("vigil_list_entries",
				"Entries in the active version of each watch-list.", []string{"list"}, nil),
			age: prometheus.NewDesc("vigil_list_age_seconds",
				"Age of the active version of each watch-list: now minus the date its data is as of.", []string{"list"}, nil),
		},
	}
}

func (m *metrics) register(reg *prometheus.Registry) {
	reg.MustRegister(m.requests, m.requestDuration, m.screenings, m.findingsOpened, m.lists,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Start the screening series at zero so that rate() works from the first screening on.
	m.screenings.WithLabelValues("stored")
	m.screenings.WithLabelValues("dry_run")
}

func (m *metrics) observeRequest(route string, status int, elapsed time.Duration) {
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(route, code).Inc()
	m.requestDuration.WithLabelValues(route, code).Observe(elapsed.Seconds())
}

// observeReport counts a screening and, for a stored one, the findings it opened: open findings whose key
// was not open before.
func (m *metrics) observeReport(r *vigil.Report, before map[string]bool) {
	if !r.Stored {
		m.screenings.WithLabelValues("dry_run").Inc()
		return
	}
	m.screenings.WithLabelValues("stored").Inc()
	for _, f := range r.Findings {
		if (f.Status == "" || f.Status == vigil.FindingOpen) && !before[f.Key] {
			m.findingsOpened.WithLabelValues(f.Check).Inc()
		}
	}
}

// listCollector reads the active list versions from the store at scrape time, so that the figures are right
// whoever imported the lists (this server, the CLI, another worker).
type listCollector struct {
	server  *Server
	entries *prometheus.Desc
	age     *prometheus.Desc
}

func (c *listCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.entries
	ch <- c.age
}

func (c *listCollector) Collect(ch chan<- prometheus.Metric) {
	if c.server.Store == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	active := true
	versions, err := c.server.Store.FindListVersions(ctx, vigil.ListVersionFilter{Active: &active})
	if err != nil {
		c.server.logger().Error("metrics: read list versions", "error", err)
		ch <- prometheus.NewInvalidMetric(c.entries, err)
		return
	}
	now := c.server.now()
	for _, v := range versions {
		ch <- prometheus.MustNewConstMetric(c.entries, prometheus.GaugeValue, float64(v.Entries), v.List)
		ch <- prometheus.MustNewConstMetric(c.age, prometheus.GaugeValue, now.Sub(v.AsOf).Seconds(), v.List)
	}
}
