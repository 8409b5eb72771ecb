package core

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// BackgroundJob features have work that runs on its own, off any request
// (a schedule keeping its horizon of sessions). `gymtastic serve` and
// `gymtastic worker` run the job of every enabled feature, each in its own
// goroutine: once at start, then every JobInterval, until they stop.
//
// RunJob does what is due now and returns; JobInterval is the pause
// between runs (a minute when not positive). Any number of processes run it
// at once on one database, so it claims what it works on (FOR UPDATE SKIP
// LOCKED on PostgreSQL; SQLite has one writer) and relies on a unique key
// to do each thing once; and it is run often, so it costs one indexed
// query when nothing is due. An error is logged and the job runs again at
// its next tick.
type BackgroundJob interface {
	RunJob(ctx context.Context) error
	JobInterval() time.Duration
}

// RunJobs starts the BackgroundJob of each feature of list that has one
// (the enabled features), until ctx ends. The channel closes once every
// job has stopped, its run in progress finished.
func RunJobs(ctx context.Context, list []Feature, logger *slog.Logger) <-chan struct{} {
	var wg sync.WaitGroup
	for _, f := range list {
		job, ok := f.(BackgroundJob)
		if !ok {
			continue
		}
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			every := job.JobInterval()
			if every <= 0 {
				every = time.Minute
			}
			tick := time.NewTicker(every)
			defer tick.Stop()
			for {
				if err := job.RunJob(ctx); err != nil && ctx.Err() == nil {
					logger.Error("background job failed", "feature", name, "err", err)
				}
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
			}
		}(f.Name())
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	return done
}
