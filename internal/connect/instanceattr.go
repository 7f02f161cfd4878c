package connect

import (
	"context"
	"slices"
)

// Instance attribute types (AWS InstanceAttributeType), in the model's order.
const (
	AttrInboundCalls              = "INBOUND_CALLS"
	AttrOutboundCalls             = "OUTBOUND_CALLS"
	AttrContactFlowLogs           = "CONTACTFLOW_LOGS"
	AttrContactLens               = "CONTACT_LENS"
	AttrAutoResolveBestVoices     = "AUTO_RESOLVE_BEST_VOICES"
	AttrUseCustomTTSVoices        = "USE_CUSTOM_TTS_VOICES"
	AttrEarlyMedia                = "EARLY_MEDIA"
	AttrMultiPartyConference      = "MULTI_PARTY_CONFERENCE"
	AttrHighVolumeOutbound        = "HIGH_VOLUME_OUTBOUND"
	AttrEnhancedContactMonitoring = "ENHANCED_CONTACT_MONITORING"
	AttrEnhancedChatMonitoring    = "ENHANCED_CHAT_MONITORING"
	AttrMultiPartyChatConference  = "MULTI_PARTY_CHAT_CONFERENCE"
	AttrMessageStreaming          = "MESSAGE_STREAMING"
)

// InstanceAttributeTypes lists every attribute type, in the model's order.
var InstanceAttributeTypes = []string{
	AttrInboundCalls, AttrOutboundCalls, AttrContactFlowLogs, AttrContactLens,
	AttrAutoResolveBestVoices, AttrUseCustomTTSVoices, AttrEarlyMedia, AttrMultiPartyConference,
	AttrHighVolumeOutbound, AttrEnhancedContactMonitoring, AttrEnhancedChatMonitoring,
	AttrMultiPartyChatConference, AttrMessageStreaming,
}

// DefaultInstanceAttributes are the values of a new instance's attributes
// other than INBOUND_CALLS and OUTBOUND_CALLS, which CreateInstance sets.
// The API reference does not list them; these are what the administrator
// guide's instance creation gives (Contact Lens, early media and the best
// available voices on, flow logs and the rest off), which the Terraform
// provider's defaults for aws_connect_instance repeat.
var DefaultInstanceAttributes = map[string]string{
	AttrContactFlowLogs:           "false",
	AttrContactLens:               "true",
	AttrAutoResolveBestVoices:     "true",
	AttrUseCustomTTSVoices:        "false",
	AttrEarlyMedia:                "true",
	AttrMultiPartyConference:      "false",
	AttrHighVolumeOutbound:        "false",
	AttrEnhancedContactMonitoring: "false",
	AttrEnhancedChatMonitoring:    "false",
	AttrMultiPartyChatConference:  "false",
	AttrMessageStreaming:          "false",
}

// InstanceAttribute is one attribute of an instance and its value.
type InstanceAttribute struct {
	Type  string
	Value string
}

// Attribute returns the value of attribute typ of the instance: its own
// column for INBOUND_CALLS and OUTBOUND_CALLS, the value set for the others,
// else the default.
func (i *Instance) Attribute(typ string) string {
	switch typ {
	case AttrInboundCalls:
		return boolText(i.InboundCallsEnabled)
	case AttrOutboundCalls:
		return boolText(i.OutboundCallsEnabled)
	}
	if v, ok := i.Attributes[typ]; ok {
		return v
	}
	return DefaultInstanceAttributes[typ]
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// checkAttributeType refuses a type the model does not list (the wire layer
// checks the enum; this guards callers that bypass it).
func checkAttributeType(typ string) error {
	if !slices.Contains(InstanceAttributeTypes, typ) {
		return invalidParam("AttributeType %s is not an instance attribute type.", typ)
	}
	return nil
}

// DescribeInstanceAttribute returns attribute typ of the instance.
func (s *Service) DescribeInstanceAttribute(ctx context.Context, p Partition, instanceID, typ string) (InstanceAttribute, error) {
	if err := checkAttributeType(typ); err != nil {
		return InstanceAttribute{}, err
	}
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return InstanceAttribute{}, err
	}
	return InstanceAttribute{Type: typ, Value: inst.Attribute(typ)}, nil
}

// maxAttributePage is ListInstanceAttributes' page size when MaxResults is
// absent: the model's largest (MaxResult7).
const maxAttributePage = 7

// ListInstanceAttributes returns a page of the instance's attributes, every
// type the model lists, in the model's order.
func (s *Service) ListInstanceAttributes(ctx context.Context, p Partition, instanceID, token string, max int) ([]InstanceAttribute, string, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, "", err
	}
	if max <= 0 || max > maxAttributePage {
		max = maxAttributePage
	}
	start := 0
	if token != "" {
		after, err := decodeToken(token)
		if err != nil {
			return nil, "", err
		}
		if start = slices.Index(InstanceAttributeTypes, after) + 1; start == 0 {
			return nil, "", Errorf(Invalid, "The NextToken is not valid.")
		}
	}
	end := min(start+max, len(InstanceAttributeTypes))
	out := make([]InstanceAttribute, 0, end-start)
	for _, typ := range InstanceAttributeTypes[start:end] {
		out = append(out, InstanceAttribute{Type: typ, Value: inst.Attribute(typ)})
	}
	next := ""
	if end < len(InstanceAttributeTypes) {
		next = encodeToken(InstanceAttributeTypes[end-1])
	}
	return out, next, nil
}

// UpdateInstanceAttribute sets attribute typ of the instance to value,
// "true" or "false": every attribute type the model lists is a switch (the
// reference documents no other value). INBOUND_CALLS and OUTBOUND_CALLS
// change what DescribeInstance shows.
func (s *Service) UpdateInstanceAttribute(ctx context.Context, p Partition, instanceID, typ, value string) error {
	if err := checkAttributeType(typ); err != nil {
		return err
	}
	if value != "true" && value != "false" {
		return invalidParam("The value of %s must be true or false, not %q.", typ, value)
	}
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		cur, err := ch.tx.GetInstance(ctx, inst.ID)
		if err != nil {
			return err
		}
		switch typ {
		case AttrInboundCalls:
			cur.InboundCallsEnabled = value == "true"
		case AttrOutboundCalls:
			cur.OutboundCallsEnabled = value == "true"
		default:
			attrs := make(map[string]string, len(cur.Attributes)+1)
			for k, v := range cur.Attributes {
				attrs[k] = v
			}
			attrs[typ] = value
			cur.Attributes = attrs
		}
		return ch.tx.UpdateInstanceAttributes(ctx, cur)
	})
}
