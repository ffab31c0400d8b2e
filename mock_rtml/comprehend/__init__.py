"""Amazon Comprehend custom models: classifiers, endpoints, real-time classification."""
from __future__ import annotations

from ..core.state import register_backend
from .backend import ComprehendBackend

register_backend("comprehend", ComprehendBackend)
