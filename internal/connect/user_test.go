package connect

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCheckUsername(t *testing.T) {
	t.Parallel()
	tests := []struct {
		idm, name string
		ok        bool
	}{
		{DirectoryManaged, "testuser", true},
		{DirectoryManaged, "t@example.com", true},
		{DirectoryManaged, strings.Repeat("a", 20), true},
		{DirectoryManaged, strings.Repeat("a", 21), false},
		{DirectoryManaged, "testuser@example", false}, // @ only in an email format
		{DirectoryManaged, "user name", true},         // no charset documented outside SAML
		{DirectoryExisting, strings.Repeat("a", 21), false},
		{DirectorySAML, strings.Repeat("a", 64), true},
		{DirectorySAML, strings.Repeat("a", 65), false},
		{DirectorySAML, "jane.doe-1_x@example.com", true},
		{DirectorySAML, "user name", false},
		{DirectorySAML, "jane@example", false},
	}
	for _, tc := range tests {
		err := checkUsername(tc.idm, tc.name)
		if (err == nil) != tc.ok || (err != nil && KindOf(err) != InvalidParameter) {
			t.Errorf("checkUsername(%s, %q) = %v, want ok=%v", tc.idm, tc.name, err, tc.ok)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pw string
		ok bool
	}{
		{"Pass@Word1", true},
		{"Passw0rd", true},
		{"Pas0rd", false},                        // too short
		{"Aa1" + strings.Repeat("x", 61), true},  // 64
		{"Aa1" + strings.Repeat("x", 62), false}, // 65
		{"password1", false},                     // no uppercase
		{"PASSWORD1", false},                     // no lowercase
		{"Password", false},                      // no digit
		{"Pass word1", false},                    // whitespace
		{"Pässwörd1", true},                      // \S takes any non-space character
	}
	for _, tc := range tests {
		err := checkPassword(tc.pw)
		if (err == nil) != tc.ok || (err != nil && KindOf(err) != InvalidParameter) {
			t.Errorf("checkPassword(%q) = %v, want ok=%v", tc.pw, err, tc.ok)
		}
	}
}

func TestCheckIdentity(t *testing.T) {
	t.Parallel()
	named := UserIdentity{FirstName: "A", LastName: "B"}
	tests := []struct {
		name string
		idm  string
		id   UserIdentity
		ok   bool
	}{
		{"managed with names", DirectoryManaged, named, true},
		{"managed without last name", DirectoryManaged, UserIdentity{FirstName: "A"}, false},
		{"managed last name 256", DirectoryManaged, UserIdentity{FirstName: "A", LastName: strings.Repeat("b", 256)}, true},
		{"managed last name 257", DirectoryManaged, UserIdentity{FirstName: "A", LastName: strings.Repeat("b", 257)}, false},
		{"saml without names", DirectorySAML, UserIdentity{}, false},
		{"saml last name 300", DirectorySAML, UserIdentity{FirstName: "A", LastName: strings.Repeat("b", 300)}, true},
		{"existing directory without names", DirectoryExisting, UserIdentity{}, true},
		{"secondary email", DirectoryExisting, UserIdentity{SecondaryEmail: "a.b+c@example.co.uk"}, true},
		{"bad secondary email", DirectoryExisting, UserIdentity{SecondaryEmail: "a@b"}, false},
	}
	for _, tc := range tests {
		err := checkIdentity(tc.idm, tc.id)
		if (err == nil) != tc.ok || (err != nil && KindOf(err) != InvalidParameter) {
			t.Errorf("%s: checkIdentity = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestUserChannelSettings(t *testing.T) {
	t.Parallel()
	u := &User{}
	if u.AutoAccepts(ChannelTask) || u.AutoAccepts(ChannelVoice) {
		t.Error("a new user auto-accepts")
	}
	if diff := cmp.Diff(PhoneConfig{PhoneType: PhoneSoft, AutoAccept: ptrTo(false), AfterContactWorkTimeLimit: ptrTo(int32(0))},
		u.PhoneConfig()); diff != "" {
		t.Errorf("default PhoneConfig mismatch (-want +got):\n%s", diff)
	}

	// The legacy PhoneConfig: auto-accept is VOICE's, the ACW limit every channel's.
	if err := u.applyPhone(PhoneConfig{PhoneType: PhoneDesk, AutoAccept: ptrTo(true), AfterContactWorkTimeLimit: ptrTo(int32(60)),
		DeskPhoneNumber: ptrTo("+15555550100")}); err != nil {
		t.Fatal(err)
	}
	if !u.AutoAccepts(ChannelVoice) || u.AutoAccepts(ChannelTask) {
		t.Errorf("after PhoneConfig AutoAccept: voice %v, task %v; want true, false", u.AutoAccepts(ChannelVoice), u.AutoAccepts(ChannelTask))
	}
	// Per-channel settings merge: listed channels change, others stay.
	u.applyConfig(UserConfig{
		AutoAccept:       []AutoAcceptConfig{{Channel: ChannelTask, AutoAccept: true}},
		AfterContactWork: []AfterContactWorkConfig{{Channel: ChannelChat, TimeLimit: ptrTo(int32(5))}},
		VoiceEnhancement: []VoiceEnhancementConfig{{Channel: ChannelVoice, Mode: "VOICE_ISOLATION"}},
	})
	if !u.AutoAccepts(ChannelTask) || !u.AutoAccepts(ChannelVoice) || u.AutoAccepts(ChannelChat) {
		t.Errorf("after AutoAcceptConfigs: task %v voice %v chat %v", u.AutoAccepts(ChannelTask), u.AutoAccepts(ChannelVoice), u.AutoAccepts(ChannelChat))
	}
	want := UserConfig{
		AutoAccept: []AutoAcceptConfig{{Channel: ChannelVoice, AutoAccept: true}, {Channel: ChannelTask, AutoAccept: true}},
		AfterContactWork: []AfterContactWorkConfig{
			{Channel: ChannelVoice, TimeLimit: ptrTo(int32(60))}, {Channel: ChannelChat, TimeLimit: ptrTo(int32(5))},
			{Channel: ChannelTask, TimeLimit: ptrTo(int32(60))}, {Channel: ChannelEmail, TimeLimit: ptrTo(int32(60))},
		},
		PhoneNumbers:     []PhoneNumberConfig{{Channel: ChannelVoice, PhoneType: PhoneDesk, PhoneNumber: "+15555550100"}},
		VoiceEnhancement: []VoiceEnhancementConfig{{Channel: ChannelVoice, Mode: "VOICE_ISOLATION"}},
	}
	if diff := cmp.Diff(want, u.Config()); diff != "" {
		t.Errorf("Config mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(PhoneConfig{PhoneType: PhoneDesk, AutoAccept: ptrTo(true), AfterContactWorkTimeLimit: ptrTo(int32(60)),
		DeskPhoneNumber: ptrTo("+15555550100")}, u.PhoneConfig()); diff != "" {
		t.Errorf("PhoneConfig mismatch (-want +got):\n%s", diff)
	}
	// A PhoneConfig is set whole: absent AutoAccept is off and absent ACW is
	// 0 (the SDKs leave those zero values out); the phone type is kept;
	// TASK's own auto-accept and VOICE's enhancement are not PhoneConfig's.
	if err := u.applyPhone(PhoneConfig{}); err != nil {
		t.Fatal(err)
	}
	want = UserConfig{
		AutoAccept: []AutoAcceptConfig{{Channel: ChannelVoice, AutoAccept: false}, {Channel: ChannelTask, AutoAccept: true}},
		AfterContactWork: []AfterContactWorkConfig{
			{Channel: ChannelVoice, TimeLimit: ptrTo(int32(0))}, {Channel: ChannelChat, TimeLimit: ptrTo(int32(0))},
			{Channel: ChannelTask, TimeLimit: ptrTo(int32(0))}, {Channel: ChannelEmail, TimeLimit: ptrTo(int32(0))},
		},
		PhoneNumbers:     []PhoneNumberConfig{{Channel: ChannelVoice, PhoneType: PhoneDesk}},
		VoiceEnhancement: []VoiceEnhancementConfig{{Channel: ChannelVoice, Mode: "VOICE_ISOLATION"}},
	}
	if diff := cmp.Diff(want, u.Config()); diff != "" {
		t.Errorf("after an empty PhoneConfig mismatch (-want +got):\n%s", diff)
	}
	if err := u.applyPhone(PhoneConfig{AfterContactWorkTimeLimit: ptrTo(int32(maxAfterContactWork + 1))}); KindOf(err) != InvalidParameter {
		t.Errorf("PhoneConfig ACW above the maximum = %v, want InvalidParameter", err)
	}
	u.applyConfig(UserConfig{AutoAccept: []AutoAcceptConfig{{Channel: ChannelTask, AutoAccept: false}}})
	if u.AutoAccepts(ChannelTask) {
		t.Error("AutoAccept false for TASK kept auto-accept on")
	}
}

func TestCheckUserConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		c    UserConfig
		ok   bool
	}{
		{"empty", UserConfig{}, true},
		{"one per channel", UserConfig{AutoAccept: []AutoAcceptConfig{{Channel: "TASK"}, {Channel: "CHAT"}}}, true},
		{"channel twice", UserConfig{AutoAccept: []AutoAcceptConfig{{Channel: "TASK"}, {Channel: "TASK", AutoAccept: true}}}, false},
		{"phone channel twice", UserConfig{PhoneNumbers: []PhoneNumberConfig{{Channel: "VOICE"}, {Channel: "VOICE"}}}, false},
		{"acw max", UserConfig{AfterContactWork: []AfterContactWorkConfig{{Channel: "TASK", TimeLimit: ptrTo(int32(2_000_000))}}}, true},
		{"acw above max", UserConfig{AfterContactWork: []AfterContactWorkConfig{{Channel: "TASK", TimeLimit: ptrTo(int32(2_000_001))}}}, false},
		{"agent-first acw above max", UserConfig{AfterContactWork: []AfterContactWorkConfig{{Channel: "VOICE", AgentFirstCallbackTimeLimit: ptrTo(int32(2_000_001))}}}, false},
	}
	for _, tc := range tests {
		err := checkUserConfig(tc.c)
		if (err == nil) != tc.ok || (err != nil && KindOf(err) != InvalidParameter) {
			t.Errorf("%s: checkUserConfig = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
	if err := checkPhoneConflicts(&PhoneConfig{AutoAccept: ptrTo(false)}, UserConfig{AutoAccept: []AutoAcceptConfig{{Channel: "TASK"}}}); KindOf(err) != Invalid {
		t.Errorf("PhoneConfig.AutoAccept with AutoAcceptConfigs = %v, want Invalid", err)
	}
	if err := checkPhoneConflicts(&PhoneConfig{AutoAccept: ptrTo(false)}, UserConfig{PhoneNumbers: []PhoneNumberConfig{{Channel: "VOICE"}}}); err != nil {
		t.Errorf("PhoneConfig.AutoAccept with PhoneNumberConfigs = %v, want nil", err)
	}
}
