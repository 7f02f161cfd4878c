package bench

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// The baseline is a bare net/http handler for the routes the load uses: it
// reads and decodes the request's JSON and encodes an answer of the shape
// and size connectd's, and does nothing else (no signature check, no
// store). connectd's figures divided by its figures, measured in the same
// run on the same machine, say what connectd costs above HTTP and JSON.

type baselineStartRequest struct {
	Name, Description, ClientToken, ContactFlowId string
	ScheduledTime                                 *float64
	Attributes                                    map[string]string
	References                                    map[string]struct{ Type, Value string }
}

type baselineContact struct {
	Arn, Id, InitialContactId, Channel, InitiationMethod, Name, Description string
	Attributes                                                              map[string]string `json:",omitempty"`
	InitiationTimestamp, LastUpdateTimestamp, ConnectedToSystemTimestamp    float64
	QueueInfo                                                               struct {
		Id               string
		EnqueueTimestamp float64
	}
	QueuePriority, QueueTimeAdjustmentSeconds int
}

func baselineHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /contact/task", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		var in baselineStartRequest
		if err == nil {
			err = json.Unmarshal(body, &in)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		id := newID()
		writeBaseline(w, map[string]string{"ContactId": id,
			"ContactArn": "arn:aws:connect:us-east-1:111122223333:instance/" + r.PathValue("InstanceId") + "/contact/" + id})
	})
	mux.HandleFunc("GET /contacts/{InstanceId}/{ContactId}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("ContactId")
		now := float64(time.Now().UnixMilli()) / 1000
		c := baselineContact{Arn: "arn:aws:connect:us-east-1:111122223333:instance/" + r.PathValue("InstanceId") + "/contact/" + id,
			Id: id, InitialContactId: id, Channel: "TASK", InitiationMethod: "API", Name: "bench", Description: "a benchmark task",
			Attributes: map[string]string{"customer": "Jane"}, InitiationTimestamp: now, LastUpdateTimestamp: now, ConnectedToSystemTimestamp: now,
		}
		c.QueueInfo.Id, c.QueueInfo.EnqueueTimestamp = newID(), now
		writeBaseline(w, map[string]any{"Contact": c})
	})
	return mux
}

func writeBaseline(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", newID())
	w.Write(b)
}

// newID is a random UUID-shaped ID, as connectd's.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
