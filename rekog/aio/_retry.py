"""The one retry layer, async: tenacity's ``AsyncRetrying`` with the same :class:`RetryPolicy`.

Stop, backoff, jitter, deadline and the retryable-error predicate are the sync layer's own
(:func:`rekog.retry.retry_settings`). Only the sleep differs: ``asyncio.sleep``, so waiting
never blocks the event loop and a cancelled call stops at once (a ``CancelledError`` is never
retried).
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tenacity import AsyncRetrying

from .._exceptions import ServiceError
from ..retry import RetryPolicy, retry_settings, retryable_first_failure

__all__ = ["call_with_retry_async"]

T = TypeVar("T")


def _async_sleep(policy: RetryPolicy) -> Callable[[float], Awaitable[None]]:
    """The policy's sleep for an event loop: ``asyncio.sleep`` unless a test injected one."""
    sleep = policy.sleep
    if sleep is time.sleep:
        return asyncio.sleep
    if inspect.iscoroutinefunction(sleep):
        return sleep

    async def injected(seconds: float) -> None:
        # A synchronous fake (a test clock): it returns at once, the loop is not held.
        sleep(seconds)

    return injected


async def call_with_retry_async(
    attempt: Callable[[int], Awaitable[T]], policy: RetryPolicy, operation: str
) -> T:
    """Await ``attempt(attempt_number)`` under ``policy``; return its result or raise its error.

    The error raised at the end is the last attempt's own error (never tenacity's
    ``RetryError``); a ``ServiceError`` carries the number of attempts made.
    """
    start = policy.clock()
    try:
        # Most calls succeed at once: the first attempt runs without tenacity's machinery.
        return await attempt(1)
    except Exception as error:
        first_error = retryable_first_failure(error, policy, operation)

    async def replayed(number: int) -> T:
        # tenacity sees the first attempt's error as its own attempt 1 (no second request),
        # so stop, backoff, deadline and logging are exactly the policy's.
        if number == 1:
            raise first_error
        return await attempt(number)

    retrying = AsyncRetrying(sleep=_async_sleep(policy), **retry_settings(policy, operation, start))
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
