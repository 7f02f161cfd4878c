package sqlite

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile holds an exclusive flock on path until release. flock locks belong
// to the open file description, so a second lockFile on the same path fails
// even inside the same process, and the kernel drops the lock when the
// process dies (no stale lock after a crash).
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("database is in use by another connectd (lock file %s is held)", path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, nil
}
