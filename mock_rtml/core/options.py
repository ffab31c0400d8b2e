"""Options: what one activation sets over the shared Environment (clock, throttling, quotas,
transitions, calls limit), and Layer, which applies them while the activation is open and takes them back after.

Each option an activation leaves unset (None, or not named; UNSET for the calls limit, where None
means "keep every call") keeps what the enclosing activations set. An option is one field of Options and one (read, write) pair in _ACCESS.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Mapping, Optional, Sequence, Tuple, Union

from typing_extensions import Literal

from . import lifecycle
from .calls import check_limit
from .quotas import Quotas
from .state import Environment

ClockOption = Literal["system", "manual"]
CLOCKS = ("system", "manual")
Key = Tuple[str, str]  # (option, name within it: a quota or model name, else "")


class Unset(enum.Enum):
    """The value of an option that an activation leaves as the enclosing activations set it."""

    UNSET = "unset"

    def __repr__(self) -> str:
        return "UNSET"


UNSET = Unset.UNSET
CallsLimit = Union[int, None, Unset]  # None: keep every call


@dataclass(frozen=True)
class Options:
    clock: Optional[ClockOption] = None
    throttling: Optional[bool] = None
    quotas: Mapping[str, int] = field(default_factory=dict)
    transitions: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    calls_limit: CallsLimit = UNSET

    def __post_init__(self) -> None:
        """Every option is checked here, when the activation is made."""
        if self.clock is not None and self.clock not in CLOCKS:
            raise ValueError(f"clock must be one of {CLOCKS}, not {self.clock!r}")
        if self.throttling is not None and not isinstance(self.throttling, bool):
            raise TypeError(f"throttling must be True or False, not {self.throttling!r}")
        if not isinstance(self.quotas, Mapping):
            raise TypeError(f"quotas must be a dict of quota name -> int, not {type(self.quotas).__name__}")
        Quotas(self.quotas)  # unknown names and bad values fail here
        if not isinstance(self.transitions, Mapping):
            raise TypeError(f"transitions must be a dict of model name -> transition, not {type(self.transitions).__name__}")
        checked = {name: lifecycle.check_transition(name, t) for name, t in self.transitions.items()}
        if self.calls_limit is not UNSET:
            check_limit(self.calls_limit)
        object.__setattr__(self, "quotas", dict(self.quotas))
        object.__setattr__(self, "transitions", checked)

    def settings(self) -> Dict[Key, Any]:
        out: Dict[Key, Any] = {}
        if self.clock is not None:
            out["clock", ""] = self.clock
        if self.throttling is not None:
            out["throttling", ""] = self.throttling
        out.update({("quota", name): value for name, value in self.quotas.items()})
        out.update({("transition", name): dict(t) for name, t in self.transitions.items()})
        if self.calls_limit is not UNSET:
            out["calls_limit", ""] = self.calls_limit
        return out


def _set_clock(env: Environment, _: str, value: Any) -> None:
    if value == "manual":
        env.clock.freeze()
    else:
        env.clock.unfreeze()


# option -> (read it from the environment, write it there)
_ACCESS: Mapping[str, Tuple[Callable[[Environment, str], Any], Callable[[Environment, str, Any], None]]] = {
    "clock": (lambda env, _: "manual" if env.clock.frozen else "system", _set_clock),
    "throttling": (lambda env, _: env.throttling, lambda env, _, value: setattr(env, "throttling", value)),
    "quota": (lambda env, name: env.quotas[name], lambda env, name, value: env.quotas.__setitem__(name, value)),
    "transition": (lambda env, name: lifecycle.custom_transition(name), lambda env, name, value: lifecycle.set_transition(name, value)),
    "calls_limit": (lambda env, _: env.calls.limit, lambda env, _, value: setattr(env.calls, "limit", value)),
}


class Layer:
    """One open activation: the options it set, what they replaced, and its handle (`owner`)."""

    def __init__(self, options: Options, owner: object = None) -> None:
        self.settings = options.settings()
        self.replaced: Dict[Key, Any] = {}
        self.owner = owner

    def apply(self, env: Environment) -> None:
        for key, value in self.settings.items():
            read, write = _ACCESS[key[0]]
            self.replaced[key] = read(env, key[1])
            write(env, key[1], value)

    def withdraw(self, env: Environment, later: Sequence[Layer]) -> None:
        """Take this layer's options back. A later layer that set the same option keeps its value
        until it closes, and then puts back what this one replaced."""
        for key in self.settings:
            heir = next((layer for layer in later if key in layer.settings), None)
            if heir is not None:
                heir.replaced[key] = self.replaced[key]
            else:
                _ACCESS[key[0]][1](env, key[1], self.replaced[key])
