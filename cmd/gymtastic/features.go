package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
)

func featuresCmd(load func() (*config.Config, *core.Registry, error)) *cobra.Command {
	return &cobra.Command{
		Use:   "features",
		Short: "List every feature, whether it is enabled, and its settings",
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, reg, err := load()
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if len(reg.All()) == 0 {
				fmt.Fprintln(out, "no features are built into this binary")
			}
			for _, f := range reg.All() {
				state := "disabled"
				if reg.IsEnabled(f.Name()) {
					state = "enabled"
				}
				fmt.Fprintf(out, "%-16s %s\n", f.Name(), state)
				if d, ok := f.(core.Describer); ok {
					fmt.Fprintf(out, "  %s\n", d.Description())
				}
				keys, settings := reg.Settings(f)
				for _, k := range keys {
					fmt.Fprintf(out, "  %s: %v\n", k, settings[k])
				}
			}
			return nil
		},
	}
}
