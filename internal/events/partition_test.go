package events

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// Partitions of the isolation tests: testPartition, and one that shares its
// region, one that shares its account.
var (
	otherAccount = connect.Partition{AccountID: "210987654321", Region: testPartition.Region}
	otherRegion  = connect.Partition{AccountID: testPartition.AccountID, Region: "eu-west-1"}
	partitions   = []connect.Partition{testPartition, otherAccount, otherRegion}
)

// addMixed adds n records cycling through partitions (instance inst-<k> of
// partitions[k]) and returns them by partition.
func addMixed(src *memSource, n int) map[connect.Partition][]Record {
	out := map[connect.Partition][]Record{}
	for i := range n {
		k := i % len(partitions)
		p := partitions[k]
		out[p] = append(out[p], src.addIn(p, fmt.Sprintf("inst-%d", k), fmt.Sprintf("c-%d", i), "INITIATED"))
	}
	return out
}

// TestSubscribePartitions: a subscriber gets its own partition's records
// only, whether it replays, resumes after another partition's Seq, follows
// the tail, or names another partition's instance.
func TestSubscribePartitions(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &memSource{gap: true}
		history := addMixed(src, 30)
		d := mustStart(t, Config{Source: src, PollInterval: time.Hour, Buffer: 4, BatchSize: 4})

		type sub struct {
			name string
			ch   <-chan Record
			want []Record
		}
		var subs []sub
		subscribe := func(name string, p connect.Partition, instanceID string, from int64, want []Record) {
			ch, cancel := d.Subscribe(p, instanceID, from)
			t.Cleanup(cancel)
			subs = append(subs, sub{name, ch, want})
		}
		otherSeq := history[otherAccount][2].Seq // a Seq of another partition than testPartition's
		var resumed []Record
		for _, r := range history[testPartition] {
			if r.Seq > otherSeq {
				resumed = append(resumed, r)
			}
		}
		for _, p := range partitions {
			subscribe("replay "+p.AccountID+"/"+p.Region, p, "", 0, history[p])
		}
		subscribe("resume after another partition's seq", testPartition, "", otherSeq, resumed)
		subscribe("another partition's instance", otherAccount, "inst-0", 0, nil)
		live := map[connect.Partition]<-chan Record{}
		for _, p := range partitions {
			ch, cancel := d.Subscribe(p, "", FromNow)
			t.Cleanup(cancel)
			live[p] = ch
		}
		for _, s := range subs {
			if diff := cmp.Diff(s.want, take(t, s.ch, len(s.want))); diff != "" {
				t.Errorf("%s (-want +got):\n%s", s.name, diff)
			}
		}

		more := addMixed(src, 12)
		d.Notify()
		for _, p := range partitions {
			if diff := cmp.Diff(more[p], take(t, live[p], len(more[p]))); diff != "" {
				t.Errorf("live %v (-want +got):\n%s", p, diff)
			}
		}
		synctest.Wait()
		for _, s := range subs {
			if s.name == "another partition's instance" {
				none(t, s.ch)
			}
		}
		for _, ch := range live {
			none(t, ch)
		}
	})
}

// TestSubscribePartitionReads: a subscriber catching up reads its own
// partition's records from the Source, not the others', and a quiet
// partition's subscriber is not held up by a busy one's records, nor by a
// busy partition's subscriber that does not read.
func TestSubscribePartitionReads(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &memSource{}
		for i := range 500 {
			src.addIn(otherAccount, "busy", fmt.Sprintf("c-%d", i), "INITIATED")
			if i%100 == 0 {
				src.add("quiet", fmt.Sprintf("q-%d", i), "INITIATED")
			}
		}
		d := mustStart(t, Config{Source: src, PollInterval: time.Hour, Buffer: 16, BatchSize: 8})
		synctest.Wait()
		calls, read := src.reads()
		replay, cancel := d.Subscribe(testPartition, "", 0)
		defer cancel()
		if got := len(take(t, replay, 5)); got != 5 {
			t.Fatalf("replay got %d records", got)
		}
		synctest.Wait()
		calls2, read2 := src.reads()
		if calls2 == calls {
			t.Error("the replay did not read from the Source by partition")
		}
		if read2-read != 5 {
			t.Errorf("the replay read %d records from the Source, want its partition's 5", read2-read)
		}

		stuck, cancel2 := d.Subscribe(otherAccount, "", FromNow) // never read
		defer cancel2()
		quiet, cancel3 := d.Subscribe(testPartition, "", FromNow)
		defer cancel3()
		synctest.Wait()
		for i := range 3 * subscriberBuffer {
			src.addIn(otherAccount, "busy", fmt.Sprintf("later-%d", i), "INITIATED")
		}
		want := src.add("quiet", "q-last", "INITIATED")
		start := time.Now()
		d.Notify()
		if got := take(t, quiet, 1); got[0].Seq != want.Seq {
			t.Errorf("quiet subscriber got %d, want %d", got[0].Seq, want.Seq)
		}
		if el := time.Since(start); el != 0 {
			t.Errorf("quiet subscriber waited %v, want no wait", el)
		}
		_ = stuck
	})
}

