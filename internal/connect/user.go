package connect

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Contact channels (AWS Channel). ChannelTask is in contact.go.
const (
	ChannelVoice = "VOICE"
	ChannelChat  = "CHAT"
	ChannelEmail = "EMAIL"
)

// Channels lists every channel in the order connectd reports per-channel
// settings.
var Channels = []string{ChannelVoice, ChannelChat, ChannelTask, ChannelEmail}

// Phone types (AWS PhoneType).
const (
	PhoneSoft = "SOFT_PHONE"
	PhoneDesk = "DESK_PHONE"
)

// User is an Amazon Connect user (an agent). Its ARN is
// instance/{InstanceID}/agent/{ID}; its agent queue has the user's ID.
type User struct {
	ID               string
	ARN              string
	InstanceID       string
	Username         string
	DirectoryUserID  string
	HierarchyGroupID string
	Identity         UserIdentity
	// Channels holds the per-channel settings by channel (VOICE, CHAT, TASK,
	// EMAIL). The legacy PhoneConfig is a view of them (see PhoneConfig).
	Channels           map[string]UserChannelConfig
	RoutingProfileID   string
	SecurityProfileIDs []string
	// StatusID is the agent status the user is in, since StatusStartTimestamp.
	StatusID             string
	StatusStartTimestamp time.Time
	LastModified         time.Time
	Tags                 map[string]string
}

// UserIdentity is a user's identity information (AWS UserIdentityInfo).
type UserIdentity struct {
	FirstName      string
	LastName       string
	Email          string
	SecondaryEmail string
	Mobile         string
}

// UserChannelConfig is a user's settings for one channel. Nil pointers and
// empty strings are settings never made.
type UserChannelConfig struct {
	AutoAccept                   *bool
	AgentFirstCallbackAutoAccept *bool
	// AfterContactWorkTimeLimit is in seconds; 0 means no limit.
	AfterContactWorkTimeLimit                   *int32
	AgentFirstCallbackAfterContactWorkTimeLimit *int32
	PhoneType                                   string // SOFT_PHONE | DESK_PHONE
	PhoneNumber                                 string
	PersistentConnection                        *bool
	VoiceEnhancementMode                        string // VOICE_ISOLATION | NOISE_SUPPRESSION | NONE
}

// AutoAccepts reports whether contacts of channel (VOICE, CHAT, TASK, EMAIL)
// are connected to the user without the user accepting them.
func (u *User) AutoAccepts(channel string) bool {
	c, ok := u.Channels[channel]
	return ok && c.AutoAccept != nil && *c.AutoAccept
}

// PhoneConfig is the legacy, channel-less view of a user's settings (AWS
// UserPhoneConfig). Nil members are not given.
type PhoneConfig struct {
	PhoneType                 string
	AutoAccept                *bool
	AfterContactWorkTimeLimit *int32
	DeskPhoneNumber           *string
	PersistentConnection      *bool
}

// PhoneConfig returns the user's settings as AWS reports UserPhoneConfig:
// those of the VOICE channel, with a soft phone, no auto-accept and no ACW
// limit by default.
func (u *User) PhoneConfig() PhoneConfig {
	v := u.Channels[ChannelVoice]
	pc := PhoneConfig{PhoneType: PhoneSoft, AutoAccept: ptrTo(false), AfterContactWorkTimeLimit: ptrTo(int32(0)),
		PersistentConnection: v.PersistentConnection}
	if v.PhoneType != "" {
		pc.PhoneType = v.PhoneType
	}
	if v.AutoAccept != nil {
		pc.AutoAccept = v.AutoAccept
	}
	if v.AfterContactWorkTimeLimit != nil {
		pc.AfterContactWorkTimeLimit = v.AfterContactWorkTimeLimit
	}
	if v.PhoneNumber != "" {
		pc.DeskPhoneNumber = &v.PhoneNumber
	}
	return pc
}

