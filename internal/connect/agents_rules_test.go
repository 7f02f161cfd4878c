package connect

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestHoursOpenAt(t *testing.T) {
	t.Parallel()
	slot := func(day string, sh, sm, eh, em int32) HoursConfig {
		return HoursConfig{Day: day, StartHours: sh, StartMinute: sm, EndHours: eh, EndMinute: em}
	}
	office := &HoursOfOperation{TimeZone: "Europe/Paris", Config: []HoursConfig{
		slot("MONDAY", 9, 0, 12, 0), slot("MONDAY", 13, 30, 17, 0), // lunch break
		slot("FRIDAY", 22, 0, 2, 0),   // overnight into Saturday
		slot("SUNDAY", 10, 0, 0, 0),   // 10:00 to midnight
		slot("TUESDAY", 0, 0, 0, 0),   // all day
		slot("WEDNESDAY", 9, 0, 9, 0), // end not after start: runs 24h into Thursday
	}}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, m time.Month, d, h, min, s int) time.Time {
		return time.Date(y, m, d, h, min, s, 0, paris)
	}
	tests := []struct {
		name string
		t    time.Time
		want bool
	}{
		// 2026-11-23 is a Monday.
		{"monday before opening", at(2026, 11, 23, 8, 59, 59), false},
		{"monday at opening", at(2026, 11, 23, 9, 0, 0), true},
		{"monday last second before lunch", at(2026, 11, 23, 11, 59, 59), true},
		{"monday lunch starts at the end minute", at(2026, 11, 23, 12, 0, 0), false},
		{"monday after lunch", at(2026, 11, 23, 13, 30, 0), true},
		{"monday evening", at(2026, 11, 23, 17, 0, 0), false},
		{"tuesday midnight", at(2026, 11, 24, 0, 0, 0), true},
		{"tuesday last second", at(2026, 11, 24, 23, 59, 59), true},
		{"wednesday before 9", at(2026, 11, 25, 8, 0, 0), false},
		{"wednesday 9", at(2026, 11, 25, 9, 0, 0), true},
		{"thursday 8:59 from wednesday's slot", at(2026, 11, 26, 8, 59, 0), true},
		{"thursday 9 closes", at(2026, 11, 26, 9, 0, 0), false},
		{"friday 21:59", at(2026, 11, 27, 21, 59, 0), false},
		{"friday 22:00", at(2026, 11, 27, 22, 0, 0), true},
		{"saturday 01:59 from friday's slot", at(2026, 11, 28, 1, 59, 59), true},
		{"saturday 02:00", at(2026, 11, 28, 2, 0, 0), false},
		{"sunday 23:59", at(2026, 11, 29, 23, 59, 59), true},
		{"monday 00:00 after sunday's midnight end", at(2026, 11, 30, 0, 0, 0), false},
		{"same instant in UTC", time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC), true}, // 09:00 in Paris
		// 2026-03-29: clocks go from 02:00 to 03:00 in Paris; Sunday hours are wall-clock.
		{"DST sunday 10:00 local", at(2026, 3, 29, 10, 0, 0), true},
		{"DST sunday 09:59 local", at(2026, 3, 29, 9, 59, 0), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := office.OpenAt(tc.t)
			if err != nil || got != tc.want {
				t.Errorf("OpenAt(%v) = %v, %v; want %v", tc.t, got, err, tc.want)
			}
		})
	}
	if _, err := (&HoursOfOperation{TimeZone: "Nowhere/Land"}).OpenAt(time.Now()); err == nil {
		t.Error("OpenAt with an unknown zone = nil error")
	}
	if open, err := (&HoursOfOperation{TimeZone: "UTC"}).OpenAt(time.Now()); open || err != nil {
		t.Errorf("OpenAt with no config = %v, %v; want closed", open, err)
	}
}

func TestCheckTimeZone(t *testing.T) {
	t.Parallel()
	for _, tz := range []string{"UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Etc/GMT+5"} {
		if err := checkTimeZone(tz); err != nil {
			t.Errorf("checkTimeZone(%q) = %v, want nil", tz, err)
		}
	}
	for _, tz := range []string{"", "Local", "Mars/Olympus", "europe/london", "../etc/passwd", "/etc/localtime"} {
		if err := checkTimeZone(tz); KindOf(err) != InvalidParameter {
			t.Errorf("checkTimeZone(%q) = %v, want an InvalidParameter error", tz, err)
		}
	}
}

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

func TestCheckConcurrencies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ms   []MediaConcurrency
		ok   bool
	}{
		{"none", nil, true},
		{"all channels", []MediaConcurrency{{Channel: "VOICE", Concurrency: 1}, {Channel: "CHAT", Concurrency: 10},
			{Channel: "TASK", Concurrency: 10}, {Channel: "EMAIL", Concurrency: 5}}, true},
		{"voice 2", []MediaConcurrency{{Channel: "VOICE", Concurrency: 2}}, false},
		{"task twice", []MediaConcurrency{{Channel: "TASK", Concurrency: 1}, {Channel: "TASK", Concurrency: 2}}, false},
	}
	for _, tc := range tests {
		err := checkConcurrencies(tc.ms)
		if (err == nil) != tc.ok || (err != nil && KindOf(err) != InvalidParameter) {
			t.Errorf("%s: checkConcurrencies = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
	rp := &RoutingProfile{MediaConcurrencies: []MediaConcurrency{{Channel: "TASK", Concurrency: 3}}}
	if rp.Concurrency(ChannelTask) != 3 || rp.Concurrency(ChannelChat) != 0 {
		t.Errorf("Concurrency = task %d, chat %d; want 3, 0", rp.Concurrency(ChannelTask), rp.Concurrency(ChannelChat))
	}
	for _, key := range []string{"q-1/TASK", "abc/def/VOICE", "nochannel"} {
		q, ch := SplitRoutingProfileQueueKey(key)
		if (RoutingProfileQueue{QueueID: q, Channel: ch}).Key() != key && ch != "" {
			t.Errorf("SplitRoutingProfileQueueKey(%q) = %q, %q does not rebuild the key", key, q, ch)
		}
	}
}
