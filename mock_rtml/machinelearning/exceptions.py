"""One class per Amazon ML error code, named exactly as the code."""
from __future__ import annotations

from ..core.errors import ServiceError


class IdempotentParameterMismatchException(ServiceError):
    pass


class InternalServerException(ServiceError):
    pass


class InvalidInputException(ServiceError):
    pass


class InvalidTagException(ServiceError):
    pass


class LimitExceededException(ServiceError):
    pass


class PredictorNotMountedException(ServiceError):
    pass


class ResourceNotFoundException(ServiceError):
    pass


class TagLimitExceededException(ServiceError):
    pass
