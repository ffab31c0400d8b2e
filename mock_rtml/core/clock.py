"""One clock for everything time-dependent. Times are epoch seconds (float)."""
from __future__ import annotations

import math
import threading
import time


class Clock:
    """Follows real time (and so time-machine or freezegun when a test uses them) until frozen.

    >>> clock = Clock(); clock.freeze(); t = clock.now(); clock.advance(5); clock.now() - t
    5.0
    """

    def __init__(self, frozen: bool = False) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0
        self._frozen_at: float | None = time.time() if frozen else None

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def now(self) -> float:
        frozen_at = self._frozen_at
        if frozen_at is not None:
            return frozen_at
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward (never back) by a finite number of seconds."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise TypeError(f"seconds must be a number, not {type(seconds).__name__}")
        if not 0 <= seconds < math.inf:
            raise ValueError(f"the clock only moves forward by a finite amount: seconds must be >= 0, not {seconds!r}")
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += seconds
            else:
                self._offset += seconds

    def freeze(self) -> None:
        """Stop following real time: from now on only advance() moves the clock."""
        with self._lock:
            if self._frozen_at is None:
                self._frozen_at = time.time() + self._offset

    def unfreeze(self) -> None:
        """Follow real time again, from the current virtual time."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - time.time()
                self._frozen_at = None