// Per-channel settings as the API lists them (AWS AutoAcceptConfig,
// AfterContactWorkConfigPerChannel, PhoneNumberConfig,
// PersistentConnectionConfig, VoiceEnhancementConfig).
type (
	AutoAcceptConfig struct {
		Channel                      string
		AutoAccept                   bool
		AgentFirstCallbackAutoAccept *bool
	}
	AfterContactWorkConfig struct {
		Channel                     string
		TimeLimit                   *int32
		AgentFirstCallbackTimeLimit *int32
	}
	PhoneNumberConfig struct {
		Channel     string
		PhoneType   string
		PhoneNumber string
	}
	PersistentConnectionConfig struct {
		Channel              string
		PersistentConnection bool
	}
	VoiceEnhancementConfig struct {
		Channel string
		Mode    string
	}
)

// UserConfig is a set of per-channel settings, as CreateUser and
// UpdateUserConfig take them and DescribeUser reports them.
type UserConfig struct {
	AutoAccept           []AutoAcceptConfig
	AfterContactWork     []AfterContactWorkConfig
	PhoneNumbers         []PhoneNumberConfig
	PersistentConnection []PersistentConnectionConfig
	VoiceEnhancement     []VoiceEnhancementConfig
}

func (c UserConfig) empty() bool {
	return len(c.AutoAccept) == 0 && len(c.AfterContactWork) == 0 && len(c.PhoneNumbers) == 0 &&
		len(c.PersistentConnection) == 0 && len(c.VoiceEnhancement) == 0
}

// Config returns the user's per-channel settings, channels in the order of
// Channels, each list holding only the channels that have that setting.
func (u *User) Config() UserConfig {
	var out UserConfig
	for _, ch := range Channels {
		c, ok := u.Channels[ch]
		if !ok {
			continue
		}
		if c.AutoAccept != nil {
			out.AutoAccept = append(out.AutoAccept, AutoAcceptConfig{Channel: ch, AutoAccept: *c.AutoAccept,
				AgentFirstCallbackAutoAccept: c.AgentFirstCallbackAutoAccept})
		}
		if c.AfterContactWorkTimeLimit != nil || c.AgentFirstCallbackAfterContactWorkTimeLimit != nil {
			out.AfterContactWork = append(out.AfterContactWork, AfterContactWorkConfig{Channel: ch,
				TimeLimit: c.AfterContactWorkTimeLimit, AgentFirstCallbackTimeLimit: c.AgentFirstCallbackAfterContactWorkTimeLimit})
		}
		if c.PhoneType != "" {
			out.PhoneNumbers = append(out.PhoneNumbers, PhoneNumberConfig{Channel: ch, PhoneType: c.PhoneType, PhoneNumber: c.PhoneNumber})
		}
		if c.PersistentConnection != nil {
			out.PersistentConnection = append(out.PersistentConnection, PersistentConnectionConfig{Channel: ch,
				PersistentConnection: *c.PersistentConnection})
		}
		if c.VoiceEnhancementMode != "" {
			out.VoiceEnhancement = append(out.VoiceEnhancement, VoiceEnhancementConfig{Channel: ch, Mode: c.VoiceEnhancementMode})
		}
	}
	return out
}

// maxAfterContactWork is the documented maximum ACW timeout, in seconds (24 days).
const maxAfterContactWork = 2_000_000

