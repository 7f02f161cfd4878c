package flow

import (
	"strconv"
	"strings"

	"connectd/internal/connect"
)

// Dynamic values. A parameter string may hold JSONPath references to the
// contact's data ("$.Attributes.priority", "$.Queue.Name",
// "$['AwsRegion']"), either as the whole value or embedded in text ("Follow
// up: $.Name"). The Flow language reference calls the first a "single valid
// JSONPath identifier"; some parameters accept only that or a static value.
//
// A path is "$" followed by segments: ".Name" (letters, digits, '_' and '-')
// or "['any text']". In text, a path ends at the first character that cannot
// continue it, so "Hello $.Name." resolves $.Name and keeps the dot.
//
// Paths connectd does not know, or knows but has no value for, resolve to "":
// Amazon Connect resolves a reference to a missing attribute to an empty
// value rather than failing the action.

// path is a parsed reference: its segments after "$".
type path []string

// parsePath reads a path at s[i:], which starts with '$'. It returns the path
// and the index just past it; ok is false when s[i:] is not a path (a lone
// "$", "$5", "$." followed by nothing usable).
func parsePath(s string, i int) (p path, end int, ok bool) {
	if i >= len(s) || s[i] != '$' {
		return nil, i, false
	}
	j := i + 1
	for j < len(s) {
		switch {
		case s[j] == '.' && j+1 < len(s) && isIdentByte(s[j+1]):
			k := j + 1
			for k < len(s) && isIdentByte(s[k]) {
				k++
			}
			p = append(p, s[j+1:k])
			j = k
		case s[j] == '.' && strings.HasPrefix(s[j+1:], "['"):
			// $.Attributes.['key']: tolerated, as the console writes the dot.
			seg, k, okb := bracket(s, j+1)
			if !okb {
				return p, j, len(p) > 0
			}
			p = append(p, seg)
			j = k
		case s[j] == '[':
			seg, k, okb := bracket(s, j)
			if !okb {
				return p, j, len(p) > 0
			}
			p = append(p, seg)
			j = k
		default:
			return p, j, len(p) > 0
		}
	}
	return p, j, len(p) > 0
}

