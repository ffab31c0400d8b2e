"""ServiceError: an AWS error a backend raises; code, HTTP status and body come from the model."""
from __future__ import annotations

import reprlib
from typing import Mapping, Optional

from .model import error_shape

EXCERPT = 256  # at most this many characters of a value go into an error message (names and ARNs fit)
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = EXCERPT

# Codes every AWS JSON service can return although no operation models them.
COMMON_CODES = frozenset(
    {
        "ValidationException",
        "SerializationException",
        "UnknownOperationException",
        "ThrottlingException",
        "ServiceUnavailable",
        "InternalServerException",
        "AccessDeniedException",
    }
)
# Codes a service answers for any operation, modeled there or not: Comprehend throttles every
# operation, ClassifyDocument included, with TooManyRequestsException.
SERVICE_WIDE_CODES = {"comprehend": frozenset({"TooManyRequestsException"}), "machinelearning": frozenset()}
_SERVER_FAULTS = {"InternalServerException": 500, "InternalFailure": 500, "ServiceUnavailable": 503}
# HTTP statuses that botocore's JSON model leaves out, taken from the service's Smithy model
# (the httpError trait in aws/api-models-aws). Used only when the botocore shape has no status.
_STATUS_BY_SERVICE: Mapping[str, Mapping[str, int]] = {
    "machinelearning": {"ResourceNotFoundException": 404, "LimitExceededException": 417},
    # Newer botocore models carry these; older ones (which we support) do not.
    "comprehend": {
        "ResourceNotFoundException": 404,
        "ResourceUnavailableException": 404,
        "JobNotFoundException": 404,
        "TooManyRequestsException": 429,
    },
}


def excerpt(value: object, quoted: bool = False) -> str:
    """A value as an error message shows it, cut to about EXCERPT characters ("..." marks the cut):
    strings as they are (or, `quoted`, in quotes), anything else as its repr."""
    if isinstance(value, str) and not quoted:
        return value if len(value) <= EXCERPT else value[: EXCERPT - 3] + "..."
    return _REPR.repr(value)


class ServiceError(Exception):
    """An AWS error. Subclasses are named exactly as the AWS error code.

    >>> raise ResourceNotFoundException("Could not find endpoint ...")  # doctest: +SKIP
    """

    def __init__(self, message: str, code: Optional[str] = None, **fields: object) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or type(self).__name__
        self.fields: Mapping[str, object] = fields

    def http_status(self, service: str) -> int:
        shape = error_shape(service, self.code)
        if shape is not None:
            status = shape.metadata.get("error", {}).get("httpStatusCode")
            if status:
                return int(status)
        status = _STATUS_BY_SERVICE.get(service, {}).get(self.code)
        if status:
            return status
        if shape is not None and shape.metadata.get("fault"):
            return 500
        return _SERVER_FAULTS.get(self.code, 400)

    def body(self, service: str) -> dict[str, object]:
        shape = error_shape(service, self.code)
        members = getattr(shape, "members", {})
        # Comprehend's shapes say "Message", Amazon ML's say "message" (at most 2048 characters).
        key = "message" if "message" in members else "Message"
        longest = members[key].metadata.get("max") if key in members else None
        message = self.message if longest is None or len(self.message) <= longest else self.message[: longest - 3] + "..."
        return {"__type": self.code, key: message, **self.fields}


class ValidationException(ServiceError):
    pass


class SerializationException(ServiceError):
    pass


class NotSimulated(Exception):
    """Raised by a backend for a request it leaves to moto. With moto off, `otherwise` is the answer
    (the error AWS would give when nothing of the kind can exist); without one the request is refused."""

    def __init__(self, reason: str, otherwise: Optional[ServiceError] = None) -> None:
        super().__init__(reason)
        self.otherwise = otherwise