// checkUserConfig applies the documented rules of the per-channel lists: a
// channel appears at most once in each list, and ACW timeouts are at most
// 2,000,000 seconds.
func checkUserConfig(c UserConfig) error {
	type listed struct {
		name     string
		channels []string
	}
	var lists []listed
	add := func(name string, n int, ch func(int) string) {
		l := listed{name: name}
		for i := range n {
			l.channels = append(l.channels, ch(i))
		}
		lists = append(lists, l)
	}
	add("AutoAcceptConfigs", len(c.AutoAccept), func(i int) string { return c.AutoAccept[i].Channel })
	add("AfterContactWorkConfigs", len(c.AfterContactWork), func(i int) string { return c.AfterContactWork[i].Channel })
	add("PhoneNumberConfigs", len(c.PhoneNumbers), func(i int) string { return c.PhoneNumbers[i].Channel })
	add("PersistentConnectionConfigs", len(c.PersistentConnection), func(i int) string { return c.PersistentConnection[i].Channel })
	add("VoiceEnhancementConfigs", len(c.VoiceEnhancement), func(i int) string { return c.VoiceEnhancement[i].Channel })
	for _, l := range lists {
		seen := map[string]bool{}
		for _, ch := range l.channels {
			if seen[ch] {
				return invalidParam("%s lists channel %s more than once.", l.name, ch)
			}
			seen[ch] = true
		}
	}
	for _, a := range c.AfterContactWork {
		if err := checkACW(a.TimeLimit); err != nil {
			return err
		}
		if err := checkACW(a.AgentFirstCallbackTimeLimit); err != nil {
			return err
		}
	}
	return nil
}

func checkACW(v *int32) error {
	if v != nil && *v > maxAfterContactWork {
		return invalidParam("AfterContactWorkTimeLimit must be at most %d seconds.", maxAfterContactWork)
	}
	return nil
}

// applyConfig merges c into the user's settings: each listed channel's
// setting is replaced; channels and settings not listed are kept.
func (u *User) applyConfig(c UserConfig) {
	edit := func(ch string, f func(*UserChannelConfig)) {
		if u.Channels == nil {
			u.Channels = map[string]UserChannelConfig{}
		}
		cc := u.Channels[ch]
		f(&cc)
		u.Channels[ch] = cc
	}
	for _, a := range c.AutoAccept {
		edit(a.Channel, func(cc *UserChannelConfig) {
			cc.AutoAccept = ptrTo(a.AutoAccept)
			cc.AgentFirstCallbackAutoAccept = a.AgentFirstCallbackAutoAccept
		})
	}
	for _, a := range c.AfterContactWork {
		edit(a.Channel, func(cc *UserChannelConfig) {
			cc.AfterContactWorkTimeLimit = a.TimeLimit
			cc.AgentFirstCallbackAfterContactWorkTimeLimit = a.AgentFirstCallbackTimeLimit
		})
	}
	for _, p := range c.PhoneNumbers {
		edit(p.Channel, func(cc *UserChannelConfig) { cc.PhoneType, cc.PhoneNumber = p.PhoneType, p.PhoneNumber })
	}
	for _, p := range c.PersistentConnection {
		edit(p.Channel, func(cc *UserChannelConfig) { cc.PersistentConnection = ptrTo(p.PersistentConnection) })
	}
	for _, v := range c.VoiceEnhancement {
		edit(v.Channel, func(cc *UserChannelConfig) { cc.VoiceEnhancementMode = v.Mode })
	}
}

// applyPhone sets the user's settings from a legacy PhoneConfig, as a whole:
// the SDKs leave out AutoAccept false and an ACW limit of 0, so an absent
// member must mean that value, or clients could not set it. Thus:
//   - AutoAccept (absent: off) is the VOICE channel's: AWS documents that
//     inbound calls are covered by the voice auto-accept setting;
//   - AfterContactWorkTimeLimit (absent: 0) applies to every channel, as
//     UpdateUserPhoneConfig is documented to do;
//   - PhoneType and DeskPhoneNumber (absent: none) are the VOICE phone; an
//     absent PhoneType keeps the current one (soft phone by default);
//   - PersistentConnection is VOICE's; absent, it is kept.
func (u *User) applyPhone(p PhoneConfig) error {
	if err := checkACW(p.AfterContactWorkTimeLimit); err != nil {
		return err
	}
	if u.Channels == nil {
		u.Channels = map[string]UserChannelConfig{}
	}
	v := u.Channels[ChannelVoice]
	if p.PhoneType != "" {
		v.PhoneType = p.PhoneType
	} else if v.PhoneType == "" {
		v.PhoneType = PhoneSoft
	}
	v.PhoneNumber = ""
	if p.DeskPhoneNumber != nil {
		v.PhoneNumber = *p.DeskPhoneNumber
	}
	v.AutoAccept = ptrTo(p.AutoAccept != nil && *p.AutoAccept)
	if p.PersistentConnection != nil {
		v.PersistentConnection = ptrTo(*p.PersistentConnection)
	}
	u.Channels[ChannelVoice] = v
	acw := int32(0)
	if p.AfterContactWorkTimeLimit != nil {
		acw = *p.AfterContactWorkTimeLimit
	}
	for _, ch := range Channels {
		cc := u.Channels[ch]
		cc.AfterContactWorkTimeLimit = ptrTo(acw)
		u.Channels[ch] = cc
	}
	return nil
}

