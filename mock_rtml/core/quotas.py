"""Service quotas: AWS's defaults, lowered (or raised) per test."""
from __future__ import annotations

from typing import Dict, Iterator, Mapping, Optional

# Per account and region unless the name says otherwise. Where AWS publishes no default the value
# is ours, chosen so that ordinary tests never meet it.
DEFAULTS: Mapping[str, int] = {
    "comprehend.document_classifiers": 1000,
    "comprehend.endpoints": 100,
    "comprehend.entity_recognizers": 1000,
    "comprehend.inference_units": 100,
    "comprehend.inference_units_per_endpoint": 10,
    "comprehend.tags_per_resource": 50,  # "up to 50 tags per resource" (developer guide)
    "machinelearning.peak_requests_per_second": 200,
    "machinelearning.tags_per_resource": 100,
}


class Quotas(Mapping[str, int]):
    """``mock_rtml(quotas={"comprehend.endpoints": 2})`` or ``rtml.quotas["comprehend.endpoints"] = 2``."""

    def __init__(self, overrides: Optional[Mapping[str, int]] = None) -> None:
        self._values: Dict[str, int] = dict(DEFAULTS)
        for name, value in (overrides or {}).items():
            if name not in DEFAULTS:
                raise ValueError(f"unknown quota {name!r}; the quotas are: {', '.join(sorted(DEFAULTS))}")
            self[name] = value

    def __getitem__(self, name: str) -> int:
        return self._values[name]

    def __setitem__(self, name: str, value: object) -> None:
        if name not in DEFAULTS:
            raise KeyError(f"unknown quota {name!r}; the quotas are: {', '.join(sorted(DEFAULTS))}")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"quota {name} must be an int >= 0, not {value!r}")
        self._values[name] = value

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Quotas({self._values!r})"
