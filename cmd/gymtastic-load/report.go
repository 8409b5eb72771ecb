package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// recorder keeps every latency per operation (bounded by -n) and status
// counts.
type recorder struct {
	mu       sync.Mutex
	lat      map[op][]time.Duration
	statuses map[op]map[string]int
}

func newRecorder() *recorder {
	return &recorder{lat: map[op][]time.Duration{}, statuses: map[op]map[string]int{}}
}

func (r *recorder) add(kind op, d time.Duration, status int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lat[kind] = append(r.lat[kind], d)
	if r.statuses[kind] == nil {
		r.statuses[kind] = map[string]int{}
	}
	key := strconv.Itoa(status)
	if err != nil {
		key = "error"
	}
	r.statuses[kind][key]++
}

type report struct {
	scenario string
	clients  int
	elapsed  time.Duration
	rec      *recorder
	peakRSS  int64
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p)
	return sorted[i]
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "scenario=%s clients=%d duration=%s\n", r.scenario, r.clients, r.elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "%-14s %9s %10s %9s %9s %9s  %s\n", "operation", "requests", "req/s", "p50", "p90", "p99", "statuses")
	ops := make([]string, 0, len(r.rec.lat))
	for k := range r.rec.lat {
		ops = append(ops, string(k))
	}
	sort.Strings(ops)
	for _, k := range ops {
		l := r.rec.lat[op(k)]
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		var st []string
		for code, n := range r.rec.statuses[op(k)] {
			st = append(st, fmt.Sprintf("%s:%d", code, n))
		}
		sort.Strings(st)
		fmt.Fprintf(w, "%-14s %9d %10.1f %9s %9s %9s  %s\n", k, len(l), float64(len(l))/r.elapsed.Seconds(),
			ms(percentile(l, .5)), ms(percentile(l, .9)), ms(percentile(l, .99)), strings.Join(st, " "))
	}
	if r.peakRSS > 0 {
		fmt.Fprintf(w, "server peak RSS: %.1f MB\n", float64(r.peakRSS)/(1<<20))
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

// rssSampler samples a process's resident set size every 100ms.
type rssSampler struct {
	done chan struct{}
	peak chan int64
}

func startRSS(pid int) *rssSampler {
	s := &rssSampler{done: make(chan struct{}), peak: make(chan int64, 1)}
	go func() {
		var peak int64
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if pid > 0 {
				if v := readRSS(pid); v > peak {
					peak = v
				}
			}
			select {
			case <-s.done:
				s.peak <- peak
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *rssSampler) stop() int64 {
	close(s.done)
	return <-s.peak
}

func readRSS(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}
