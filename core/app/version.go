package app

import "runtime/debug"

// buildVersion names the build as the API's info.version and the serving
// log give it: the module version when the binary was built from one (a
// release), else "devel+" and the first 12 characters of the VCS revision
// that go build stamped ("-dirty" with uncommitted changes), else "dev"
// (go run, go test).
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return "dev"
	}
	return "devel+" + rev + dirty
}
