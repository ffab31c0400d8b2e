"""The awsJson1.1 wire format, both ways, for both services."""
from __future__ import annotations

import base64
import json
import json.encoder
import json.scanner
import math
from typing import Any, Callable, Mapping, Tuple

from .errors import SerializationException, ServiceError

Reply = Tuple[int, "dict[str, str]", bytes]
_CONTENT_TYPE = "application/x-amz-json-1.1"


def credential_scope(headers: Mapping[str, object]) -> Tuple[str, str]:
    """(access key, region) from the SigV4 Authorization header: "... Credential=KEY/DATE/REGION/SERVICE/..."."""
    auth = headers.get("Authorization") or ""
    text = auth.decode() if isinstance(auth, bytes) else str(auth)
    scope = text.partition("Credential=")[2].split("/", 3)
    return (scope[0], scope[2]) if len(scope) == 4 else ("", "us-east-1")


class JSONError(ValueError):
    """Text that is not JSON mock_rtml reads: malformed, NaN/Infinity, a number out of range, or nested
    deeper than the interpreter can follow; str() says which."""


def _no_constant(name: str) -> object:
    raise JSONError(f"{name} is not a JSON value")


def _finite(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise JSONError(f"the number {text[:20]}{'...' if len(text) > 20 else ''} is out of range")
    return number


_DECODER = json.JSONDecoder(parse_float=_finite, parse_constant=_no_constant)
_make_c_scanner: Any = getattr(json.scanner, "c_make_scanner", None)
_SCAN: Any = _make_c_scanner(_DECODER) if _make_c_scanner is not None else None


def parse_json(text: str) -> object:
    """Strict JSON: numbers stay finite (no NaN, Infinity or 1e999), and nesting is bounded by the
    interpreter's recursion limit; anything else is a JSONError."""
    try:
        if _SCAN is not None:
            # botocore writes compact JSON: CPython's scanner reads it in one call; anything else
            # (surrounding whitespace, errors) takes the full decoder and its rules.
            try:
                value, end = _SCAN(text, 0)
                if end == len(text):
                    return value
            except (StopIteration, ValueError):
                pass
        return _DECODER.decode(text)
    except RecursionError:
        raise JSONError("the document nests too deeply") from None
    except JSONError:
        raise
    except json.JSONDecodeError as error:
        raise JSONError(str(error)) from None
    except ValueError:  # int() refuses more digits than sys.get_int_max_str_digits()
        raise JSONError("a number has too many digits") from None


def decode_body(body: object, limit: int, too_large: Callable[[int], ServiceError]) -> object:
    """The request's JSON value; a body over `limit` bytes is refused with too_large(its size) before
    anything is decoded."""
    if not isinstance(body, (bytes, str)):
        body = body.read() if hasattr(body, "read") else b""  # a file-like body, or None
    if not body:
        return {}
    if len(body) > limit:
        raise too_large(len(body))
    try:
        return parse_json(body.decode() if isinstance(body, bytes) else body)
    except UnicodeDecodeError:
        raise SerializationException("Request body is not valid JSON: it is not UTF-8") from None
    except JSONError as error:
        raise SerializationException(f"Request body is not valid JSON: {error}") from None


def json_size(utf8_bytes: int) -> int:
    """The most bytes a JSON string holding text of this many UTF-8 bytes takes (a \\u0001 escape: 6)."""
    return 6 * utf8_bytes


def _default(value: object) -> object:
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    raise TypeError(f"cannot serialize {type(value).__name__}")


# One encoder for every reply. JSONEncoder.encode builds CPython's C encoder again on every call, so
# we build it once and call it directly (same output); without the accelerator, the plain encoder.
_ENCODER = json.JSONEncoder(separators=(",", ":"), default=_default, check_circular=False)
_make_c_encoder: Any = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODER: Any = (
    _make_c_encoder(None, _default, json.encoder.encode_basestring_ascii, None, ":", ",", False, False, True)
    if _make_c_encoder is not None
    else None
)


def encode(result: Mapping[str, object]) -> bytes:
    if _C_ENCODER is None:
        return _ENCODER.encode(result).encode()
    return "".join(_C_ENCODER(result, 0)).encode()


def headers(request_id: str, body: bytes) -> dict[str, str]:
    return {"x-amzn-RequestId": request_id, "Content-Type": _CONTENT_TYPE, "Content-Length": str(len(body))}


def error_reply(service: str, error: ServiceError, request_id: str) -> Reply:
    body = encode(error.body(service))
    return error.http_status(service), headers(request_id, body), body
