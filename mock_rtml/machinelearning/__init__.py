"""Amazon Machine Learning (2014-12-12): data sources, models, realtime endpoints, Predict, evaluations, batch predictions."""
from __future__ import annotations

from ..core.state import register_backend
from .backend import MachineLearningBackend

register_backend("machinelearning", MachineLearningBackend)
