package main

import (
	"context"
	"fmt"
	"net"

	"github.com/spf13/cobra"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
)

func serveCmd(load func() (*config.Config, *core.Registry, error)) *cobra.Command {
	var migrate, fixtures bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the API (stops if the schema is behind, unless --migrate)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			a, err := open(ctx, load)
			if err != nil {
				return err
			}
			defer a.Close()
			if migrate || a.Config.Server.AutoMigrate {
				applied, err := a.Runner.Up(ctx)
				if err != nil {
					return err
				}
				if len(applied) > 0 {
					a.Logger.Info("migrated", "applied", applied)
				}
			}
			if err := a.CheckSchema(ctx); err != nil {
				return err
			}
			if fixtures {
				if err := loadFixtures(ctx, cmd.OutOrStdout(), a, false); err != nil && err != core.ErrNotEmpty {
					return err
				}
			}
			dctx, stopDispatcher := context.WithCancel(ctx)
			dispatched, err := startDispatcher(dctx, a)
			if err != nil {
				stopDispatcher()
				return err
			}
			// After the server has drained, let the email in flight finish.
			defer func() { stopDispatcher(); <-dispatched }()
			ln, err := net.Listen("tcp", a.Config.Server.Addr)
			if err != nil {
				return fmt.Errorf("listen on %s (server.addr): %w", a.Config.Server.Addr, err)
			}
			if addr := a.Config.Server.DebugAddr; addr != "" {
				stopDebug, err := serveDebug(addr, a.Logger)
				if err != nil {
					_ = ln.Close()
					return err
				}
				defer stopDebug()
			}
			return a.Serve(ctx, ln)
		},
	}
	cmd.Flags().BoolVar(&migrate, "migrate", false, "apply pending migrations before serving")
	cmd.Flags().BoolVar(&fixtures, "fixtures-if-empty", false, "load fixture data when the database has no customers")
	return cmd
}
