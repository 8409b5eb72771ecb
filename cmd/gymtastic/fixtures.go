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
			secret, err := loadFixtures(cmd.Context(), a, force)
			if err != nil {
				return err
			}
			if secret != "" {
				printAdminKey(cmd.OutOrStdout(), secret, "http://"+a.Config.Server.Addr)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "run on a database that already has data: reuse what exists and top customers up to four bookings")
	return cmd
}

// loadFixtures runs core's fixtures, then each enabled feature's, logs what
// the database then holds, and, with auth on, makes an admin key and
// returns its secret, so that a newcomer's first curl works.
func loadFixtures(ctx context.Context, a *app.App, force bool) (secret string, err error) {
	svc, reg := a.Service, a.Registry
	// A feature that makes the timetable (schedules) makes core's too.
	var timetable core.FixtureTimetable
	for _, f := range reg.Enabled() {
		if tt, ok := f.(core.FixtureTimetable); ok && timetable == nil {
			timetable = tt
		}
	}
	if _, err := svc.CreateFixturesWith(ctx, force, timetable); err != nil {
		return "", err
	}
	for _, f := range reg.Enabled() {
		if fc, ok := f.(core.FixtureCreator); ok {
			if err := fc.CreateFixtures(ctx, svc); err != nil {
				return "", fmt.Errorf("fixtures: feature %s: %w", f.Name(), err)
			}
		}
	}
	// Counted, not summed from core's summary: the features add rows too.
	attrs := []any{}
	for _, table := range []string{"customers", "class_types", "class_sessions", "bookings"} {
		var n int64
		if err := a.DB.WithContext(ctx).Table(table).Count(&n).Error; err != nil {
			return "", fmt.Errorf("fixtures: count %s: %w", table, err)
		}
		attrs = append(attrs, table, n)
	}
	a.Logger.Info("fixtures loaded", attrs...)
	if !a.Config.Auth.Enabled {
		return "", nil
	}
	_, secret, err = a.Access.CreateKey(ctx, "fixtures admin", core.RoleAdmin)
	if err != nil {
		return "", fmt.Errorf("fixtures: admin key: %w", err)
	}
	return secret, nil
}

// printAdminKey shows the fixtures' admin key, once, with a curl line.
func printAdminKey(out io.Writer, secret, base string) {
	fmt.Fprintf(out, "fixtures: admin API key (shown once; `gymtastic apikey revoke` ends it): %s\n"+
		"  try: curl -H 'Authorization: Bearer %s' %s/api/customers\n", secret, secret, base)
}
