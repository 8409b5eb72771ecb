// Command gymtastic runs the Gymtastic backend: serve, migrate,
// createfixtures, features, worker, apikey, healthcheck, openapi, version.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/app"
	"github.com/gymtastic/gymtastic/features"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := rootCmd().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "gymtastic:", err)
		os.Exit(1)
	}
}

func rootCmd() *cobra.Command {
	var configPath string
	root := &cobra.Command{
		Use:           "gymtastic",
		Short:         "Gymtastic: customers, classes and bookings for a fitness centre",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       "set below", // makes cobra add --version
	}
	root.SetVersionTemplate(versionText())
	root.PersistentFlags().StringVar(&configPath, "config", "", "config file (default ./config.yaml if present)")
	load := func() (*config.Config, *core.Registry, error) { return loadConfig(configPath) }
	root.AddCommand(serveCmd(load), migrateCmd(load), fixturesCmd(load), featuresCmd(load), workerCmd(load), apikeyCmd(load), healthcheckCmd(load), openapiCmd(load), versionCmd())
	for _, c := range root.Commands() {
		refuseArgs(c) // the root's own check already names an unknown command
	}
	return root
}

// refuseArgs makes every command that takes no arguments refuse them:
// cobra would run "migrate stauts" as "migrate", applying migrations where
// the operator meant to look at them.
func refuseArgs(c *cobra.Command) {
	if c.Args == nil {
		c.Args = cobra.NoArgs
	}
	for _, sub := range c.Commands() {
		refuseArgs(sub)
	}
}

// loadConfig reads the configuration and configures the feature registry:
// config → features, each step failing fast with the key at fault.
func loadConfig(path string) (*config.Config, *core.Registry, error) {
	reg := core.NewRegistry(features.All())
	cfg, err := config.Load(path, reg.Defaults())
	if err != nil {
		return nil, nil, err
	}
	if err := reg.Configure(cfg.Features); err != nil {
		return nil, nil, err
	}
	return cfg, reg, nil
}

// openCurrent is open for a command that needs the schema up to date: it
// refuses one that is behind, naming the migrations.
func openCurrent(ctx context.Context, load func() (*config.Config, *core.Registry, error)) (*app.App, error) {
	a, err := open(ctx, load)
	if err != nil {
		return nil, err
	}
	if err := a.CheckSchema(ctx); err != nil {
		_ = a.Close()
		return nil, err
	}
	return a, nil
}

// open assembles the application from the configuration.
func open(ctx context.Context, load func() (*config.Config, *core.Registry, error)) (*app.App, error) {
	cfg, reg, err := load()
	if err != nil {
		return nil, err
	}
	return app.New(ctx, cfg, reg, nil, app.Options{})
}
