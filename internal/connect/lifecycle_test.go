package connect

import "testing"

// TestTransition covers every (state, event) edge: the allowed ones reach
// their target, every other one is refused and leaves the state unchanged.
func TestTransition(t *testing.T) {
	t.Parallel()
	states := []ContactState{StateScheduled, StateInProgress, StateQueued, StateConnected, StateEnded}
	events := []ContactEvent{EventStart, EventEnqueue, EventConnect, EventDisconnect, EventReschedule}
	allowed := map[ContactState]map[ContactEvent]ContactState{
		StateScheduled:  {EventStart: StateInProgress, EventReschedule: StateScheduled, EventDisconnect: StateEnded},
		StateInProgress: {EventEnqueue: StateQueued, EventDisconnect: StateEnded},
		StateQueued:     {EventEnqueue: StateQueued, EventConnect: StateConnected, EventDisconnect: StateEnded},
		StateConnected:  {EventEnqueue: StateQueued, EventDisconnect: StateEnded},
	}
	for _, from := range states {
		for _, ev := range events {
			to, err := Transition(from, ev)
			want, ok := allowed[from][ev]
			switch {
			case ok && (err != nil || to != want):
				t.Errorf("Transition(%s, %s) = %s, %v; want %s", from, ev, to, err, want)
			case !ok && (err == nil || KindOf(err) != Invalid || to != from):
				t.Errorf("Transition(%s, %s) = %s, %v; want refusal", from, ev, to, err)
			}
		}
	}
}
