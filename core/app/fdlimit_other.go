//go:build !unix

package app

// fdLimit is unknown here: server.max_connections is not checked against it.
func fdLimit() uint64 { return 0 }
