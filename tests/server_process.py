"""`python -m mock_rtml server` in a subprocess, and what its tests use to talk to it: boto3 sessions,
the AWS CLI, the /mock-rtml/ control operations. Helpers only; the fixtures are in the test modules."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import boto3

REGION = "us-east-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
# The server checks every reply it sends against botocore's shapes, as the in-process suite does.
_LAUNCH = (
    "import sys, mock_rtml.core.dispatch as d; d.CHECK_REPLIES = True; "
    "from mock_rtml.__main__ import main; sys.exit(main(sys.argv[1:]))"
)


def serve(log: Path, *options: str) -> Iterator[str]:
    """Start the server on a free loopback port, yield its URL once it answers, stop it afterwards."""
    with open(log, "w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCH, "server", "--port", "0", *options],
            stdout=subprocess.PIPE, stderr=stderr, text=True,
        )
    try:
        announced = process.stdout.readline() if process.stdout else ""  # printed once it listens
        if "listening on " not in announced:
            process.wait(timeout=10)
            raise RuntimeError(f"the server did not start:\n{log.read_text()}")
        url = announced.split("listening on ")[1].split()[0]
        for _ in range(100):  # it listens; wait until it answers
            try:
                control(url, "calls", method="GET")
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


def session() -> boto3.session.Session:
    return boto3.session.Session(
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=REGION,
    )


def request(url: str, path: str, body: bytes = b"", headers: Dict[str, str] | None = None, method: str = "POST") -> Tuple[int, Dict[str, str], Any]:
    """(status, headers, JSON body) of one plain HTTP request, as any HTTP client sends it."""
    sent = urllib.request.Request(url + path, data=body if method != "GET" else None, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(sent, timeout=30) as reply:
            return reply.status, dict(reply.headers), json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), json.loads(error.read() or b"null")


def control(url: str, path: str, method: str = "POST", **kwargs: Any) -> Any:
    """A /mock-rtml/ operation that must succeed; its result."""
    status, _, body = request(url, f"/mock-rtml/{path}", json.dumps(kwargs).encode(), method=method)
    assert status == 200, body
    return body["result"]


def aws_cli(url: str, home: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m awscli --endpoint-url URL ...` with fake credentials and no user configuration."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
        **CREDENTIALS,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": str(home / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    command: List[str] = [sys.executable, "-m", "awscli", "--endpoint-url", url, "--output", "json", *arguments]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
