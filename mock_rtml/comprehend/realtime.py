"""Real-time analysis on an endpoint: ClassifyDocument, and DetectEntities with an EndpointArn."""
from __future__ import annotations

import re
from typing import Any, Dict, Optional

from ..core.dispatch import limit_body
from ..core.errors import NotSimulated
from ..core.protocol import json_size
from .base import BackendBase
from .exceptions import InvalidRequestException, TextSizeLimitExceededException

# Real-time custom analysis, ClassifyDocument and DetectEntities alike: "UTF-8 text documents 10 KB"
# (developer guide, "Inputs for real-time custom analysis", where DetectEntities' Bytes docs point).
MAX_TEXT_BYTES = 10_000
_OTHER_MEMBERS = 4096  # room in a request body for everything but the text (EndpointArn is at most 256)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _too_large(text_bytes: int, body: bool = False) -> TextSizeLimitExceededException:
    what = "the request body alone" if body else "the text size"
    return TextSizeLimitExceededException(
        f"Input text size exceeds limit. Max length of request text allowed is {MAX_TEXT_BYTES} bytes "
        f"while in this request {what} is {text_bytes} bytes"
    )


# A body this large cannot hold text within the limit: refused before it is decoded.
for _operation in ("ClassifyDocument", "DetectEntities"):
    limit_body("comprehend", _operation, json_size(MAX_TEXT_BYTES) + _OTHER_MEMBERS, lambda size: _too_large(size, body=True))


class RealtimeMixin(BackendBase):
    def classify_document(
        self, endpoint_arn: str, text: Optional[str] = None, bytes: Optional[bytes] = None, **_: Any
    ) -> Dict[str, Any]:
        return self._analyze(endpoint_arn, "document-classifier-endpoint", text, bytes)

    def detect_entities(
        self, text: Optional[str] = None, endpoint_arn: Optional[str] = None, bytes: Optional[bytes] = None, **_: Any
    ) -> Dict[str, Any]:
        if endpoint_arn is None:
            raise NotSimulated("DetectEntities without an EndpointArn is a built-in model")
        return self._analyze(endpoint_arn, "entity-recognizer-endpoint", text, bytes)

    def _analyze(self, endpoint_arn: str, kind: str, text: Optional[str], data: Optional[bytes]) -> Dict[str, Any]:
        """The answer of the model an endpoint of this kind serves, once the document and the endpoint
        pass (and, with throttling on, its throughput admits the text)."""
        text = _document_text(text, data)
        endpoint = self.serving_endpoint(endpoint_arn, kind)
        if self.environment.throttling:
            endpoint.admit(len(text), self.clock.now())
        return self.serving_model(endpoint).analyze(text)


def _document_text(text: Optional[str], data: Optional[bytes]) -> str:
    """The plain text of a real-time request (Text, or Bytes holding UTF-8), within the size limit."""
    if (text is None) == (data is None):
        raise InvalidRequestException("Exactly one of Text and Bytes must be given", Reason="INVALID_DOCUMENT")
    if text is None:
        try:
            text = (data or b"").decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidRequestException(
                "mock_rtml reads Bytes as UTF-8 plain text; this document is not UTF-8",
                Reason="INVALID_DOCUMENT", Detail={"Reason": "UNSUPPORTED_DOC_TYPE"},
            ) from None
    if text.isascii():
        size = len(text)
    else:
        size = len(text.encode("utf-8", "surrogatepass"))
        surrogate = _SURROGATE.search(text) if size <= MAX_TEXT_BYTES else None
        if surrogate is not None:
            raise InvalidRequestException(
                f"Text is not valid Unicode: it holds a lone surrogate (U+{ord(surrogate.group()):04X}) at "
                f"character {surrogate.start()}", Reason="INVALID_DOCUMENT",
            )
    if size > MAX_TEXT_BYTES:
        raise _too_large(size)
    return text
