package events

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"connectd/internal/connect"
)

// Handler serves the event stream (connectd mounts it at GET
// /_connectd/v1/events; authentication is the caller's) as Server-Sent
// Events. partition returns the authenticated caller's account and region:
// the stream has that partition's records only, as each account and region
// of Amazon Connect has its own EventBridge. Each record is one event:
//
//	id: <Seq>
//	event: <the Body's detail.eventType, e.g. INITIATED; else its detail-type>
//	data: <Body>
//
// The query parameter instanceId (an instance ID, or an instance ARN of the
// caller's partition) keeps only that instance's events. Another partition's
// instance, like an instance that does not exist, has no events in the
// caller's stream, and an ARN of another account, region or AWS partition
// names none of the caller's instances (see connect.InstanceRef), so both
// stream nothing. A Last-Event-ID header resumes after that Seq, with the
// caller's next record (Seqs number every partition's records, so one
// partition's have gaps); without one the stream starts with the events read
// from then on. Once subscribed the stream sends the comment ": connected",
// so a client that waits for it gets every event of the API calls it makes
// afterwards; an idle stream gets a comment every Config.KeepAlive. The
// stream ends when the client goes away or the Dispatcher stops. Only GET is
// allowed (another method is 404 UnknownOperationException, with Allow:
// GET); an invalid Last-Event-ID or a repeated instanceId is 400
// InvalidParameterException, a request without a partition 403
// AccessDeniedException, and a Dispatcher that is not running answers 503
// ServiceUnavailableException. Errors are written by Config.ErrorFunc.
//
// A stream is one of the Dispatcher's subscriptions: beyond
// Config.MaxSubscribers it is refused with 503 ServiceUnavailableException
// and Retry-After. Each write to the client has Config.WriteTimeout to
// complete, in place of the server's WriteTimeout, which would end every
// stream: a client that does not take its events (it stopped reading, or
// reads slower than they come) is dropped when a write times out, and its
// slot freed, without holding up anyone else; it may reconnect with
// Last-Event-ID and lose nothing.
func (d *Dispatcher) Handler(partition func(*http.Request) connect.Partition) http.Handler {
	if partition == nil {
		panic("events: Handler needs the caller's partition")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.serveEvents(w, r, partition(r))
	})
}

