// Package rowjson is the JSON that connectd's stores keep in text columns:
// tags, references, segment attributes, hours, user settings, routing
// profile concurrencies, task template content and flow log entries. Both
// stores (internal/sqlite and internal/postgres) use it, so a row means the
// same in either and the format has one home. The domain structs carry no
// JSON tags; the mirrors here own the stored shape, so renaming a domain
// field cannot silently change it.
//
// A nullable column is a *string: nil (NULL) for an empty map or list, which
// reads back as nil.
package rowjson

import (
	"encoding/json"
	"fmt"
	"time"

	"connectd/internal/connect"
)

// encode returns v as JSON text, or nil when n == 0.
func encode(v any, n int) (*string, error) {
	if n == 0 {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	s := string(b)
	return &s, nil
}

// decode reads s into v; a nil s leaves v as it is.
func decode(s *string, v any) error {
	if s == nil {
		return nil
	}
	return json.Unmarshal([]byte(*s), v)
}

// Tags encodes a tag (or attribute) map.
func Tags(tags map[string]string) (*string, error) { return encode(tags, len(tags)) }

// DecodeTags decodes what Tags encoded.
func DecodeTags(s *string) (map[string]string, error) {
	var m map[string]string
	if err := decode(s, &m); err != nil {
		return nil, fmt.Errorf("decode tags: %w", err)
	}
	return m, nil
}

// Strings encodes a list of strings.
func Strings(l []string) (*string, error) { return encode(l, len(l)) }

// StringElement is how s appears inside a list Strings encoded: its JSON
// string, quotes included. A store finds the lists that hold s with it
// (LIKE '%' || StringElement(s) || '%'), without JSON functions.
func StringElement(s string) string {
	b, _ := json.Marshal(s) // a string always encodes
	return string(b)
}

// DecodeStrings decodes what Strings encoded.
func DecodeStrings(s *string) ([]string, error) {
	var l []string
	if err := decode(s, &l); err != nil {
		return nil, fmt.Errorf("decode string list: %w", err)
	}
	if len(l) == 0 {
		return nil, nil
	}
	return l, nil
}

type referenceJSON struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// References encodes a contact's references.
func References(refs map[string]connect.Reference) (*string, error) {
	m := make(map[string]referenceJSON, len(refs))
	for k, r := range refs {
		m[k] = referenceJSON{Type: r.Type, Value: r.Value}
	}
	return encode(m, len(m))
}

// DecodeReferences decodes what References encoded.
func DecodeReferences(s *string) (map[string]connect.Reference, error) {
	var m map[string]referenceJSON
	if err := decode(s, &m); err != nil {
		return nil, fmt.Errorf("decode references: %w", err)
	}
	if len(m) == 0 {
		return nil, nil
	}
	refs := make(map[string]connect.Reference, len(m))
	for k, r := range m {
		refs[k] = connect.Reference{Type: r.Type, Value: r.Value}
	}
	return refs, nil
}

type attachmentJSON struct {
	ID       string `json:"id"`
	FileName string `json:"name"`
	URL      string `json:"url"`
}

// Attachments encodes a task's attachments.
func Attachments(as []connect.Attachment) (*string, error) {
	l := make([]attachmentJSON, len(as))
	for i, a := range as {
		l[i] = attachmentJSON{ID: a.ID, FileName: a.FileName, URL: a.URL}
	}
	return encode(l, len(l))
}

// DecodeAttachments decodes what Attachments encoded.
func DecodeAttachments(s *string) ([]connect.Attachment, error) {
	var l []attachmentJSON
	if err := decode(s, &l); err != nil {
		return nil, fmt.Errorf("decode attachments: %w", err)
	}
	if len(l) == 0 {
		return nil, nil
	}
	out := make([]connect.Attachment, len(l))
	for i, a := range l {
		out[i] = connect.Attachment{ID: a.ID, FileName: a.FileName, URL: a.URL}
	}
	return out, nil
}

// segmentJSON mirrors connect.SegmentAttributeValue. Map and List are
// pointers so that an empty (non-nil) map or list survives the round trip,
// distinct from an unset one.
type segmentJSON struct {
	String  *string                 `json:"s,omitempty"`
	Integer *int32                  `json:"i,omitempty"`
	ARN     *string                 `json:"arn,omitempty"`
	Map     *map[string]segmentJSON `json:"m,omitempty"`
	List    *[]segmentJSON          `json:"l,omitempty"`
}

func toSegmentJSON(v connect.SegmentAttributeValue) segmentJSON {
	j := segmentJSON{String: v.String, Integer: v.Integer, ARN: v.ARN}
	if v.Map != nil {
		m := make(map[string]segmentJSON, len(v.Map))
		for k, e := range v.Map {
			m[k] = toSegmentJSON(e)
		}
		j.Map = &m
	}
	if v.List != nil {
		l := make([]segmentJSON, len(v.List))
		for i, e := range v.List {
			l[i] = toSegmentJSON(e)
		}
		j.List = &l
	}
	return j
}

func fromSegmentJSON(j segmentJSON) connect.SegmentAttributeValue {
	v := connect.SegmentAttributeValue{String: j.String, Integer: j.Integer, ARN: j.ARN}
	if j.Map != nil {
		v.Map = make(map[string]connect.SegmentAttributeValue, len(*j.Map))
		for k, e := range *j.Map {
			v.Map[k] = fromSegmentJSON(e)
		}
	}
	if j.List != nil {
		v.List = make([]connect.SegmentAttributeValue, len(*j.List))
		for i, e := range *j.List {
			v.List[i] = fromSegmentJSON(e)
		}
	}
	return v
}

// Segments encodes a contact's segment attributes.
func Segments(attrs map[string]connect.SegmentAttributeValue) (*string, error) {
	m := make(map[string]segmentJSON, len(attrs))
	for k, v := range attrs {
		m[k] = toSegmentJSON(v)
	}
	return encode(m, len(m))
}

// DecodeSegments decodes what Segments encoded.
func DecodeSegments(s *string) (map[string]connect.SegmentAttributeValue, error) {
	var m map[string]segmentJSON
	if err := decode(s, &m); err != nil {
		return nil, fmt.Errorf("decode segment attributes: %w", err)
	}
	if len(m) == 0 {
		return nil, nil
	}
	attrs := make(map[string]connect.SegmentAttributeValue, len(m))
	for k, v := range m {
		attrs[k] = fromSegmentJSON(v)
	}
	return attrs, nil
}

type hoursConfigJSON struct {
	Day         string `json:"day"`
	StartHours  int32  `json:"start_hours"`
	StartMinute int32  `json:"start_minute"`
	EndHours    int32  `json:"end_hours"`
	EndMinute   int32  `json:"end_minute"`
}

// HoursConfig encodes the slots of hours of operation.
func HoursConfig(cfg []connect.HoursConfig) (*string, error) {
	l := make([]hoursConfigJSON, len(cfg))
	for i, c := range cfg {
		l[i] = hoursConfigJSON(c)
	}
	return encode(l, len(l))
}

// DecodeHoursConfig decodes what HoursConfig encoded.
func DecodeHoursConfig(s *string) ([]connect.HoursConfig, error) {
	var l []hoursConfigJSON
	if err := decode(s, &l); err != nil {
		return nil, fmt.Errorf("decode hours config: %w", err)
	}
	if len(l) == 0 {
		return nil, nil
	}
	cfg := make([]connect.HoursConfig, len(l))
	for i, c := range l {
		cfg[i] = connect.HoursConfig(c)
	}
	return cfg, nil
}

// identityJSON mirrors connect.UserIdentity.
type identityJSON struct {
	FirstName      string `json:"first_name,omitempty"`
	LastName       string `json:"last_name,omitempty"`
	Email          string `json:"email,omitempty"`
	SecondaryEmail string `json:"secondary_email,omitempty"`
	Mobile         string `json:"mobile,omitempty"`
}

// Identity encodes a user's identity (nil when empty).
func Identity(id connect.UserIdentity) (*string, error) {
	j := identityJSON(id)
	n := 0
	if j != (identityJSON{}) {
		n = 1
	}
	return encode(j, n)
}

// DecodeIdentity decodes what Identity encoded.
func DecodeIdentity(s *string) (connect.UserIdentity, error) {
	var j identityJSON
	if err := decode(s, &j); err != nil {
		return connect.UserIdentity{}, fmt.Errorf("decode identity: %w", err)
	}
	return connect.UserIdentity(j), nil
}

// channelConfigJSON mirrors connect.UserChannelConfig.
type channelConfigJSON struct {
	AutoAccept             *bool  `json:"auto_accept,omitempty"`
	AgentFirstAutoAccept   *bool  `json:"agent_first_callback_auto_accept,omitempty"`
	AfterContactWork       *int32 `json:"acw_time_limit,omitempty"`
	AgentFirstAfterContact *int32 `json:"agent_first_callback_acw_time_limit,omitempty"`
	PhoneType              string `json:"phone_type,omitempty"`
	PhoneNumber            string `json:"phone_number,omitempty"`
	PersistentConnection   *bool  `json:"persistent_connection,omitempty"`
	VoiceEnhancementMode   string `json:"voice_enhancement_mode,omitempty"`
}

// ChannelConfigs encodes a user's per-channel settings.
func ChannelConfigs(m map[string]connect.UserChannelConfig) (*string, error) {
	out := make(map[string]channelConfigJSON, len(m))
	for ch, c := range m {
		out[ch] = channelConfigJSON{
			AutoAccept: c.AutoAccept, AgentFirstAutoAccept: c.AgentFirstCallbackAutoAccept,
			AfterContactWork: c.AfterContactWorkTimeLimit, AgentFirstAfterContact: c.AgentFirstCallbackAfterContactWorkTimeLimit,
			PhoneType: c.PhoneType, PhoneNumber: c.PhoneNumber, PersistentConnection: c.PersistentConnection,
			VoiceEnhancementMode: c.VoiceEnhancementMode,
		}
	}
	return encode(out, len(out))
}

// DecodeChannelConfigs decodes what ChannelConfigs encoded.
func DecodeChannelConfigs(s *string) (map[string]connect.UserChannelConfig, error) {
	var m map[string]channelConfigJSON
	if err := decode(s, &m); err != nil {
		return nil, fmt.Errorf("decode channel configs: %w", err)
	}
	if len(m) == 0 {
		return nil, nil
	}
	out := make(map[string]connect.UserChannelConfig, len(m))
	for ch, c := range m {
		out[ch] = connect.UserChannelConfig{
			AutoAccept: c.AutoAccept, AgentFirstCallbackAutoAccept: c.AgentFirstAutoAccept,
			AfterContactWorkTimeLimit: c.AfterContactWork, AgentFirstCallbackAfterContactWorkTimeLimit: c.AgentFirstAfterContact,
			PhoneType: c.PhoneType, PhoneNumber: c.PhoneNumber, PersistentConnection: c.PersistentConnection,
			VoiceEnhancementMode: c.VoiceEnhancementMode,
		}
	}
	return out, nil
}

// mediaConcurrencyJSON mirrors connect.MediaConcurrency.
type mediaConcurrencyJSON struct {
	Channel              string `json:"channel"`
	Concurrency          int32  `json:"concurrency"`
	CrossChannelBehavior string `json:"cross_channel_behavior,omitempty"`
}

// Concurrencies encodes a routing profile's media concurrencies.
func Concurrencies(ms []connect.MediaConcurrency) (*string, error) {
	l := make([]mediaConcurrencyJSON, len(ms))
	for i, m := range ms {
		l[i] = mediaConcurrencyJSON(m)
	}
	return encode(l, len(l))
}

// DecodeConcurrencies decodes what Concurrencies encoded.
func DecodeConcurrencies(s *string) ([]connect.MediaConcurrency, error) {
	var l []mediaConcurrencyJSON
	if err := decode(s, &l); err != nil {
		return nil, fmt.Errorf("decode media concurrencies: %w", err)
	}
	if len(l) == 0 {
		return nil, nil
	}
	out := make([]connect.MediaConcurrency, len(l))
	for i, m := range l {
		out[i] = connect.MediaConcurrency(m)
	}
	return out, nil
}

// templateContentJSON mirrors the parts of connect.TaskTemplate a snapshot
// holds besides its name and status.
type templateContentJSON struct {
	Description      string                `json:"description,omitempty"`
	ContactFlowID    string                `json:"contact_flow_id,omitempty"`
	SelfAssignFlowID string                `json:"self_assign_flow_id,omitempty"`
	Fields           []templateFieldJSON   `json:"fields,omitempty"`
	Required         []string              `json:"required,omitempty"`
	ReadOnly         []string              `json:"read_only,omitempty"`
	Invisible        []string              `json:"invisible,omitempty"`
	Defaults         []templateDefaultJSON `json:"defaults,omitempty"`
}

type templateFieldJSON struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Type        string   `json:"type"`
	Options     []string `json:"options,omitempty"`
}

