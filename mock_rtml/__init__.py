"""mock_rtml: a moto-style mock of Amazon Comprehend custom models and Amazon Machine Learning.

Importing the package is cheap: the public names load on first use. Its interceptor registers with
botocore as soon as botocore is imported (at once if it already is), so every client made after
``import mock_rtml`` is intercepted while an activation is open.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .core import botocore_hook

if TYPE_CHECKING:
    from .core.calls import Call
    from .core.errors import ServiceError
    from .core.interceptor import patch_client
    from .handle import Rtml
    from .mock import RtmlMock, current_handle, mock_rtml

__all__ = ["Call", "Rtml", "RtmlMock", "ServiceError", "current_handle", "mock_rtml", "patch_client"]
_HOME = {
    "Call": ".core.calls",
    "ServiceError": ".core.errors",
    "patch_client": ".core.interceptor",
    "Rtml": ".handle",
    "RtmlMock": ".mock",
    "current_handle": ".mock",
    "mock_rtml": ".mock",
}

botocore_hook.install("mock_rtml.core.interceptor")


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'mock_rtml' has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
