package bootstrap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"connectd/internal/awsapi"
)

// Error is a problem of a bootstrap file. Err, when set, is the cause
// (a *connect.Error from applying it, an I/O error).
type Error struct {
	File string // the file, as it was named
	Line int    // 1-based; 0 when unknown
	Path string // the resource or member at fault, e.g. "instances[0].queues[1].Name"; "" for the whole file
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// File is a loaded bootstrap file: every request in it decoded and checked
// against the model. It is immutable, so that Apply may run concurrently
// (resets of several accounts) and more than once (a retried transaction).
type File struct {
	name      string
	lines     map[string]int // path → line, for messages
	instances []*instanceDecl
}

// decl is one declared resource: where it is, its Id, and its request as
// JSON, decoded afresh at each Apply (inputs are mutated as references are
// resolved).
type decl struct {
	path string
	id   string
	body []byte
}

type instanceDecl struct {
	decl
	children  map[string][]decl // by list key
	structure *decl             // hierarchyStructure, when given
}

// The lists of an instance, in the order Apply creates them: a resource's
// references point to earlier lists (a queue's quick connects excepted, see
// Apply).
const (
	keyHours            = "hoursOfOperations"
	keyQueues           = "queues"
	keyFlows            = "flows"
	keyRoutingProfiles  = "routingProfiles"
	keySecurityProfiles = "securityProfiles"
	keyAgentStatuses    = "agentStatuses"
	keyHierarchyGroups  = "hierarchyGroups"
	keyUsers            = "users"
	keyQuickConnects    = "quickConnects"
	keyTaskTemplates    = "taskTemplates"
)

var childKeys = []string{keyHours, keyQueues, keyFlows, keyRoutingProfiles, keySecurityProfiles, keyAgentStatuses,
	keyHierarchyGroups, keyUsers, keyQuickConnects, keyTaskTemplates}

// keyHierarchyStructure is an instance's hierarchy structure: the
// HierarchyStructure member of UpdateUserHierarchyStructure's request (a
// mapping, not a list), applied before its hierarchy groups.
const keyHierarchyStructure = "hierarchyStructure"

// decoders check a child's request at Load (Apply decodes again).
var decoders = map[string]func([]byte) error{
	keyHours:            func(b []byte) error { _, err := awsapi.DecodeCreateHoursOfOperation(b); return err },
	keyQueues:           func(b []byte) error { _, err := awsapi.DecodeCreateQueue(b); return err },
	keyFlows:            func(b []byte) error { _, err := awsapi.DecodeCreateContactFlow(b); return err },
	keyRoutingProfiles:  func(b []byte) error { _, err := awsapi.DecodeCreateRoutingProfile(b); return err },
	keySecurityProfiles: func(b []byte) error { _, err := awsapi.DecodeCreateSecurityProfile(b); return err },
	keyAgentStatuses:    func(b []byte) error { _, err := awsapi.DecodeCreateAgentStatus(b); return err },
	keyHierarchyGroups:  func(b []byte) error { _, err := awsapi.DecodeCreateUserHierarchyGroup(b); return err },
	keyHierarchyStructure: func(b []byte) error {
		_, err := awsapi.DecodeUpdateUserHierarchyStructure(b)
		return err
	},
	keyUsers:         func(b []byte) error { _, err := awsapi.DecodeCreateUser(b); return err },
	keyQuickConnects: func(b []byte) error { _, err := awsapi.DecodeCreateQuickConnect(b); return err },
	keyTaskTemplates: func(b []byte) error { _, err := awsapi.DecodeCreateTaskTemplate(b); return err },
}

// Members a bootstrap file adds to the requests.
const (
	memberID          = "Id"
	memberContentFile = "ContentFile" // flows: Content read from a file
)

// Load reads the bootstrap file name and checks it. It returns an *Error
// for every problem it finds in the file.
func Load(name string) (*File, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, &Error{File: name, Msg: "cannot read the bootstrap file: " + errText(err), Err: err}
	}
	f := &File{name: name}
	var root any
	if strings.EqualFold(filepath.Ext(name), ".json") {
		root, err = parseJSON(data)
	} else {
		root, f.lines, err = parseYAML(data)
	}
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.File = name
			return nil, e
		}
		return nil, &Error{File: name, Msg: err.Error(), Err: err}
	}
	if err := f.load(root, filepath.Dir(name)); err != nil {
		return nil, err
	}
	return f, nil
}

