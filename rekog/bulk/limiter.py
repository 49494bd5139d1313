"""A client-side rate limiter with adaptive (AIMD) control, blocking and awaitable.

One :class:`RateLimiter` paces the calls of one operation: every attempt takes a slot
(:meth:`~RateLimiter.acquire` in a thread, ``await`` :meth:`~RateLimiter.acquire_async` in a
coroutine), and reports back how it went (:meth:`~RateLimiter.on_success`,
:meth:`~RateLimiter.on_throttle`). Slots are handed out on a schedule spaced ``1 / rate``
apart (a token bucket of depth ``burst``), so a quota counted in a sliding one-second window
is not overrun by bursts.

With ``adaptive=True`` the rate follows the service's verdicts without knowing the quota:

* **slow start**: the rate doubles every second of successes until the first throttle;
* **additive increase**: then it grows by ``increase`` (a share of itself) per second;
* **multiplicative decrease**: a throttled call multiplies the rate by ``decrease`` -- once per
  round: throttles of calls sent before the last decrease, or within ``cooldown`` after it,
  answer a rate already corrected, and do not cut it again.

``rate`` (the configured ceiling) caps the adaptive rate; without ``adaptive`` the rate is just
``rate``. A maintained library was considered: pyrate-limiter, limits, throttled-py, token-bucket
and aiolimiter pace at fixed rates with no feedback from the service, and botocore's own adaptive
limiter (``botocore.retries.adaptive``) is private API, blocking only and takes no ceiling -- hence
this small class.
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from .._exceptions import InvalidRequestError

__all__ = ["LimiterConfig", "RateLimiter"]

logger = logging.getLogger("rekog.bulk")


@dataclass(frozen=True)
class LimiterConfig:
    """How a :class:`RateLimiter` behaves (picklable: shipped to Dask workers).

    Attributes:
        rate: calls per second; with ``adaptive`` the ceiling (``None``: no ceiling).
        adaptive: follow throttling feedback (AIMD) rather than a fixed rate.
        initial_rate: the adaptive start (default: ``rate`` or 1 call/s).
        min_rate: the adaptive floor.
        increase: additive increase per second, as a share of the current rate.
        decrease: the factor applied on throttling.
        burst: slots that may be taken at once after an idle spell.
        cooldown: seconds after a decrease during which further throttles do not cut the
            rate again (quotas count calls over a one-second window, so the calls sent just
            after a cut are still judged with the ones before it).
    """

    rate: float | None = None
    adaptive: bool = True
    initial_rate: float | None = None
    min_rate: float = 0.1
    increase: float = 0.1
    decrease: float = 0.9
    burst: float = 1.0
    cooldown: float = 1.0

    def __post_init__(self) -> None:
        if self.rate is not None and not self.rate > 0:
            raise InvalidRequestError(
                "rate", "must be a positive number of calls per second", self.rate
            )
        if not self.adaptive and self.rate is None:
            raise InvalidRequestError("rate", "a fixed (non-adaptive) limiter needs a rate", None)
        if self.initial_rate is not None and not self.initial_rate > 0:
            raise InvalidRequestError("initial_rate", "must be positive", self.initial_rate)
        if not self.min_rate > 0:
            raise InvalidRequestError("min_rate", "must be positive", self.min_rate)
        if not 0 < self.decrease < 1:
            raise InvalidRequestError("decrease", "must be between 0 and 1", self.decrease)
        if not self.increase > 0:
            raise InvalidRequestError("increase", "must be positive", self.increase)
        if not self.burst >= 1:
            raise InvalidRequestError("burst", "must be at least 1", self.burst)

    def share(self, workers: int) -> LimiterConfig:
        """This config for one of ``workers`` limiters that together keep to ``rate``."""
        if workers < 1:
            raise InvalidRequestError("workers", "must be at least 1", workers)
        start = None if self.initial_rate is None else self.initial_rate / workers
        if self.rate is None:
            return replace(self, initial_rate=start)
        rate = self.rate / workers
        return replace(self, rate=rate, initial_rate=start, min_rate=min(self.min_rate, rate))


class RateLimiter:
    """Paces one operation's calls; thread-safe, usable from threads and coroutines at once.

    Args:
        config: the :class:`LimiterConfig` (default: adaptive, no ceiling).
        name: shown in log messages (the operation).
        clock: injectable monotonic clock for tests.
    """

    def __init__(
        self,
        config: LimiterConfig | None = None,
        *,
        name: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config or LimiterConfig()
        self.name = name
        self._clock = clock
        self._lock = threading.Lock()
        cfg = self.config
        start = cfg.initial_rate or cfg.rate or 1.0
        self._rate = min(start, cfg.rate) if cfg.rate is not None else start
        self._slow_start = cfg.adaptive
        self._next = clock()  # when the next slot is due
        self._last_decrease = -math.inf  # send time before which throttles are old news
        self._last_log = -math.inf
        self._answered: deque[float] = deque()  # times of recent successes
        #: Counters: slots handed out, successes and throttles reported, rate decreases.
        self.acquired = 0
        self.successes = 0
        self.throttles = 0
        self.decreases = 0

    @property
    def rate(self) -> float:
        """The current rate in calls per second."""
        return self._rate

    # ------------------------------------------------------------------ slots

    def reserve(self) -> tuple[float, float]:
        """Book the next slot: ``(seconds to wait for it, its time)``; does not sleep."""
        with self._lock:
            now = self._clock()
            interval = 1.0 / self._rate
            # An idle limiter may hand out `burst` slots at once, no more.
            earliest = now - (self.config.burst - 1) * interval
            slot = max(self._next, earliest)
            self._next = slot + interval
            self.acquired += 1
            return max(0.0, slot - now), max(slot, now)

    def acquire(self) -> float:
        """Block until a slot is due; returns the slot's time (pass it to the feedback)."""
        delay, slot = self.reserve()
        if delay > 0:
            time.sleep(delay)
        return slot

    async def acquire_async(self) -> float:
        """Await a slot without blocking the event loop; returns the slot's time."""
        delay, slot = self.reserve()
        if delay > 0:
            await asyncio.sleep(delay)
        return slot

    # ------------------------------------------------------------------ feedback

    def on_success(self, sent_at: float | None = None) -> None:
        """A call was answered without throttling: grow the rate (adaptive only)."""
        with self._lock:
            self.successes += 1
            now = self._clock()
            self._answered.append(now)
            while self._answered[0] < now - 2.0:
                self._answered.popleft()
            if not self.config.adaptive:
                return
            # Per success; there are about `rate` of them per second.
            if self._slow_start:
                grown = self._rate * 2 ** (1.0 / max(self._rate, 1.0))
            else:
                grown = self._rate + self.config.increase
            self._set_rate(grown, "increase")

    def on_throttle(self, sent_at: float | None = None) -> None:
        """A call sent at ``sent_at`` was throttled: cut the rate once per round."""
        with self._lock:
            self.throttles += 1
            if not self.config.adaptive:
                logger.info("%s throttled at a fixed %.2f calls/s", self.name, self._rate)
                return
            if sent_at is not None and sent_at <= self._last_decrease + self.config.cooldown:
                return
            now = self._last_decrease = self._clock()
            old = self._rate
            target = old * self.config.decrease
            if self._slow_start and self._answered and now - self._answered[0] > 1.0:
                # Slow start overshoots by up to 2x: restart from what was answered lately.
                measured = len(self._answered) / (now - self._answered[0])
                target = min(target, measured)
            self._slow_start = False
            self.decreases += 1
            self._set_rate(target, "decrease")
            logger.info("%s throttled: rate %.2f -> %.2f calls/s", self.name, old, self._rate)

    def reconfigure(self, config: LimiterConfig) -> None:
        """Adopt ``config`` (e.g. a new ceiling), keeping the learnt rate within it."""
        with self._lock:
            self.config = config
            if not config.adaptive and config.rate is not None:
                self._rate = config.rate
            else:
                self._set_rate(self._rate, "reconfigured")

    def _set_rate(self, rate: float, why: str) -> None:
        cfg = self.config
        rate = max(cfg.min_rate, rate)
        if cfg.rate is not None:
            rate = min(cfg.rate, rate)
        if rate > self._rate:
            # Log growth at most once per 5 seconds (it changes on every success).
            now = self._clock()
            if now - self._last_log >= 5.0:
                self._last_log = now
                logger.info("%s rate %s to %.2f calls/s", self.name, why, rate)
        self._rate = rate

    def __repr__(self) -> str:
        mode = "adaptive" if self.config.adaptive else "fixed"
        return f"RateLimiter({self.name!r}, {mode}, rate={self._rate:.2f}/s)"
