package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
)

// healthcheckCmd asks the server this configuration runs for GET /readyz
// and exits 0 when it answers 200: a container's health check, for images
// with no shell, curl or wget (the distroless one of the Dockerfile).
func healthcheckCmd(load func() (*config.Config, *core.Registry, error)) *cobra.Command {
	var url string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "healthcheck",
		Short: "Exit 0 when the server of this configuration is ready (GET /readyz answers 200)",
		Long: "Asks GET /readyz of the server at server.addr (an unspecified host, 0.0.0.0 or [::], is asked\n" +
			"on the loopback) or of --url, and exits 0 on 200, 1 otherwise with the answer on stderr.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if url == "" {
				cfg, _, err := load()
				if err != nil {
					return err
				}
				url = "http://" + loopback(cfg.Server.Addr) + "/readyz"
			}
			client := &http.Client{Timeout: timeout}
			res, err := client.Get(url)
			if err != nil {
				return fmt.Errorf("not ready: %w", err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(io.LimitReader(res.Body, 512))
			if res.StatusCode != http.StatusOK {
				return fmt.Errorf("not ready: GET %s answered %s: %s", url, res.Status, body)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "ready: %s\n", body)
			return err
		},
	}
	cmd.Flags().StringVar(&url, "url", "", "the readiness URL to ask (default: /readyz at server.addr)")
	cmd.Flags().DurationVar(&timeout, "timeout", 3*time.Second, "how long to wait for the answer")
	return cmd
}

// loopback turns a listening address into one to dial: a host left out or
// unspecified becomes 127.0.0.1.
func loopback(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
