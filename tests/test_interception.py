"""Which clients the mock answers: made before or during activation, and (with patch_client) before import."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import boto3
import pytest

from mock_rtml import mock_rtml

MISSING = "arn:aws:comprehend:us-east-1:123456789012:document-classifier-endpoint/missing"


def test_client_created_before_activation_is_answered_by_the_mock(monkeypatch):
    """The client needs some credentials when it is made (as with moto): botocore signs before sending."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("comprehend", region_name="us-east-1")
    with mock_rtml() as rtml:
        try:
            client.describe_endpoint(EndpointArn=MISSING)
        except client.exceptions.ResourceNotFoundException:
            pass
        assert [c.operation for c in rtml.calls] == ["DescribeEndpoint"]


def test_client_created_before_import_is_answered_once_patched():
    """A client made before `import mock_rtml` lacks the handler; mock_rtml.patch_client adds it (as moto's)."""
    script = textwrap.dedent(
        f"""
        import json, os
        os.environ.update(AWS_ACCESS_KEY_ID="k", AWS_SECRET_ACCESS_KEY="s")
        import boto3
        from botocore.awsrequest import AWSResponse

        class Raw:
            def stream(self, **_):
                return (b'{{"__type": "ResourceNotFoundException", "Message": "canned"}}',)

        client = boto3.client("comprehend", region_name="us-east-1")
        # A stand-in for the network, registered last: it answers only what nothing else did.
        client.meta.events.register_last("before-send.comprehend", lambda request, **_: AWSResponse(request.url, 400, {{}}, Raw()))

        import mock_rtml
        seen = []
        with mock_rtml.mock_rtml() as rtml:
            for patched in (False, True):
                if patched:
                    mock_rtml.patch_client(client)
                try:
                    client.describe_endpoint(EndpointArn="{MISSING}")
                except client.exceptions.ResourceNotFoundException as err:
                    seen.append(err.response["Error"]["Message"] == "canned")
            print(json.dumps([seen, len(rtml.calls)]))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[[true, false], 1]"


@pytest.mark.parametrize("first_import", ["import mock_rtml", "from mock_rtml import ServiceError"])
def test_client_made_after_a_bare_import_and_before_any_activation_is_answered(first_import):
    """`import mock_rtml` alone does not import botocore, but registers the interceptor as soon as botocore
    is imported, so a client made at a test module's top level is answered once an activation opens."""
    script = textwrap.dedent(
        f"""
        import json, os, sys
        os.environ.update(AWS_ACCESS_KEY_ID="k", AWS_SECRET_ACCESS_KEY="s")
        {first_import}
        import mock_rtml
        imported_botocore = "botocore.session" in sys.modules
        import boto3

        client = boto3.client("comprehend", region_name="us-east-1")
        with mock_rtml.mock_rtml() as rtml:
            try:
                client.describe_endpoint(EndpointArn="{MISSING}")
            except client.exceptions.ResourceNotFoundException:
                pass
            print(json.dumps([imported_botocore, [c.operation for c in rtml.calls]]))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == '[false, ["DescribeEndpoint"]]'
