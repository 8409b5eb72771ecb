package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/app"
)

func fixturesCmd(load func() (*config.Config, *core.Registry, error)) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "createfixtures",
		Short: "Load demonstration data (refuses a non-empty database unless --force)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := openCurrent(cmd.Context(), load)
			if err != nil {
				return err
			}
			defer a.Close()
			return loadFixtures(cmd.Context(), cmd.OutOrStdout(), a, force)
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "run on a database that already has data: reuse what exists and top customers up to four bookings")
	return cmd
}

// loadFixtures runs core's fixtures, then each enabled feature's, then,
// with auth on, makes an admin key and prints it once, so that a newcomer's
// first curl works.
func loadFixtures(ctx context.Context, out io.Writer, a *app.App, force bool) error {
	svc, reg := a.Service, a.Registry
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
	if !a.Config.Auth.Enabled {
		return nil
	}
	_, secret, err := a.Access.CreateKey(ctx, "fixtures admin", core.RoleAdmin)
	if err != nil {
		return fmt.Errorf("fixtures: admin key: %w", err)
	}
	fmt.Fprintf(out, "fixtures: admin API key (shown once; `gymtastic apikey revoke` ends it): %s\n"+
		"  try: curl -H 'Authorization: Bearer %s' http://%s/api/customers\n", secret, secret, a.Config.Server.Addr)
	return nil
}
