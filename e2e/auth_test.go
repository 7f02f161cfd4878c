package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	smithy "github.com/aws/smithy-go"
)

// Keys of the strict-mode tests: two accounts, the first one the default
// account (so that it owns the default instance).
const (
	authKeyA, authSecretA, authAccountA = "AKIDALICE", "alice-secret", "000000000000"
	authKeyB, authSecretB, authAccountB = "AKIDBOB", "bob-secret", "210987654321"
)

func startStrict(t *testing.T) *server {
	t.Helper()
	creds := resWriteCredentials(t,
		[3]string{authKeyA, authSecretA, authAccountA},
		[3]string{authKeyB, authSecretB, authAccountB})
	return startServer(t, "", "--auth", "strict", "--credentials", creds)
}

// skewedSigner signs as if the client's clock were off by skew.
type skewedSigner struct {
	skew time.Duration
	v4   *v4.Signer
}

func (s skewedSigner) SignHTTP(ctx context.Context, creds aws.Credentials, r *http.Request, payloadHash, service, region string, at time.Time, opts ...func(*v4.SignerOptions)) error {
	return s.v4.SignHTTP(ctx, creds, r, payloadHash, service, region, at.Add(s.skew), opts...)
}

func withClockSkew(d time.Duration) func(*connect.Options) {
	return func(o *connect.Options) { o.HTTPSignerV4 = skewedSigner{skew: d, v4: v4.NewSigner()} }
}

// authRawSigned sends a request signed by hand at signing time at.
func authRawSigned(t *testing.T, s *server, method, path, body, key, secret string, at time.Time) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx(t), method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	sum := sha256.Sum256([]byte(body))
	err = v4.NewSigner().SignHTTP(ctx(t), aws.Credentials{AccessKeyID: key, SecretAccessKey: secret},
		req, hex.EncodeToString(sum[:]), "connect", "us-east-1", at)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// wantRawError checks a raw response's status, X-Amzn-ErrorType and JSON Message.
func wantRawError(t *testing.T, resp *http.Response, code string, status int) {
	t.Helper()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Errorf("status = %d, want %d (%s)", resp.StatusCode, status, body)
	}
	if got := resp.Header.Get("X-Amzn-ErrorType"); got != code {
		t.Errorf("X-Amzn-ErrorType = %q, want %q (%s)", got, code, body)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Errorf("body %q is not JSON", body)
	} else if msg, _ := m["Message"].(string); msg == "" {
		t.Errorf("body %s has no Message", body)
	}
	if resp.Header.Get("X-Amzn-Requestid") == "" {
		t.Error("no x-amzn-RequestId on an auth error")
	}
}

func TestAuthStrict(t *testing.T) {
	t.Parallel()
	s := startStrict(t)
	alice := s.client(t, withKey(authKeyA, authSecretA))

	t.Run("CorrectKey", func(t *testing.T) {
		out, err := alice.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: &s.InstanceID})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(aws.ToString(out.Instance.Arn), ":"+authAccountA+":") {
			t.Errorf("ARN %s not in account %s", aws.ToString(out.Instance.Arn), authAccountA)
		}
		// A body-carrying call with an ARN in the path (double-encoded canonical URI).
		arn := aws.ToString(out.Instance.Arn)
		if _, err := alice.TagResource(ctx(t), &connect.TagResourceInput{ResourceArn: &arn, Tags: map[string]string{"k": "v"}}); err != nil {
			t.Fatalf("TagResource signed by a known key: %v", err)
		}
		if _, err := alice.UntagResource(ctx(t), &connect.UntagResourceInput{ResourceArn: &arn, TagKeys: []string{"k", "a b"}}); err != nil {
			t.Fatalf("UntagResource signed by a known key: %v", err)
		}
	})
	t.Run("Unsigned", func(t *testing.T) {
		wantRawError(t, rawRequest(t, s, "GET", "/instance", ""), "MissingAuthenticationTokenException", 403)
	})
	t.Run("WrongSecret", func(t *testing.T) {
		_, err := s.client(t, withKey(authKeyA, "not-the-secret")).ListInstances(ctx(t), &connect.ListInstancesInput{})
		wantAPIError(t, err, "InvalidSignatureException", 403)
	})
	t.Run("UnknownKey", func(t *testing.T) {
		_, err := s.client(t, withKey("AKIDNOBODY", "x")).ListInstances(ctx(t), &connect.ListInstancesInput{})
		wantAPIError(t, err, "UnrecognizedClientException", 403)
	})
	t.Run("SkewedClockSDK", func(t *testing.T) {
		_, err := s.client(t, withKey(authKeyA, authSecretA), withClockSkew(-20*time.Minute)).
			ListInstances(ctx(t), &connect.ListInstancesInput{})
		wantAPIError(t, err, "InvalidSignatureException", 403)
		var ae smithy.APIError
		if errors.As(err, &ae) && !strings.Contains(strings.ToLower(ae.ErrorMessage()), "expired") {
			t.Errorf("message %q does not say the signature expired", ae.ErrorMessage())
		}
		_, err = s.client(t, withKey(authKeyA, authSecretA), withClockSkew(20*time.Minute)).
			ListInstances(ctx(t), &connect.ListInstancesInput{})
		wantAPIError(t, err, "InvalidSignatureException", 403)
		// Within the allowed 15 minutes it works.
		if _, err := s.client(t, withKey(authKeyA, authSecretA), withClockSkew(-5*time.Minute)).
			ListInstances(ctx(t), &connect.ListInstancesInput{}); err != nil {
			t.Errorf("5 minutes of skew: %v", err)
		}
	})
	t.Run("SkewedClockRaw", func(t *testing.T) {
		resp := authRawSigned(t, s, "GET", "/instance", "", authKeyA, authSecretA, time.Now().Add(-20*time.Minute))
		wantRawError(t, resp, "InvalidSignatureException", 403)
		ok := authRawSigned(t, s, "GET", "/instance", "", authKeyA, authSecretA, time.Now())
		if ok.StatusCode != 200 {
			b, _ := io.ReadAll(ok.Body)
			t.Errorf("hand-signed request: %d %s", ok.StatusCode, b)
		}
	})
	t.Run("TamperedBody", func(t *testing.T) {
		// Sign one body, send another.
		body := `{"IdentityManagementType":"CONNECT_MANAGED","InstanceAlias":"tampered","InboundCallsEnabled":true,"OutboundCallsEnabled":true}`
		req, _ := http.NewRequestWithContext(ctx(t), "PUT", s.URL+"/instance", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		sum := sha256.Sum256([]byte(body))
		if err := v4.NewSigner().SignHTTP(ctx(t), aws.Credentials{AccessKeyID: authKeyA, SecretAccessKey: authSecretA},
			req, hex.EncodeToString(sum[:]), "connect", "us-east-1", time.Now()); err != nil {
			t.Fatal(err)
		}
		evil := bytes.Replace([]byte(body), []byte("tampered"), []byte("tampere2"), 1)
		req.Body = io.NopCloser(bytes.NewReader(evil))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		wantRawError(t, resp, "InvalidSignatureException", 403)
	})
}

func TestAuthStrictAccountIsolation(t *testing.T) {
	t.Parallel()
	s := startStrict(t)
	alice := s.client(t, withKey(authKeyA, authSecretA))
	bob := s.client(t, withKey(authKeyB, authSecretB))

	_, err := bob.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: &s.InstanceID})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	list, err := bob.ListInstances(ctx(t), &connect.ListInstancesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.InstanceSummaryList) != 0 {
		t.Errorf("bob lists %d instances, want 0", len(list.InstanceSummaryList))
	}

	created, err := bob.CreateInstance(ctx(t), &connect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("connectd"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true),
	})
	if err != nil {
		t.Fatalf("bob creates an instance with the alias alice's default uses: %v", err)
	}
	bobARN := aws.ToString(created.Arn)
	if !strings.Contains(bobARN, ":"+authAccountB+":instance/") {
		t.Errorf("bob's instance ARN = %s", bobARN)
	}
	_, err = alice.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: created.Id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = alice.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: &bobARN})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = alice.TagResource(ctx(t), &connect.TagResourceInput{ResourceArn: &bobARN, Tags: map[string]string{"x": "y"}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = alice.StartTaskContact(ctx(t), &connect.StartTaskContactInput{InstanceId: created.Id, Name: aws.String("x"), ContactFlowId: aws.String(s.TaskFlowID)})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = bob.StartTaskContact(ctx(t), &connect.StartTaskContactInput{InstanceId: &s.InstanceID, Name: aws.String("x"), ContactFlowId: aws.String(s.TaskFlowID)})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	aliceList, err := alice.ListInstances(ctx(t), &connect.ListInstancesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(aliceList.InstanceSummaryList) != 1 || aws.ToString(aliceList.InstanceSummaryList[0].Id) != s.InstanceID {
		t.Errorf("alice lists %+v, want the default instance only", aliceList.InstanceSummaryList)
	}
}

func TestAuthStrictNeedsCredentials(t *testing.T) {
	t.Parallel()
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(c, binary, "--listen", "127.0.0.1:0", "--data-dir", t.TempDir(), "--auth", "strict")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("connectd --auth strict without --credentials started (output %s)", out)
	}
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() <= 0 {
		t.Fatalf("connectd: %v, want a non-zero exit (output %s)", err, out)
	}
	if !strings.Contains(string(out), "--credentials") || strings.Contains(string(out), "connectd ready") {
		t.Errorf("output %q does not explain that --credentials is needed", out)
	}

	// A broken credentials file is refused too, naming the problem.
	bad := resWriteCredentials(t, [3]string{"AKID", "s", "12"})
	out, err = exec.CommandContext(c, binary, "--listen", "127.0.0.1:0", "--data-dir", t.TempDir(), "--auth", "strict", "--credentials", bad).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "AccountId") {
		t.Errorf("bad credentials file: err %v, output %q; want a failure naming AccountId", err, out)
	}
}
