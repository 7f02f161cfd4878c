package main

import (
	"log/slog"
	"net"
	"net/http"
	"time"
)

// maxReadHeaderTimeout bounds the reading of a request's headers when
// --read-timeout is longer (or off): headers are small, and a client that
// trickles them is holding a connection, not sending a request.
const maxReadHeaderTimeout = 10 * time.Second

// serverLimits applies the configured limits to srv, so that no connection
// is held for ever and none costs more than a request's worth of memory:
//
//   - ReadTimeout (--read-timeout) bounds the reading of a whole request,
//     from its first byte; the headers alone get at most
//     maxReadHeaderTimeout. A body trickled a byte at a time is cut off.
//   - WriteTimeout (--write-timeout) bounds a response, from the end of its
//     request's headers: the time to handle the request and for the client
//     to take the answer. The event stream replaces it with a deadline per
//     write (see events.Config.WriteTimeout).
//   - IdleTimeout (--idle-timeout) closes a kept-alive connection that has
//     waited that long for its next request.
//   - MaxHeaderBytes (--max-header-bytes) caps the headers; larger ones get
//     431 from net/http.
//
// A zero duration turns its limit off (net/http reads a zero IdleTimeout as
// "use ReadTimeout", hence the -1).
func serverLimits(srv *http.Server, c Config) {
	srv.ReadTimeout = c.ReadTimeout
	srv.ReadHeaderTimeout = maxReadHeaderTimeout
	if c.ReadTimeout > 0 {
		srv.ReadHeaderTimeout = min(c.ReadTimeout, maxReadHeaderTimeout)
	}
	srv.WriteTimeout = c.WriteTimeout
	srv.IdleTimeout = c.IdleTimeout
	if c.IdleTimeout == 0 {
		srv.IdleTimeout = -1
	}
	srv.MaxHeaderBytes = c.MaxHeaderBytes
}

// streamWriteTimeout is the event stream's deadline per write: the
// server's --write-timeout, off (negative, for events.Config) when that is.
func streamWriteTimeout(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}

// warnPermissive warns when permissive auth serves an address other hosts
// may reach: then anyone who can connect acts as any account, unsigned.
func warnPermissive(log *slog.Logger, c Config, addr net.Addr) {
	if c.Auth != "permissive" {
		return
	}
	if ta, ok := addr.(*net.TCPAddr); ok && ta.IP.IsLoopback() {
		return
	}
	log.Warn("permissive auth on an address other hosts can reach: any client acts as any account without a valid signature; "+
		"use --auth strict with --credentials, or listen on 127.0.0.1",
		"listen", addr.String(), "auth", c.Auth)
}