// Len returns how many instances the file declares.
func (f *File) Len() int { return len(f.instances) }

// fail returns the *Error of path, with the line of path or of its nearest
// ancestor that has one.
func (f *File) fail(path string, err error, format string, args ...any) *Error {
	e := &Error{File: f.name, Path: path, Msg: fmt.Sprintf(format, args...), Err: err}
	for p := path; p != ""; p = parent(p) {
		if l, ok := f.lines[p]; ok {
			e.Line = l
			break
		}
	}
	return e
}

// parent returns the path p is a member or item of ("" for a root member).
func parent(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

func join(p, member string) string {
	switch {
	case p == "":
		return member
	case member == "":
		return p
	}
	return p + "." + member
}

func index(p string, i int) string { return p + "[" + strconv.Itoa(i) + "]" }

// load checks the tree of the file and keeps its declarations.
func (f *File) load(root any, dir string) error {
	top, ok := root.(map[string]any)
	if !ok {
		return f.fail("", nil, `the file must be a mapping whose "instances" lists instances`)
	}
	for _, k := range sortedKeys(top) {
		if k != "instances" {
			return f.fail(k, nil, `unknown member %s: the file's root has only "instances"`, k)
		}
	}
	list, ok := top["instances"].([]any)
	if !ok && top["instances"] != nil {
		return f.fail("instances", nil, "instances must be a list")
	}
	for i, item := range list {
		path := index("instances", i)
		m, ok := item.(map[string]any)
		if !ok {
			return f.fail(path, nil, "an instance must be a mapping: CreateInstance's request")
		}
		inst := &instanceDecl{children: map[string][]decl{}}
		for _, k := range sortedKeys(m) {
			for _, key := range append(childKeys, keyHierarchyStructure) {
				if k != key && strings.EqualFold(k, key) {
					return f.fail(join(path, k), nil, "unknown member %s (did you mean %s?)", k, key)
				}
			}
		}
		for _, key := range childKeys {
			v, ok := m[key]
			if !ok {
				continue
			}
			delete(m, key)
			items, ok := v.([]any)
			if !ok && v != nil {
				return f.fail(join(path, key), nil, "%s must be a list", key)
			}
			for j, item := range items {
				d, err := f.declare(index(join(path, key), j), item, key, dir)
				if err != nil {
					return err
				}
				inst.children[key] = append(inst.children[key], d)
			}
		}
		if v, ok := m[keyHierarchyStructure]; ok {
			delete(m, keyHierarchyStructure)
			d, err := f.declareStructure(join(path, keyHierarchyStructure), v)
			if err != nil {
				return err
			}
			inst.structure = &d
		}
		d, err := f.declare(path, m, "", dir)
		if err != nil {
			return err
		}
		inst.decl = d
		f.instances = append(f.instances, inst)
	}
	return f.checkUnique()
}

// declare checks one resource (an instance when key is "") and returns its
// declaration.
func (f *File) declare(path string, item any, key, dir string) (decl, error) {
	m, ok := item.(map[string]any)
	if !ok {
		return decl{}, f.fail(path, nil, "a resource must be a mapping: the request of its Create operation")
	}
	d := decl{path: path}
	if v, ok := m[memberID]; ok {
		id, ok := v.(string)
		if !ok || id == "" {
			return decl{}, f.fail(join(path, memberID), nil, "Id must be a non-empty string")
		}
		d.id = id
		delete(m, memberID)
	}
	if key == keyFlows {
		if err := f.flowContent(path, m, dir); err != nil {
			return decl{}, err
		}
	}
	body, err := json.Marshal(m)
	if err != nil {
		return decl{}, f.fail(path, err, "cannot encode the request: %v", err)
	}
	d.body = body
	check := decoders[key]
	if key == "" {
		check = func(b []byte) error { _, err := awsapi.DecodeCreateInstance(b); return err }
	}
	if err := check(body); err != nil {
		return decl{}, f.requestError(path, err)
	}
	return d, nil
}

// declareStructure checks an instance's hierarchy structure, the
// HierarchyStructure member of UpdateUserHierarchyStructure's request.
func (f *File) declareStructure(path string, v any) (decl, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return decl{}, f.fail(path, nil, "hierarchyStructure must be a mapping: UpdateUserHierarchyStructure's HierarchyStructure")
	}
	body, err := json.Marshal(map[string]any{"HierarchyStructure": m})
	if err != nil {
		return decl{}, f.fail(path, err, "cannot encode the request: %v", err)
	}
	if err := decoders[keyHierarchyStructure](body); err != nil {
		var re *awsapi.RequestError
		if errors.As(err, &re) {
			re.Member = strings.TrimPrefix(strings.TrimPrefix(re.Member, "HierarchyStructure"), ".")
		}
		return decl{}, f.requestError(path, err)
	}
	return decl{path: path, body: body}, nil
}

