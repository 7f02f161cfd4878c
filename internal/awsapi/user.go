package awsapi

import (
	"context"

	"connectd/internal/connect"
)

func identityIn(in *UserIdentityInfo) connect.UserIdentity {
	if in == nil {
		return connect.UserIdentity{}
	}
	return connect.UserIdentity{FirstName: str(in.FirstName), LastName: str(in.LastName), Email: str(in.Email),
		SecondaryEmail: str(in.SecondaryEmail), Mobile: str(in.Mobile)}
}

func phoneConfigIn(in *UserPhoneConfig) *connect.PhoneConfig {
	if in == nil {
		return nil
	}
	return &connect.PhoneConfig{PhoneType: str(in.PhoneType), AutoAccept: in.AutoAccept,
		AfterContactWorkTimeLimit: in.AfterContactWorkTimeLimit, DeskPhoneNumber: in.DeskPhoneNumber,
		PersistentConnection: in.PersistentConnection}
}

// acwLimit reads an AfterContactWorkConfig: absent, no limit is set; present
// without AfterContactWorkTimeLimit, 0 (the SDKs leave a 0 out).
func acwLimit(c *AfterContactWorkConfig) *int32 {
	if c == nil {
		return nil
	}
	if c.AfterContactWorkTimeLimit == nil {
		return new(int32(0))
	}
	return c.AfterContactWorkTimeLimit
}

// userConfigIn converts the per-channel lists of CreateUser and UpdateUserConfig.
func userConfigIn(auto []AutoAcceptConfig, acw []AfterContactWorkConfigPerChannel, phones []PhoneNumberConfig,
	persistent []PersistentConnectionConfig, voice []VoiceEnhancementConfig) connect.UserConfig {
	var c connect.UserConfig
	for _, a := range auto {
		c.AutoAccept = append(c.AutoAccept, connect.AutoAcceptConfig{Channel: str(a.Channel), AutoAccept: a.AutoAccept != nil && *a.AutoAccept,
			AgentFirstCallbackAutoAccept: a.AgentFirstCallbackAutoAccept})
	}
	for _, a := range acw {
		c.AfterContactWork = append(c.AfterContactWork, connect.AfterContactWorkConfig{Channel: str(a.Channel),
			TimeLimit: acwLimit(a.AfterContactWorkConfig), AgentFirstCallbackTimeLimit: acwLimit(a.AgentFirstCallbackAfterContactWorkConfig)})
	}
	for _, p := range phones {
		c.PhoneNumbers = append(c.PhoneNumbers, connect.PhoneNumberConfig{Channel: str(p.Channel), PhoneType: str(p.PhoneType),
			PhoneNumber: str(p.PhoneNumber)})
	}
	for _, p := range persistent {
		c.PersistentConnection = append(c.PersistentConnection, connect.PersistentConnectionConfig{Channel: str(p.Channel),
			PersistentConnection: p.PersistentConnection != nil && *p.PersistentConnection})
	}
	for _, v := range voice {
		c.VoiceEnhancement = append(c.VoiceEnhancement, connect.VoiceEnhancementConfig{Channel: str(v.Channel), Mode: str(v.VoiceEnhancementMode)})
	}
	return c
}

func userInput(in *CreateUserRequest) (connect.CreateUserInput, error) {
	return connect.CreateUserInput{
		InstanceID: str(in.InstanceId), Username: str(in.Username), Password: in.Password,
		Identity: identityIn(in.IdentityInfo), Phone: phoneConfigIn(in.PhoneConfig),
		Config:          userConfigIn(in.AutoAcceptConfigs, in.AfterContactWorkConfigs, in.PhoneNumberConfigs, in.PersistentConnectionConfigs, in.VoiceEnhancementConfigs),
		DirectoryUserID: str(in.DirectoryUserId), SecurityProfileIDs: in.SecurityProfileIds,
		RoutingProfileID: str(in.RoutingProfileId), HierarchyGroupID: str(in.HierarchyGroupId), Tags: in.Tags,
	}, nil
}

func (s *Server) createUser(ctx context.Context, in *CreateUserRequest) (any, error) {
	ci, err := userInput(in)
	if err != nil {
		return nil, err
	}
	u, err := s.svc.CreateUser(ctx, partition(PrincipalFrom(ctx)), ci)
	if err != nil {
		return nil, err
	}
	return &CreateUserResponse{UserId: &u.ID, UserArn: &u.ARN}, nil
}

