package console

import (
	"bytes"
	"encoding/json"
	"net/http"

	"connectd/internal/connect"
)

type flowsData struct {
	InstanceID string
	Flows      []*connect.ContactFlow
}

func (c *Console) flows(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("InstanceId")
	fs, _, err := c.cfg.Service.ListContactFlows(r.Context(), s.partition(), id, nil, "", listMax)
	if err != nil {
		return err
	}
	c.render(w, r, http.StatusOK, "flows", &page{Title: "Flows", Session: s, Instance: id, Data: flowsData{id, fs}})
	return nil
}

type flowData struct {
	InstanceID string
	Flow       *connect.ContactFlow
	Diagram    *diagram
	JSON       string
}

// flowPage: the flow's diagram with its JSON beside it.
func (c *Console) flowPage(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("InstanceId")
	f, err := c.cfg.Service.DescribeContactFlow(r.Context(), s.partition(), id, r.PathValue("ContactFlowId"))
	if err != nil {
		return err
	}
	d := flowData{InstanceID: id, Flow: f, Diagram: drawFlow(f.Content, nil), JSON: prettyJSON(f.Content)}
	c.render(w, r, http.StatusOK, "flow", &page{Title: "Flow " + f.Name, Session: s, Instance: id, Data: d})
	return nil
}

// prettyJSON indents JSON text (as it is when it is not JSON).
func prettyJSON(s string) string {
	var b bytes.Buffer
	if json.Indent(&b, []byte(s), "", "  ") != nil {
		return s
	}
	return b.String()
}
