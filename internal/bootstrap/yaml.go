package bootstrap

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// parseYAML parses a YAML file into the tree Load walks: mappings as
// map[string]any, sequences as []any, numbers as json.Number, and the
// other scalars as string, bool or nil, as their JSON counterparts. It also
// returns the line of each path, for messages.
func parseYAML(data []byte) (any, map[string]int, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, &Error{Msg: "the file is empty"}
		}
		return nil, nil, yamlError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, nil, yamlError(err)
		}
		return nil, nil, &Error{Line: extra.Line, Msg: "the file holds more than one YAML document"}
	}
	c := converter{lines: map[string]int{}}
	v, err := c.value(&doc, "")
	return v, c.lines, err
}

// yamlError turns a yaml.v3 error ("yaml: line 3: mapping values are not
// allowed in this context") into an *Error with the line.
func yamlError(err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &Error{Msg: "not valid YAML: " + msg, Err: err}
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ": "); ok {
			if line, err := strconv.Atoi(n); err == nil {
				e.Line, e.Msg = line, "not valid YAML: "+tail
			}
		}
	}
	return e
}

type converter struct {
	lines map[string]int
	depth int
}

// maxDepth bounds the nesting of a file (and of aliases that refer to
// their own ancestors).
const maxDepth = 64

func (c *converter) value(n *yaml.Node, path string) (any, error) {
	if c.depth++; c.depth > maxDepth {
		return nil, &Error{Line: n.Line, Path: path, Msg: "the file nests too deep"}
	}
	defer func() { c.depth-- }()
	if _, ok := c.lines[path]; !ok && path != "" {
		c.lines[path] = n.Line
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.value(n.Content[0], path)
	case yaml.AliasNode:
		return c.value(n.Alias, path)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for i, item := range n.Content {
			v, err := c.value(item, index(path, i))
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, vn := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
				return nil, &Error{Line: k.Line, Path: path, Msg: "a mapping key must be a plain name (no merge keys or complex keys)"}
			}
			member := join(path, k.Value)
			if _, dup := out[k.Value]; dup {
				return nil, &Error{Line: k.Line, Path: member, Msg: "the member is given twice"}
			}
			c.lines[member] = k.Line
			v, err := c.value(vn, member)
			if err != nil {
				return nil, err
			}
			out[k.Value] = v
		}
		return out, nil
	case yaml.ScalarNode:
		return scalar(n, path)
	}
	return nil, &Error{Line: n.Line, Path: path, Msg: "unsupported YAML node"}
}

// scalar converts a scalar as YAML 1.2's core schema resolves it: numbers
// become JSON numbers, true/false booleans, null nil, and the rest (quoted
// values, timestamps, names) strings.
func scalar(n *yaml.Node, path string) (any, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, &Error{Line: n.Line, Path: path, Msg: err.Error()}
		}
		return b, nil
	case "!!int":
		var i int64
		if err := n.Decode(&i); err != nil {
			return nil, &Error{Line: n.Line, Path: path, Msg: "the number " + n.Value + " is out of range"}
		}
		return json.Number(strconv.FormatInt(i, 10)), nil
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, &Error{Line: n.Line, Path: path, Msg: "the number " + n.Value + " is not valid"}
		}
		s := strconv.FormatFloat(f, 'g', -1, 64)
		if _, err := strconv.ParseFloat(s, 64); err != nil || strings.ContainsAny(s, "IN") { // .inf, .nan
			return nil, &Error{Line: n.Line, Path: path, Msg: "the number " + n.Value + " has no JSON form"}
		}
		return json.Number(s), nil
	}
	return n.Value, nil
}
