package e2e

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/google/go-cmp/cmp"
)

// contactEvent is the detail of a contact event as the stream carries it.
type contactEvent struct {
	EventType, ContactID, DisconnectReason string
	UpdatedProperties                      []string
}

// eventsUntil replays the event stream of s's account and region from the
// start, up to the INITIATED event of marker, and returns every event read.
func eventsUntil(t *testing.T, s *server, marker string) []contactEvent {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(c, http.MethodGet, s.URL+"/_connectd/v1/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Last-Event-ID", "0")
	sum := sha256.Sum256(nil)
	if err := v4.NewSigner().SignHTTP(c, aws.Credentials{AccessKeyID: lifeKey, SecretAccessKey: lifeSecret}, req,
		hex.EncodeToString(sum[:]), "connect", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET events: %s", resp.Status)
	}
	var out []contactEvent
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		var ev struct{ Detail contactEvent }
		if err := json.Unmarshal([]byte(data), &ev); err != nil {
			t.Fatalf("event %q: %v", data, err)
		}
		out = append(out, ev.Detail)
		if ev.Detail.ContactID == marker && ev.Detail.EventType == "INITIATED" {
			return out
		}
	}
	t.Fatalf("no INITIATED event of %s in the stream (%d events read): %v", marker, len(out), sc.Err())
	return nil
}

// eventSummary renders contact's events as "TYPE", "CONTACT_DATA_UPDATED
// [A B]" or "DISCONNECTED REASON" lines.
func eventSummary(evs []contactEvent, contact string) []string {
	var out []string
	for _, ev := range evs {
		if ev.ContactID != contact {
			continue
		}
		line := ev.EventType
		switch ev.EventType {
		case "CONTACT_DATA_UPDATED":
			line += " " + strings.Join(ev.UpdatedProperties, " ")
		case "DISCONNECTED", "COMPLETED":
			line += " " + ev.DisconnectReason
		}
		out = append(out, line)
	}
	return out
}

// The contact events' updatedProperties are the data model's names
// (UserDefinedAttributes, Tags, ScheduledTimestamp), changes the data model
// does not list emit no CONTACT_DATA_UPDATED, and a task ended by
// TransferContact has the task DisconnectReason OTHER.
func TestContactEventsFidelity(t *testing.T) {
	t.Parallel()
	e := lifeSetup(t, false)
	c, s := e.c, e.s
	id := startTask(t, c, s, "events")
	updateAttributes(t, c, s, id, map[string]string{"k": "v"})
	if _, err := c.TagContact(ctx(t), &connect.TagContactInput{InstanceId: &e.inst, ContactId: &id, Tags: map[string]string{"team": "a"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateContact(ctx(t), &connect.UpdateContactInput{InstanceId: &e.inst, ContactId: &id, Name: aws.String("renamed")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateContactRoutingData(ctx(t), &connect.UpdateContactRoutingDataInput{InstanceId: &e.inst, ContactId: &id, QueuePriority: aws.Int64(2)}); err != nil {
		t.Fatal(err)
	}
	later := startTask(t, c, s, "later", withSchedule(schedule(time.Hour)))
	if _, err := c.UpdateContactSchedule(ctx(t), &connect.UpdateContactScheduleInput{InstanceId: &e.inst, ContactId: &later,
		ScheduledTime: aws.Time(schedule(2 * time.Hour))}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TransferContact(ctx(t), &connect.TransferContactInput{InstanceId: &e.inst, ContactId: &id,
		ContactFlowId: aws.String(s.TaskFlowID), QueueId: &e.queue}); err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(describe(t, c, s, id).DisconnectReason); got != "OTHER" {
		t.Errorf("transferred task's DisconnectReason = %q, want OTHER", got)
	}
	evs := eventsUntil(t, s, startTask(t, c, s, "marker"))
	want := []string{"INITIATED", "CONNECTED_TO_SYSTEM", "QUEUED", "CONTACT_DATA_UPDATED UserDefinedAttributes",
		"CONTACT_DATA_UPDATED Tags", "DISCONNECTED OTHER", "COMPLETED OTHER"}
	if diff := cmp.Diff(want, eventSummary(evs, id)); diff != "" {
		t.Errorf("events of the transferred task (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"INITIATED", "CONTACT_DATA_UPDATED ScheduledTimestamp"}, eventSummary(evs, later)); diff != "" {
		t.Errorf("events of the rescheduled task (-want +got):\n%s", diff)
	}
}

const contactEventsBotoScript = `
import json, sys
import boto3, botocore

endpoint, instance, flow, queue = sys.argv[1:5]
c = boto3.session.Session(region_name="us-east-1").client("connect", endpoint_url=endpoint,
    config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}))
cid = c.start_task_contact(InstanceId=instance, ContactFlowId=flow, Name="boto events")["ContactId"]
c.update_contact_attributes(InstanceId=instance, InitialContactId=cid, Attributes={"k": "v"})
c.untag_contact(InstanceId=instance, ContactId=cid, TagKeys=["absent"])
c.update_contact(InstanceId=instance, ContactId=cid, Description="no event")
c.transfer_contact(InstanceId=instance, ContactId=cid, ContactFlowId=flow, QueueId=queue)
reason = c.describe_contact(InstanceId=instance, ContactId=cid)["Contact"].get("DisconnectReason")
marker = c.start_task_contact(InstanceId=instance, ContactFlowId=flow, Name="marker")["ContactId"]
print(json.dumps({"Contact": cid, "Reason": reason, "Marker": marker}))
`

// The same through boto3.
func TestContactEventsFidelityBoto(t *testing.T) {
	t.Parallel()
	needBoto(t)
	e := lifeSetup(t, false)
	s := e.s
	r := cliRun(t, contactEventsBotoScript, "python3", "-", s.URL, s.InstanceID, s.TaskFlowID, e.queue)
	if r.code != 0 {
		t.Fatalf("boto3 script: exit %d\n%s", r.code, r.stderr)
	}
	var out struct{ Contact, Reason, Marker string }
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("boto3 output %q: %v", r.stdout, err)
	}
	if out.Reason != "OTHER" {
		t.Errorf("transferred task's DisconnectReason = %q, want OTHER", out.Reason)
	}
	want := []string{"INITIATED", "CONNECTED_TO_SYSTEM", "QUEUED", "CONTACT_DATA_UPDATED UserDefinedAttributes",
		"CONTACT_DATA_UPDATED Tags", "DISCONNECTED OTHER", "COMPLETED OTHER"}
	if diff := cmp.Diff(want, eventSummary(eventsUntil(t, s, out.Marker), out.Contact)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}
