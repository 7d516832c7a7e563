package main

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// applyContainerMemoryLimit sets Go's soft memory limit to 80 % of the
// container's cgroup limit unless GOMEMLIMIT says otherwise, so the garbage
// collector works harder before the kernel's OOM killer steps in.
// It returns the limit set, or 0.
func applyContainerMemoryLimit() int64 {
	if os.Getenv("GOMEMLIMIT") != "" {
		return 0
	}
	raw, err := os.ReadFile("/sys/fs/cgroup/memory.max") // cgroup v2
	if err != nil {
		return 0
	}
	limit, err := strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64)
	if err != nil || limit <= 0 { // "max": no limit
		return 0
	}
	soft := limit / 10 * 8
	debug.SetMemoryLimit(soft)
	return soft
}