// checkPhoneConflicts applies CreateUser's rule that a PhoneConfig member may
// not be given with its per-channel counterpart.
func checkPhoneConflicts(p *PhoneConfig, c UserConfig) error {
	if p == nil {
		return nil
	}
	conflict := func(member, list string) error {
		return Errorf(Invalid, "PhoneConfig.%s cannot be set together with %s.", member, list)
	}
	switch {
	case p.AutoAccept != nil && len(c.AutoAccept) > 0:
		return conflict("AutoAccept", "AutoAcceptConfigs")
	case p.AfterContactWorkTimeLimit != nil && len(c.AfterContactWork) > 0:
		return conflict("AfterContactWorkTimeLimit", "AfterContactWorkConfigs")
	case (p.PhoneType != "" || p.DeskPhoneNumber != nil) && len(c.PhoneNumbers) > 0:
		return conflict("PhoneType", "PhoneNumberConfigs")
	case p.PersistentConnection != nil && len(c.PersistentConnection) > 0:
		return conflict("PersistentConnection", "PersistentConnectionConfigs")
	}
	return nil
}

// IdentityUpdate is UpdateUserIdentityInfo's IdentityInfo: nil members are
// kept, "" clears.
type IdentityUpdate struct {
	FirstName, LastName, Email, SecondaryEmail, Mobile *string
}

func (iu IdentityUpdate) apply(id *UserIdentity) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&id.FirstName, iu.FirstName)
	set(&id.LastName, iu.LastName)
	set(&id.Email, iu.Email)
	set(&id.SecondaryEmail, iu.SecondaryEmail)
	set(&id.Mobile, iu.Mobile)
}

var (
	// samlUsername is the documented character set of SAML usernames.
	samlUsername = regexp.MustCompile(`^[a-zA-Z0-9_.@-]+$`)
	// emailFormat is "an email format" as the Username documentation uses
	// it: testuser@example.com, not testuser@example.
	emailFormat = regexp.MustCompile(`^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$`)
	// secondaryEmail is the documented pattern of SecondaryEmail.
	secondaryEmail = regexp.MustCompile(`^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,63}$`)
)

// checkUsername applies the documented Username rules: at most 20 characters
// for instances not using SAML; at most 64 characters of [a-zA-Z0-9_-.@] with
// SAML; an @ only in an email format.
func checkUsername(idm, name string) error {
	n := utf8.RuneCountInString(name)
	if idm == DirectorySAML {
		if n > 64 || !samlUsername.MatchString(name) {
			return invalidParam("Username must be at most 64 characters from [a-zA-Z0-9_-.@] when the instance uses SAML.")
		}
	} else if n > 20 {
		return invalidParam("Username must be at most 20 characters when the instance does not use SAML.")
	}
	if strings.Contains(name, "@") && !emailFormat.MatchString(name) {
		return invalidParam("Username can include @ only in an email format, such as testuser@example.com.")
	}
	return nil
}

// checkPassword applies the Password pattern of the model, which Go's regexp
// cannot compile: 8 to 64 non-space characters with a lowercase letter, an
// uppercase letter and a digit.
func checkPassword(p string) error {
	var lower, upper, digit bool
	for _, r := range p {
		switch {
		case unicode.IsSpace(r):
			return invalidParam("Password must not contain whitespace.")
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		}
	}
	if n := utf8.RuneCountInString(p); n < 8 || n > 64 || !lower || !upper || !digit {
		return invalidParam("Password must be 8 to 64 characters with at least one lowercase letter, one uppercase letter and one digit.")
	}
	return nil
}

