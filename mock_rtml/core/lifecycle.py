"""Status progressions, configured through moto's state manager under our model names.

A Progress walks a fixed list of statuses. moto's transition settings decide when it moves:
"immediate" (the last status at the first read), "manual" (one step after every `times` describes)
or "time" (one step per `seconds` of the virtual clock, computed from elapsed time at read time).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Dict, Sequence, Tuple

from moto.moto_api import state_manager


def register(model_name: str) -> None:
    state_manager.register_default_transition(model_name, {"progression": "immediate"})


def transition(model_name: str) -> Dict[str, Any]:
    """A copy of the transition set now for the model name."""
    return dict(state_manager.get_transition(model_name))


@dataclass
class Progress:
    model_name: str
    steps: Tuple[str, ...]
    since: float
    index: int = 0
    reads: int = field(default=0)

    @classmethod
    def start(cls, model_name: str, steps: Sequence[str], now: float) -> "Progress":
        return cls(model_name, tuple(steps), now)

    @property
    def done(self) -> bool:
        return self.index == len(self.steps) - 1

    def status(self, now: float, describe: bool = False) -> str:
        """The status at `now`; a describe counts towards a "manual" progression."""
        if self.index < len(self.steps) - 1:  # not done yet
            transition = state_manager.get_transition(self.model_name)
            progression = transition.get("progression")
            if progression == "manual":
                self.reads += int(describe)
                times = int(transition.get("times", 1))
                while self.reads >= times and not self.done:
                    self.index += 1
                    self.reads -= times
            elif progression == "time":
                seconds = float(transition.get("seconds", 1))
                while now - self.since >= seconds and not self.done:
                    self.index += 1
                    self.since += seconds
            else:
                self.index = len(self.steps) - 1
        return self.steps[self.index]

    def due(self) -> float:
        """When it will be done on the virtual clock, under the transition set now: -inf when at its
        next read ("immediate", or already done), inf when only describes move it ("manual")."""
        if self.done:
            return -math.inf
        transition = state_manager.get_transition(self.model_name)
        progression = transition.get("progression")
        if progression == "manual":
            return math.inf
        if progression == "time":
            return self.since + float(transition.get("seconds", 1)) * (len(self.steps) - 1 - self.index)
        return -math.inf
