"""A client-side rate limiter with adaptive (AIMD) control, blocking and awaitable.

One :class:`RateLimiter` paces the calls of one operation: every attempt takes a slot
(:meth:`~RateLimiter.acquire` in a thread, ``await`` :meth:`~RateLimiter.acquire_async` in a
coroutine), and reports back how it went (:meth:`~RateLimiter.on_success`,
:meth:`~RateLimiter.on_throttle`). Slots come from a token bucket filled at the current rate,
of depth ``burst`` (default 1: calls spaced ``1 / rate`` apart), so a quota counted in a
sliding one-second window is not overrun by bursts.

With ``adaptive=True`` the rate follows the service's verdicts without knowing the quota:

* **slow start**: the rate doubles every second of successes until the first throttle;
* **cubic increase** (CUBIC, RFC 8312, as botocore's adaptive retry mode uses): after a cut
  the rate climbs back fast to where it was throttled (``w_max``), lingers there, then probes
  beyond it ever faster: ``rate(t) = increase * (t - K)**3 + w_max``. Growth is never more
  than twice the rate of successes actually seen, so an idle or slow run does not bank a
  meaningless rate;
* **multiplicative decrease**: a throttled call multiplies the rate by ``decrease`` -- once per
  round: throttles of calls sent before the last decrease, or within ``cooldown`` after it,
  answer a rate already corrected, and do not cut it again.

Which answers are throttling: ``ProvisionedThroughputExceededException`` is Rekognition's
"over your TPS quota" and always counts. ``ThrottlingException`` means the service is
"temporarily unable to process the request": a transient fault the retry layer handles, and
a signal for the rate only when it is not isolated -- at least two, and more than
``noise`` of the answers, within two seconds. Otherwise random service hiccups would keep
the rate far below a quota it never reached.

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

__all__ = ["TRANSIENT_THROTTLING", "LimiterConfig", "RateLimiter"]

#: The throttling code that is a transient service fault rather than the account's quota.
TRANSIENT_THROTTLING = "ThrottlingException"

logger: logging.Logger = logging.getLogger("rekog.bulk")


@dataclass(frozen=True)
class LimiterConfig:
    """How a :class:`RateLimiter` behaves (picklable: shipped to Dask workers).

    Attributes:
        rate: calls per second; with ``adaptive`` the ceiling (``None``: no ceiling).
        adaptive: follow throttling feedback (AIMD) rather than a fixed rate.
        initial_rate: the adaptive start (default: ``rate`` or 1 call/s).
        min_rate: the adaptive floor.
        increase: the cubic growth constant (calls/s per s^3) after the first throttle.
        decrease: the factor applied on throttling.
        burst: slots that may be taken at once after an idle spell.
        noise: the share of ``ThrottlingException`` answers (over two seconds) tolerated as
            transient service faults before they cut the rate.
        cooldown: seconds after a decrease during which further throttles do not cut the
            rate again (quotas count calls over a one-second window, so the calls sent just
            after a cut are still judged with the ones before it).
    """

    rate: float | None = None
    adaptive: bool = True
    initial_rate: float | None = None
    min_rate: float = 0.1
    increase: float = 0.4
    decrease: float = 0.9
    burst: float = 1.0
    cooldown: float = 1.0
    noise: float = 0.1

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
        if not 0 <= self.noise < 1:
            raise InvalidRequestError("noise", "must be between 0 and 1", self.noise)
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
        self.config: LimiterConfig = config or LimiterConfig()
        self.name = name
        self._clock = clock
        self._lock = threading.Lock()
        cfg = self.config
        start = cfg.initial_rate or cfg.rate or 1.0
        self._rate = min(start, cfg.rate) if cfg.rate is not None else start
        self._slow_start = cfg.adaptive
        self._tokens = 1.0  # the first call goes at once
        self._updated = clock()
        self._ready = threading.Condition(self._lock)
        self._last_decrease = -math.inf  # send time before which throttles are old news
        self._last_log = -math.inf
        self._answered: deque[float] = deque()  # times of recent successes
        self._transient: deque[float] = deque()  # times of recent ThrottlingException
        self._started = clock()
        self._w_max = self._rate  # the rate at the last throttle
        self._k = 0.0  # seconds the cubic takes to climb back to w_max
        #: Counters: slots handed out, successes and throttles reported, rate decreases.
        self.acquired: int = 0
        self.successes: int = 0
        self.throttles: int = 0
        self.decreases: int = 0

    @property
    def rate(self) -> float:
        """The current rate in calls per second."""
        return self._rate

    # ------------------------------------------------------------------ slots

    def try_acquire(self) -> float:
        """Take a slot if one is free now (returns 0.0), else the seconds until one may be.

        A token bucket: tokens accrue at the *current* rate up to ``burst``, so a rate
        raised while callers wait takes effect at once (nothing is booked in advance).
        """
        with self._lock:
            return self._take()

    def _take(self) -> float:
        now = self._clock()
        self._tokens = min(self.config.burst, self._tokens + (now - self._updated) * self._rate)
        self._updated = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            self.acquired += 1
            return 0.0
        return (1.0 - self._tokens) / self._rate

    def acquire(self) -> float:
        """Block until a slot is free; returns the time it was taken (for the feedback)."""
        with self._ready:
            while (wait := self._take()) > 0:
                self._ready.wait(wait)  # woken early when the rate goes up
            return self._updated

    async def acquire_async(self) -> float:
        """Await a slot without blocking the event loop; returns the time it was taken."""
        while (wait := self.try_acquire()) > 0:
            await asyncio.sleep(min(wait, 0.05))  # re-check: the rate may have gone up
        return self._updated

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
            if self._slow_start:
                # ln 2 per success: about `rate` successes a second double it every second.
                grown = self._rate + math.log(2)
            else:
                since = now - self._last_decrease
                grown = self.config.increase * (since - self._k) ** 3 + self._w_max
            if now - self._started >= 2.0:
                # Never run far ahead of what the service actually answers (2 x its rate).
                grown = min(grown, max(self._rate, len(self._answered)))
            self._set_rate(grown, "increase")

    def on_throttle(self, sent_at: float | None = None, code: str = "") -> None:
        """A call sent at ``sent_at`` was throttled (error ``code``): cut the rate once per round."""
        with self._lock:
            self.throttles += 1
            if not self.config.adaptive:
                logger.info("%s throttled at a fixed %.2f calls/s", self.name, self._rate)
                return
            if code == TRANSIENT_THROTTLING and self._isolated():
                logger.info(
                    "%s: isolated %s, rate kept at %.2f calls/s", self.name, code, self._rate
                )
                return
            if sent_at is not None and sent_at <= self._last_decrease + self.config.cooldown:
                return
            now = self._last_decrease = self._clock()
            old = self._rate
            target = old * self.config.decrease
            if self._slow_start and now - self._started >= 2.0:
                # Slow start overshoots by up to 2x: fall back towards what was answered
                # lately, but not below where the rate stood a second ago.
                measured = len(self._answered) / 2.0
                target = max(old / 2, min(target, measured))
            self._slow_start = False
            self.decreases += 1
            self._set_rate(target, "decrease")
            # CUBIC's fast convergence: throttled again below the last peak means the quota
            # is lower than that peak; aim the climb below where it was throttled now.
            self._w_max = old if old >= self._w_max else old * (1 + self.config.decrease) / 2
            self._k = ((old - self._rate) / self.config.increase) ** (1 / 3)
            logger.info("%s throttled: rate %.2f -> %.2f calls/s", self.name, old, self._rate)

    def _isolated(self) -> bool:
        now = self._clock()
        self._transient.append(now)
        while self._transient[0] < now - 2.0:
            self._transient.popleft()
        while self._answered and self._answered[0] < now - 2.0:
            self._answered.popleft()
        seen = len(self._transient)
        return seen < 2 or seen <= self.config.noise * (seen + len(self._answered))

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
            self._ready.notify_all()
            # Log growth at most once per 5 seconds (it changes on every success).
            now = self._clock()
            if now - self._last_log >= 5.0:
                self._last_log = now
                logger.info("%s rate %s to %.2f calls/s", self.name, why, rate)
        self._rate = rate

    def __repr__(self) -> str:
        mode = "adaptive" if self.config.adaptive else "fixed"
        return f"RateLimiter({self.name!r}, {mode}, rate={self._rate:.2f}/s)"
