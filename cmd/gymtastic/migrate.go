package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
)

func migrateCmd(load func() (*config.Config, *core.Registry, error)) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply pending migrations (core's, then every feature's, enabled or not)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := open(cmd.Context(), load)
			if err != nil {
				return err
			}
			defer a.Close()
			applied, err := a.Runner.Up(cmd.Context())
			for _, id := range applied {
				fmt.Fprintln(cmd.OutOrStdout(), "applied", id)
			}
			if err != nil {
				return err
			}
			if len(applied) == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), "nothing to apply: the schema is up to date")
			}
			return nil
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "status",
		Short: "List applied and pending migrations",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := open(cmd.Context(), load)
			if err != nil {
				return err
			}
			defer a.Close()
			states, err := a.Runner.Status(cmd.Context())
			if err != nil {
				return err
			}
			for _, s := range states {
				if s.AppliedAt != nil {
					fmt.Fprintf(cmd.OutOrStdout(), "applied  %s  %s\n", s.AppliedAt.UTC().Format("2006-01-02 15:04:05Z"), s.ID)
				} else {
					fmt.Fprintf(cmd.OutOrStdout(), "pending  %-20s  %s\n", "", s.ID)
				}
			}
			return nil
		},
	})
	return cmd
}
