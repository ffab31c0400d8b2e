"""Status progressions, configured through moto's state manager under our model names.

A Progress walks a fixed list of statuses. moto's transition settings decide when it moves:
"immediate" (the last status at the first read), "manual" (one step after every `times` describes)
or "time" (one step per `seconds` of the virtual clock, computed from elapsed time at read time).
It remembers when each status began, so replies can report the real times of the steps: the start
for "immediate" (done at once), the read that moved it for "manual", the step's own moment for "time".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

from moto.moto_api import state_manager


def register(model_name: str) -> None:
    state_manager.register_default_transition(model_name, {"progression": "immediate"})


@dataclass
class Progress:
    model_name: str
    steps: Tuple[str, ...]
    since: float  # when the current status began
    index: int = 0
    reads: int = field(default=0)
    began: List[float] = field(default_factory=list)  # when each status so far began

    @classmethod
    def start(cls, model_name: str, steps: Sequence[str], now: float) -> "Progress":
        return cls(model_name, tuple(steps), now, began=[now])

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
                    self.reads -= times
                    self._step(now)
            elif progression == "time":
                seconds = float(transition.get("seconds", 1))
                while now - self.since >= seconds and not self.done:
                    self._step(self.since + seconds)
            else:
                while not self.done:
                    self._step(self.since)
        return self.steps[self.index]

    def _step(self, at: float) -> None:
        self.index += 1
        self.since = at
        self.began.append(at)

    def began_at(self, *statuses: str) -> Optional[float]:
        """When the first of these statuses to be reached began; None if none has been."""
        return next((at for status, at in zip(self.steps, self.began) if status in statuses), None)

    def divert(self, steps: Sequence[str], now: float) -> None:
        """Leave the current status at `now` for `steps` (the statuses reached so far stay in the history)."""
        self.steps = self.steps[: self.index + 1] + tuple(steps)
        self.reads = 0
        self._step(now)

    def end_with(self, status: str) -> None:
        """The current (last) status becomes `status`, from the same moment."""
        self.steps = self.steps[: self.index] + (status,) + self.steps[self.index + 1 :]
