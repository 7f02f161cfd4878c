package main

import (
	"runtime/debug"
	"strings"
)

// buildVersion is set at link time (-ldflags "-X main.buildVersion=v1.2.3"),
// as the Dockerfile does; otherwise Version reads the build information.
var buildVersion string

// Version is connectd's version: the link-time version if set, else the
// module version when installed with `go install connectd@vX`, else the VCS
// revision and time when built from a checkout (with a "+dirty" mark for
// uncommitted changes), else "devel" (`go run`, or -buildvcs=false).
func Version() string {
	if buildVersion != "" {
		return buildVersion
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, at string
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	v := []string{"devel", rev[:min(12, len(rev))]}
	if at != "" {
		v = append(v, at)
	}
	s := strings.Join(v, " ")
	if dirty {
		s += " +dirty"
	}
	return s
}