// checkIdentity applies the documented identity rules of an instance's
// identity management type to the user's resulting identity.
func checkIdentity(idm string, id UserIdentity) error {
	if id.SecondaryEmail != "" && (utf8.RuneCountInString(id.SecondaryEmail) > 265 || !secondaryEmail.MatchString(id.SecondaryEmail)) {
		return invalidParam("SecondaryEmail is not a valid email address.")
	}
	switch idm {
	case DirectoryManaged:
		// "If you are using Connect for identity management, the length
		// constraints are 1-255 for FirstName, and 1-256 for LastName."
		if id.FirstName == "" || id.LastName == "" {
			return invalidParam("IdentityInfo.FirstName and IdentityInfo.LastName are required when the instance stores users in Amazon Connect.")
		}
		if utf8.RuneCountInString(id.LastName) > 256 {
			return invalidParam("IdentityInfo.LastName must be at most 256 characters when the instance stores users in Amazon Connect.")
		}
	case DirectorySAML:
		if id.FirstName == "" || id.LastName == "" {
			return invalidParam("IdentityInfo.FirstName and IdentityInfo.LastName are required when the instance uses SAML.")
		}
	}
	return nil
}

// CreateUserInput is CreateUser's input.
type CreateUserInput struct {
	InstanceID         string
	Username           string
	Password           *string
	Identity           UserIdentity
	Phone              *PhoneConfig
	Config             UserConfig
	DirectoryUserID    string
	SecurityProfileIDs []string
	RoutingProfileID   string
	HierarchyGroupID   string
	Tags               map[string]string
}

