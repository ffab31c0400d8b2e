"""Status progressions set through moto's state manager for one block of a test."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from moto.moto_api import state_manager


@contextmanager
def progression(model_name: str, **transition: Any) -> Iterator[None]:
    """Inside the block, resources of `model_name` (e.g. "comprehend::endpoint") follow `transition`::

        with progression("comprehend::endpoint", progression="manual", times=1):
            ...
    """
    state_manager.set_transition(model_name, transition)
    try:
        yield
    finally:
        state_manager.unset_transition(model_name)
