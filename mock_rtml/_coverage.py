"""The README's table of simulated operations, computed from the service models and the backends."""
from __future__ import annotations

from typing import List

from . import comprehend as _comprehend  # noqa: F401  (registers the service)
from . import machinelearning as _machinelearning  # noqa: F401  (registers the service)
from .core.dispatch import simulates
from .core.model import SERVICES, service_model


def table() -> str:
    lines: List[str] = []
    for service in SERVICES:
        model = service_model(service)
        ops = model.operation_names
        done = [op for op in ops if simulates(service, op)]
        lines.append(f"**{model.metadata['serviceFullName']}** (`{service}`): {len(done)} of {len(ops)} operations simulated")
        lines.append("")
        lines.append(", ".join(f"`{op}`" for op in done) if done else "(none yet)")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
