"""mock_rtml: a moto-style mock of Amazon Comprehend custom models and Amazon Machine Learning."""
from __future__ import annotations

from .core.calls import Call
from .core.errors import ServiceError
from .core.interceptor import patch_client
from .handle import Rtml
from .mock import RtmlMock, mock_rtml

__all__ = ["Call", "Rtml", "RtmlMock", "ServiceError", "mock_rtml", "patch_client"]
