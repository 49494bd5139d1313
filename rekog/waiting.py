"""The one poll-until-done loop behind every handle's ``wait()``.

Video jobs (:class:`~rekog.VideoJob`) and the other long-running operations
(:mod:`rekog.long_running`) wait the same way: poll at once, then after the delays of a
:class:`~rekog.PollPolicy`, never sleeping past the deadline, polling one last time at it.
A poll is one status call, which the client retries under its own retry policy: polling
and retrying stay separate layers, both bounded by the deadline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from ._checks import check_seconds

__all__ = ["check_timeout", "poll_until_done"]

logger: logging.Logger = logging.getLogger("rekog")


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
    started = clock()
    deadline = None if timeout is None else started + timeout
    while True:
        status = poll()
        if status is None:
            return
        now = clock()
        delay = next(delays)
        if deadline is not None:
            if now >= deadline:
                raise timed_out(status, now - started)
            delay = min(delay, deadline - now)
        logger.debug("%s is %s; next poll in %.1fs", what, status, delay)
        sleep(delay)
