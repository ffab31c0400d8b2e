"""ComprehendBackend: every simulated Comprehend operation, for one account and region.

One module per resource kind holds the resource and its operations (as a mixin over
`base.BackendBase`, the shared state and lookups); this class only composes them.
"""
from __future__ import annotations

from .classifiers import ClassifiersMixin
from .endpoints import EndpointsMixin
from .jobs import JobsMixin
from .realtime import RealtimeMixin
from .recognizers import RecognizersMixin
from .tags import TagsMixin


class ComprehendBackend(ClassifiersMixin, RecognizersMixin, EndpointsMixin, JobsMixin, RealtimeMixin, TagsMixin):
    """Operations are methods named as botocore names them (create_endpoint, classify_document, ...)."""
