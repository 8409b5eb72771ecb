package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"

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
			// Listen before anything else starts: a port in use stops serve
			// before fixtures are written or a worker sends an email.
			ln, err := net.Listen("tcp", a.Config.Server.Addr)
			if err != nil {
				return fmt.Errorf("listen on %s (server.addr): %w", a.Config.Server.Addr, err)
			}
			defer ln.Close()
			var secret string
			if fixtures {
				if secret, err = loadFixtures(ctx, a, false); err != nil && err != core.ErrNotEmpty {
					return err
				}
			}
			if addr := a.Config.Server.DebugAddr; addr != "" {
				stopDebug, err := serveDebug(addr, a.Logger)
				if err != nil {
					return err
				}
				defer stopDebug()
			}
			dctx, stopDispatcher := context.WithCancel(ctx)
			dispatched, err := startDispatcher(dctx, a)
			if err != nil {
				stopDispatcher()
				return err
			}
			jobs := core.RunJobs(dctx, a.Registry.Enabled(), a.Logger)
			// After the server has drained, let the email in flight and
			// the features' jobs in progress finish.
			defer func() { stopDispatcher(); <-dispatched; <-jobs }()
			a.OnServing = func(addr net.Addr) {
				printReady(cmd.OutOrStdout(), baseURL(a.Config.Server.PublicURL, addr), a.Config.Auth.Enabled, secret)
			}
			return a.Serve(ctx, ln)
		},
	}
	cmd.Flags().BoolVar(&migrate, "migrate", false, "apply pending migrations before serving")
	cmd.Flags().BoolVar(&fixtures, "fixtures-if-empty", false, "load fixture data when the database has no customers, and make an admin key (printed once)")
	return cmd
}

// printReady is the one line a person starting serve reads: where the docs
// are and how to get in. The secret goes to stdout, never to the log.
func printReady(out io.Writer, base string, auth bool, secret string) {
	switch {
	case !auth:
		fmt.Fprintf(out, "gymtastic is ready: API docs at %s/api (auth.enabled is false: every request acts as an admin, no key needed)\n", base)
	case secret != "":
		fmt.Fprintf(out, "gymtastic is ready: API docs at %s/api; admin API key (shown once, `gymtastic apikey revoke` ends it): %s\n", base, secret)
	default:
		fmt.Fprintf(out, "gymtastic is ready: API docs at %s/api (make a key with `gymtastic apikey create --name me --role admin`)\n", base)
	}
}

// baseURL is how a person on this host reaches the server: server.public_url
// when set, else the listener's address, with a wildcard host made loopback.
func baseURL(public string, addr net.Addr) string {
	if public != "" {
		return strings.TrimSuffix(public, "/")
	}
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}
