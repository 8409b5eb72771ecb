package core_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/core"
)

type countingJob struct {
	name string
	runs atomic.Int64
}

func (j *countingJob) Name() string { return j.name }
func (j *countingJob) RunJob(context.Context) error {
	j.runs.Add(1)
	return errors.New("failing is logged, not fatal")
}
func (j *countingJob) JobInterval() time.Duration { return time.Millisecond }

type noJob struct{}

func (noJob) Name() string { return "nojob" }

// RunJobs runs each feature's job at once and on its interval, failures
// included, and stops with its context.
func TestRunJobs(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	job := &countingJob{name: "job"}
	done := core.RunJobs(ctx, []core.Feature{noJob{}, job}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	deadline := time.Now().Add(5 * time.Second)
	for job.runs.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("RunJobs did not stop with its context")
	}
	if n := job.runs.Load(); n < 3 {
		t.Errorf("the job ran %d times, want at least 3", n)
	}
}
