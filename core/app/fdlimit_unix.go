//go:build unix

package app

import "syscall"

// fdLimit is the process's soft limit on open files (Go raises it to the
// hard limit at start), 0 when unknown.
func fdLimit() uint64 {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return 0
	}
	return uint64(r.Cur)
}
