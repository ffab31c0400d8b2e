"""Token buckets for provisioned throughput, read against the virtual clock."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TokenBucket:
    """Holds up to `rate` tokens (one second's worth) and refills at `rate` per second.

    A request costing more than a full bucket is admitted only when the bucket is full, and leaves
    it in debt, so large documents pass at the provisioned average rate.
    """

    rate: float
    tokens: float
    updated: float

    @classmethod
    def full(cls, rate: float, now: float) -> "TokenBucket":
        return cls(rate, rate, now)

    def refill(self, now: float) -> None:
        if now > self.updated:
            self.tokens = min(self.rate, self.tokens + (now - self.updated) * self.rate)
            self.updated = now

    def admits(self, cost: float, now: float) -> bool:
        self.refill(now)
        return self.tokens >= min(cost, self.rate) - 1e-9

    def take(self, cost: float) -> None:
        self.tokens -= cost

    def resize(self, rate: float, now: float) -> None:
        """A new provisioned rate: what is saved is kept, up to the new size."""
        self.refill(now)
        self.rate = rate
        self.tokens = min(self.tokens, rate)


def admit_all(buckets: "tuple[tuple[TokenBucket, float], ...]", now: float) -> bool:
    """Take every (bucket, cost) if all admit, else none."""
    if all(bucket.admits(cost, now) for bucket, cost in buckets):
        for bucket, cost in buckets:
            bucket.take(cost)
        return True
    return False
