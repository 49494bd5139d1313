"""A client-side rate limiter with adaptive (AIMD) control, blocking and awaitable.

One :class:`RateLimiter` paces the calls of one operation: every attempt takes a slot
(:meth:`~RateLimiter.acquire` in a thread, ``await`` :meth:`~RateLimiter.acquire_async` in a
coroutine), and reports back how it went (:meth:`~RateLimiter.on_success`,
:meth:`~RateLimiter.on_throttle`). Slots come from a token bucket filled at the current rate,
of depth ``burst`` (default 1: calls spaced ``1 / rate`` apart), so a quota counted in a
sliding one-second window is not overrun by bursts.

With ``adaptive=True`` the rate follows the service's verdicts without knowing the quota:

* **slow start**: the rate doubles every second of successes until the first throttle;
* **hold under the admitted rate**: a throttled call sets the rate to ``hold`` (0.97) times
  the rate the service *admitted* over the ``window`` seconds before that call was sent --
  calls sent minus calls throttled (in slow start, the second before it). Once the rate is above the quota, that measure is the quota itself, so the cut
  lands just under it (a cut at most halves the rate), and repeated throttles do not compound
  (each cut measures again). Without enough history (the first seconds) the rate is
  multiplied by ``decrease`` instead, and slow start goes on;
* **slow probing**: after a cut the rate stays near that plateau and climbs back to the
  measured ceiling over ``probe_after`` seconds, then beyond it ever faster (a cubic:
  ``plateau * (1 + (1 / hold - 1) * (t / probe_after) ** 3)``: +7 % past the ceiling after
  1.5 ``probe_after``, +80 % after 3), so a steady quota costs a throttle about every
  ``probe_after`` seconds, while a raised quota (or a cut caused by noise) is found again
  within a few of them. Growth is never more than twice the rate of successes actually
  seen, so an idle or slow run does not bank a meaningless rate;
* **once per round**: throttles of calls sent before the last cut, or within ``cooldown``
  after it, answer a rate already corrected and do not cut again -- no lockstep.

Why not a multiplicative decrease (AIMD) with CUBIC's fast climb: a quota counted over a strict
one-second window rejects calls as soon as the rate touches it, so a limiter that probes above
the quota every few seconds and cuts by a fixed factor saw-tooths around it and gets ~86 % of
it; measuring what was admitted finds the quota from one overshoot.

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
from typing import Protocol

from ..errors import InvalidRequestError

__all__ = ["TRANSIENT_THROTTLING", "LimiterConfig", "Pacer", "RateLimiter"]

#: The throttling code that is a transient service fault rather than the account's quota.
TRANSIENT_THROTTLING = "ThrottlingException"

logger: logging.Logger = logging.getLogger("rekog.bulk")

#: Seconds after which a call's throttling verdict is assumed known (throttles answer fast).
_ANSWER_LAG = 0.5


@dataclass(frozen=True)
class LimiterConfig:
    """How a :class:`RateLimiter` behaves (picklable: shipped to Dask workers).

    Attributes:
        rate: calls per second; with ``adaptive`` the ceiling (``None``: no ceiling).
        adaptive: follow throttling feedback (AIMD) rather than a fixed rate.
        initial_rate: the adaptive start (default: ``rate`` or 1 call/s).
        min_rate: the adaptive floor.
        hold: on throttling, the rate becomes ``hold`` times the rate the service admitted
            over the last ``window`` seconds (just under the quota, off its edge).
        window: seconds over which the admitted rate is measured.
        probe_after: seconds after a cut until the rate is back at the measured ceiling
            (then it probes beyond it, ever faster).
        decrease: the cut (a factor) when there is not yet enough history (half the
            ``window``) to measure the admitted rate; slow start goes on.
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
    hold: float = 0.97
    window: float = 4.0
    probe_after: float = 10.0
    decrease: float = 0.7
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
        if not 0 < self.hold <= 1:
            raise InvalidRequestError("hold", "must be in (0, 1]", self.hold)
        if not self.window >= 0.5:
            raise InvalidRequestError("window", "must be at least 0.5 seconds", self.window)
        if not self.probe_after > 0:
            raise InvalidRequestError("probe_after", "must be positive seconds", self.probe_after)
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


