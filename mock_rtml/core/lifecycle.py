"""Status progressions, configured through moto's state manager under our model names.

A Progress walks a fixed list of statuses. moto's transition settings decide when it moves:
"immediate" (the last status at the first read), "manual" (one step after every `times` describes)
or "time" (one step per `seconds` of the virtual clock, computed from elapsed time at read time).
It remembers when each status began, so replies can report the real times of the steps: the start
for "immediate" (done at once), the read that moved it for "manual", the step's own moment for "time".
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from moto.moto_api import state_manager

# Our model names -> the default transition object we registered (compared by identity: moto's
# state manager hands it back while no custom transition is set).
_DEFAULTS: Dict[str, Dict[str, Any]] = {}
_FORMS = {"immediate": (), "manual": ("times",), "time": ("seconds",)}


def register(model_name: str) -> None:
    _DEFAULTS[model_name] = {"progression": "immediate"}
    state_manager.register_default_transition(model_name, _DEFAULTS[model_name])


def check_transition(model_name: object, transition: object) -> Dict[str, Any]:
    """A copy of `transition` if moto's state manager takes it for one of our models; else TypeError/ValueError."""
    if model_name not in _DEFAULTS:
        raise ValueError(f"transitions: unknown model {model_name!r}; the models are {', '.join(sorted(_DEFAULTS))}")
    if not isinstance(transition, Mapping):
        raise TypeError(f"transitions[{model_name!r}] must be a dict such as {{'progression': 'manual', 'times': 2}}")
    progression = transition.get("progression")
    if progression not in _FORMS:
        raise ValueError(f"transitions[{model_name!r}]['progression'] must be one of {sorted(_FORMS)}, not {progression!r}")
    expected = {"progression", *_FORMS[progression]}
    if set(transition) != expected:
        raise ValueError(f"transitions[{model_name!r}] with progression {progression!r} takes exactly the keys {sorted(expected)}")
    times, seconds = transition.get("times", 1), transition.get("seconds", 1)
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise ValueError(f"transitions[{model_name!r}]['times'] must be an int >= 1, not {times!r}")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds < math.inf:
        raise ValueError(f"transitions[{model_name!r}]['seconds'] must be a finite number > 0, not {seconds!r}")
    return dict(transition)


def custom_transition(model_name: str) -> Optional[Dict[str, Any]]:
    """The transition set for the model through moto's state manager, or None while it has its default."""
    transition = state_manager.get_transition(model_name)
    return None if transition is _DEFAULTS.get(model_name) else transition


def set_transition(model_name: str, transition: Optional[Dict[str, Any]]) -> None:
    """Set (or, with None, unset) the model's transition in moto's state manager."""
    if transition is None:
        state_manager.unset_transition(model_name)
    else:
        state_manager.set_transition(model_name, transition)


def transition(model_name: str) -> Dict[str, Any]:
    """A copy of the transition set now for the model name."""
    return dict(state_manager.get_transition(model_name))


@dataclass
class Progress:
    model_name: str
    steps: Tuple[str, ...]
    since: float  # when the current status began
    index: int = 0
    reads: int = field(default=0)
    began: List[float] = field(default_factory=list)  # when each status so far began
    # Run once by the first read that finds the progression done as started (a job writes its output
    # then); a status it returns ends the progression instead (FAILED, when the output cannot be written).
    on_done: Optional[Callable[[], Optional[str]]] = None

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
            if self.done and self.on_done is not None:
                finish, self.on_done = self.on_done, None
                instead = finish()
                if instead is not None:
                    self.end_with(instead)
        return self.steps[self.index]

    def _step(self, at: float) -> None:
        self.index += 1
        self.since = at
        self.began.append(at)

    def began_at(self, *statuses: str) -> Optional[float]:
        """When the first of these statuses to be reached began; None if none has been."""
        return next((at for status, at in zip(self.steps, self.began) if status in statuses), None)

    def divert(self, steps: Sequence[str], now: float) -> None:
        """Leave the current status at `now` for `steps` (the statuses reached so far stay in the
        history); what was to run when it was done no longer runs."""
        self.steps = self.steps[: self.index + 1] + tuple(steps)
        self.reads = 0
        self.on_done = None
        self._step(now)

    def end_with(self, status: str) -> None:
        """The current (last) status becomes `status`, from the same moment."""
        self.steps = self.steps[: self.index] + (status,) + self.steps[self.index + 1 :]

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


class Progressing:
    """A resource with one progression, as a Table tracks it (mixed into its dataclass)."""

    progress: Progress

    def progressions(self) -> Tuple[Progress]:
        return (self.progress,)

    def status(self, now: float, describe: bool = False) -> str:
        return self.progress.status(now, describe)
