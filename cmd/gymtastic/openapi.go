package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
	"github.com/gymtastic/gymtastic/core/app"
	"github.com/gymtastic/gymtastic/features"
)

// openapiCmd prints the OpenAPI document without a server or a database:
// by default with every feature enabled, so that the document (and `make
// openapi-lint`, which lints it) covers every operation the binary can
// serve whatever config.yaml says; --as-configured prints what this
// configuration would serve at /api/openapi.json.
func openapiCmd(load func() (*config.Config, *core.Registry, error)) *cobra.Command {
	var asConfigured bool
	cmd := &cobra.Command{
		Use:   "openapi",
		Short: "Print the OpenAPI document (JSON) of the API, every feature enabled",
		Long: "Print the OpenAPI 3.1 document of the API as JSON on standard output, without a server or a database.\n\n" +
			"By default every feature built into the binary is enabled, whatever the configuration says, so the\n" +
			"document lists every operation the binary can serve (this is what `make openapi-lint` lints); the\n" +
			"gym name, server.public_url and the other settings still come from the configuration.\n" +
			"With --as-configured, only the features the configuration enables are in it: the document a\n" +
			"server with this configuration serves at /api/openapi.json.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, reg, err := load()
			if err != nil {
				return err
			}
			if !asConfigured {
				// The configured settings, each feature switched on.
				reg = core.NewRegistry(features.All())
				sections := map[string]map[string]any{}
				for _, f := range reg.All() {
					s := map[string]any{}
					for k, v := range cfg.Features[f.Name()] {
						s[k] = v
					}
					s["enabled"] = true
					sections[f.Name()] = s
				}
				if err := reg.Configure(sections); err != nil {
					return err
				}
			}
			doc := api.Document(api.Deps{Registry: reg, GymName: cfg.Gym.Name, Version: app.Version,
				MaxBodyBytes: cfg.Server.MaxBodyBytes, PublicURL: cfg.Server.PublicURL,
				Auth: api.AuthOptions{Disabled: !cfg.Auth.Enabled, PublicSchedule: cfg.Auth.PublicSchedule}})
			out, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				return fmt.Errorf("openapi: %w", err)
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), string(out))
			return err
		},
	}
	cmd.Flags().BoolVar(&asConfigured, "as-configured", false,
		"enable only the features the configuration enables, as a server would")
	return cmd
}
