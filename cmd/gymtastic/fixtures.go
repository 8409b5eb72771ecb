package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
)

func fixturesCmd(load func() (*config.Config, *core.Registry, error)) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "createfixtures",
		Short: "Load demonstration data (refuses a non-empty database unless --force)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := open(cmd.Context(), load)
			if err != nil {
				return err
			}
			defer a.Close()
			if err := a.CheckSchema(cmd.Context()); err != nil {
				return err
			}
			return loadFixtures(cmd.Context(), cmd.OutOrStdout(), a.Service, a.Registry, force)
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "run on a database that already has data: reuse what exists and top customers up to four bookings")
	return cmd
}

// loadFixtures runs core's fixtures, then each enabled feature's.
func loadFixtures(ctx context.Context, out io.Writer, svc *core.Service, reg *core.Registry, force bool) error {
	sum, err := svc.CreateFixtures(ctx, force)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "fixtures: %d customers, %d class types, %d sessions, %d bookings\n",
		sum.Customers, sum.ClassTypes, sum.Sessions, sum.Bookings)
	for _, f := range reg.Enabled() {
		if fc, ok := f.(core.FixtureCreator); ok {
			if err := fc.CreateFixtures(ctx, svc); err != nil {
				return fmt.Errorf("fixtures: feature %s: %w", f.Name(), err)
			}
		}
	}
	return nil
}
