package connect

import "testing"

// TestTransition covers every (state, trigger) edge: the allowed ones reach
// their target, every other one is refused as a Conflict and leaves the
// state unchanged.
func TestTransition(t *testing.T) {
	t.Parallel()
	states := []ContactState{StateScheduled, StateInProgress, StateQueued, StateConnecting,
		StateConnected, StatePaused, StateEnded}
	triggers := []Trigger{TriggerStart, TriggerEnqueue, TriggerOffer, TriggerAccept, TriggerReject,
		TriggerTransfer, TriggerPause, TriggerResume, TriggerDisconnect, TriggerReschedule}
	allowed := map[ContactState]map[Trigger]ContactState{
		StateScheduled:  {TriggerStart: StateInProgress, TriggerReschedule: StateScheduled, TriggerDisconnect: StateEnded},
		StateInProgress: {TriggerEnqueue: StateQueued, TriggerDisconnect: StateEnded},
		StateQueued:     {TriggerOffer: StateConnecting, TriggerTransfer: StateEnded, TriggerDisconnect: StateEnded},
		StateConnecting: {TriggerAccept: StateConnected, TriggerReject: StateQueued, TriggerTransfer: StateEnded, TriggerDisconnect: StateEnded},
		StateConnected:  {TriggerTransfer: StateEnded, TriggerPause: StatePaused, TriggerDisconnect: StateEnded},
		StatePaused:     {TriggerResume: StateConnected, TriggerTransfer: StateEnded, TriggerDisconnect: StateEnded},
	}
	for _, from := range states {
		for _, tr := range triggers {
			to, err := Transition(from, tr)
			want, ok := allowed[from][tr]
			switch {
			case ok && (err != nil || to != want):
				t.Errorf("Transition(%s, %s) = %s, %v; want %s", from, tr, to, err, want)
			case !ok && (err == nil || KindOf(err) != Conflict || to != from):
				t.Errorf("Transition(%s, %s) = %s, %v; want refusal", from, tr, to, err)
			}
		}
	}
}
