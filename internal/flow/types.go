package flow

import (
	"maps"
	"slices"
)

// category is the AWS grouping of an action type. The engine will use it to
// decide whether an action needs a contact or a participant.
type category uint8

const (
	contactAction     category = iota + 1 // needs a contact
	flowControlAction                     // no side effects; chooses a branch
	interactionAction                     // side effects, no contact or participant needed
	participantAction                     // needs a participant
)

// actionType describes one documented action Type.
type actionType struct {
	category category
	// mayEnd marks actions after which the flow may stop without a
	// transition: the terminal actions (their Transitions are an empty
	// object) and the transfers, which end this flow when they succeed.
	mayEnd bool
}

// actionTypes lists the action Types of the Flow language reference, under
// "Actions in the Amazon Connect Flow language" (API Reference, and its copy
// in the Administrator Guide): the Contact actions, Flow control actions,
// Interactions and Participant actions pages. An action Type missing here is
// reported by Validate.
var actionTypes = map[string]actionType{
	// Contact actions.
	"CompleteOutboundCall":                       {category: contactAction},
	"CreateCase":                                 {category: contactAction},
	"CreateTask":                                 {category: contactAction},
	"CreateWisdomSession":                        {category: contactAction},
	"DequeueContactAndTransferToQueue":           {category: contactAction, mayEnd: true},
	"EndFlowModuleExecution":                     {category: contactAction, mayEnd: true},
	"GetCase":                                    {category: contactAction},
	"InvokeFlowModule":                           {category: contactAction},
	"ResumeContact":                              {category: contactAction},
	"StartOutboundChatContact":                   {category: contactAction},
	"TagContact":                                 {category: contactAction},
	"TransferContactToAgent":                     {category: contactAction, mayEnd: true},
	"TransferContactToQueue":                     {category: contactAction, mayEnd: true},
	"UnTagContact":                               {category: contactAction},
	"UpdateCase":                                 {category: contactAction},
	"UpdateContactAttributes":                    {category: contactAction},
	"UpdateContactCallbackNumber":                {category: contactAction},
	"UpdateContactData":                          {category: contactAction},
	"UpdateContactEventHooks":                    {category: contactAction},
	"UpdateContactMediaProcessing":               {category: contactAction},
	"UpdateContactMediaStreamingBehavior":        {category: contactAction},
	"UpdateContactRecordingAndAnalyticsBehavior": {category: contactAction},
	"UpdateContactRecordingBehavior":             {category: contactAction},
	"UpdateContactRoutingBehavior":               {category: contactAction},
	"UpdateContactTargetQueue":                   {category: contactAction},
	"UpdateContactTextToSpeechVoice":             {category: contactAction},
	"UpdatePreviousContactParticipantState":      {category: contactAction},

	// Flow control actions.
	"CheckHoursOfOperation":     {category: flowControlAction},
	"CheckMetricData":           {category: flowControlAction},
	"CheckOutboundCallStatus":   {category: flowControlAction},
	"CheckVoiceId":              {category: flowControlAction},
	"Compare":                   {category: flowControlAction},
	"DistributeByPercentage":    {category: flowControlAction},
	"EndFlowExecution":          {category: flowControlAction, mayEnd: true},
	"GetMetricData":             {category: flowControlAction},
	"Loop":                      {category: flowControlAction},
	"StartVoiceIdStream":        {category: flowControlAction},
	"TransferToFlow":            {category: flowControlAction, mayEnd: true},
	"UpdateFlowAttributes":      {category: flowControlAction},
	"UpdateFlowLoggingBehavior": {category: flowControlAction},
	"UpdateRoutingCriteria":     {category: flowControlAction},
	"Wait":                      {category: flowControlAction},

	// Interactions.
	"AssociateContactToCustomerProfile":         {category: interactionAction},
	"CreateCallbackContact":                     {category: interactionAction},
	"CreateCustomerProfile":                     {category: interactionAction},
	"GetCalculatedAttributesForCustomerProfile": {category: interactionAction},
	"GetCustomerProfile":                        {category: interactionAction},
	"GetCustomerProfileObject":                  {category: interactionAction},
	"InvokeLambdaFunction":                      {category: interactionAction},
	"UpdateCustomerProfile":                     {category: interactionAction},

	// Participant actions.
	"ConnectParticipantWithLexBot":    {category: participantAction},
	"DisconnectParticipant":           {category: participantAction, mayEnd: true},
	"GetParticipantInput":             {category: participantAction},
	"MessageParticipant":              {category: participantAction},
	"MessageParticipantIteratively":   {category: participantAction},
	"ShowView":                        {category: participantAction},
	"TransferParticipantToThirdParty": {category: participantAction, mayEnd: true},
}

// IsKnownType reports whether t is a documented Flow language action Type.
func IsKnownType(t string) bool {
	_, ok := actionTypes[t]
	return ok
}

// KnownTypes returns the documented action Types, sorted.
func KnownTypes() []string {
	return slices.Sorted(maps.Keys(actionTypes))
}

// operators are the Condition operators of the Flow language reference ("List
// of Operators"); each takes exactly one string operand.
var operators = map[string]bool{
	"Equals":                 true,
	"TextStartsWith":         true,
	"TextEndsWith":           true,
	"TextContains":           true,
	"NumberGreaterThan":      true,
	"NumberGreaterOrEqualTo": true,
	"NumberLessThan":         true,
	"NumberLessOrEqualTo":    true,
}