// CreateUser creates a user and its agent queue. The user starts in the
// Offline agent status.
func (s *Service) CreateUser(ctx context.Context, p Partition, in CreateUserInput) (*User, error) {
	var out *User
	err := s.write(ctx, func(ch *change) (err error) {
		out, err = ch.createUser(ctx, p, "", in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createUser is CreateUser in ch; id, when not "", is the new ID (see newID).
func (ch *change) createUser(ctx context.Context, p Partition, id string, in CreateUserInput) (*User, error) {
	inst, err := ch.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	idm := inst.IdentityManagementType
	if err := checkUsername(idm, in.Username); err != nil {
		return nil, err
	}
	switch {
	case idm == DirectoryManaged && in.Password == nil:
		return nil, invalidParam("Password is required when the instance stores users in Amazon Connect.")
	case idm == DirectoryManaged:
		if err := checkPassword(*in.Password); err != nil {
			return nil, err
		}
	case in.Password != nil:
		return nil, Errorf(Invalid, "Password can be set only when the instance stores users in Amazon Connect.")
	}
	if idm == DirectorySAML && in.DirectoryUserID != "" {
		return nil, Errorf(Invalid, "DirectoryUserId cannot be set when the instance uses SAML.")
	}
	if err := checkIdentity(idm, in.Identity); err != nil {
		return nil, err
	}
	if err := checkPhoneConflicts(in.Phone, in.Config); err != nil {
		return nil, err
	}
	if err := checkUserConfig(in.Config); err != nil {
		return nil, err
	}
	group, err := hierarchyGroupRef(ctx, ch.tx, inst, in.HierarchyGroupID)
	if err != nil {
		return nil, err
	}
	if id, err = ch.newID(ResourceUser, inst.ID, in.Username, id); err != nil {
		return nil, err
	}
	u := &User{
		ID: id, InstanceID: inst.ID, Username: in.Username, DirectoryUserID: in.DirectoryUserID, HierarchyGroupID: group,
		Identity: in.Identity, RoutingProfileID: in.RoutingProfileID, SecurityProfileIDs: dedupe(in.SecurityProfileIDs),
		StatusStartTimestamp: ch.now, LastModified: ch.now, Tags: in.Tags,
	}
	u.ARN = subARN(p, inst.ID, ResourceUser, u.ID)
	if in.Phone != nil {
		if err := u.applyPhone(*in.Phone); err != nil {
			return nil, err
		}
	}
	u.applyConfig(in.Config)
	tx := ch.tx
	if _, err := tx.GetRoutingProfile(ctx, inst.ID, u.RoutingProfileID); err != nil {
		return nil, err
	}
	if err := checkSecurityProfiles(ctx, tx, inst.ID, u.SecurityProfileIDs); err != nil {
		return nil, err
	}
	if _, err := tx.GetUserByUsername(ctx, inst.ID, u.Username); err == nil {
		return nil, &Error{Kind: Duplicate, Resource: ResourceUser, Message: "A user with the username " + u.Username + " already exists."}
	} else if !IsNotFound(err) {
		return nil, err
	}
	offline, err := tx.ListAgentStatuses(ctx, inst.ID, []string{AgentStatusOffline}, PageRequest{Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(offline) == 0 {
		return nil, &Error{Kind: Internal, Message: "internal error", Err: fmt.Errorf("instance %s has no OFFLINE agent status", inst.ID)}
	}
	u.StatusID = offline[0].ID
	if err := tx.InsertUser(ctx, u); err != nil {
		return nil, err
	}
	if err := tx.InsertQueue(ctx, agentQueue(p, u)); err != nil {
		return nil, err
	}
	return u, nil
}

// agentQueue returns the agent queue of u: AWS creates one per user, with the
// user's ID, the ARN instance/{InstanceID}/queue/agent/{UserID}, no name and
// no hours of operation.
func agentQueue(p Partition, u *User) *Queue {
	return &Queue{
		ID: u.ID, ARN: InstanceARN(p, u.InstanceID) + "/queue/agent/" + u.ID, InstanceID: u.InstanceID,
		Type: QueueAgent, Status: "ENABLED", LastModified: u.LastModified,
	}
}

func checkSecurityProfiles(ctx context.Context, r Reader, instanceID string, ids []string) error {
	for _, id := range ids {
		if _, err := r.GetSecurityProfile(ctx, instanceID, id); err != nil {
			return err
		}
	}
	return nil
}

// dedupe returns l without repeated items, in first-seen order.
func dedupe(l []string) []string {
	var out []string
	for _, v := range l {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// DescribeUser returns a user.
func (s *Service) DescribeUser(ctx context.Context, p Partition, instanceID, id string) (*User, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	return s.store.GetUser(ctx, inst.ID, id)
}

// ListUsers returns a page of the instance's users.
func (s *Service) ListUsers(ctx context.Context, p Partition, instanceID, token string, max int) ([]*User, string, error) {
	return listPage(ctx, s, p, instanceID, token, max,
		func(inst string, pr PageRequest) ([]*User, error) { return s.store.ListUsers(ctx, inst, pr) },
		func(u *User) string { return u.ID })
}

// DeleteUser deletes a user and its agent queue.
func (s *Service) DeleteUser(ctx context.Context, p Partition, instanceID, id string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error { return ch.tx.DeleteUser(ctx, inst.ID, id) })
}

// updateUser runs edit on the user in a write transaction and stores it
// with a new last-modified time.
func (s *Service) updateUser(ctx context.Context, p Partition, instanceID, id string,
	edit func(tx Tx, inst *Instance, u *User) error) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		u, err := tx.GetUser(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if err := edit(tx, inst, u); err != nil {
			return err
		}
		u.LastModified = s.now()
		return tx.UpdateUser(ctx, u)
	})
}

// UpdateUserRoutingProfile assigns a routing profile to a user.
func (s *Service) UpdateUserRoutingProfile(ctx context.Context, p Partition, instanceID, id, routingProfileID string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		u, err := tx.GetUser(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if _, err := tx.GetRoutingProfile(ctx, inst.ID, routingProfileID); err != nil {
			return err
		}
		u.RoutingProfileID, u.LastModified = routingProfileID, s.now()
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return ch.afterUserChange(ctx, u)
	})
}

// UpdateUserSecurityProfiles replaces a user's security profiles.
func (s *Service) UpdateUserSecurityProfiles(ctx context.Context, p Partition, instanceID, id string, ids []string) error {
	return s.updateUser(ctx, p, instanceID, id, func(tx Tx, inst *Instance, u *User) error {
		ids = dedupe(ids)
		if err := checkSecurityProfiles(ctx, tx, inst.ID, ids); err != nil {
			return err
		}
		u.SecurityProfileIDs = ids
		return nil
	})
}

// UpdateUserIdentityInfo changes a user's identity information. With an
// existing directory, FirstName, LastName and Email are the directory's and
// cannot be changed.
func (s *Service) UpdateUserIdentityInfo(ctx context.Context, p Partition, instanceID, id string, in IdentityUpdate) error {
	return s.updateUser(ctx, p, instanceID, id, func(tx Tx, inst *Instance, u *User) error {
		if inst.IdentityManagementType == DirectoryExisting && (in.FirstName != nil || in.LastName != nil || in.Email != nil) {
			return Errorf(Invalid, "FirstName, LastName and Email are managed by the directory and cannot be updated.")
		}
		in.apply(&u.Identity)
		return checkIdentity(inst.IdentityManagementType, u.Identity)
	})
}

// UpdateUserPhoneConfig sets a user's settings through the legacy
// PhoneConfig (see User.applyPhone).
func (s *Service) UpdateUserPhoneConfig(ctx context.Context, p Partition, instanceID, id string, pc PhoneConfig) error {
	return s.updateUser(ctx, p, instanceID, id, func(tx Tx, inst *Instance, u *User) error {
		return u.applyPhone(pc)
	})
}

// UpdateUserConfig changes a user's per-channel settings: each listed
// channel's setting is replaced, the others are kept.
func (s *Service) UpdateUserConfig(ctx context.Context, p Partition, instanceID, id string, c UserConfig) error {
	if err := checkUserConfig(c); err != nil {
		return err
	}
	return s.updateUser(ctx, p, instanceID, id, func(tx Tx, inst *Instance, u *User) error {
		u.applyConfig(c)
		return nil
	})
}

// PutUserStatus sets a user's current agent status. The status must be
// enabled. Setting the status the user is already in keeps its start time,
// so that an agent re-announcing Available keeps its place in line.
func (s *Service) PutUserStatus(ctx context.Context, p Partition, instanceID, id, statusID string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		u, err := tx.GetUser(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		st, err := tx.GetAgentStatus(ctx, inst.ID, statusID)
		if err != nil {
			return err
		}
		if st.State != AgentStatusEnabled {
			return Errorf(Invalid, "The agent status %s is disabled.", st.Name)
		}
		if u.StatusID != st.ID {
			now := s.now()
			u.StatusID, u.StatusStartTimestamp, u.LastModified = st.ID, now, now
			if err := tx.UpdateUser(ctx, u); err != nil {
				return err
			}
		}
		return ch.afterUserChange(ctx, u)
	})
}

// afterUserChange runs in the write transaction of every change that can
// make a user newly able (or no longer able) to take contacts: its agent
// status (PutUserStatus) or its routing profile (UpdateUserRoutingProfile).
// u is the user as stored. Routing hooks in here; an error rolls the change back.
func (ch *change) afterUserChange(ctx context.Context, u *User) error {
	inst, err := ch.tx.GetInstance(ctx, u.InstanceID)
	if err != nil {
		return err
	}
	return ch.route(ctx, inst)
}

func invalidParam(format string, args ...any) *Error {
	return &Error{Kind: InvalidParameter, Message: fmt.Sprintf(format, args...)}
}

// userID returns the user ID ref names: an ID, or a user ("agent") ARN of inst.
func userID(inst *Instance, ref string) (string, error) {
	return resourceID(inst, ref, ResourceUser)
}