// flowContent turns a flow's ContentFile, or Content written as YAML, into
// the Content member (JSON text).
func (f *File) flowContent(path string, m map[string]any, dir string) error {
	file, hasFile := m[memberContentFile]
	content, hasContent := m["Content"]
	switch {
	case hasFile && hasContent:
		return f.fail(join(path, memberContentFile), nil, "a flow has Content or ContentFile, not both")
	case hasFile:
		name, ok := file.(string)
		if !ok || name == "" {
			return f.fail(join(path, memberContentFile), nil, "ContentFile must be a file name")
		}
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return f.fail(join(path, memberContentFile), err, "cannot read the flow's content: %s", errText(err))
		}
		delete(m, memberContentFile)
		m["Content"] = string(data)
	case hasContent:
		if _, ok := content.(string); ok || content == nil {
			return nil
		}
		b, err := json.Marshal(content)
		if err != nil {
			return f.fail(join(path, "Content"), err, "cannot encode Content as JSON: %v", err)
		}
		m["Content"] = string(b)
	}
	return nil
}

// requestError is a request refused at Load, at its member's path.
func (f *File) requestError(path string, err error) *Error {
	var re *awsapi.RequestError
	if errors.As(err, &re) {
		return f.fail(join(path, re.Member), err, "%s: %s", re.Code, re.Message)
	}
	return f.fail(path, err, "%v", err)
}

// checkUnique refuses an Id declared twice for one kind in one instance,
// and an instance Id or alias declared twice.
func (f *File) checkUnique() error {
	seen := map[string]string{}
	once := func(key, path, what string) error {
		if first, ok := seen[key]; ok {
			return f.fail(path, nil, "%s is declared twice (first at %s)", what, first)
		}
		seen[key] = path
		return nil
	}
	for i, inst := range f.instances {
		if inst.id != "" {
			if err := once("instance id "+inst.id, join(inst.path, memberID), "instance Id "+inst.id); err != nil {
				return err
			}
		}
		for _, key := range childKeys {
			for _, d := range inst.children[key] {
				if d.id == "" {
					continue
				}
				if err := once(fmt.Sprintf("%d %s %s", i, key, d.id), join(d.path, memberID), "Id "+d.id); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// parseJSON parses a JSON file into the tree Load walks (numbers as
// json.Number).
func parseJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, &Error{Msg: "not valid JSON: " + err.Error(), Err: err}
	}
	if dec.More() {
		return nil, &Error{Msg: "not valid JSON: more than one value"}
	}
	return v, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// errText is err without the operation prefix *fs.PathError adds (the
// message names the file already).
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}
