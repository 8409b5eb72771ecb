package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/app"
)

func workerCmd(load func() (*config.Config, *core.Registry, error)) *cobra.Command {
	var once bool
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Deliver the email outbox and run the features' background jobs without serving HTTP (serve does it too), until SIGTERM",
		Long: `Deliver the email outbox: claim due emails, send them through mail.smtp (or write them to
the log when mail.smtp.host is empty), retry failures with backoff up to mail.max_attempts.
Any number of workers and servers may run on one database; each email is sent by one of them.
It also runs each enabled feature's background job (schedules keep their horizon of sessions),
as serve does; --once delivers the outbox only.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			a, err := open(ctx, load)
			if err != nil {
				return err
			}
			defer a.Close()
			if err := a.CheckSchema(ctx); err != nil {
				return err
			}
			if once {
				return drainOutbox(ctx, a)
			}
			done, err := startDispatcher(ctx, a)
			if err != nil {
				return err
			}
			jobs := core.RunJobs(ctx, a.Registry.Enabled(), a.Logger)
			<-done
			<-jobs
			return nil
		},
	}
	cmd.Flags().BoolVar(&once, "once", false, "deliver what is due now, then exit")
	return cmd
}

// startDispatcher runs the outbox dispatcher in the background until ctx
// ends; the channel closes once it has stopped (the email in flight is
// finished and recorded first).
func startDispatcher(ctx context.Context, a *app.App) (<-chan struct{}, error) {
	d, err := core.NewDispatcher(a.DB, a.Kind, a.Config.Mail, a.Logger, nil)
	if err != nil {
		return nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.Run(ctx)
	}()
	return done, nil
}

// drainOutbox delivers every email due now, once each, then returns.
func drainOutbox(ctx context.Context, a *app.App) error {
	d, err := core.NewDispatcher(a.DB, a.Kind, a.Config.Mail, a.Logger, nil)
	if err != nil {
		return err
	}
	total := 0
	for {
		n, err := d.RunOnce(ctx)
		total += n
		if err != nil {
			return fmt.Errorf("worker: %w", err)
		}
		if n == 0 {
			a.Logger.Info("outbox drained", "tried", total)
			return nil
		}
	}
}
