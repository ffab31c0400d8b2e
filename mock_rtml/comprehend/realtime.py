"""Real-time analysis on an endpoint: ClassifyDocument, and DetectEntities with an EndpointArn."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Dict, Optional

from ..core.dispatch import limit_body
from ..core.errors import NotSimulated
from ..core.protocol import json_size
from ..learning import words
from .base import BackendBase
from .exceptions import (
    InvalidRequestException,
    ResourceUnavailableException,
    TextSizeLimitExceededException,
)

if TYPE_CHECKING:
    from .classifiers import DocumentClassifier

MAX_TEXT_BYTES = 10_000  # real-time custom classification: 10 KB of UTF-8 text
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


def classification(classifier: DocumentClassifier, text: str) -> Dict[str, Any]:
    """A TRAINED classifier's answer for a text: `Classes` (MULTI_CLASS) or `Labels` (MULTI_LABEL),
    every label, best first; ClassifyDocument's reply, and a classification job's line."""
    model = classifier.model
    assert model is not None
    tokens = words(text)
    if classifier.mode == "MULTI_LABEL":
        return {"Labels": [{"Name": n, "Score": s} for n, s in model.label_scores(tokens)]}
    return {"Classes": [{"Name": n, "Score": s} for n, s in model.classes(tokens)]}


class RealtimeMixin(BackendBase):
    def classify_document(
        self, endpoint_arn: str, text: Optional[str] = None, bytes: Optional[bytes] = None, **_: Any
    ) -> Dict[str, Any]:
        text = _document_text(text, bytes)
        endpoint = self.serving_endpoint(endpoint_arn, "document-classifier-endpoint")
        if self.environment.throttling:
            endpoint.admit(len(text), self.clock.now())
        # The endpoint's model was TRAINED when it was attached and cannot be deleted while in use.
        return classification(self.classifiers[endpoint.model_arn], text)

    def detect_entities(
        self, text: Optional[str] = None, endpoint_arn: Optional[str] = None, bytes: Optional[bytes] = None, **_: Any
    ) -> Dict[str, Any]:
        if endpoint_arn is None:
            raise NotSimulated("DetectEntities without an EndpointArn is a built-in model")
        _document_text(text, bytes)
        self.serving_endpoint(endpoint_arn, "entity-recognizer-endpoint")
        raise ResourceUnavailableException(f"Endpoint {endpoint_arn} is not available")  # unreachable: no recognizers


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
