package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// op is one kind of request the load tool makes.
type op string

const (
	opBook        op = "book"
	opCancel      op = "cancel"
	opGetCustomer op = "get_customer"
	opListSession op = "list_sessions"
	// The promote scenario's: a join of a full session's waitlist, and
	// the cancel that frees its place and so books the waiting customer.
	opJoin          op = "join"
	opCancelPromote op = "cancel_promote"
)

// pairs hands out unique (customer, session) pairs: in round r customer c
// books session lo + (c*7919 + r*104729) mod n. Runs with different seeds
// start at different rounds, so they do not repeat each other's pairs.
type pairs struct {
	mu          sync.Mutex
	cLo, cHi    int
	sLo, sHi    int
	next, round int
	rng         *rand.Rand
}

func (p *pairs) take() (int, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.cHi - p.cLo + 1
	c := p.cLo + p.next
	p.next++
	if p.next >= n {
		p.next = 0
		p.round++
	}
	sn := p.sHi - p.sLo + 1
	s := p.sLo + (c*7919+p.round*104729)%sn
	return c, s
}

func (p *pairs) customer() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cLo + p.rng.IntN(p.cHi-p.cLo+1)
}

func parseRange(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "-")
	lo, err1 := strconv.Atoi(a)
	hi, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || lo < 1 || hi < lo {
		return 0, 0, fmt.Errorf("bad range %q, want LO-HI", s)
	}
	return lo, hi, nil
}

func run(ctx context.Context, o options) (*report, error) {
	urls := o.baseURLs()
	if len(urls) == 0 {
		return nil, fmt.Errorf("no -url")
	}
	for _, u := range urls {
		if _, _, err := target(u); err != nil {
			return nil, err
		}
	}
	cLo, cHi, err := parseRange(o.customers)
	if err != nil {
		return nil, err
	}
	sLo, sHi, err := parseRange(o.sessions)
	if err != nil {
		return nil, err
	}
	if o.scenario == "promote" && cHi == cLo {
		return nil, fmt.Errorf("promote takes two customers an iteration: -customers %q has one", o.customers)
	}
	var created *bufio.Writer
	var createdMu sync.Mutex
	if o.created != "" {
		f, err := os.Create(o.created)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		created = bufio.NewWriter(f)
		defer created.Flush()
	}
	p := &pairs{cLo: cLo, cHi: cHi, sLo: sLo, sHi: sHi, round: int(o.seed), rng: rand.New(rand.NewPCG(uint64(o.seed), 7))}
	rec := newRecorder()
	rss := startRSS(o.pid)
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	var budget atomic.Int64
	budget.Store(int64(o.maxRequests))
	var rr atomic.Uint64
	var used atomic.Int64 // promote: the sessions taken so far
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < o.clients; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			cl := newClient(ctx, o.key)
			defer cl.close()
			// measure runs one request of kind and records it; it reports
			// the created booking's id and whether the run goes on.
			record := func(kind op, t0 time.Time, status int, id int64, err error) bool {
				if ctx.Err() != nil && err != nil {
					return false // cut off by the end of the run: not counted
				}
				rec.add(kind, time.Since(t0), status, err)
				if kind == opBook && status == http.StatusCreated && created != nil {
					createdMu.Lock()
					fmt.Fprintln(created, id)
					createdMu.Unlock()
				}
				return true
			}
			measure := func(kind op) (int64, bool) {
				base := urls[rr.Add(1)%uint64(len(urls))]
				t0 := time.Now()
				status, id, err := do(cl, base, kind, p)
				if !record(kind, t0, status, id, err) || status != http.StatusCreated {
					return 0, false
				}
				return id, true
			}
			// post makes one POST of kind and records it; it reports the
			// id in the answer and whether it succeeded (200 or 201).
			post := func(kind op, path, body string) (int64, bool) {
				base := urls[rr.Add(1)%uint64(len(urls))]
				t0 := time.Now()
				status, id, err := request(cl, base, http.MethodPost, path, body)
				ok := record(kind, t0, status, id, err) && err == nil
				return id, ok && (status == http.StatusCreated || status == http.StatusOK)
			}
			cancelBooking := func(kind op, booking int64) {
				post(kind, "/api/bookings/"+strconv.FormatInt(booking, 10)+"/cancel", "")
			}
			for i := 0; ctx.Err() == nil && budget.Add(-1) >= 0; i++ {
				if o.scenario == "promote" {
					// A session of its own (capacity 1), each used once:
					// the run ends when they are used up. One customer
					// books it, another joins its waitlist, and the first
					// cancels, which books the second in the same
					// transaction. Without a join there is no promotion
					// to measure: the booking stays.
					k := int(used.Add(1) - 1)
					if k > sHi-sLo {
						return
					}
					a, b := promoteCustomers(cLo, cHi, k)
					pair := func(c int) string {
						return `{"customer":` + strconv.Itoa(c) + `,"class_session":` + strconv.Itoa(sLo+k) + `}`
					}
					id, ok := post(opBook, "/api/bookings", pair(a))
					if ok && id != 0 {
						if _, ok := post(opJoin, "/api/waitlist_entries", pair(b)); ok {
							cancelBooking(opCancelPromote, id)
						}
					}
					continue
				}
				kind := pick(o.scenario, w, i)
				if kind == opCancel {
					// Book a fresh pair, then cancel that booking: each
					// request is measured under its own operation.
					id, ok := measure(opBook)
					if ok && id != 0 {
						cancelBooking(opCancel, id)
					}
					continue
				}
				measure(kind)
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	return &report{scenario: o.scenario, clients: o.clients, elapsed: elapsed, rec: rec, peakRSS: rss.stop()}, nil
}

// promoteCustomers are the two customers of the promote scenario's k-th
// session: the range's next two, so each serves once until the range
// wraps. They differ as long as the range holds two.
func promoteCustomers(lo, hi, k int) (int, int) {
	n := hi - lo + 1
	return lo + 2*k%n, lo + (2*k+1)%n
}

// pick chooses the operation for a scenario; mixed is 20% book, 10%
// cancel, 50% get_customer, 20% list_sessions.
func pick(scenario string, w, i int) op {
	switch scenario {
	case "book":
		return opBook
	case "cancel":
		return opCancel
	case "get_customer":
		return opGetCustomer
	case "list_sessions":
		return opListSession
	}
	switch n := (w*31 + i) % 10; {
	case n < 2:
		return opBook
	case n < 3:
		return opCancel
	case n < 8:
		return opGetCustomer
	default:
		return opListSession
	}
}

func do(c *client, base string, kind op, p *pairs) (int, int64, error) {
	switch kind {
	case opBook:
		cust, sess := p.take()
		return request(c, base, http.MethodPost, "/api/bookings",
			`{"customer":`+strconv.Itoa(cust)+`,"class_session":`+strconv.Itoa(sess)+`}`)
	case opGetCustomer:
		return request(c, base, http.MethodGet, "/api/customers/"+strconv.Itoa(p.customer()), "")
	default:
		return request(c, base, http.MethodGet, "/api/class_sessions?limit=50&offset="+strconv.Itoa(p.customer()%1900), "")
	}
}

// request makes one request and returns its status and, for a POST that
// succeeded, the id in the response.
func request(c *client, base, method, path, body string) (int, int64, error) {
	status, data, err := c.do(base, method, path, body)
	if err != nil {
		return status, 0, err
	}
	var id struct {
		ID int64 `json:"id"`
	}
	if status == http.StatusCreated || (status == http.StatusOK && method == http.MethodPost) {
		_ = json.Unmarshal(data, &id)
	}
	return status, id.ID, nil
}