// TestHandlerPartition: the stream shows the caller's partition only, and
// the instance filter resolves IDs and ARNs in the caller's partition.
func TestHandlerPartition(t *testing.T) {
	t.Parallel()
	ownARN := connect.InstanceARN(otherAccount, "inst-1")
	tests := []struct {
		name  string
		query string
		want  bool // the caller's events of inst-1 (or all of its instances)
	}{
		{"everything", "", true},
		{"own instance", "?instanceId=inst-1", true},
		{"own instance ARN", "?instanceId=" + ownARN, true},
		{"another partition's instance", "?instanceId=inst-0", false},
		{"another partition's instance ARN", "?instanceId=" + connect.InstanceARN(testPartition, "inst-0"), false},
		{"own ID in another region's ARN", "?instanceId=arn:aws:connect:eu-west-1:210987654321:instance/inst-1", false},
		{"own ID in another account's ARN", "?instanceId=arn:aws:connect:us-east-1:000000000000:instance/inst-1", false},
		{"own ID in another partition's ARN", "?instanceId=arn:aws-cn:connect:us-east-1:210987654321:instance/inst-1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				src := &memSource{}
				history := addMixed(src, 9)
				d := mustStart(t, Config{Source: src, PollInterval: time.Hour, KeepAlive: 2 * time.Hour})
				r := httptest.NewRequest(http.MethodGet, "/_connectd/v1/events"+tt.query, nil)
				r.Header.Set("Last-Event-ID", "0")
				w := newStreamWriter(t)
				done := serve(d.Handler(func(*http.Request) connect.Partition { return otherAccount }), w, r)
				if first := w.next(t); first != ": connected\n\n" {
					t.Errorf("first flush = %q, want the connected comment", first)
				}
				more := addMixed(src, 6)
				d.Notify()
				var want []string
				if tt.want {
					for _, r := range append(history[otherAccount], more[otherAccount]...) {
						want = append(want, fmt.Sprint(r.Seq))
					}
				}
				var got []string
				for len(got) < len(want) {
					for _, e := range parseSSE(t, w.next(t)) {
						got = append(got, e.ID)
					}
				}
				synctest.Wait()
				select {
				case s := <-w.flushes:
					for _, e := range parseSSE(t, s) {
						got = append(got, e.ID)
					}
				default:
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("event IDs (-want +got):\n%s", diff)
				}
				d.Stop()
				waitDone(t, done, "the end of the stream with the Dispatcher")
			})
		})
	}
}

// TestWebhookEveryPartition: a webhook is the operator's and gets every
// partition's records, in order; each body's account and region say whose
// it is.
func TestWebhookEveryPartition(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rc := newReceiver(nil)
		src := &memSource{}
		d := mustStart(t, Config{Source: src, Cursors: &memCursors{}, Webhooks: []string{"http://hooks.example/connect"},
			Client: inProcess(rc), PollInterval: time.Hour})
		var want []delivery
		addMixed(src, 9)
		for _, r := range src.recs {
			want = append(want, delivery{seq: r.Seq, partition: r.Partition})
		}
		d.Notify()
		var got []delivery
		for _, g := range take(t, rc.got, len(want)) {
			got = append(got, delivery{seq: g.seq, partition: g.partition})
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(delivery{})); diff != "" {
			t.Errorf("deliveries (-want +got):\n%s", diff)
		}
	})
}

// TestHandlerNoPartition: a request without a partition (no authentication)
// gets no stream.
func TestHandlerNoPartition(t *testing.T) {
	t.Parallel()
	d := mustStart(t, Config{Source: &memSource{}})
	for _, p := range []connect.Partition{{}, {AccountID: "000000000000"}, {Region: "us-east-1"}} {
		w := httptest.NewRecorder()
		d.Handler(func(*http.Request) connect.Partition { return p }).
			ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/_connectd/v1/events", nil))
		if w.Code != http.StatusForbidden {
			t.Errorf("partition %+v: status = %d, want 403", p, w.Code)
		}
	}
}