func (d *Dispatcher) serveEvents(w http.ResponseWriter, r *http.Request, p connect.Partition) {
	if r.Method != http.MethodGet {
		// As the admin API answers a method it does not serve (HEAD reaches
		// here, served by GET's route).
		w.Header().Set("Allow", http.MethodGet)
		d.fail(w, http.StatusNotFound, "UnknownOperationException", "the event stream is read with GET, not "+r.Method)
		return
	}
	q := r.URL.Query()
	if len(q["instanceId"]) > 1 {
		d.fail(w, http.StatusBadRequest, "InvalidParameterException", "instanceId is given more than once")
		return
	}
	if p.AccountID == "" || p.Region == "" {
		// Authentication always names both; without them no record is the
		// caller's to see.
		d.fail(w, http.StatusForbidden, "AccessDeniedException", "the event stream is for an authenticated caller")
		return
	}
	ref := q.Get("instanceId")
	instanceID, ok := connect.InstanceRef(p, ref)
	if !ok {
		// An ARN naming no instance of p names no record's instance either
		// (records have IDs): like an unknown ID, it selects nothing.
		instanceID = ref
	}
	from := FromNow
	if v := r.Header.Get("Last-Event-ID"); v != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n < 0 {
			d.fail(w, http.StatusBadRequest, "InvalidParameterException", "Last-Event-ID is not an event ID of this stream")
			return
		}
		from = n
	}
	ch, cancel, err := d.subscribe(filter{p, instanceID}, from)
	if errors.Is(err, errTooMany) {
		w.Header().Set("Retry-After", "5")
		d.fail(w, http.StatusServiceUnavailable, "ServiceUnavailableException",
			fmt.Sprintf("This node already serves %d event streams, its limit; try again later.", d.maxSubs))
		return
	}
	if err != nil {
		d.fail(w, http.StatusServiceUnavailable, "ServiceUnavailableException", "the event stream is not available: connectd is stopping")
		return
	}
	defer cancel()

	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // ask nginx-like proxies not to buffer the stream
	w.WriteHeader(http.StatusOK)
	var buf bytes.Buffer
	buf.WriteString(": connected\n\n")
	keepAlive := time.NewTicker(d.keepAlive)
	defer keepAlive.Stop()
	for {
		if buf.Len() > 0 {
			// SetWriteDeadline fails only where the writer cannot have one.
			var deadline time.Time // zero: none
			if d.writeTimeout > 0 {
				deadline = time.Now().Add(d.writeTimeout)
			}
			_ = rc.SetWriteDeadline(deadline)
			_, err := w.Write(buf.Bytes())
			if err == nil {
				err = rc.Flush()
			}
			if err != nil {
				if errors.Is(err, os.ErrDeadlineExceeded) {
					d.log.Info("events: slow event stream dropped: its client did not take its events in time",
						"write_timeout", d.writeTimeout, "remote_addr", r.RemoteAddr)
				}
				return
			}
			buf.Reset()
		}
		select {
		case <-r.Context().Done():
			return
		case <-keepAlive.C:
			buf.WriteString(": keep-alive\n\n")
		case rec, ok := <-ch:
			if !ok {
				return
			}
			writeEvent(&buf, rec)
			// Send what else is waiting with the same flush.
			for more := true; more && buf.Len() < 64<<10; {
				select {
				case rec, ok := <-ch:
					if ok {
						writeEvent(&buf, rec)
					}
					more = ok
				default:
					more = false
				}
			}
			keepAlive.Reset(d.keepAlive)
		}
	}
}

// fail writes an error response with Config.ErrorFunc, or as plain text
// without one.
func (d *Dispatcher) fail(w http.ResponseWriter, status int, code, msg string) {
	if d.errorFunc != nil {
		d.errorFunc(w, status, code, msg)
		return
	}
	http.Error(w, msg, status)
}

// writeEvent appends rec to buf as one Server-Sent Event.
func writeEvent(buf *bytes.Buffer, rec Record) {
	buf.WriteString("id: ")
	buf.WriteString(strconv.FormatInt(rec.Seq, 10))
	buf.WriteByte('\n')
	if name := eventName(rec.Body); name != "" {
		buf.WriteString("event: ")
		buf.WriteString(name)
		buf.WriteByte('\n')
	}
	// A data line ends at CR, LF or CRLF; a Body spread over several lines
	// is sent as several data lines, which the client joins with LF.
	body := rec.Body
	for {
		i := bytes.IndexAny(body, "\r\n")
		if i < 0 {
			break
		}
		buf.WriteString("data: ")
		buf.Write(body[:i])
		buf.WriteByte('\n')
		if body[i] == '\r' && i+1 < len(body) && body[i+1] == '\n' {
			i++
		}
		body = body[i+1:]
	}
	buf.WriteString("data: ")
	buf.Write(body)
	buf.WriteString("\n\n")
}

// eventName is the SSE event type of an EventBridge body: its
// detail.eventType (INITIATED, QUEUED, ...), or else its detail-type, so that
// clients can listen to the events they want.
func eventName(body []byte) string {
	var e struct {
		DetailType string `json:"detail-type"`
		Detail     struct {
			EventType string `json:"eventType"`
		} `json:"detail"`
	}
	_ = json.Unmarshal(body, &e) // a field of another type just stays empty
	name := e.Detail.EventType
	if name == "" {
		name = e.DetailType
	}
	if strings.ContainsAny(name, "\r\n") {
		return ""
	}
	return name
}
