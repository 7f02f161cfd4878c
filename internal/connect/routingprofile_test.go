package connect

import "testing"

func TestCheckConcurrencies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ms   []MediaConcurrency
		ok   bool
	}{
		{"none", nil, true},
		{"all channels", []MediaConcurrency{{Channel: "VOICE", Concurrency: 1}, {Channel: "CHAT", Concurrency: 10},
			{Channel: "TASK", Concurrency: 10}, {Channel: "EMAIL", Concurrency: 5}}, true},
		{"voice 2", []MediaConcurrency{{Channel: "VOICE", Concurrency: 2}}, false},
		{"task twice", []MediaConcurrency{{Channel: "TASK", Concurrency: 1}, {Channel: "TASK", Concurrency: 2}}, false},
	}
	for _, tc := range tests {
		err := checkConcurrencies(tc.ms)
		if (err == nil) != tc.ok || (err != nil && KindOf(err) != InvalidParameter) {
			t.Errorf("%s: checkConcurrencies = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
	rp := &RoutingProfile{MediaConcurrencies: []MediaConcurrency{{Channel: "TASK", Concurrency: 3}}}
	if rp.Concurrency(ChannelTask) != 3 || rp.Concurrency(ChannelChat) != 0 {
		t.Errorf("Concurrency = task %d, chat %d; want 3, 0", rp.Concurrency(ChannelTask), rp.Concurrency(ChannelChat))
	}
	for _, key := range []string{"q-1/TASK", "abc/def/VOICE", "nochannel"} {
		q, ch := SplitRoutingProfileQueueKey(key)
		if (RoutingProfileQueue{QueueID: q, Channel: ch}).Key() != key && ch != "" {
			t.Errorf("SplitRoutingProfileQueueKey(%q) = %q, %q does not rebuild the key", key, q, ch)
		}
	}
}