class Pacer(Protocol):
    """What the gate needs of a limiter: a slot per attempt, and the attempt's verdict.

    :class:`RateLimiter` in this process; on a Dask worker, a proxy of the run's one
    limiter (:class:`rekog.bulk.dask.RemoteLimiter`).
    """

    def acquire(self) -> float:
        """Block until a slot is free; return the time it was taken."""
        ...

    async def acquire_async(self) -> float:
        """Await a free slot; return the time it was taken."""
        ...

    def on_success(self, sent_at: float | None = None) -> None:
        """The attempt sent at ``sent_at`` was answered."""
        ...

    def on_throttle(self, sent_at: float | None = None, code: str = "") -> None:
        """The attempt sent at ``sent_at`` was throttled with error ``code``."""
        ...


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
        self._slots: deque[float] = deque()  # times of recent slots (calls sent)
        self._rejected: deque[float] = deque()  # send times of recent throttled calls
        self._plateau = self._rate  # the rate set by the last cut
        #: The admitted rate measured at the last cut (``None`` before the first).
        self.ceiling: float | None = None
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
            return self._take(0.0)[0]

    def take(self, lead: float = 0.0) -> tuple[float, float]:
        """Book the next slot if it is free within ``lead`` seconds: ``(wait, slot time)``;
        else ``(seconds until it may be, nan)``.

        For a limiter in another process (a Dask actor): a caller a round trip away books
        the slot a little ahead, sleeps ``wait`` and sends on time (late takers would lose
        the time, as the bucket holds at most ``burst``), and reports back with the slot
        time, in this limiter's clock.
        """
        with self._lock:
            return self._take(lead)

    def _take(self, lead: float) -> tuple[float, float]:
        now = self._clock()
        self._tokens = min(self.config.burst, self._tokens + (now - self._updated) * self._rate)
        self._updated = now
        wait = max(0.0, (1.0 - self._tokens) / self._rate)
        if wait > lead:
            return wait, math.nan
        self._tokens -= 1.0  # below zero when booked ahead: the next slot moves on with it
        self.acquired += 1
        slot = now + wait
        if self._slots and now - self._slots[-1] > self.config.window:
            # Busy again after an idle spell (the next run on this quota): measure what the
            # service admits from now, not across the spell -- that would be a fraction of
            # the quota, and a cut to half of it.
            self._started = now
        self._slots.append(slot)
        while self._slots[0] < now - self._history:
            self._slots.popleft()
        return wait, slot

    def acquire(self) -> float:
        """Block until a slot is free; returns the time it was taken (for the feedback)."""
        with self._ready:
            while (taken := self._take(0.0))[0] > 0:
                self._ready.wait(taken[0])  # woken early when the rate goes up
            return taken[1]

    async def acquire_async(self) -> float:
        """Await a slot without blocking the event loop; returns the time it was taken."""
        while True:
            wait, slot = self.take()
            if wait == 0.0:
                return slot
            await asyncio.sleep(min(wait, 0.05))  # re-check: the rate may have gone up

    @property
    def _history(self) -> float:
        # Slots and rejections older than this are never measured again.
        return self.config.window + _ANSWER_LAG + 1.0

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
                grown = self._probe(now - self._last_decrease)
                if self._rate < self._plateau:  # a transient back-off: return at slow-start pace
                    grown = min(grown, self._rate + math.log(2))
            if not self._slow_start or now - self._started >= 2.0:
                # Never run far ahead of what the service actually answers (2 x its rate).
                grown = min(grown, max(self._rate, len(self._answered)))
            self._set_rate(grown, "increase")

    def _probe(self, since_cut: float) -> float:
        """The rate ``since_cut`` seconds after the last cut: flat, then climbing ever faster."""
        cfg = self.config
        climb = (1 / cfg.hold - 1) if cfg.hold < 1 else 1 - cfg.decrease
        return self._plateau * (1 + climb * (since_cut / cfg.probe_after) ** 3)

    def admitted_rate(self) -> float | None:
        """Calls per second the service admitted lately: calls sent minus calls throttled.

        Measured over the ``window`` seconds before the last :data:`_ANSWER_LAG` seconds (the
        verdicts of calls sent since may not be in yet); ``None`` without enough history.
        """
        with self._lock:
            return self._admitted(self._clock() - _ANSWER_LAG)

    def _admitted(self, end: float) -> float | None:
        """The admitted rate over the window before ``end``.

        A throttled call measures up to its own send time: every call sent before it has
        (almost surely) been answered, and a quota counted over a sliding second had
        admitted its fill in the second before it. In slow start, where the rate doubles
        every second, only that last second measures the quota.
        """
        window = min(1.0, self.config.window) if self._slow_start else self.config.window
        start = max(self._started, end - window)
        if end - start < 0.5 * window:
            return None
        sent = sum(1 for t in self._slots if start <= t < end)
        rejected = sum(1 for t in self._rejected if start <= t < end)
        return max(0, sent - rejected) / (end - start)

    def on_throttle(self, sent_at: float | None = None, code: str = "") -> None:
        """A call sent at ``sent_at`` was throttled (error ``code``): cut the rate once per round."""
        with self._lock:
            self.throttles += 1
            now = self._clock()
            transient = code == TRANSIENT_THROTTLING
            if sent_at is not None and not transient:
                self._rejected.append(sent_at)
                while self._rejected[0] < now - self._history:
                    self._rejected.popleft()
            if not self.config.adaptive:
                logger.info("%s throttled at a fixed %.2f calls/s", self.name, self._rate)
                return
            if transient and self._isolated():
                logger.info(
                    "%s: isolated %s, rate kept at %.2f calls/s", self.name, code, self._rate
                )
                return
            if sent_at is not None and sent_at <= self._last_decrease + self.config.cooldown:
                return
            self._last_decrease = now
            self.decreases += 1
            old = self._rate
            end = now - _ANSWER_LAG if sent_at is None else sent_at
            admitted = None if transient else self._admitted(end)
            if admitted is None:
                # Too early to measure, or the service's own trouble rather than the quota:
                # back off by a factor; the plateau (and slow start) stay, so the rate
                # climbs straight back to them.
                self._set_rate(old * self.config.decrease, "decrease")
            else:
                # Just under what the service admitted; never up, and never below half the
                # rate (the window may reach back into slow start's lower rates).
                self.ceiling = admitted
                self._set_rate(min(old, max(old / 2, self.config.hold * admitted)), "decrease")
                self._slow_start = False
                self._plateau = self._rate
            logger.info(
                "%s throttled: rate %.2f -> %.2f calls/s (%s; admitted %s)",
                self.name,
                old,
                self._rate,
                code or "throttling",
                "unknown" if admitted is None else f"{admitted:.2f}/s",
            )

    def _isolated(self) -> bool:
        now = self._clock()
        self._transient.append(now)
        while self._transient[0] < now - 2.0:
            self._transient.popleft()
        while self._answered and self._answered[0] < now - 2.0:
            self._answered.popleft()
        seen = len(self._transient)
        return seen < 2 or seen <= self.config.noise * (seen + len(self._answered))

    def resume(self, rate: float) -> None:
        """Carry on at ``rate``, learnt by an earlier limiter of the same quota.

        For a limiter re-established after its host was lost: no slow start from scratch
        (a burst over the quota); it holds ``rate`` as its plateau and probes from there.
        """
        with self._lock:
            self._slow_start = False
            self._last_decrease = self._clock()
            self._set_rate(rate, "resumed")
            self._plateau = self._rate

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
