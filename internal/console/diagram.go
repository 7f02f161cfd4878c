package console

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"connectd/internal/connect"
)

// A flow's diagram, drawn on the server as SVG: each action a box, each
// transition an arrow labelled with its branch. Positions come from the
// content's Metadata.ActionMetadata (what the flow designer saves) when
// every action has one, else from a layered layout: an action's column is
// its distance from the start.

// flowContent is the part of the Flow language the drawing reads.
type flowContent struct {
	StartAction string
	Metadata    struct {
		ActionMetadata map[string]struct {
			Position *struct{ X, Y float64 } `json:"position"`
		}
	}
	Actions []struct {
		Identifier  string
		Type        string
		Transitions struct {
			NextAction string
			Errors     []struct{ NextAction, ErrorType string }
			Conditions []struct {
				NextAction string
				Condition  struct {
					Operator string
					Operands []string
				}
			}
		}
	}
}

const (
	boxW, boxH = 190.0, 56.0
	colGap     = 90.0
	rowGap     = 44.0
	margin     = 24.0
)

type diagram struct {
	Width, Height float64
	Boxes         []box
	Edges         []edge
	Error         string // the content could not be drawn
}

type box struct {
	ID, Type      string
	X, Y          float64
	Start, Walked bool
}

type edge struct {
	X1, Y1, X2, Y2 float64
	LX, LY         float64 // label position
	Label          string
	Error, Walked  bool
	Path           string // the SVG path
}

// drawFlow lays out content and marks the actions and transitions the
// contact's flow log walked.
func drawFlow(content string, logs []connect.FlowLogEntry) *diagram {
	var fc flowContent
	if err := json.Unmarshal([]byte(content), &fc); err != nil {
		return &diagram{Error: "The flow's content is not JSON: " + err.Error()}
	}
	walked := map[string]bool{}
	taken := map[[2]string]bool{}
	for _, l := range logs {
		walked[l.ActionID] = true
		if l.NextAction != "" {
			taken[[2]string{l.ActionID, l.NextAction}] = true
		}
	}
	pos := metadataLayout(&fc)
	if pos == nil {
		pos = layeredLayout(&fc)
	}
	d := &diagram{}
	for _, a := range fc.Actions {
		p := pos[a.Identifier]
		d.Boxes = append(d.Boxes, box{ID: a.Identifier, Type: a.Type, X: p[0], Y: p[1],
			Start: a.Identifier == fc.StartAction, Walked: walked[a.Identifier]})
		d.Width = math.Max(d.Width, p[0]+boxW+margin)
		d.Height = math.Max(d.Height, p[1]+boxH+margin)
	}
	for _, a := range fc.Actions {
		from := pos[a.Identifier]
		// Transitions to the same action share one arrow, labelled with
		// all their branches.
		drawn := map[string]int{}
		add := func(to, label string, isErr bool) {
			p, ok := pos[to]
			if !ok || to == "" {
				return
			}
			if i, ok := drawn[to]; ok {
				e := &d.Edges[i]
				e.Label = strings.TrimPrefix(e.Label+", "+label, ", ")
				e.Error = e.Error && isErr
				return
			}
			drawn[to] = len(d.Edges)
			d.Edges = append(d.Edges, makeEdge(from, p, label, isErr, taken[[2]string{a.Identifier, to}] && walked[a.Identifier]))
		}
		t := a.Transitions
		add(t.NextAction, "", false)
		for _, c := range t.Conditions {
			add(c.NextAction, strings.TrimSpace(c.Condition.Operator+" "+strings.Join(c.Condition.Operands, ", ")), false)
		}
		for _, e := range t.Errors {
			add(e.NextAction, e.ErrorType, true)
		}
	}
	return d
}

// makeEdge draws from's right side to to's left side (a curve below both
// boxes when to is not to the right).
func makeEdge(from, to [2]float64, label string, isErr, walked bool) edge {
	e := edge{Label: label, Error: isErr, Walked: walked}
	if to[0] > from[0]+boxW/2 {
		e.X1, e.Y1 = from[0]+boxW, from[1]+boxH/2
		e.X2, e.Y2 = to[0], to[1]+boxH/2
		mx := (e.X1 + e.X2) / 2
		e.Path = fmt.Sprintf("M%.0f,%.0f C%.0f,%.0f %.0f,%.0f %.0f,%.0f", e.X1, e.Y1, mx, e.Y1, mx, e.Y2, e.X2, e.Y2)
		e.LX, e.LY = mx, (e.Y1+e.Y2)/2-4
		return e
	}
	// Backwards or in the same column: leave from the bottom, enter from the top.
	e.X1, e.Y1 = from[0]+boxW/2, from[1]+boxH
	e.X2, e.Y2 = to[0]+boxW/2, to[1]
	dy := math.Max(30, math.Abs(e.Y2-e.Y1)/2)
	e.Path = fmt.Sprintf("M%.0f,%.0f C%.0f,%.0f %.0f,%.0f %.0f,%.0f", e.X1, e.Y1, e.X1, e.Y1+dy, e.X2, e.Y2-dy, e.X2, e.Y2)
	e.LX, e.LY = (e.X1+e.X2)/2, (e.Y1+e.Y2)/2
	return e
}

// metadataLayout returns the positions of the content's ActionMetadata,
// shifted to the margin, or nil unless every action has one.
func metadataLayout(fc *flowContent) map[string][2]float64 {
	if len(fc.Actions) == 0 {
		return nil
	}
	pos := map[string][2]float64{}
	minX, minY := math.Inf(1), math.Inf(1)
	for _, a := range fc.Actions {
		m, ok := fc.Metadata.ActionMetadata[a.Identifier]
		if !ok || m.Position == nil {
			return nil
		}
		pos[a.Identifier] = [2]float64{m.Position.X, m.Position.Y}
		minX, minY = math.Min(minX, m.Position.X), math.Min(minY, m.Position.Y)
	}
	for id, p := range pos {
		pos[id] = [2]float64{p[0] - minX + margin, p[1] - minY + margin}
	}
	return pos
}

// layeredLayout puts each action in the column of its breadth-first
// distance from the start (unreachable ones in a last column), in order of
// discovery down the column.
func layeredLayout(fc *flowContent) map[string][2]float64 {
	next := map[string][]string{}
	known := map[string]bool{}
	for _, a := range fc.Actions {
		known[a.Identifier] = true
		t := a.Transitions
		next[a.Identifier] = append(next[a.Identifier], t.NextAction)
		for _, c := range t.Conditions {
			next[a.Identifier] = append(next[a.Identifier], c.NextAction)
		}
		for _, e := range t.Errors {
			next[a.Identifier] = append(next[a.Identifier], e.NextAction)
		}
	}
	col := map[string]int{}
	var order []string
	if known[fc.StartAction] {
		col[fc.StartAction] = 0
		order = append(order, fc.StartAction)
		for i := 0; i < len(order); i++ {
			for _, n := range next[order[i]] {
				if _, seen := col[n]; known[n] && !seen {
					col[n] = col[order[i]] + 1
					order = append(order, n)
				}
			}
		}
	}
	last := 0
	for _, c := range col {
		last = max(last, c)
	}
	for _, a := range fc.Actions {
		if _, ok := col[a.Identifier]; !ok {
			col[a.Identifier] = last + 1
			order = append(order, a.Identifier)
		}
	}
	rows := map[int]int{}
	pos := map[string][2]float64{}
	for _, id := range order {
		c := col[id]
		pos[id] = [2]float64{margin + float64(c)*(boxW+colGap), margin + float64(rows[c])*(boxH+rowGap)}
		rows[c]++
	}
	return pos
}