// bracket reads ['text'] at s[i:].
func bracket(s string, i int) (seg string, end int, ok bool) {
	if !strings.HasPrefix(s[i:], "['") {
		return "", i, false
	}
	k := strings.Index(s[i+2:], "']")
	if k < 0 {
		return "", i, false
	}
	return s[i+2 : i+2+k], i + 2 + k + 2, true
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// singlePath returns the path s consists of, if s is exactly one reference.
func singlePath(s string) (path, bool) {
	p, end, ok := parsePath(s, 0)
	return p, ok && end == len(s)
}

// isDynamic reports whether s holds a reference anywhere.
func isDynamic(s string) bool {
	for i := strings.IndexByte(s, '$'); i >= 0; {
		if _, _, ok := parsePath(s, i); ok {
			return true
		}
		n := strings.IndexByte(s[i+1:], '$')
		if n < 0 {
			break
		}
		i += 1 + n
	}
	return false
}

// resolve replaces every reference in s with its value.
func (st *state) resolve(s string) (string, error) {
	if strings.IndexByte(s, '$') < 0 {
		return s, nil
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if s[i] != '$' {
			i++
			continue
		}
		p, end, ok := parsePath(s, i)
		if !ok {
			i++
			continue
		}
		v, err := st.lookup(p)
		if err != nil {
			return "", err
		}
		b.WriteString(s[last:i])
		b.WriteString(v)
		last, i = end, end
	}
	b.WriteString(s[last:])
	return b.String(), nil
}

// lookup returns the value of a path: the contact attributes Amazon Connect
// documents for flows ("List of available contact attributes and their
// JSONPath reference"), as far as a task contact in connectd has them. It
// fails only when env fails for a reason that is not the flow's.
func (st *state) lookup(p path) (string, error) {
	c := st.run.Contact
	one := func(v string) (string, error) {
		if len(p) != 1 {
			return "", nil
		}
		return v, nil
	}
	switch p[0] {
	case "ContactId":
		return one(c.ID)
	case "InitialContactId":
		return one(c.InitialContactID)
	case "PreviousContactId":
		return one(c.PreviousContactID)
	case "RelatedContactId":
		return one(c.RelatedContactID)
	case "Channel":
		return one(c.Channel)
	case "InitiationMethod":
		return one(c.InitiationMethod)
	case "Name":
		return one(c.Name)
	case "Description":
		return one(c.Description)
	case "InstanceARN":
		return one(instanceARN(c))
	case "AwsRegion":
		return one(region(c))
	case "LanguageCode":
		return one(st.languageCode)
	case "CustomerId":
		return one(st.customerID)
	case "Attributes":
		if len(p) == 2 {
			return st.run.Attributes[p[1]], nil
		}
	case "References":
		if len(p) == 3 {
			r, ok := c.References[p[1]]
			switch {
			case !ok:
			case p[2] == "Value":
				return r.Value, nil
			case p[2] == "Type":
				return r.Type, nil
			}
		}
	case "Tags":
		if len(p) == 2 {
			return c.Tags[p[1]], nil
		}
	case "SegmentAttributes":
		if len(p) == 2 || len(p) == 3 {
			v, ok := c.SegmentAttributes[p[1]]
			if !ok {
				return "", nil
			}
			member := "Value"
			if len(p) == 3 {
				member = p[2]
			}
			return segmentValue(v, member), nil
		}
	case "Queue":
		if len(p) == 2 && (p[1] == "Name" || p[1] == "ARN") {
			q, err := st.targetQueue()
			if err != nil || q == nil {
				return "", err
			}
			if p[1] == "Name" {
				return q.Name, nil
			}
			return q.ARN, nil
		}
	case "Task":
		// "Task Contact id": the contact ID of the task the last CreateTask
		// of this run created (the Create task block's result).
		if len(p) == 2 && p[1] == "ContactId" {
			return st.taskContactID, nil
		}
	}
	return "", nil
}

// segmentValue renders a segment attribute's member: ValueString,
// ValueInteger, ValueArn, or "Value" for whichever is set.
func segmentValue(v connect.SegmentAttributeValue, member string) string {
	switch {
	case v.String != nil && (member == "Value" || member == "ValueString"):
		return *v.String
	case v.Integer != nil && (member == "Value" || member == "ValueInteger"):
		return strconv.Itoa(int(*v.Integer))
	case v.ARN != nil && (member == "Value" || member == "ValueArn"):
		return *v.ARN
	}
	return ""
}

// instanceARN returns the ARN of the contact's instance, from its own ARN.
func instanceARN(c *connect.Contact) string {
	a, err := connect.ParseARN(c.ARN)
	if err != nil {
		return ""
	}
	return connect.InstanceARN(a.Partition, a.InstanceID)
}

func region(c *connect.Contact) string {
	a, err := connect.ParseARN(c.ARN)
	if err != nil {
		return ""
	}
	return a.Partition.Region
}

// targetQueue returns the contact's target queue, nil when it has none or
// the queue no longer exists. The queue is read once per target.
func (st *state) targetQueue() (*connect.Queue, error) {
	if st.run.TargetQueueID == "" {
		return nil, nil
	}
	if st.queue != nil && st.queue.ID == st.run.TargetQueueID {
		return st.queue, nil
	}
	q, err := st.env.Queue(st.ctx, st.run.TargetQueueID)
	switch {
	case connect.IsNotFound(err):
		return nil, nil
	case err != nil:
		return nil, err
	}
	st.queue = q
	return q, nil
}

// Value shapes a parameter may be required to have, as the Flow language
// reference words them.
const (
	anyValue    = iota // "may be defined statically or dynamically"
	staticOrRef        // "statically or as a single valid JSONPath identifier"
	staticOnly         // "must be defined statically"
)

// checkShape reports why s does not fit shape, "" when it does.
func checkShape(s string, shape int) string {
	switch shape {
	case staticOrRef:
		if _, ok := singlePath(s); !ok && isDynamic(s) {
			return "must be static or a single JSONPath reference"
		}
	case staticOnly:
		if isDynamic(s) {
			return "must be static"
		}
	}
	return ""
}

// resolveShaped resolves s after checking its shape; the problem is returned
// as a flow failure.
func (st *state) resolveShaped(key, s string, shape int) (string, *failure, error) {
	if msg := checkShape(s, shape); msg != "" {
		return "", failf(NoMatchingError, "parameter %s %s", key, msg), nil
	}
	v, err := st.resolve(s)
	return v, nil, err
}
