// Package bootstrap reads connectd's bootstrap file (--bootstrap FILE) and
// applies it: the instances a first start creates, and per instance its
// hours of operation, queues, flows, routing profiles, security profiles,
// agent statuses, hierarchy structure and groups, users, quick connects and
// task templates.
//
// The file is YAML or JSON (by its extension: .json is JSON, anything else
// YAML, of which JSON is a subset). Its root holds "instances", a list; an
// instance is CreateInstance's request plus the lists "hoursOfOperations",
// "queues", "flows", "routingProfiles", "securityProfiles", "agentStatuses",
// "hierarchyGroups", "users", "quickConnects" and "taskTemplates", each item
// the request of its Create operation (the API reference's member names, so that a request can
// be pasted from it) plus an optional "Id": the resource's ID, kept as given;
// and "hierarchyStructure", UpdateUserHierarchyStructure's HierarchyStructure,
// set when the instance has no levels yet.
// A flow's Content may be JSON text, YAML (written as JSON text), or come
// from "ContentFile", a path relative to the bootstrap file. A member that
// names another resource by its ID (a queue's HoursOfOperationId, a user's
// RoutingProfileId and SecurityProfileIds, ...) may name it by name instead
// (a user by username); see refs.
//
// Load checks everything that needs no store: the syntax, unknown members,
// and every model constraint of every request (internal/awsapi's generated
// validation, so the messages are the API's). Apply ensures the file's
// resources through a connect.Provisioner, in one transaction: what exists
// (by Id, or else by name) is left alone, what is missing is created with
// the Create operations' rules, so that applying a file again changes
// nothing. Every error names the file, the line when known, and the path of
// the resource or member at fault, e.g.
//
//	connectd.yaml:12: instances[0].queues[1].Name: InvalidParameterException: 1 validation error detected: ...
package bootstrap
