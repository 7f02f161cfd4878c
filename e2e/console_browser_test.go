package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/chromedp/chromedp"
)

// The web console driven by a real headless Chromium (Debian's chromium,
// which .ci/run installs), as a person uses it. The tests save a
// screenshot of each page, 1280 px wide: to CONNECTD_SCREENSHOTS (the
// README's pictures: CONNECTD_SCREENSHOTS=../docs/screenshots) when set,
// else to the test's temporary directory.

// chromiumPath finds the browser; without one the test skips, except
// under CI, where it fails.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium on PATH: the console's browser tests need it under CI (apt-get install chromium)")
	}
	t.Skip("no chromium on PATH: skipping the console's browser tests (apt-get install chromium to run them)")
	return ""
}

// browser starts a headless Chromium for the test, 1280 px wide.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox, chromedp.WindowSize(1280, 900), chromedp.Flag("disable-dev-shm-usage", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelCtx := chromedp.NewContext(alloc)
	bctx, cancelTimeout := context.WithTimeout(bctx, 5*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}

// run runs browser actions, failing the test with what it was doing.
func run(t *testing.T, bctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	step, cancel := context.WithTimeout(bctx, 40*time.Second)
	defer cancel()
	if err := chromedp.Do(step, actions...); err != nil {
		url, _ := chromedp.Run(bctx, chromedp.Location())
		body, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.readyState + " stale=" + window.__stale + " actions=" + document.querySelectorAll(".diagram svg g.action").length + "\n" + (document.body ? document.body.innerText.slice(0, 300) : "")`))
		t.Fatalf("%s (at %s): %v\npage:\n%s", what, url, err, body)
	}
}

// screenshot saves the page as name.png.
func screenshot(t *testing.T, bctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("CONNECTD_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	var png []byte
	run(t, bctx, "screenshot "+name, into(chromedp.FullScreenshot(100), &png))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitJS waits until the JavaScript expression is true.
func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error { return poll(ctx, t, expr) })
}

// poll waits until expr is true in the current page. A poll can outlive
// its page (a navigation that began before it did): each try is short, and
// the next one runs in the page then current.
func poll(ctx context.Context, t *chromedp.Target, expr string) error {
	for {
		_, err := chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(2*time.Second))(ctx, t)
		if err == nil || ctx.Err() != nil {
			return err
		}
	}
}

// submit clicks the button sel and waits for the page the form's answer
// leads to.
func submit(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		// The old document is marked; the new one is not.
		if _, err := chromedp.Evaluate[int]("window.__stale = 1")(ctx, t); err != nil {
			return err
		}
		if _, err := chromedp.Click(chromedp.CSS(sel))(ctx, t); err != nil {
			return err
		}
		return poll(ctx, t, `window.__stale !== 1 && document.readyState === "complete"`)
	})
}

// goTo loads url and waits for its page, as submit does (chromedp's
// Navigate can miss the load event of a page that loads quickly).
func goTo(url string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		b, _ := json.Marshal(url)
		if _, err := chromedp.Evaluate[int]("window.__stale = 1")(ctx, t); err != nil {
			return err
		}
		if _, err := chromedp.Evaluate[bool](fmt.Sprintf("location.assign(%s), true", b))(ctx, t); err != nil {
			return err
		}
		return poll(ctx, t, `window.__stale !== 1 && document.readyState === "complete"`)
	})
}

// into runs a and stores its value in dst.
func into[T any](a chromedp.Action[T], dst *T) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		v, err := a(ctx, t)
		if err == nil {
			*dst = v
		}
		return err
	})
}

// flashSays waits for the page's message to contain s.
func flashSays(s string) chromedp.Action[chromedp.Void] {
	b, _ := json.Marshal(s)
	return waitJS(fmt.Sprintf(`(document.querySelector("#flash")||{textContent:""}).textContent.includes(%s)`, b))
}

// consoleEnv is a manual-clock connectd with an agent, a task template
// and the SDK client.
type consoleEnv struct {
	*agEnv
	base     string // the console's URL
	agent    string
	template string
}

func consoleSetup(t *testing.T, flags ...string) *consoleEnv {
	t.Helper()
	s := startServer(t, "", append([]string{"--clock", "manual"}, flags...)...)
	return &consoleEnv{agEnv: &agEnv{s: s, c: s.client(t), inst: s.InstanceID}, base: s.URL + "/console/"}
}

// provision creates the agent (Offline) and the template.
func (e *consoleEnv) provision(t *testing.T) {
	t.Helper()
	e.hours, e.queue = resDefaults(t, e.c, e.inst)
	e.rp, e.sp, e.available, e.offline = agDefaults(t, e.c, e.inst)
	e.agent = e.user(t, "alex")
	if _, err := e.c.PutUserStatus(ctx(t), &connect.PutUserStatusInput{InstanceId: &e.inst, UserId: &e.agent, AgentStatusId: &e.offline}); err != nil {
		t.Fatal(err)
	}
	out, err := e.c.CreateTaskTemplate(ctx(t), &connect.CreateTaskTemplateInput{
		InstanceId: &e.inst, Name: aws.String("Refund"), ContactFlowId: aws.String(e.s.TaskFlowID),
		Description: aws.String("A customer asks for a refund."),
		Fields: []types.TaskTemplateField{
			{Id: fid("Name"), Type: types.TaskTemplateFieldTypeName},
			{Id: fid("Order"), Type: types.TaskTemplateFieldTypeText, Description: aws.String("The order number")},
			{Id: fid("Reason"), Type: types.TaskTemplateFieldTypeSingleSelect, SingleSelectOptions: []string{"Damaged", "Late"}},
			{Id: fid("Receipt"), Type: types.TaskTemplateFieldTypeUrl},
			{Id: fid("Internal"), Type: types.TaskTemplateFieldTypeText},
		},
		Constraints: &types.TaskTemplateConstraints{
			RequiredFields:  []types.RequiredFieldInfo{{Id: fid("Name")}, {Id: fid("Order")}},
			InvisibleFields: []types.InvisibleFieldInfo{{Id: fid("Internal")}},
		},
		Defaults: &types.TaskTemplateDefaults{DefaultFieldValues: []types.TaskTemplateDefaultFieldValue{
			{Id: fid("Reason"), DefaultValue: aws.String("Damaged")}}},
	})
	if err != nil {
		t.Fatalf("CreateTaskTemplate: %v", err)
	}
	e.template = aws.ToString(out.Id)
}

func (e *consoleEnv) startTask(t *testing.T, name string) string {
	t.Helper()
	out, err := e.c.StartTaskContact(ctx(t), &connect.StartTaskContactInput{InstanceId: &e.inst,
		ContactFlowId: aws.String(e.s.TaskFlowID), Name: aws.String(name)})
	if err != nil {
		t.Fatalf("StartTaskContact: %v", err)
	}
	return aws.ToString(out.ContactId)
}

// queuedIs is true once the overview's BasicQueue row shows n queued.
func queuedIs(n int) chromedp.Action[chromedp.Void] {
	return waitJS(fmt.Sprintf(`(document.querySelector('tr[data-queue="BasicQueue"] td.queued')||{textContent:""}).textContent.trim() === "%d"`, n))
}

// TestConsoleTaskLife follows tasks through the console: the overview
// updating live, the new-task form, the agent workspace, the contact page
// and a scheduled task from creation to completion.
func TestConsoleTaskLife(t *testing.T) {
	t.Parallel()
	e := consoleSetup(t)
	bctx := browser(t)
	e.provision(t)
	first := e.startTask(t, "Call back Ada")

	// A browser's GET / lands on the console; the API's answer is unchanged.
	var url string
	run(t, bctx, "open /", goTo(e.s.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#overview")), into(chromedp.Location(), &url))
	if url != e.base {
		t.Errorf("GET / from a browser ends at %s, want %s", url, e.base)
	}
	resp := rawRequest(t, e.s, http.MethodGet, "/", "")
	resp.Body.Close()
	if resp.StatusCode == http.StatusFound || resp.Header.Get("X-Amzn-ErrorType") == "" {
		t.Errorf("API client's GET /: %d %q, want the API's error", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
	}

	// The overview shows the queued task, and the next one started through
	// the SDK without a reload.
	run(t, bctx, "overview shows the queued task", queuedIs(1), waitJS(`document.body.dataset.stream === "open"`))
	second := e.startTask(t, "Check the invoice")
	run(t, bctx, "overview updates live", queuedIs(2))
	screenshot(t, bctx, "overview")
	// At phone width the page reflows without sideways scrolling.
	var overflow bool
	run(t, bctx, "phone width", chromedp.EmulateViewport(390, 844),
		into(chromedp.Evaluate[bool](`document.documentElement.scrollWidth > 400`), &overflow))
	if overflow {
		t.Error("the overview is wider than a phone's screen")
	}
	screenshot(t, bctx, "overview-phone")
	run(t, bctx, "desktop width", chromedp.EmulateViewport(1280, 900))

	run(t, bctx, "queue board", goTo(e.base+"instances/"+e.inst+"/queues"), chromedp.WaitVisible(chromedp.CSS("#board")),
		waitJS(`document.querySelector("#board").textContent.includes("Call back Ada")`))
	screenshot(t, bctx, "queue-board")
	for _, id := range []string{first, second} {
		stopContact(t, e.c, e.s, id)
	}

	// The new-task form: a missing required field is refused with the
	// template's message next to it; filled in, the task is created.
	agentURL := e.base + "instances/" + e.inst + "/agents/" + e.agent
	run(t, bctx, "new-task form",
		goTo(agentURL),
		chromedp.SetValue(chromedp.CSS("#template-pick"), e.template),
		submit("#pick-template"),
		chromedp.WaitVisible(chromedp.CSS("#new-task")),
		chromedp.SendKeys(chromedp.CSS("#nf-Name"), "Refund order 1234"),
		submit("#create-task"),
		chromedp.WaitVisible(chromedp.CSS("#nf-Order-err")))
	var fieldErr string
	var internal int
	run(t, bctx, "read the field's error", into(chromedp.Text(chromedp.CSS("#nf-Order-err")), &fieldErr),
		into(chromedp.Evaluate[int](`document.querySelectorAll('[data-field="Internal"]').length`), &internal))
	if want := `Field "Order" (TEXT) is required by task template Refund.`; fieldErr != want {
		t.Errorf("Order's error = %q, want %q", fieldErr, want)
	}
	if internal != 0 {
		t.Error("the invisible field Internal is in the form")
	}
	screenshot(t, bctx, "new-task-form")
	var contactID string
	run(t, bctx, "create the task",
		chromedp.SendKeys(chromedp.CSS("#nf-Order"), "1234"),
		chromedp.SendKeys(chromedp.CSS("#nf-Receipt"), "https://example.com/receipts/1234"),
		submit("#create-task"),
		chromedp.WaitVisible(chromedp.CSS("#f-id")),
		into(chromedp.Text(chromedp.CSS("#f-id")), &contactID))
	c := describe(t, e.c, e.s, contactID)
	if aws.ToString(c.Name) != "Refund order 1234" || c.TaskTemplateInfo == nil || aws.ToString(c.TaskTemplateInfo.Name) != "Refund" {
		t.Errorf("DescribeContact of the console's task: name %q, template %+v", aws.ToString(c.Name), c.TaskTemplateInfo)
	}
	refs, err := e.c.ListContactReferences(ctx(t), &connect.ListContactReferencesInput{InstanceId: &e.inst, ContactId: &contactID,
		ReferenceTypes: []types.ReferenceType{types.ReferenceTypeString, types.ReferenceTypeUrl}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range refs.ReferenceSummaryList {
		switch v := r.(type) {
		case *types.ReferenceSummaryMemberString:
			got[aws.ToString(v.Value.Name)] = aws.ToString(v.Value.Value)
		case *types.ReferenceSummaryMemberUrl:
			got[aws.ToString(v.Value.Name)] = aws.ToString(v.Value.Value)
		}
	}
	if got["Order"] != "1234" || got["Reason"] != "Damaged" || got["Receipt"] != "https://example.com/receipts/1234" {
		t.Errorf("references of the console's task = %v, want Order, the default Reason and Receipt", got)
	}

	// The agent workspace: available, the task is offered; accept, complete.
	run(t, bctx, "agent goes available",
		goTo(agentURL),
		chromedp.SetValue(chromedp.CSS("#status"), e.available),
		submit("#set-status"),
		flashSays("Status set."),
		chromedp.WaitVisible(chromedp.CSS(`[data-contact="`+contactID+`"][data-state="CONNECTING"]`)))
	screenshot(t, bctx, "agent-offered")
	run(t, bctx, "accept",
		submit(`[data-contact="`+contactID+`"] button[name=accept]`),
		flashSays("Task accepted."),
		chromedp.WaitVisible(chromedp.CSS(`[data-contact="`+contactID+`"][data-state="CONNECTED"]`)))
	screenshot(t, bctx, "agent-workspace")
	run(t, bctx, "complete",
		submit(`[data-contact="`+contactID+`"] button[name=complete]`),
		flashSays("Task completed."),
		chromedp.WaitVisible(chromedp.CSS("#no-tasks")))
	if c := describe(t, e.c, e.s, contactID); c.DisconnectTimestamp == nil || c.AgentInfo == nil || c.AgentInfo.ConnectedToAgentTimestamp == nil {
		t.Errorf("after Complete, DescribeContact: disconnected %v, agent %+v; want connected then ended", c.DisconnectTimestamp, c.AgentInfo)
	}

	// The contact page: the timeline of events and flow blocks, and the
	// path on the flow's diagram.
	run(t, bctx, "contact page", goTo(e.base+"instances/"+e.inst+"/contacts/"+contactID), chromedp.WaitVisible(chromedp.CSS("#timeline")))
	var timeline string
	var walked int
	run(t, bctx, "read the timeline", into(chromedp.Text(chromedp.CSS("#timeline")), &timeline),
		into(chromedp.Evaluate[int](`document.querySelectorAll(".diagram g.walked").length`), &walked))
	for _, want := range []string{"INITIATED", "QUEUED", "CONNECTED_TO_AGENT", "DISCONNECTED", "TransferContactToQueue", "flow block"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("the timeline lacks %q:\n%s", want, timeline)
		}
	}
	if walked == 0 {
		t.Error("the flow diagram marks no action as walked")
	}
	screenshot(t, bctx, "contact")
	var flowLink string
	run(t, bctx, "flow link", into(chromedp.Evaluate[string](`document.querySelector('dd a[href*="/flows/"]').getAttribute("href")`), &flowLink))
	run(t, bctx, "flow page", goTo(e.s.URL+flowLink), waitJS(`document.querySelectorAll(".diagram svg g.action").length > 0`))
	screenshot(t, bctx, "flow")

	// A scheduled task, from creation to completion in the browser alone:
	// created from a flow, due with the clock's "next" button, worked.
	var scheduledAt string
	run(t, bctx, "read the clock", into(chromedp.Text(chromedp.CSS("#clock-now")), &scheduledAt))
	now, err := time.Parse("2006-01-02 15:04:05Z", scheduledAt)
	if err != nil {
		t.Fatal(err)
	}
	due := now.Add(2 * time.Hour).Truncate(time.Minute)
	var scheduledID string
	run(t, bctx, "schedule a task",
		goTo(agentURL),
		chromedp.SetValue(chromedp.CSS("#flow-pick"), e.s.TaskFlowID),
		submit("#pick-flow"),
		chromedp.WaitVisible(chromedp.CSS("#nt-name")),
		chromedp.SendKeys(chromedp.CSS("#nt-name"), "Follow up on the refund"),
		chromedp.SetValue(chromedp.CSS("#nt-scheduled"), due.Format("2006-01-02T15:04")),
		submit("#create-task"),
		chromedp.WaitVisible(chromedp.CSS("#f-id")),
		into(chromedp.Text(chromedp.CSS("#f-id")), &scheduledID),
		waitJS(`document.querySelector("#f-state").textContent === "SCHEDULED"`))
	run(t, bctx, "overview counts it due within the hour, an hour on",
		goTo(e.base), chromedp.WaitVisible(chromedp.CSS("#overview")),
		submit(`button[value="hour"]`), flashSays("The clock is now"),
		waitJS(`document.querySelector("#scheduled-`+e.inst+`").textContent === "1"`))
	run(t, bctx, "the clock moves to the due time and the task is offered",
		submit("#clock-next"), flashSays(due.Format("2006-01-02 15:04")),
		goTo(agentURL),
		chromedp.WaitVisible(chromedp.CSS(`[data-contact="`+scheduledID+`"][data-state="CONNECTING"]`)),
		submit(`[data-contact="`+scheduledID+`"] button[name=accept]`),
		flashSays("Task accepted."),
		submit(`[data-contact="`+scheduledID+`"] button[name=complete]`),
		flashSays("Task completed."))
	if c := describe(t, e.c, e.s, scheduledID); c.DisconnectTimestamp == nil {
		t.Error("the scheduled task did not end")
	}
	run(t, bctx, "contacts search", goTo(e.base+"instances/"+e.inst+"/contacts"),
		waitJS(`document.querySelector("#search-total").textContent.startsWith("4 ")`))
	screenshot(t, bctx, "contacts")
}

// TestConsoleStrict: in strict mode the console needs a sign-in with a key
// of --credentials, shows only that key's account, and refuses a POST
// without the session's CSRF token.
func TestConsoleStrict(t *testing.T) {
	t.Parallel()
	creds := resWriteCredentials(t,
		[3]string{authKeyA, authSecretA, authAccountA},
		[3]string{authKeyB, authSecretB, authAccountB})
	e := consoleSetup(t, "--auth", "strict", "--credentials", creds)
	bctx := browser(t)
	alice := e.s.client(t, withKey(authKeyA, authSecretA))
	bob := e.s.client(t, withKey(authKeyB, authSecretB))
	aliceTask, err := alice.StartTaskContact(ctx(t), &connect.StartTaskContactInput{InstanceId: &e.inst,
		ContactFlowId: aws.String(e.s.TaskFlowID), Name: aws.String("Alice's task")})
	if err != nil {
		t.Fatal(err)
	}
	bobInst, err := bob.CreateInstance(ctx(t), &connect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("bobs"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	bobTask, err := bob.StartTaskContact(ctx(t), &connect.StartTaskContactInput{InstanceId: bobInst.Id,
		ContactFlowId: aws.String(instanceTaskFlow(t, bob, aws.ToString(bobInst.Id))), Name: aws.String("Bob's task")})
	if err != nil {
		t.Fatal(err)
	}

	// Pages send an unsigned-in browser to sign-in.
	var url string
	contactURL := e.base + "instances/" + e.inst + "/contacts/" + aws.ToString(aliceTask.ContactId)
	run(t, bctx, "redirect to sign-in", goTo(contactURL), chromedp.WaitVisible(chromedp.CSS("#signin-submit")), into(chromedp.Location(), &url))
	if !strings.HasPrefix(url, e.base+"signin?next=") {
		t.Errorf("an unsigned-in page ends at %s, want the sign-in page", url)
	}
	screenshot(t, bctx, "signin")

	// A wrong secret is refused with the API's message.
	var msg string
	run(t, bctx, "wrong secret",
		chromedp.SendKeys(chromedp.CSS("#access_key_id"), authKeyA),
		chromedp.SendKeys(chromedp.CSS("#secret_access_key"), "not-"+authSecretA),
		submit("#signin-submit"),
		chromedp.WaitVisible(chromedp.CSS("#signin-error")),
		into(chromedp.Text(chromedp.CSS("#signin-error")), &msg))
	if msg != "The security token included in the request is invalid." {
		t.Errorf("wrong secret: %q", msg)
	}

	// The right one signs in, back to the page asked for.
	run(t, bctx, "sign in",
		chromedp.SetValue(chromedp.CSS("#access_key_id"), authKeyA),
		chromedp.SetValue(chromedp.CSS("#secret_access_key"), authSecretA),
		submit("#signin-submit"),
		chromedp.WaitVisible(chromedp.CSS("#f-id")),
		into(chromedp.Location(), &url))
	if url != contactURL {
		t.Errorf("after sign-in: %s, want %s", url, contactURL)
	}

	// Another account's contact is not found, as the API answers.
	run(t, bctx, "bob's contact",
		goTo(e.base+"instances/"+aws.ToString(bobInst.Id)+"/contacts/"+aws.ToString(bobTask.ContactId)),
		chromedp.WaitVisible(chromedp.CSS("#error-message")),
		into(chromedp.Text(chromedp.CSS("#error-message")), &msg))
	if !strings.Contains(msg, "not found") {
		t.Errorf("alice opening bob's contact: %q, want not found", msg)
	}
	var bobListed bool
	run(t, bctx, "overview has alice's instance only", goTo(e.base), chromedp.WaitVisible(chromedp.CSS("#overview")),
		into(chromedp.Evaluate[bool](`document.querySelector("#overview").textContent.includes("bobs")`), &bobListed))
	if bobListed {
		t.Error("alice's overview lists bob's instance")
	}

	// A POST without the CSRF token is refused, and changes nothing.
	var status int
	run(t, bctx, "POST without CSRF", goTo(contactURL), chromedp.WaitVisible(chromedp.CSS("#f-id")),
		into(chromedp.Evaluate[int](`fetch(location.pathname + "/stop", {method: "POST", redirect: "manual",
			headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: "x=1"}).then(r => r.status)`,
			chromedp.EvalAwaitPromise), &status))
	if status != http.StatusForbidden {
		t.Errorf("POST without the CSRF token: %d, want 403", status)
	}
	if c := describe(t, alice, e.s, aws.ToString(aliceTask.ContactId)); c.DisconnectTimestamp != nil {
		t.Error("the refused POST stopped the contact")
	}
	// With the form (and its token) it works.
	run(t, bctx, "stop with the form", submit("#stop"), flashSays("Contact stopped."))
	if c := describe(t, alice, e.s, aws.ToString(aliceTask.ContactId)); c.DisconnectTimestamp == nil {
		t.Error("the form's stop did not stop the contact")
	}
}
