"""pytest fixtures that run connectd as a test double for Amazon Connect.

One connectd per test session: in memory (nothing on disk), on the manual
clock, on a free port. Each test gets a boto3 client on a freshly reset
connectd: the state of a first start, with the same IDs every time.

    CONNECTD_BIN=/path/to/connectd python3 -m pytest examples/pytest
"""

import json
import os
import subprocess
import time
import urllib.request

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest

REGION = "us-east-1"
CREDENTIALS = botocore.credentials.Credentials("test", "test")


@pytest.fixture(scope="session")
def connectd(tmp_path_factory):
    """Starts connectd and yields its ready file: Endpoint, Pid, Version,
    Instances (Id, Arn, Region, AccountId, DefaultTaskFlowId)."""
    ready = tmp_path_factory.mktemp("connectd") / "ready.json"
    proc = subprocess.Popen([
        os.environ.get("CONNECTD_BIN", "connectd"),
        "--store", "memory", "--clock", "manual",
        "--listen", "127.0.0.1:0", "--ready-file", str(ready),
        "--log-level", "warn",
    ])
    deadline = time.monotonic() + 30
    while not ready.exists():
        if proc.poll() is not None:
            raise RuntimeError(f"connectd exited with {proc.returncode}")
        if time.monotonic() > deadline:
            proc.kill()
            raise TimeoutError("connectd did not write its ready file")
        time.sleep(0.01)
    yield json.loads(ready.read_text())
    proc.terminate()
    proc.wait(timeout=10)


def admin(connectd, method, path, body=None):
    """Calls connectd's own API (/_connectd/v1/...), signed like the rest."""
    data = json.dumps(body).encode() if body is not None else b""
    req = botocore.awsrequest.AWSRequest(method=method, url=connectd["Endpoint"] + path,
                                         data=data, headers={"Content-Type": "application/json"})
    botocore.auth.SigV4Auth(CREDENTIALS, "connect", REGION).add_auth(req)
    http = urllib.request.Request(req.url, data=data or None, headers=dict(req.headers), method=method)
    with urllib.request.urlopen(http) as resp:
        return json.loads(resp.read() or b"{}")


@pytest.fixture
def connect(connectd):
    """A boto3 Connect client on a connectd reset to its first-start state."""
    admin(connectd, "POST", "/_connectd/v1/reset")
    return boto3.client("connect", endpoint_url=connectd["Endpoint"], region_name=REGION,
                        aws_access_key_id=CREDENTIALS.access_key,
                        aws_secret_access_key=CREDENTIALS.secret_key)


@pytest.fixture
def instance(connectd):
    """The default instance: Id, Arn and the ID of its "Default task flow"."""
    return connectd["Instances"][0]
