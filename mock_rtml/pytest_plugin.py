"""The `rtml` fixture and `@pytest.mark.rtml(...)` marker, registered through pytest11.

Loading the plugin imports nothing heavy: mock_rtml's services (and moto) load when a test uses the
fixture, and its interceptor when botocore is first imported.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

import pytest

if TYPE_CHECKING:
    from .handle import Rtml


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "rtml(**options): options for the rtml fixture, as mock_rtml() takes them, e.g. clock='manual', "
        "transitions={'comprehend::endpoint': {'progression': 'manual', 'times': 2}}",
    )


@pytest.fixture
def rtml(request: pytest.FixtureRequest) -> Iterator[Rtml]:
    """An active mock_rtml for the test; yields the handle."""
    from .mock import mock_rtml

    marker = request.node.get_closest_marker("rtml")
    options: dict[str, Any] = dict(marker.kwargs) if marker else {}
    if marker and marker.args:
        raise TypeError("@pytest.mark.rtml takes keyword options only, e.g. clock='manual'")
    with mock_rtml(**options) as handle:
        yield handle