func (s *Server) describeUser(ctx context.Context, in *DescribeUserRequest) (any, error) {
	p := PrincipalFrom(ctx)
	u, err := s.svc.DescribeUser(ctx, partition(p), str(in.InstanceId), str(in.UserId))
	if err != nil {
		return nil, err
	}
	pc := u.PhoneConfig()
	out := &User{
		Id: &u.ID, Arn: &u.ARN, Username: &u.Username, DirectoryUserId: ptr(u.DirectoryUserID),
		HierarchyGroupId: ptr(u.HierarchyGroupID), RoutingProfileId: &u.RoutingProfileID,
		SecurityProfileIds: u.SecurityProfileIDs, Tags: emptyToNil(u.Tags),
		PhoneConfig: &UserPhoneConfig{PhoneType: &pc.PhoneType, AutoAccept: pc.AutoAccept,
			AfterContactWorkTimeLimit: pc.AfterContactWorkTimeLimit, DeskPhoneNumber: pc.DeskPhoneNumber,
			PersistentConnection: pc.PersistentConnection},
		LastModifiedTime: ts(u.LastModified), LastModifiedRegion: &p.Region,
	}
	if u.Identity != (connect.UserIdentity{}) {
		out.IdentityInfo = &UserIdentityInfo{FirstName: ptr(u.Identity.FirstName), LastName: ptr(u.Identity.LastName),
			Email: ptr(u.Identity.Email), SecondaryEmail: ptr(u.Identity.SecondaryEmail), Mobile: ptr(u.Identity.Mobile)}
	}
	c := u.Config()
	for _, a := range c.AutoAccept {
		out.AutoAcceptConfigs = append(out.AutoAcceptConfigs, AutoAcceptConfig{Channel: &a.Channel, AutoAccept: &a.AutoAccept,
			AgentFirstCallbackAutoAccept: a.AgentFirstCallbackAutoAccept})
	}
	for _, a := range c.AfterContactWork {
		w := AfterContactWorkConfigPerChannel{Channel: &a.Channel,
			AfterContactWorkConfig: &AfterContactWorkConfig{AfterContactWorkTimeLimit: a.TimeLimit}}
		if a.AgentFirstCallbackTimeLimit != nil {
			w.AgentFirstCallbackAfterContactWorkConfig = &AfterContactWorkConfig{AfterContactWorkTimeLimit: a.AgentFirstCallbackTimeLimit}
		}
		out.AfterContactWorkConfigs = append(out.AfterContactWorkConfigs, w)
	}
	for _, ph := range c.PhoneNumbers {
		out.PhoneNumberConfigs = append(out.PhoneNumberConfigs, PhoneNumberConfig{Channel: &ph.Channel, PhoneType: &ph.PhoneType,
			PhoneNumber: ptr(ph.PhoneNumber)})
	}
	for _, pcc := range c.PersistentConnection {
		out.PersistentConnectionConfigs = append(out.PersistentConnectionConfigs, PersistentConnectionConfig{Channel: &pcc.Channel,
			PersistentConnection: &pcc.PersistentConnection})
	}
	for _, v := range c.VoiceEnhancement {
		out.VoiceEnhancementConfigs = append(out.VoiceEnhancementConfigs, VoiceEnhancementConfig{Channel: &v.Channel,
			VoiceEnhancementMode: &v.Mode})
	}
	return &DescribeUserResponse{User: out}, nil
}

func (s *Server) listUsers(ctx context.Context, in *ListUsersRequest) (any, error) {
	p := PrincipalFrom(ctx)
	items, next, err := s.svc.ListUsers(ctx, partition(p), str(in.InstanceId), str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	out := &ListUsersResponse{UserSummaryList: []UserSummary{}, NextToken: ptr(next)}
	for _, u := range items {
		out.UserSummaryList = append(out.UserSummaryList, UserSummary{Id: &u.ID, Arn: &u.ARN, Username: &u.Username,
			LastModifiedTime: ts(u.LastModified), LastModifiedRegion: &p.Region})
	}
	return out, nil
}

func (s *Server) deleteUser(ctx context.Context, in *DeleteUserRequest) (any, error) {
	return nil, s.svc.DeleteUser(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.UserId))
}

func (s *Server) updateUserRoutingProfile(ctx context.Context, in *UpdateUserRoutingProfileRequest) (any, error) {
	return nil, s.svc.UpdateUserRoutingProfile(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.UserId), str(in.RoutingProfileId))
}

func (s *Server) updateUserSecurityProfiles(ctx context.Context, in *UpdateUserSecurityProfilesRequest) (any, error) {
	return nil, s.svc.UpdateUserSecurityProfiles(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.UserId), in.SecurityProfileIds)
}

func (s *Server) updateUserIdentityInfo(ctx context.Context, in *UpdateUserIdentityInfoRequest) (any, error) {
	id := connect.IdentityUpdate{}
	if i := in.IdentityInfo; i != nil {
		id = connect.IdentityUpdate{FirstName: i.FirstName, LastName: i.LastName, Email: i.Email, SecondaryEmail: i.SecondaryEmail, Mobile: i.Mobile}
	}
	return nil, s.svc.UpdateUserIdentityInfo(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.UserId), id)
}

func (s *Server) updateUserPhoneConfig(ctx context.Context, in *UpdateUserPhoneConfigRequest) (any, error) {
	pc := connect.PhoneConfig{}
	if p := phoneConfigIn(in.PhoneConfig); p != nil {
		pc = *p
	}
	return nil, s.svc.UpdateUserPhoneConfig(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.UserId), pc)
}

func (s *Server) updateUserConfig(ctx context.Context, in *UpdateUserConfigRequest) (any, error) {
	c := userConfigIn(in.AutoAcceptConfigs, in.AfterContactWorkConfigs, in.PhoneNumberConfigs, in.PersistentConnectionConfigs, in.VoiceEnhancementConfigs)
	return nil, s.svc.UpdateUserConfig(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.UserId), c)
}

func (s *Server) putUserStatus(ctx context.Context, in *PutUserStatusRequest) (any, error) {
	return nil, s.svc.PutUserStatus(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.UserId), str(in.AgentStatusId))
}