type templateDefaultJSON struct {
	Field string `json:"field"`
	Value string `json:"value"`
}

// TemplateContent encodes a task template's content (all but its name,
// status and identity), as its current row and its snapshots keep it.
func TemplateContent(t *connect.TaskTemplate) (string, error) {
	c := templateContentJSON{
		Description: t.Description, ContactFlowID: t.ContactFlowID, SelfAssignFlowID: t.SelfAssignFlowID,
		Required: t.Constraints.Required, ReadOnly: t.Constraints.ReadOnly, Invisible: t.Constraints.Invisible,
	}
	for _, f := range t.Fields {
		c.Fields = append(c.Fields, templateFieldJSON{Name: f.Name, Description: f.Description, Type: f.Type, Options: f.SingleSelectOptions})
	}
	for _, d := range t.Defaults {
		c.Defaults = append(c.Defaults, templateDefaultJSON(d))
	}
	b, err := json.Marshal(c)
	return string(b), err
}

// DecodeTemplateContent decodes what TemplateContent encoded into t.
func DecodeTemplateContent(s string, t *connect.TaskTemplate) error {
	var c templateContentJSON
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		return fmt.Errorf("decode task template content: %w", err)
	}
	t.Description, t.ContactFlowID, t.SelfAssignFlowID = c.Description, c.ContactFlowID, c.SelfAssignFlowID
	t.Constraints = connect.TaskTemplateConstraints{Required: nilIfEmpty(c.Required), ReadOnly: nilIfEmpty(c.ReadOnly), Invisible: nilIfEmpty(c.Invisible)}
	t.Fields, t.Defaults = nil, nil
	for _, f := range c.Fields {
		t.Fields = append(t.Fields, connect.TaskTemplateField{Name: f.Name, Description: f.Description, Type: f.Type, SingleSelectOptions: nilIfEmpty(f.Options)})
	}
	for _, d := range c.Defaults {
		t.Defaults = append(t.Defaults, connect.TaskTemplateDefault(d))
	}
	return nil
}

