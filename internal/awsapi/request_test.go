package awsapi

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// TestDecodeCreate: each Create request decodes outside HTTP into the
// Service's input the operation's handler would pass, without InstanceID.
func TestDecodeCreate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  func() (any, error)
		want any
	}{
		{"instance", func() (any, error) {
			return DecodeCreateInstance([]byte(`{"IdentityManagementType":"CONNECT_MANAGED","InstanceAlias":"boot",
				"InboundCallsEnabled":true,"OutboundCallsEnabled":false,"Tags":{"a":"b"}}`))
		}, connect.CreateInstanceInput{IdentityManagementType: "CONNECT_MANAGED", Alias: "boot", InboundCallsEnabled: true,
			Tags: map[string]string{"a": "b"}}},
		{"hours", func() (any, error) {
			return DecodeCreateHoursOfOperation([]byte(`{"Name":"Office","TimeZone":"Europe/Paris","Config":[
				{"Day":"MONDAY","StartTime":{"Hours":9,"Minutes":0},"EndTime":{"Hours":17,"Minutes":30}}]}`))
		}, connect.CreateHoursOfOperationInput{Name: "Office", TimeZone: "Europe/Paris",
			Config: []connect.HoursConfig{{Day: "MONDAY", StartHours: 9, EndHours: 17, EndMinute: 30}}}},
		{"queue", func() (any, error) {
			return DecodeCreateQueue([]byte(`{"Name":"Support","HoursOfOperationId":"Office","MaxContacts":5,"QuickConnectIds":["qc"]}`))
		}, connect.CreateQueueInput{Name: "Support", HoursOfOperationID: "Office", MaxContacts: new(int32(5)), QuickConnectIDs: []string{"qc"}}},
		{"flow", func() (any, error) {
			return DecodeCreateContactFlow([]byte(`{"Name":"Route","Type":"CONTACT_FLOW","Content":"{}","Status":"SAVED"}`))
		}, connect.CreateContactFlowInput{Name: "Route", Type: "CONTACT_FLOW", Content: "{}", Status: "SAVED"}},
		{"routing profile", func() (any, error) {
			return DecodeCreateRoutingProfile([]byte(`{"Name":"Tasks","Description":"d","DefaultOutboundQueueId":"Support",
				"MediaConcurrencies":[{"Channel":"TASK","Concurrency":2}],
				"QueueConfigs":[{"QueueReference":{"QueueId":"Support","Channel":"TASK"},"Priority":1,"Delay":0}]}`))
		}, connect.CreateRoutingProfileInput{Name: "Tasks", Description: "d", DefaultOutboundQueueID: "Support",
			MediaConcurrencies: []connect.MediaConcurrency{{Channel: "TASK", Concurrency: 2}},
			QueueConfigs:       []connect.RoutingProfileQueue{{QueueID: "Support", Channel: "TASK", Priority: 1}}}},
		{"security profile", func() (any, error) {
			return DecodeCreateSecurityProfile([]byte(`{"SecurityProfileName":"Leads","Permissions":["BasicAgentAccess"]}`))
		}, connect.CreateSecurityProfileInput{Name: "Leads", SecurityProfileSettings: connect.SecurityProfileSettings{Permissions: []string{"BasicAgentAccess"}}}},
		{"agent status", func() (any, error) {
			return DecodeCreateAgentStatus([]byte(`{"Name":"Lunch","State":"ENABLED","DisplayOrder":3}`))
		}, connect.CreateAgentStatusInput{Name: "Lunch", State: "ENABLED", DisplayOrder: new(int32(3))}},
		{"user", func() (any, error) {
			return DecodeCreateUser([]byte(`{"Username":"ana","Password":"Passw0rd!","IdentityInfo":{"FirstName":"Ana","LastName":"Ng"},
				"PhoneConfig":{"PhoneType":"SOFT_PHONE"},"RoutingProfileId":"Tasks","SecurityProfileIds":["Agent"]}`))
		}, connect.CreateUserInput{Username: "ana", Password: new("Passw0rd!"), Identity: connect.UserIdentity{FirstName: "Ana", LastName: "Ng"},
			Phone: &connect.PhoneConfig{PhoneType: "SOFT_PHONE"}, RoutingProfileID: "Tasks", SecurityProfileIDs: []string{"Agent"}}},
		{"task template", func() (any, error) {
			return DecodeCreateTaskTemplate([]byte(`{"Name":"Callback","ContactFlowId":"Route",
				"Fields":[{"Id":{"Name":"Title"},"Type":"NAME"}],"Constraints":{"RequiredFields":[{"Id":{"Name":"Title"}}]}}`))
		}, connect.TaskTemplateInput{Name: "Callback", ContactFlowID: "Route",
			Fields:      []connect.TaskTemplateField{{Name: "Title", Type: "NAME"}},
			Constraints: &connect.TaskTemplateConstraints{Required: []string{"Title"}}}},
		{"quick connect", func() (any, error) {
			return DecodeCreateQuickConnect([]byte(`{"Name":"To support","QuickConnectConfig":{"QuickConnectType":"QUEUE",
				"QueueConfig":{"QueueId":"Support","ContactFlowId":"Default queue transfer"}}}`))
		}, connect.CreateQuickConnectInput{Name: "To support", Config: connect.QuickConnectConfig{Type: "QUEUE",
			Queue: &connect.QueueQuickConnectConfig{QueueID: "Support", ContactFlowID: "Default queue transfer"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := tc.run()
			if err != nil {
				t.Fatalf("decode = %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("decoded input mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeCreateRefusals: what the operation refuses, with the member at
// fault and the API's exception and message; and, unlike the API, members
// the request shape does not have.
func TestDecodeCreateRefusals(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 128)
	tests := []struct {
		name string
		run  func() error
		want RequestError
	}{
		{"unknown member", func() error {
			_, err := DecodeCreateQueue([]byte(`{"Name":"a","HoursOfOperationId":"h","Nmae":"b"}`))
			return err
		},
			RequestError{"Nmae", codeInvalidParameter, "CreateQueueRequest has no member Nmae"}},
		{"member of another case", func() error { _, err := DecodeCreateQueue([]byte(`{"name":"a","HoursOfOperationId":"h"}`)); return err },
			RequestError{"name", codeInvalidParameter, "CreateQueueRequest has no member name (did you mean Name?)"}},
		{"nested unknown member", func() error {
			_, err := DecodeCreateUser([]byte(`{"Username":"a","IdentityInfo":{"Firstname":"A"}}`))
			return err
		}, RequestError{"IdentityInfo.Firstname", codeInvalidParameter, "UserIdentityInfo has no member Firstname (did you mean FirstName?)"}},
		{"path member in the body", func() error {
			_, err := DecodeCreateAgentStatus([]byte(`{"InstanceId":"i","Name":"a","State":"ENABLED"}`))
			return err
		}, RequestError{"InstanceId", codeInvalidParameter, "CreateAgentStatusRequest has no member InstanceId"}},
		{"wrong type", func() error { _, err := DecodeCreateQueue([]byte(`{"Name":5,"HoursOfOperationId":"h"}`)); return err },
			RequestError{"Name", codeInvalidParameter, "Value at 'Name' has the wrong JSON type (number)"}},
		{"wrong type in a list", func() error {
			_, err := DecodeCreateRoutingProfile([]byte(`{"Name":"a","Description":"d","DefaultOutboundQueueId":"q",
				"MediaConcurrencies":[{"Channel":"TASK","Concurrency":1}],
				"QueueConfigs":[{"QueueReference":{"QueueId":"q","Channel":"TASK"},"Priority":1,"Delay":0},
				{"QueueReference":{"QueueId":"q","Channel":"CHAT"},"Priority":"high","Delay":0}]}`))
			return err
		}, RequestError{"QueueConfigs[1].Priority", codeInvalidParameter, "Value at 'QueueConfigs[1].Priority' has the wrong JSON type (string)"}},
		{"number out of range", func() error {
			_, err := DecodeCreateAgentStatus([]byte(`{"Name":"a","State":"ENABLED","DisplayOrder":99999999999}`))
			return err
		}, RequestError{"DisplayOrder", codeInvalidParameter, "Value at 'DisplayOrder' has the wrong JSON type (number 99999999999)"}},
		{"constraint", func() error {
			_, err := DecodeCreateQueue([]byte(`{"Name":"` + long + `","HoursOfOperationId":"h"}`))
			return err
		},
			RequestError{"Name", codeInvalidParameter,
				"1 validation error detected: Value at 'Name' failed to satisfy constraint: Member must have length less than or equal to 127"}},
		{"required", func() error { _, err := DecodeCreateQueue([]byte(`{"Name":"a"}`)); return err },
			RequestError{"HoursOfOperationId", codeInvalidParameter,
				"1 validation error detected: Value null at 'HoursOfOperationId' failed to satisfy constraint: Member must not be null"}},
		{"enum", func() error { _, err := DecodeCreateAgentStatus([]byte(`{"Name":"a","State":"ON"}`)); return err },
			RequestError{"State", codeInvalidParameter,
				"1 validation error detected: Value at 'State' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]"}},
		{"unsupported member", func() error {
			_, err := DecodeCreateQueue([]byte(`{"Name":"a","HoursOfOperationId":"h","OutboundEmailConfig":{"OutboundEmailAddressId":"x"}}`))
			return err
		}, RequestError{"", codeInvalidRequest, "connectd does not support outbound email configuration on queues yet."}},
		{"unsupported security profile member", func() error {
			_, err := DecodeCreateSecurityProfile([]byte(`{"SecurityProfileName":"a","Applications":[{"Namespace":"x"}]}`))
			return err
		}, RequestError{"", codeInvalidRequest, "connectd does not support Applications, AllowedFlowModules or GranularAccessControlConfiguration on security profiles yet."}},
		{"not JSON", func() error { _, err := DecodeCreateInstance([]byte(`{"InstanceAlias":`)); return err },
			RequestError{"", codeInvalidRequest, "Request body is not valid JSON"}},
		{"not an object", func() error { _, err := DecodeCreateInstance([]byte(`["a"]`)); return err },
			RequestError{"", codeInvalidRequest, "Request body must be a JSON object"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.run()
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("error = %v, want a *RequestError", err)
			}
			if diff := cmp.Diff(tc.want, *re); diff != "" {
				t.Errorf("RequestError mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOperationError: a Service error becomes the operation's exception.
func TestOperationError(t *testing.T) {
	t.Parallel()
	err := &connect.Error{Kind: connect.Duplicate, Message: "A user with the username ana already exists."}
	want := RequestError{Code: "DuplicateResourceException", Message: "A user with the username ana already exists."}
	if diff := cmp.Diff(want, *OperationError("CreateUser", err)); diff != "" {
		t.Errorf("OperationError mismatch (-want +got):\n%s", diff)
	}
	tz := &connect.Error{Kind: connect.InvalidParameter, Message: `TimeZone "Mars" is not a valid time zone.`}
	if got := OperationError("CreateHoursOfOperation", tz); got.Code != codeInvalidParameter {
		t.Errorf("OperationError(CreateHoursOfOperation, invalid parameter) = %+v", got)
	}
}
