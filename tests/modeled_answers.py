"""The property every request must satisfy, and a way to send any body.

`reply_or_error` sends a request whose body is exactly the given bytes, as a misbehaving client
would: botocore builds and signs the request as usual (from `params`) and the body is swapped in
before signing, so the mock receives those bytes under a valid signature::

    reply_or_error(client, "ClassifyDocument", b"[[[[", EndpointArn=arn, Text="x")

`check_modeled_answers` runs hypothesis over cases: every answer is a reply or an error whose code is
allowed, never a 5xx, and a failed call leaves the observable state as it was.
"""
from __future__ import annotations

from typing import Any, Callable, Collection, Dict, List, Optional

from botocore import xform_name
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def reply_or_error(client: Any, operation: str, body: Optional[bytes], **params: Any) -> Dict[str, Any]:
    """The parsed reply, or the parsed error response (with "Error"); body None sends what botocore
    serializes from `params`."""
    event = f"before-sign.{client.meta.service_model.service_id.hyphenize()}.{operation}"

    def swap(request: Any, **_: Any) -> None:
        if body is not None:
            request.data = body

    client.meta.events.register(event, swap)
    try:
        return dict(getattr(client, xform_name(operation))(**params))
    except ClientError as error:
        return dict(error.response)
    finally:
        client.meta.events.unregister(event, swap)


def examples(count: int) -> int:
    """`count` examples under the full profile (conftest.py), scaled to the profile loaded (at least 5)."""
    return max(5, count * settings.default.max_examples // 60)


def check_modeled_answers(
    operation: str,
    allowed: Collection[str],
    cases: st.SearchStrategy[Any],
    send: Callable[[Any], Dict[str, Any]],
    state: Callable[[], Any],
    max_examples: int,
) -> None:
    """`cases` draws (what, request); `send(request)` answers as reply_or_error does; `state()` is what
    a failed call must leave unchanged."""
    unchanged: List[Any] = []  # the state seen after the last failed call, which left it as it was

    @settings(max_examples=examples(max_examples), suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(case=cases)
    def check(case: Any) -> None:
        what, request = case
        before = unchanged.pop() if unchanged else state()
        reply = send(request)
        if "Error" in reply:
            code = reply["Error"]["Code"]
            assert code in allowed, f"{operation} ({what}) answered {code}: {reply['Error']}"
            assert reply["ResponseMetadata"]["HTTPStatusCode"] < 500, f"{operation} ({what}): {reply['Error']}"
            after = state()
            assert after == before, f"{operation} ({what}) failed with {code} but changed state"
            unchanged.append(after)

    check()
