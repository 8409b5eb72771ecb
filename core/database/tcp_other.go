//go:build !linux

package database

import (
	"syscall"
	"time"
)

// userTimeout does nothing where TCP_USER_TIMEOUT is Linux's alone; the
// keepalive probes still detect a silent peer.
func userTimeout(time.Duration) func(network, address string, c syscall.RawConn) error {
	return nil
}
