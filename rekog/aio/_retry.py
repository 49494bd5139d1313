"""The one retry loop: tenacity around each logical call, under a :class:`~rekog.RetryPolicy`.

The async loop (``rekog/aio/_retry.py``) is the one source: ``tools/unasync.py`` writes the
sync flavour (``rekog/_generated/sync/_retry.py``) from it. Stop, backoff, jitter, deadline,
logging and the retryable-error predicate are the policy's (``rekog.retry``, no I/O); like
azure-core's async retry policy, a flavour differs only in how it sends and sleeps. Sleeping
is the policy's ``sleep``; in an event loop the default becomes the loop's own non-blocking
sleep, so a cancelled call stops at once (a ``CancelledError`` is never retried).
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from ..errors import ServiceError
from ..retry import RetryPolicy, retry_settings, retryable_first_failure

__all__ = ["call_with_retry_async"]

T = TypeVar("T")


def _policy_sleep(policy: RetryPolicy) -> Callable[[float], Awaitable[None]]:
    """The policy's sleep in this flavour."""
    # unasync: sync-only return policy.sleep
    sleep = policy.sleep  # unasync: async-only
    if sleep is time.sleep:  # unasync: async-only
        return asyncio.sleep  # unasync: async-only
    if inspect.iscoroutinefunction(sleep):  # unasync: async-only
        return sleep  # unasync: async-only

    async def injected(seconds: float) -> None:  # unasync: async-only
        sleep(seconds)  # a synchronous fake (a test clock) returns at once  # unasync: async-only

    return injected  # unasync: async-only


async def call_with_retry_async(
    attempt: Callable[[int], Awaitable[T]],
    policy: RetryPolicy,
    operation: str,
    *,
    start: float | None = None,
) -> T:
    """Run ``attempt(attempt_number)`` under ``policy``; return its result or raise its error.

    The error raised at the end is the last attempt's own error (never tenacity's
    ``RetryError``); a ``ServiceError`` carries the number of attempts made. The deadline
    counts from ``start`` (``policy.clock()`` time; default now).
    """
    if start is None:
        start = policy.clock()
    try:
        # Most calls succeed at once: the first attempt runs without tenacity's machinery,
        # which is imported and set up only when an attempt fails in a way worth retrying.
        return await attempt(1)
    except Exception as error:
        first_error = retryable_first_failure(error, policy, operation)
    from tenacity import AsyncRetrying

    async def replayed(number: int) -> T:
        # tenacity sees the first attempt's error as its own attempt 1 (no second request),
        # so stop, backoff, deadline and logging are exactly the policy's.
        if number == 1:
            raise first_error
        return await attempt(number)

    retrying = AsyncRetrying(
        sleep=_policy_sleep(policy), **retry_settings(policy, operation, start)
    )
    number = 0
    try:
        async for try_ in retrying:
            with try_:
                number = try_.retry_state.attempt_number
                return await replayed(number)
    except ServiceError as error:
        error.attempts = number
        raise
    raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover
