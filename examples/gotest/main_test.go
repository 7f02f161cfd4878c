// Package gotest shows connectd as the test double of a Go test suite: one
// connectd for the package (in memory, on the manual clock, on a free
// port), found through its ready file and reset before each test. The
// README's "Using connectd in tests" quotes it; go test ./... runs it.
package gotest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// What the ready file tells: where connectd listens, and its instance.
var ready struct {
	Endpoint  string
	Instances []struct{ Id, DefaultTaskFlowId string }
}

var creds = aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "connectd")
	if err != nil {
		log.Fatal(err)
	}
	bin := os.Getenv("CONNECTD_BIN") // a connectd on the PATH would do as well
	if bin == "" {
		bin = filepath.Join(dir, "connectd")
		if out, err := exec.Command("go", "build", "-o", bin, "connectd/cmd/connectd").CombinedOutput(); err != nil {
			log.Fatalf("build connectd: %v\n%s", err, out)
		}
	}
	file := filepath.Join(dir, "ready.json")
	cmd := exec.Command(bin, "--store", "memory", "--clock", "manual",
		"--listen", "127.0.0.1:0", "--ready-file", file, "--log-level", "warn")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(file); err == nil && json.Unmarshal(b, &ready) == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			log.Fatal("connectd did not write its ready file")
		}
	}
	code := m.Run()
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
	os.RemoveAll(dir)
	os.Exit(code)
}

// client returns a Connect client on connectd, reset to its first-start
// state (the same IDs every time).
func client(t *testing.T) *connect.Client {
	t.Helper()
	if err := admin(t.Context(), "POST", "/_connectd/v1/reset"); err != nil {
		t.Fatal(err)
	}
	return connect.New(connect.Options{
		BaseEndpoint: aws.String(ready.Endpoint),
		Region:       "us-east-1",
		Credentials:  aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return creds, nil })),
	})
}

// admin calls connectd's own API, signed like any request.
func admin(ctx context.Context, method, path string) error {
	req, err := http.NewRequestWithContext(ctx, method, ready.Endpoint+path, nil)
	if err != nil {
		return err
	}
	const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, emptySHA256, "connect", "us-east-1", time.Now()); err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	return nil
}

func TestStartTask(t *testing.T) {
	c := client(t)
	in := ready.Instances[0]
	out, err := c.StartTaskContact(t.Context(), &connect.StartTaskContactInput{
		InstanceId: aws.String(in.Id), ContactFlowId: aws.String(in.DefaultTaskFlowId), Name: aws.String("Call back"),
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.DescribeContact(t.Context(), &connect.DescribeContactInput{InstanceId: aws.String(in.Id), ContactId: out.ContactId})
	if err != nil {
		t.Fatal(err)
	}
	if got.Contact.Channel != types.ChannelTask {
		t.Errorf("Channel = %s, want TASK", got.Contact.Channel)
	}
}

func TestNotFound(t *testing.T) {
	c := client(t)
	_, err := c.DescribeContact(t.Context(), &connect.DescribeContactInput{
		InstanceId: aws.String(ready.Instances[0].Id), ContactId: aws.String("no-such-contact"),
	})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("err = %v, want ResourceNotFoundException", err)
	}
}
