"""Send a request whose body is exactly the given bytes, as a misbehaving client or server would.

botocore builds and signs the request as usual (from `params`); the body is swapped in before
signing, so the mock receives those bytes under a valid signature::

    reply_or_error(client, "ClassifyDocument", b"[[[[", EndpointArn=arn, Text="x")
"""
from __future__ import annotations

from typing import Any, Dict, Optional

from botocore import xform_name
from botocore.exceptions import ClientError


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
