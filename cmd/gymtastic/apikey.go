package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
)

// apikeyCmd manages staff and admin API keys from the shell, as an operator
// does before any key exists (admins also have /api/api_keys).
func apikeyCmd(load func() (*config.Config, *core.Registry, error)) *cobra.Command {
	cmd := &cobra.Command{Use: "apikey", Short: "Create, list and revoke staff and admin API keys"}
	var name, role string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create a key and print its secret, once",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := openCurrent(cmd.Context(), load)
			if err != nil {
				return err
			}
			defer a.Close()
			k, secret, err := a.Access.CreateKey(cmd.Context(), name, core.Role(role))
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s\n", secret)
			fmt.Fprintf(cmd.ErrOrStderr(), "created %s key %d %q; the secret above is shown only now\n", k.Role, k.ID, k.Name)
			return nil
		},
	}
	create.Flags().StringVar(&name, "name", "", "what the key is for (required)")
	create.Flags().StringVar(&role, "role", "staff", "admin or staff")
	_ = create.MarkFlagRequired("name")

	list := &cobra.Command{
		Use:   "list",
		Short: "List keys (never their secrets)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := openCurrent(cmd.Context(), load)
			if err != nil {
				return err
			}
			defer a.Close()
			keys, _, err := a.Access.ListKeys(cmd.Context(), core.Page{Limit: 100000})
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tNAME\tROLE\tPREFIX\tCREATED\tLAST USED\tREVOKED")
			at := func(t *time.Time) string {
				if t == nil {
					return "-"
				}
				return t.UTC().Format(time.RFC3339)
			}
			for _, k := range keys {
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, k.Role, k.Prefix,
					k.CreatedAt.UTC().Format(time.RFC3339), at(k.LastUsedAt), at(k.RevokedAt))
			}
			return w.Flush()
		},
	}
	revoke := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke a key (at once here, within 30 s on running servers)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id < 1 {
				return fmt.Errorf("apikey revoke: want a key id (see apikey list), got %q", args[0])
			}
			a, err := openCurrent(cmd.Context(), load)
			if err != nil {
				return err
			}
			defer a.Close()
			k, err := a.Access.RevokeKey(cmd.Context(), id)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "revoked key %d %q at %s\n", k.ID, k.Name, k.RevokedAt.UTC().Format(time.RFC3339))
			return nil
		},
	}
	cmd.AddCommand(create, list, revoke)
	return cmd
}