func nilIfEmpty(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	return l
}

// flowLogJSON mirrors connect.FlowLogEntry; the time is unix milliseconds.
type flowLogJSON struct {
	Timestamp       int64             `json:"ts"`
	ContactFlowID   string            `json:"flowId,omitempty"`
	ContactFlowName string            `json:"flowName,omitempty"`
	ActionID        string            `json:"actionId,omitempty"`
	ActionType      string            `json:"actionType,omitempty"`
	Parameters      map[string]string `json:"parameters,omitempty"`
	Branch          string            `json:"branch,omitempty"`
	NextAction      string            `json:"next,omitempty"`
	Error           string            `json:"error,omitempty"`
}

// FlowLogEntry encodes one flow log entry.
func FlowLogEntry(e connect.FlowLogEntry) (string, error) {
	b, err := json.Marshal(flowLogJSON{Timestamp: e.Timestamp.UnixMilli(), ContactFlowID: e.ContactFlowID,
		ContactFlowName: e.ContactFlowName, ActionID: e.ActionID, ActionType: e.ActionType,
		Parameters: e.Parameters, Branch: e.Branch, NextAction: e.NextAction, Error: e.Error})
	return string(b), err
}

// DecodeFlowLogEntry decodes what FlowLogEntry encoded.
func DecodeFlowLogEntry(s string) (connect.FlowLogEntry, error) {
	var j flowLogJSON
	if err := json.Unmarshal([]byte(s), &j); err != nil {
		return connect.FlowLogEntry{}, fmt.Errorf("decode flow log entry: %w", err)
	}
	return connect.FlowLogEntry{Timestamp: time.UnixMilli(j.Timestamp).UTC(), ContactFlowID: j.ContactFlowID,
		ContactFlowName: j.ContactFlowName, ActionID: j.ActionID, ActionType: j.ActionType,
		Parameters: j.Parameters, Branch: j.Branch, NextAction: j.NextAction, Error: j.Error}, nil
}

type outboundCallerJSON struct {
	CallerIDName     string `json:"caller_id_name,omitempty"`
	CallerIDNumberID string `json:"caller_id_number_id,omitempty"`
	FlowID           string `json:"flow_id,omitempty"`
}

// OutboundCaller encodes a queue's outbound caller configuration (nil: NULL).
func OutboundCaller(c *connect.OutboundCallerConfig) (*string, error) {
	if c == nil {
		return nil, nil
	}
	return encode(outboundCallerJSON(*c), 1)
}

// DecodeOutboundCaller decodes what OutboundCaller encoded.
func DecodeOutboundCaller(s *string) (*connect.OutboundCallerConfig, error) {
	if s == nil {
		return nil, nil
	}
	var j outboundCallerJSON
	if err := decode(s, &j); err != nil {
		return nil, fmt.Errorf("decode outbound caller config: %w", err)
	}
	c := connect.OutboundCallerConfig(j)
	return &c, nil
}
