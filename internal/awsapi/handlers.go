package awsapi

// registerHandlers registers the handlers of the implemented operations,
// which live in one file per resource (contact.go, queue.go, hours.go, ...).
// Operations without a handler answer "connectd does not implement <Op> yet".
func (s *Server) registerHandlers() {
	handle(s, "CreateInstance", s.createInstance)
	handle(s, "DescribeInstance", s.describeInstance)
	handle(s, "ListInstances", s.listInstances)
	handle(s, "DeleteInstance", s.deleteInstance)

	handle(s, "CreateContactFlow", s.createContactFlow)
	handle(s, "DescribeContactFlow", s.describeContactFlow)
	handle(s, "ListContactFlows", s.listContactFlows)
	handle(s, "UpdateContactFlowContent", s.updateContactFlowContent)
	handle(s, "DeleteContactFlow", s.deleteContactFlow)

	handle(s, "CreateQueue", s.createQueue)
	handle(s, "DescribeQueue", s.describeQueue)
	handle(s, "ListQueues", s.listQueues)

	handle(s, "TagResource", s.tagResource)
	handle(s, "UntagResource", s.untagResource)
	handle(s, "ListTagsForResource", s.listTagsForResource)

	handle(s, "StartTaskContact", s.startTaskContact)
	handle(s, "DescribeContact", s.describeContact)
	handle(s, "UpdateContact", s.updateContact)
	handle(s, "UpdateContactSchedule", s.updateContactSchedule)
	handle(s, "ListContactReferences", s.listContactReferences)
	handle(s, "StopContact", s.stopContact)
	handle(s, "GetContactAttributes", s.getContactAttributes)
	handle(s, "UpdateContactAttributes", s.updateContactAttributes)
	handle(s, "SearchContacts", s.searchContacts)
	handle(s, "PauseContact", s.pauseContact)
	handle(s, "ResumeContact", s.resumeContact)
	handle(s, "UpdateContactTaskTemplate", s.updateContactTaskTemplate)
	handle(s, "TransferContact", s.transferContact) // transfer.go

	handle(s, "CreateTaskTemplate", s.createTaskTemplate)
	handle(s, "GetTaskTemplate", s.getTaskTemplate)
	handle(s, "ListTaskTemplates", s.listTaskTemplates)
	handle(s, "UpdateTaskTemplate", s.updateTaskTemplate)
	handle(s, "DeleteTaskTemplate", s.deleteTaskTemplate)

	handle(s, "CreateQuickConnect", s.createQuickConnect)
	handle(s, "DescribeQuickConnect", s.describeQuickConnect)
	handle(s, "ListQuickConnects", s.listQuickConnects)
	handle(s, "UpdateQuickConnectName", s.updateQuickConnectName)
	handle(s, "UpdateQuickConnectConfig", s.updateQuickConnectConfig)
	handle(s, "DeleteQuickConnect", s.deleteQuickConnect)
	handle(s, "AssociateQueueQuickConnects", s.associateQueueQuickConnects)
	handle(s, "DisassociateQueueQuickConnects", s.disassociateQueueQuickConnects)
	handle(s, "ListQueueQuickConnects", s.listQueueQuickConnects)

	// Agent-side resources.
	handle(s, "CreateUser", s.createUser)
	handle(s, "DescribeUser", s.describeUser)
	handle(s, "ListUsers", s.listUsers)
	handle(s, "DeleteUser", s.deleteUser)
	handle(s, "UpdateUserRoutingProfile", s.updateUserRoutingProfile)
	handle(s, "UpdateUserSecurityProfiles", s.updateUserSecurityProfiles)
	handle(s, "UpdateUserIdentityInfo", s.updateUserIdentityInfo)
	handle(s, "UpdateUserPhoneConfig", s.updateUserPhoneConfig)
	handle(s, "UpdateUserConfig", s.updateUserConfig)
	handle(s, "PutUserStatus", s.putUserStatus)
	handle(s, "CreateRoutingProfile", s.createRoutingProfile)
	handle(s, "DescribeRoutingProfile", s.describeRoutingProfile)
	handle(s, "ListRoutingProfiles", s.listRoutingProfiles)
	handle(s, "ListRoutingProfileQueues", s.listRoutingProfileQueues)
	handle(s, "AssociateRoutingProfileQueues", s.associateRoutingProfileQueues)
	handle(s, "DisassociateRoutingProfileQueues", s.disassociateRoutingProfileQueues)
	handle(s, "UpdateRoutingProfileQueues", s.updateRoutingProfileQueues)
	handle(s, "UpdateRoutingProfileConcurrency", s.updateRoutingProfileConcurrency)
	handle(s, "CreateSecurityProfile", s.createSecurityProfile)
	handle(s, "ListSecurityProfiles", s.listSecurityProfiles)
	handle(s, "DescribeSecurityProfile", s.describeSecurityProfile)
	handle(s, "CreateAgentStatus", s.createAgentStatus)
	handle(s, "DescribeAgentStatus", s.describeAgentStatus)
	handle(s, "ListAgentStatuses", s.listAgentStatuses)
	handle(s, "CreateHoursOfOperation", s.createHoursOfOperation)
	handle(s, "DescribeHoursOfOperation", s.describeHoursOfOperation)
	handle(s, "ListHoursOfOperations", s.listHoursOfOperations)
	handle(s, "UpdateHoursOfOperation", s.updateHoursOfOperation)
	handle(s, "DeleteHoursOfOperation", s.deleteHoursOfOperation)
	handle(s, "GetCurrentUserData", s.getCurrentUserData) // userdata.go
}
