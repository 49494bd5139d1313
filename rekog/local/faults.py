"""TPS quotas and fault injection, deterministic from a seed.

A :class:`FaultConfig` describes what can go wrong; a :class:`FaultInjector` decides, per
request, with its own ``random.Random(seed)``:

1. **Quota**: if the operation has a TPS quota (``tps={"IndexFaces": 5}`` or
   ``default_tps``) and that many calls were already accepted in the last second (by the
   injectable clock), the call fails with ``ProvisionedThroughputExceededException``.
2. **Faults**: one draw ``u`` in ``[0, 1)`` per request picks at most one of: a dropped
   connection before processing (``drop_rate``), a dropped connection *after* processing
   (``drop_after_rate``: the work is done but the response is lost -- good for testing
   idempotency), ``ThrottlingException`` (``throttle_rate``) or ``InternalServerError``
   (``error_rate``), in that order of the cumulative rates.
3. **Latency**: a second draw adds ``latency_seconds`` with probability ``latency_rate``.

The same seed and the same sequence of calls always produce the same faults.
"""

from __future__ import annotations

import enum
import random
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .clock import Clock, SystemClock
from .errors import RekognitionError


@dataclass(frozen=True)
class FaultConfig:
    """What the emulator should get wrong, and how often.

    Args:
        seed: Seed of the random generator that picks faults.
        tps: Per-operation quotas in calls per second, e.g. ``{"SearchFacesByImage": 5}``.
        default_tps: Quota for operations not in ``tps`` (``None``: unlimited).
        throttle_rate: Probability of an injected ``ThrottlingException`` (HTTP 500).
        error_rate: Probability of an injected ``InternalServerError`` (HTTP 500).
        drop_rate: Probability of dropping the connection before processing.
        drop_after_rate: Probability of processing, then dropping the connection.
        latency_rate: Probability of adding ``latency_seconds`` of latency.
        latency_seconds: The injected latency.
        operations: Restrict faults (not quotas) to these operations (``None``: all).
    """

    seed: int = 0
    tps: Mapping[str, float] = field(default_factory=dict)
    default_tps: float | None = None
    throttle_rate: float = 0.0
    error_rate: float = 0.0
    drop_rate: float = 0.0
    drop_after_rate: float = 0.0
    latency_rate: float = 0.0
    latency_seconds: float = 0.05
    operations: frozenset[str] | None = None

    def __post_init__(self) -> None:
        rates = (
            self.throttle_rate,
            self.error_rate,
            self.drop_rate,
            self.drop_after_rate,
            self.latency_rate,
        )
        if any(not 0.0 <= r <= 1.0 for r in rates):
            raise ValueError("fault rates must be between 0 and 1")
        if self.throttle_rate + self.error_rate + self.drop_rate + self.drop_after_rate > 1.0:
            raise ValueError("the fault rates add up to more than 1")
        if any(v <= 0 for v in self.tps.values()) or (
            self.default_tps is not None and self.default_tps <= 0
        ):
            raise ValueError("TPS quotas must be positive")

    @classmethod
    def with_fault_rate(cls, rate: float, **kwargs: Any) -> FaultConfig:
        """Spread ``rate`` evenly over throttling, internal errors and dropped connections."""
        share = rate / 3
        return cls(throttle_rate=share, error_rate=share, drop_rate=share, **kwargs)


class Fault(enum.Enum):
    """What to do with one request."""

    NONE = "none"
    DROP = "drop"
    DROP_AFTER = "drop_after"


@dataclass(frozen=True)
class Decision:
    """The injector's verdict for one request."""

    fault: Fault = Fault.NONE
    error: RekognitionError | None = None
    latency: float = 0.0


class QuotaLimiter:
    """Sliding one-second windows of accepted calls per operation."""

    def __init__(self, tps: Mapping[str, float], default_tps: float | None, clock: Clock) -> None:
        self.tps: dict[str, float] = dict(tps)
        self.default_tps = default_tps
        self.clock = clock
        self._calls: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def limit(self, operation: str) -> float | None:
        """The quota of ``operation`` in calls per second, if any."""
        return self.tps.get(operation, self.default_tps)

    def admit(self, operation: str) -> bool:
        """Record a call; ``False`` if it exceeds the operation's quota."""
        limit = self.limit(operation)
        if limit is None:
            return True
        now = self.clock.now()
        with self._lock:
            window = self._calls.setdefault(operation, deque())
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= limit:
                return False
            window.append(now)
            return True


class FaultInjector:
    """Applies a :class:`FaultConfig` to a stream of requests."""

    def __init__(self, config: FaultConfig | None = None, clock: Clock | None = None) -> None:
        self.config: FaultConfig = config or FaultConfig()
        self.clock: Clock = clock or SystemClock()
        self.quota: QuotaLimiter = QuotaLimiter(
            self.config.tps, self.config.default_tps, self.clock
        )
        self._random = random.Random(self.config.seed)
        self._lock = threading.Lock()
        self.history: list[tuple[str, str]] = []

    def decide(self, operation: str) -> Decision:
        """The verdict for the next call of ``operation``."""
        cfg = self.config
        with self._lock:
            draw, latency_draw = self._random.random(), self._random.random()
        if not self.quota.admit(operation):
            decision = Decision(
                error=RekognitionError(
                    "ProvisionedThroughputExceededException", "Provisioned rate exceeded."
                )
            )
            self._record(operation, decision)
            return decision
        latency = cfg.latency_seconds if latency_draw < cfg.latency_rate else 0.0
        if cfg.operations is not None and operation not in cfg.operations:
            return Decision(latency=latency)
        edges: Iterable[tuple[float, Decision]] = (
            (cfg.drop_rate, Decision(fault=Fault.DROP, latency=latency)),
            (cfg.drop_after_rate, Decision(fault=Fault.DROP_AFTER, latency=latency)),
            (
                cfg.throttle_rate,
                Decision(
                    error=RekognitionError("ThrottlingException", "Rate exceeded"), latency=latency
                ),
            ),
            (
                cfg.error_rate,
                Decision(
                    error=RekognitionError(
                        "InternalServerError",
                        "Amazon Rekognition experienced a service issue. Try your call again.",
                    ),
                    latency=latency,
                ),
            ),
        )
        edge = 0.0
        for rate, decision in edges:
            edge += rate
            if draw < edge:
                self._record(operation, decision)
                return decision
        return Decision(latency=latency)

    def _record(self, operation: str, decision: Decision) -> None:
        what = decision.error.code if decision.error else decision.fault.value
        with self._lock:
            self.history.append((operation, what))


class DecisionLog:
    """Every verdict ``injector`` gives from now on, timed: ``(time.monotonic(), operation,
    verdict)``, the verdict being an error code or a :class:`Fault` value.

    For measuring what a server admitted over a bounded run (tests, benchmarks): the log
    grows with every request, so a long-running server should not keep one.
    """

    def __init__(self, injector: FaultInjector) -> None:
        self.calls: list[tuple[float, str, str]] = []
        self._lock = threading.Lock()
        decide = injector.decide

        def recording(operation: str) -> Decision:
            decision = decide(operation)
            verdict = decision.error.code if decision.error else decision.fault.value
            with self._lock:
                self.calls.append((time.monotonic(), operation, verdict))
            return decision

        injector.decide = recording  # type: ignore[method-assign]
