package console

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"connectd/internal/connect"
	"connectd/internal/connecttest"
)

// consoleServer serves a console over a real store; strict mode knows
// key AKIDA (secret "a-secret", the bundle's account) and AKIDB (another
// account).
func consoleServer(t *testing.T, strict bool) (*httptest.Server, *connecttest.Bundle) {
	t.Helper()
	b := connecttest.Setup(t, connecttest.Config{})
	c, err := New(Config{Service: b.Service, Strict: strict, AccountID: b.Partition.AccountID, Region: b.Partition.Region,
		Logger: slog.New(slog.DiscardHandler),
		LookupFunc: func(id string) (string, string, bool) {
			switch id {
			case "AKIDA":
				return "a-secret", b.Partition.AccountID, true
			case "AKIDB":
				return "b-secret", "210987654321", true
			}
			return "", "", false
		}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(c)
	t.Cleanup(srv.Close)
	return srv, b
}

func newClient(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t *testing.T, c *http.Client, u string) (int, string, http.Header) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func TestStrictSignIn(t *testing.T) {
	t.Parallel()
	srv, b := consoleServer(t, true)
	c := newClient(t)
	status, _, h := get(t, c, srv.URL+"/console/")
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/console/signin") {
		t.Fatalf("unsigned GET /console/: %d %s, want a redirect to sign-in", status, h.Get("Location"))
	}
	post := func(form url.Values) *http.Response {
		resp, err := c.PostForm(srv.URL+"/console/signin", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for _, tc := range []url.Values{
		{"access_key_id": {"AKIDA"}, "secret_access_key": {"wrong"}, "region": {"us-east-1"}},
		{"access_key_id": {"AKIDX"}, "secret_access_key": {""}, "region": {"us-east-1"}},
		{"access_key_id": {"AKIDA"}, "secret_access_key": {"a-secret"}, "region": {"not a region"}},
	} {
		if resp := post(tc); resp.StatusCode/100 != 4 || len(resp.Cookies()) != 0 {
			t.Errorf("sign-in %v: %d with cookies %v, want refused", tc, resp.StatusCode, resp.Cookies())
		}
	}
	resp := post(url.Values{"access_key_id": {"AKIDA"}, "secret_access_key": {"a-secret"}, "region": {"us-east-1"}})
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) != 1 {
		t.Fatalf("sign-in: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	ck := resp.Cookies()[0]
	if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Expires.IsZero() || strings.Contains(ck.Value, "a-secret") {
		t.Errorf("session cookie %+v: want HttpOnly, SameSite=Strict, expiring, without the secret", ck)
	}
	status, body, _ := get(t, c, srv.URL+"/console/")
	if status != http.StatusOK || !strings.Contains(body, b.Instance.ID) {
		t.Errorf("signed-in overview: %d, instance listed %v", status, strings.Contains(body, b.Instance.ID))
	}

	// A tampered cookie is no session.
	u, _ := url.Parse(srv.URL + "/console/")
	cks := c.Jar.Cookies(u)
	c2 := newClient(t)
	c2.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: cks[0].Value[:len(cks[0].Value)-2] + "xx", Path: "/console/"}})
	if status, _, _ := get(t, c2, srv.URL+"/console/"); status != http.StatusSeeOther {
		t.Errorf("tampered cookie: %d, want a redirect to sign-in", status)
	}
}

// TestAccountIsolation: a session of another account sees neither the
// instance nor its contacts.
func TestAccountIsolation(t *testing.T) {
	t.Parallel()
	srv, b := consoleServer(t, true)
	ct, err := b.Service.StartTaskContact(t.Context(), b.Partition, connect.StartTaskInput{InstanceID: b.Instance.ID, ContactFlowID: b.TaskFlow, Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t)
	if _, err := c.PostForm(srv.URL+"/console/signin", url.Values{"access_key_id": {"AKIDB"}, "secret_access_key": {"b-secret"}, "region": {"us-east-1"}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"contacts/" + ct.ID, "queues", "contacts", "flows/" + b.TaskFlow} {
		if status, body, _ := get(t, c, srv.URL+"/console/instances/"+b.Instance.ID+"/"+p); status != http.StatusNotFound || strings.Contains(body, ct.ID) {
			t.Errorf("another account's %s: %d, want 404", p, status)
		}
	}
	if _, body, _ := get(t, c, srv.URL+"/console/"); strings.Contains(body, b.Instance.ID) {
		t.Error("another account's overview lists the instance")
	}
}

// TestCSRF: a POST needs the session's token; the form's token works.
func TestCSRF(t *testing.T) {
	t.Parallel()
	srv, b := consoleServer(t, false)
	ct, err := b.Service.StartTaskContact(t.Context(), b.Partition, connect.StartTaskInput{InstanceID: b.Instance.ID, ContactFlowID: b.TaskFlow, Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t)
	page := srv.URL + "/console/instances/" + b.Instance.ID + "/contacts/" + ct.ID
	_, body, _ := get(t, c, page)
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the contact page has no CSRF token")
	}
	for name, tok := range map[string]string{"missing": "", "wrong": "AAAA" + m[1][4:]} {
		resp, err := c.PostForm(page+"/stop", url.Values{"csrf": {tok}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s token: %d, want 403", name, resp.StatusCode)
		}
	}
	if got, _ := b.Service.DescribeContact(t.Context(), b.Partition, b.Instance.ID, ct.ID); got.DisconnectTimestamp != nil {
		t.Fatal("a refused POST stopped the contact")
	}
	req, _ := http.NewRequest(http.MethodPost, page+"/stop", strings.NewReader(url.Values{"csrf": {m[1]}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", page)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("POST with the token: %d, want 303", resp.StatusCode)
	}
	if got, _ := b.Service.DescribeContact(t.Context(), b.Partition, b.Instance.ID, ct.ID); got.DisconnectTimestamp == nil {
		t.Error("the form's stop did not stop the contact")
	}
	// Cross-origin POSTs are refused before the token is looked at.
	req, _ = http.NewRequest(http.MethodPost, page+"/stop", strings.NewReader("csrf="+m[1]))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if resp, err := c.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %v %v, want 403", resp.StatusCode, err)
	}
}

func TestDiagramLayout(t *testing.T) {
	t.Parallel()
	content := `{"StartAction":"a","Metadata":{"ActionMetadata":{"a":{"position":{"x":300,"y":200}},"b":{"position":{"x":600,"y":250}}}},
		"Actions":[{"Identifier":"a","Type":"MessageParticipant","Transitions":{"NextAction":"b","Errors":[{"NextAction":"b","ErrorType":"NoMatchingError"}]}},
		{"Identifier":"b","Type":"DisconnectParticipant","Transitions":{}}]}`
	d := drawFlow(content, []connect.FlowLogEntry{{ActionID: "a", NextAction: "b"}, {ActionID: "b"}})
	if len(d.Boxes) != 2 || d.Boxes[0].X != margin || d.Boxes[0].Y != margin || d.Boxes[1].X != 300+margin || d.Boxes[1].Y != 50+margin {
		t.Errorf("boxes from ActionMetadata = %+v", d.Boxes)
	}
	if len(d.Edges) != 1 || d.Edges[0].Label != ", NoMatchingError" && d.Edges[0].Label != "NoMatchingError" || !d.Edges[0].Walked {
		t.Errorf("edges = %+v, want one walked arrow labelled with the error branch", d.Edges)
	}
	// Without metadata: columns by distance from the start.
	d = drawFlow(`{"StartAction":"a","Actions":[{"Identifier":"c","Type":"X","Transitions":{}},
		{"Identifier":"a","Type":"X","Transitions":{"NextAction":"c"}},{"Identifier":"z","Type":"X","Transitions":{}}]}`, nil)
	cols := map[string]float64{}
	for _, b := range d.Boxes {
		cols[b.ID] = b.X
	}
	if !(cols["a"] < cols["c"] && cols["c"] < cols["z"]) {
		t.Errorf("layered columns = %v, want a, then c, then the unreachable z", cols)
	}
	if d := drawFlow("not json", nil); d.Error == "" {
		t.Error("bad content drew a diagram")
	}
}
