"""The `rtml` fixture and `@pytest.mark.rtml(...)` marker, registered through pytest11."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

from .handle import Rtml
from .mock import mock_rtml


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "rtml(**options): options for the rtml fixture, e.g. clock='manual'")


@pytest.fixture
def rtml(request: pytest.FixtureRequest) -> Iterator[Rtml]:
    """An active mock_rtml for the test; yields the handle."""
    marker = request.node.get_closest_marker("rtml")
    options: dict[str, Any] = dict(marker.kwargs) if marker else {}
    if marker and marker.args:
        raise TypeError("@pytest.mark.rtml takes keyword options only, e.g. clock='manual'")
    with mock_rtml(**options) as handle:
        yield handle
