"""How every handle's ``wait()`` polls: :class:`PollPolicy` and the deadline step.

Video jobs (:class:`~rekog.VideoJob`) and the other long-running operations
(:mod:`rekog.jobs.long_running`), sync and async, wait the same way: poll at once, then after
the delays of a :class:`~rekog.PollPolicy`, never sleeping past the deadline, polling one last
time at it. Each handle's loop takes its steps from one :class:`Deadline`;
:func:`poll_until_done` is that loop for a plain sync poll function.
A poll is one status call, which the client retries under its own retry policy: polling
and retrying stay separate layers, both bounded by the deadline.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .._checks import check_number, check_seconds
from ..errors import InvalidRequestError

__all__ = ["Deadline", "PollPolicy", "check_timeout", "poll_until_done"]

logger: logging.Logger = logging.getLogger("rekog")


@dataclass(frozen=True)
class PollPolicy:
    """Delays between status polls: ``initial``, then times ``multiplier``, capped at ``maximum``.

    ``jitter`` shortens each delay by a random fraction up to it (0.1: up to 10% shorter) so
    that many waiters do not poll in lockstep; the cap stays a true maximum. Video jobs take
    minutes, so the defaults poll at 1 s, 1.5 s, 2.25 s, ... up to every 30 s.
    """

    initial: float = 1.0
    multiplier: float = 1.5
    maximum: float = 30.0
    jitter: float = 0.1

    def __post_init__(self) -> None:
        # InvalidRequestError is a ValueError: code catching ValueError keeps working.
        initial = check_seconds(self.initial, "PollPolicy.initial", positive=True)
        maximum = check_seconds(self.maximum, "PollPolicy.maximum", positive=True)
        if maximum < initial:
            raise InvalidRequestError(
                "PollPolicy.maximum", f"must be at least initial ({initial:g})", self.maximum
            )
        check_number(self.multiplier, "PollPolicy.multiplier", minimum=1)
        check_number(self.jitter, "PollPolicy.jitter", minimum=0, below=1)

    def delays(self) -> Iterator[float]:
        """The endless sequence of delays, in seconds."""
        delay = self.initial
        while True:
            yield delay * (1 - self.jitter * random.random()) if self.jitter else delay
            delay = min(delay * self.multiplier, self.maximum)


def check_timeout(timeout: Any, parameter: str = "timeout") -> float | None:
    """``None`` (no deadline) or a finite, non-negative number of seconds."""
    return None if timeout is None else check_seconds(timeout, parameter)


def poll_until_done(
    poll: Callable[[], str | None],
    *,
    delays: Iterator[float],
    timeout: float | None,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    timed_out: Callable[[str, float], BaseException],
    what: str,
) -> None:
    """Call ``poll`` until it reports the work finished; return then.

    Args:
        poll: one status poll: ``None`` once the work has finished successfully, otherwise
            the status it is still in; it raises when the work failed.
        delays: the delays between polls (``PollPolicy.delays()``).
        timeout: seconds until the deadline (``None``: no deadline). The loop never sleeps
            past it and polls one last time at it; a poll itself may overrun it by the
            duration of one status call (with its retries).
        clock: monotonic seconds.
        sleep: sleeps that many seconds.
        timed_out: builds the error raised at the deadline from the last status and the
            seconds waited.
        what: names the work in debug logs.
    """
    deadline = Deadline(timeout, clock, timed_out, what)
    while True:
        status = poll()
        if status is None:
            return
        sleep(deadline.next_sleep(delays, status))


class Deadline:
    """The deadline of one wait, and the sleep before each next poll (the loop's one step,
    shared by :func:`poll_until_done` and the async handles' own loops)."""

    def __init__(
        self,
        timeout: float | None,
        clock: Callable[[], float],
        timed_out: Callable[[str, float], BaseException],
        what: str,
    ) -> None:
        self._clock = clock
        self._started = clock()
        self._at = None if timeout is None else self._started + timeout
        self._timed_out = timed_out
        self._what = what

    def next_sleep(self, delays: Iterator[float], status: str) -> float:
        """The next delay, cut at the deadline; raises ``timed_out`` once it has passed."""
        now = self._clock()
        delay = next(delays)
        if self._at is not None:
            if now >= self._at:
                raise self._timed_out(status, now - self._started)
            delay = min(delay, self._at - now)
        logger.debug("%s is %s; next poll in %.1fs", self._what, status, delay)
        return delay
