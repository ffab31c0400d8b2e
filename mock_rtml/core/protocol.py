"""The awsJson1.1 wire format, both ways, for both services."""
from __future__ import annotations

import base64
import json
from typing import Mapping, Tuple

from .errors import SerializationException, ServiceError

Reply = Tuple[int, "dict[str, str]", bytes]
_CONTENT_TYPE = "application/x-amz-json-1.1"


def credential_scope(headers: Mapping[str, object]) -> Tuple[str, str]:
    """(access key, region) from the SigV4 Authorization header."""
    auth = headers.get("Authorization") or b""
    if isinstance(auth, bytes):
        auth = auth.decode()
    assert isinstance(auth, str)
    start = auth.find("Credential=")
    if start < 0:
        return "", "us-east-1"
    parts = auth[start + 11 :].split(",", 1)[0].split("/")
    return parts[0], (parts[2] if len(parts) > 2 else "us-east-1")


def decode_body(body: object) -> object:
    if body is None or body == b"" or body == "":
        return {}
    if hasattr(body, "read"):
        body = body.read()  # a file-like body
    try:
        return json.loads(body.decode() if isinstance(body, bytes) else body)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        raise SerializationException("Request body is not valid JSON") from None


def _default(value: object) -> object:
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    raise TypeError(f"cannot serialize {type(value).__name__}")


_ENCODER = json.JSONEncoder(separators=(",", ":"), default=_default)  # one encoder: json.dumps would build one a call


def encode(result: Mapping[str, object]) -> bytes:
    return _ENCODER.encode(result).encode()


def headers(request_id: str, body: bytes) -> dict[str, str]:
    return {"x-amzn-RequestId": request_id, "Content-Type": _CONTENT_TYPE, "Content-Length": str(len(body))}


def error_reply(service: str, error: ServiceError, request_id: str) -> Reply:
    body = encode(error.body(service))
    return error.http_status(service), headers(request_id, body), body
