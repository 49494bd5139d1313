"""The one retry layer: tenacity around each logical call.

Clients that rekog creates have botocore's own retries turned off (``total_max_attempts=1``),
so an attempt here is one HTTP request. What is retried:

- throttling: ``ThrottlingException``, ``ProvisionedThroughputExceededException``;
- server faults: ``InternalServerError`` and any 5xx;
- connection errors and timeouts (botocore's ``ConnectionError``, ``ReadTimeoutError``, ...);
- ``LimitExceededException`` from ``Start*`` operations (too many concurrent video jobs), with
  its own, longer backoff.

Never retried: validation, access, not-found, idempotency-mismatch and every other client
error. Backoff is exponential with full jitter, bounded by ``max_attempts`` and ``deadline``.

Whether an operation may be repeated after an attempt that may already have taken effect (a
drop after sending, a read timeout, a 5xx) is decided per operation by
:mod:`rekog.idempotency`, which the client applies around each attempt.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from botocore.exceptions import ConnectionError as BotocoreConnectionError
from botocore.exceptions import HTTPClientError, ReadTimeoutError

from ._checks import check_count, check_number, check_seconds
from ._deprecation import moved_names
from .errors import InvalidRequestError, ServiceError

if TYPE_CHECKING:
    from tenacity import RetryCallState

__all__ = ["RetryPolicy", "is_retryable", "is_transport_error"]

# The loop itself (generated from ``rekog/aio/_retry.py``) once had its home here.
_moved = moved_names(__name__, {"call_with_retry": "rekog._generated.sync._retry:call_with_retry"})


def __getattr__(name: str) -> Any:
    return _moved(name)


logger: logging.Logger = logging.getLogger("rekog")

T = TypeVar("T")

THROTTLING_CODES = frozenset(
    {
        "ThrottlingException",
        "ProvisionedThroughputExceededException",
        "Throttling",
        "TooManyRequestsException",
        "RequestLimitExceeded",
    }
)
SERVER_CODES = frozenset({"InternalServerError", "ServiceUnavailable", "InternalFailure"})
LIMIT_EXCEEDED = "LimitExceededException"


@dataclass(frozen=True)
class RetryPolicy:
    """How rekog retries a call (google-api-core's ``Retry`` is the model).

    Attributes:
        max_attempts: attempts in all, the first included (1 disables retries).
        initial: the first backoff cap in seconds; each retry multiplies it by ``multiplier``.
        multiplier: growth of the backoff cap.
        maximum: the largest backoff cap in seconds.
        deadline: seconds after which no new attempt starts (``None``: attempts only).
        limit_exceeded_initial: first backoff cap for ``LimitExceededException`` on ``Start*``.
        limit_exceeded_maximum: largest backoff cap for ``LimitExceededException``.
        jitter: full jitter (a uniform draw in ``[0, cap]``); ``False`` sleeps the cap itself.
        sleep, clock: injectable for tests; not compared, not shown.
    """

    max_attempts: int = 6
    initial: float = 0.2
    multiplier: float = 2.0
    maximum: float = 20.0
    deadline: float | None = 120.0
    limit_exceeded_initial: float = 5.0
    limit_exceeded_maximum: float = 60.0
    jitter: bool = True
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)

    def __post_init__(self) -> None:
        # NaN would compare false everywhere and mean "no deadline" or "no cap": refuse it.
        check_count(self.max_attempts, "RetryPolicy.max_attempts", minimum=1)
        check_seconds(self.initial, "RetryPolicy.initial")
        check_seconds(self.maximum, "RetryPolicy.maximum")
        check_number(self.multiplier, "RetryPolicy.multiplier", minimum=1)
        if self.deadline is not None:
            check_seconds(self.deadline, "RetryPolicy.deadline", positive=True)
        check_seconds(self.limit_exceeded_initial, "RetryPolicy.limit_exceeded_initial")
        check_seconds(self.limit_exceeded_maximum, "RetryPolicy.limit_exceeded_maximum")
        if not isinstance(self.jitter, bool):
            raise InvalidRequestError("RetryPolicy.jitter", "must be a bool", self.jitter)
        if not callable(self.sleep) or not callable(self.clock):
            raise InvalidRequestError("RetryPolicy.sleep/clock", "must be callables")

    @classmethod
    def none(cls) -> RetryPolicy:
        """A policy that makes exactly one attempt."""
        return cls(max_attempts=1)

    def backoff_cap(self, retry_number: int, error: BaseException | None) -> float:
        """The backoff cap before retry ``retry_number`` (1 for the first retry)."""
        if isinstance(error, ServiceError) and error.code == LIMIT_EXCEEDED:
            initial, maximum = self.limit_exceeded_initial, self.limit_exceeded_maximum
        else:
            initial, maximum = self.initial, self.maximum
        return float(min(maximum, initial * self.multiplier ** (retry_number - 1)))

    def __getstate__(self) -> dict[str, object]:
        # Injected test clocks are rarely picklable; a copy in another process uses real time.
        state = dict(self.__dict__)
        state["sleep"] = time.sleep
        state["clock"] = time.monotonic
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)


def is_transport_error(error: BaseException) -> bool:
    """Whether ``error`` is a connection-level failure (no HTTP answer was received)."""
    return isinstance(error, (BotocoreConnectionError, HTTPClientError, ReadTimeoutError))


def is_retryable(error: BaseException, operation: str = "") -> bool:
    """Whether ``error`` from ``operation`` is worth another attempt."""
    if isinstance(error, ServiceError):
        if error.code in THROTTLING_CODES or error.code in SERVER_CODES:
            return True
        if error.code == LIMIT_EXCEEDED:
            return operation.startswith("Start")
        return error.status_code is not None and error.status_code >= 500
    return is_transport_error(error)


def retry_settings(
    policy: RetryPolicy, operation: str, start: float | None = None
) -> dict[str, Any]:
    """tenacity's ``stop``/``wait``/``retry``/``before_sleep`` for one logical call under
    ``policy``; shared by the sync layer (``Retrying``) and the async one (``AsyncRetrying``).

    The deadline clock starts at ``start`` (``policy.clock()`` time; default now).
    """
    start = policy.clock() if start is None else start

    def elapsed() -> float:
        return policy.clock() - start

    def should_stop(state: RetryCallState) -> bool:
        if state.attempt_number >= policy.max_attempts:
            return True
        return policy.deadline is not None and elapsed() >= policy.deadline

    def wait(state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        cap = policy.backoff_cap(state.attempt_number, error)
        delay = random.uniform(0, cap) if policy.jitter else cap
        if policy.deadline is not None:
            # Never sleep past the deadline.
            delay = max(0.0, min(delay, policy.deadline - elapsed()))
        return delay

    def log_retry(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        logger.info(
            "%s attempt %d failed (%s); retrying in %.3fs",
            operation,
            state.attempt_number,
            _describe(error),
            _upcoming_sleep(state),
        )

    return {
        "stop": should_stop,
        "wait": wait,
        "retry": lambda state: bool(
            state.outcome
            and state.outcome.failed
            and is_retryable(state.outcome.exception() or Exception(), operation)
        ),
        "before_sleep": log_retry,
        "reraise": True,
    }


def retryable_first_failure(error: Exception, policy: RetryPolicy, operation: str) -> Exception:
    """The first attempt's ``error`` when ``policy`` retries it; otherwise raise it (a
    ``ServiceError`` then says it took one attempt). Shared by the sync and async loops."""
    if policy.max_attempts > 1 and is_retryable(error, operation):
        return error
    if isinstance(error, ServiceError):
        error.attempts = 1
    raise error


def _upcoming_sleep(state: RetryCallState) -> float:
    # ``upcoming_sleep`` is tenacity >= 8.3; before it, the wait chosen sits on next_action.
    upcoming = getattr(state, "upcoming_sleep", None)
    if upcoming is None and state.next_action is not None:
        upcoming = state.next_action.sleep
    return float(upcoming or 0.0)


def _describe(error: BaseException | None) -> str:
    if isinstance(error, ServiceError):
        return f"{error.code}, HTTP {error.status_code}"
    return type(error).__name__ if error is not None else "no error"
