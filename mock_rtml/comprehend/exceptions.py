"""One class per Comprehend error code, named exactly as the code."""
from __future__ import annotations

from ..core.errors import ServiceError


class InvalidRequestException(ServiceError):
    pass


class InvalidFilterException(ServiceError):
    pass


class JobNotFoundException(ServiceError):
    pass


class ResourceInUseException(ServiceError):
    pass


class ResourceLimitExceededException(ServiceError):
    pass


class ResourceNotFoundException(ServiceError):
    pass


class ResourceUnavailableException(ServiceError):
    pass


class TextSizeLimitExceededException(ServiceError):
    pass


class TooManyRequestsException(ServiceError):
    pass


class TooManyTagsException(ServiceError):
    pass


class TooManyTagKeysException(ServiceError):
    pass


class UnsupportedLanguageException(ServiceError):
    pass
