package e2e

import (
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
)

// The benchmarks drive the real binary (built with -race unless
// CONNECTD_E2E_NORACE is set) through the SDK over loopback HTTP, so they
// measure the whole path: SigV4 signing and verification, routing, the
// store's group commit (StartTaskContact) or a read (DescribeContact).

func BenchmarkStartTaskContact(b *testing.B) {
	s := startServer(b, "")
	c := s.client(b)
	in := s.taskInput("bench", withAttributes(map[string]string{"customer": "Jane"}))
	bctx := ctx(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			in := *in
			in.ClientToken = nil // a fresh token per call: a new contact each time
			if _, err := c.StartTaskContact(bctx, &in); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkDescribeContact(b *testing.B) {
	s := startServer(b, "")
	c := s.client(b)
	ids := make([]string, 64)
	for i := range ids {
		ids[i] = startTask(b, c, s, "bench", withAttributes(map[string]string{"customer": "Jane"}))
	}
	var next atomic.Uint64
	bctx := ctx(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := ids[next.Add(1)%uint64(len(ids))]
			if _, err := c.DescribeContact(bctx, &connect.DescribeContactInput{InstanceId: aws.String(s.InstanceID), ContactId: aws.String(id)}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
