package console

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"connectd/internal/connect"
)

// page is what every template gets: the layout's data and the page's own.
type page struct {
	Title   string
	Session *session
	CSRF    string
	Strict  bool
	Flash   *flash
	// Now is the service's time (the manual clock's in manual mode);
	// Manual says the clock controls are shown.
	Now      time.Time
	Manual   bool
	Instance string // the instance the navigation links to
	// Live makes the script refresh the page's data-live parts on contact
	// events.
	Live       bool
	EventTypes []string
	Data       any
}

// liveEventTypes are the contact events the script listens for.
var liveEventTypes = []string{connect.EventInitiated, connect.EventConnectedToSystem, connect.EventQueued,
	connect.EventConnectedToAgent, connect.EventDisconnected, connect.EventCompleted, connect.EventContactDataUpdated}

var funcs = template.FuncMap{
	"ts": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			if v.IsZero() {
				return ""
			}
			return v.UTC().Format("2006-01-02 15:04:05Z")
		case *time.Time:
			if v == nil {
				return ""
			}
			return v.UTC().Format("2006-01-02 15:04:05Z")
		}
		return fmt.Sprint(t)
	},
	"age": func(now time.Time, t *time.Time) string {
		if t == nil {
			return ""
		}
		return humanDuration(now.Sub(*t))
	},
	"localInput": func(t *time.Time) string { // a datetime-local value, UTC
		if t == nil {
			return ""
		}
		return t.UTC().Format("2006-01-02T15:04")
	},
	"join": strings.Join,
	"list": func(v ...string) []string { return v },
	"inputType": func(fieldType string) string {
		switch fieldType {
		case connect.FieldURL:
			return "url"
		case connect.FieldNumber, connect.FieldExpiryDuration:
			return "number"
		case connect.FieldEmail:
			return "email"
		case connect.FieldDateTime, connect.FieldScheduledTime:
			return "datetime-local"
		}
		return "text"
	},
	"esc":     url.PathEscape,
	"isURL":   func(r connect.Reference) bool { return r.Type == connect.RefURL && safeURL(r.Value) },
	"safeURL": func(s string) template.URL { return template.URL(s) }, // only after isURL
	"lower":   strings.ToLower,
	"short": func(s string, n int) string {
		if r := []rune(s); len(r) > n {
			return string(r[:n-1]) + "…"
		}
		return s
	},
	"json": prettyJSON,
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
}

// safeURL admits only http and https links.
func safeURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func humanDuration(d time.Duration) string {
	if d < 0 {
		return "in " + humanDuration(-d)
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm %ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh %dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd %dh", int(d.Hours())/24, int(d.Hours())%24)
}

// parseTemplates parses layout.html with each page template.
func parseTemplates() (map[string]*template.Template, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("console: parse layout: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("console: parse %s: %w", n, err)
		}
		out[base] = t
	}
	return out, nil
}

// render writes the page named name with status, the layout around it.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	t, ok := c.pages[name]
	if !ok {
		panic("console: no template " + name) // programmer error
	}
	if p.Session != nil {
		p.CSRF = c.sign.csrf(p.Session)
		p.Manual = c.cfg.AdvanceFunc != nil
	}
	p.Strict = c.cfg.Strict
	if p.Flash == nil {
		p.Flash = c.takeFlash(w, r)
	}
	p.Now = c.cfg.Service.Now()
	p.EventTypes = liveEventTypes
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		c.cfg.Logger.ErrorContext(r.Context(), "console: render", "page", name, "error", err)
		http.Error(w, "The page could not be rendered.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
