// Command gymtastic-load drives a running Gymtastic over HTTP with N
// concurrent keep-alive clients for a fixed time and prints throughput and
// latency percentiles per operation, and the server's peak RSS.
//
//	gymtastic-load -url http://127.0.0.1:8000 -scenario book -c 8 -d 20s \
//	    -customers 1-100000 -sessions 1-2000 -pid 1234 -created created.txt
//
// Scenarios: book (unique customer/session pairs), cancel (books then
// cancels), get_customer, list_sessions (a page of 50), mixed, promote
// (each session of -sessions once, of capacity 1: one customer books it,
// another joins its waitlist, the first cancels, which promotes the
// second; it ends when the sessions are used up). Several
// comma-separated -url values are used round robin (replicas). Every
// booking that got a 201 is written to -created, one id per line, so that
// the invariant check can prove none was lost.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

func main() {
	var o options
	flag.StringVar(&o.urls, "url", "http://127.0.0.1:8000", "base URL(s), comma-separated for round robin")
	flag.StringVar(&o.scenario, "scenario", "mixed", "book | cancel | get_customer | list_sessions | mixed | promote")
	flag.IntVar(&o.clients, "c", 8, "concurrent keep-alive clients")
	flag.DurationVar(&o.duration, "d", 20*time.Second, "how long to run (bounded: at most 10m)")
	flag.IntVar(&o.maxRequests, "n", 5_000_000, "stop after this many requests in all")
	flag.StringVar(&o.customers, "customers", "1-100000", "customer id range to use")
	flag.StringVar(&o.sessions, "sessions", "1-2000", "session id range to use (future sessions; promote: capacity 1, each used once)")
	flag.IntVar(&o.pid, "pid", 0, "server process id, to sample its RSS (Linux /proc)")
	flag.StringVar(&o.created, "created", "", "file to write the ids of bookings that got 201")
	flag.Int64Var(&o.seed, "seed", 1, "seed: the first round of booking pairs and the customers read (use a new one per run on one database)")
	flag.StringVar(&o.key, "key", "", "staff or admin API key, sent as Authorization: Bearer")
	flag.Parse()
	if o.duration > 10*time.Minute {
		o.duration = 10 * time.Minute
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := run(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gymtastic-load:", err)
		os.Exit(1)
	}
	rep.print(os.Stdout)
}

type options struct {
	urls, scenario, customers, sessions, created, key string
	clients, maxRequests, pid                         int
	duration                                          time.Duration
	seed                                              int64
}

func (o options) baseURLs() []string {
	var out []string
	for _, u := range strings.Split(o.urls, ",") {
		if u = strings.TrimRight(strings.TrimSpace(u), "/"); u != "" {
			out = append(out, u)
		}
	}
	return out
}
