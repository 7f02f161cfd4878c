package sigv4

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// countingBody is a body of size spaces that counts the bytes read of it and
// fails with err, if set, once they are all read.
type countingBody struct {
	read, size int64
	err        error
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.read >= b.size {
		if b.err != nil {
			return 0, b.err
		}
		return 0, io.EOF
	}
	n := min(int64(len(p)), b.size-b.read)
	for i := range n {
		p[i] = ' '
	}
	b.read += n
	return int(n), nil
}

func (b *countingBody) Close() error { return nil }

// TestReadBodyBounded: the body is read, before the signature can be
// checked, no further than the limit: not at all when its announced length
// is over it, at most limit+1 bytes when its length is unknown.
func TestReadBodyBounded(t *testing.T) {
	t.Parallel()
	const limit = 1 << 10
	tests := []struct {
		name          string
		size, length  int64 // length: Content-Length, -1 unknown
		maxLimit      int64
		wantRead      int64
		wantErr       error
		wantBodyBytes int
	}{
		{"announced over", 5 << 20, 5 << 20, limit, 0, ErrTooLarge, 0},
		{"unknown over", 5 << 20, -1, limit, limit + 1, ErrTooLarge, 0},
		{"unknown under", 100, -1, limit, 100, nil, 100},
		{"announced at the limit", limit, limit, limit, limit, nil, limit},
		{"default limit", 5 << 20, -1, 0, DefaultMaxBody + 1, ErrTooLarge, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodPut, "/contact/task", nil)
			body := &countingBody{size: tt.size}
			r.Body, r.ContentLength = body, tt.length
			got, err := readBody(r, tt.maxLimit)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("readBody error = %v, want %v", err, tt.wantErr)
			}
			if body.read != tt.wantRead {
				t.Errorf("read %d bytes of the body, want %d", body.read, tt.wantRead)
			}
			if len(got) != tt.wantBodyBytes {
				t.Errorf("readBody returned %d bytes, want %d", len(got), tt.wantBodyBytes)
			}
		})
	}
}

// TestReadBodyError: a body that fails to read is the sender's fault, not a
// signature problem: the error matches no sentinel (ErrorCode gives
// InternalFailure, which connectd's HTTP layer replaces by a 400 when it
// sees the body fail) and wraps the read error.
func TestReadBodyError(t *testing.T) {
	t.Parallel()
	bad := errors.New("invalid byte in chunk length")
	r := httptest.NewRequest(http.MethodPut, "/contact/task", nil)
	r.Body, r.ContentLength = &countingBody{size: 10, err: bad}, -1
	_, err := readBody(r, 0)
	if !errors.Is(err, bad) {
		t.Errorf("readBody error = %v, want one wrapping %v", err, bad)
	}
	for _, e := range errorTable {
		if errors.Is(err, e.err) {
			t.Errorf("readBody error matches %v", e.err)
		}
	}
}
