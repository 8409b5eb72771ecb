package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// versionCmd prints what versionText says; `gymtastic --version` too.
func versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the module version and the VCS revision the binary was built from",
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), versionText())
			return err
		},
	}
}

// versionText reads the build's own record (runtime/debug): the module
// version ("(devel)" for a build from a checkout), then the revision, its
// time and whether the tree had uncommitted changes, as go build stamps
// them (go run and go test do not).
func versionText() string {
	info, _ := debug.ReadBuildInfo()
	return formatVersion(info)
}

// formatVersion writes info (nil when the binary has none) as versionText
// says.
func formatVersion(info *debug.BuildInfo) string {
	var b strings.Builder
	version, vcs := "unknown", map[string]string{}
	if info != nil {
		if info.Main.Version != "" {
			version = info.Main.Version
		}
		for _, s := range info.Settings {
			vcs[s.Key] = s.Value
		}
	}
	fmt.Fprintf(&b, "gymtastic %s\n", version)
	if rev := vcs["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, "revision %s", rev)
		if t := vcs["vcs.time"]; t != "" {
			fmt.Fprintf(&b, " (%s)", t)
		}
		if vcs["vcs.modified"] == "true" {
			b.WriteString(" with uncommitted changes")
		}
		b.WriteString("\n")
	} else {
		b.WriteString("revision unknown (built without VCS information)\n")
	}
	fmt.Fprintf(&b, "built with %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return b.String()
}
