"""Put a botocore client's calls of some operations under rate limiters.

The limiter sees every *attempt*, not just every logical call: the handlers sit on
botocore's ``before-call`` / ``after-call`` events, which fire once per request on clients
rekog creates (botocore's own retries are off there; rekog's retry layer calls botocore once
per attempt). So the client's one retry layer stays the only one -- bulk adds none -- while
each retry still waits for a slot, and each throttled answer (``ThrottlingException``,
``ProvisionedThroughputExceededException``, ...) cuts the rate before the retry is scheduled.

aiobotocore's emitter awaits coroutine handlers, so the asyncio client gets the same gate
with :meth:`RateLimiter.acquire_async` in its ``before-call`` handler
(:func:`attach_async`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

from ..retry import THROTTLING_CODES
from .limiter import LimiterConfig, Pacer, RateLimiter

__all__ = ["attach", "attach_async", "shared_limiter"]

_SLOT = "rekog_bulk_slot"

PacerT = TypeVar("PacerT", bound=Pacer)

_limiters: dict[tuple[str, ...], RateLimiter] = {}
_limiters_lock = threading.Lock()


def shared_limiter(
    operation: str, config: LimiterConfig | None = None, *, scope: tuple[str, ...] = ()
) -> RateLimiter:
    """The process-wide limiter of ``operation`` within ``scope`` (created on first use).

    Every bulk run in a process that calls the same operation against the same endpoint
    (``scope``: region, endpoint, Dask worker) shares one limiter, so concurrent runs
    together keep to the rate. A different ``config`` replaces the shared one's.
    """
    key = (operation, *scope)
    with _limiters_lock:
        limiter = _limiters.get(key)
        if limiter is None:
            limiter = _limiters[key] = RateLimiter(config, name=operation)
        elif config is not None and config != limiter.config:
            limiter.reconfigure(config)
        return limiter


def _verdict(http_response: Any, parsed: Mapping[str, Any]) -> str | None:
    """``""`` for success, the code of a throttling error, ``None`` for another error."""
    status = getattr(http_response, "status_code", 200)
    if status < 300:
        return ""
    code = (parsed or {}).get("Error", {}).get("Code")
    return str(code) if code in THROTTLING_CODES else None


class _Gate:
    """The handlers for one client: operation name -> limiter."""

    def __init__(self) -> None:
        self.limiters: dict[str, Pacer] = {}
        self.uses: dict[str, int] = {}

    def before_call(self, model: Any, context: dict[str, Any], **kwargs: Any) -> None:
        limiter = self.limiters.get(model.name)
        if limiter is not None:
            context[_SLOT] = limiter.acquire()

    async def before_call_async(self, model: Any, context: dict[str, Any], **kwargs: Any) -> None:
        limiter = self.limiters.get(model.name)
        if limiter is not None:
            context[_SLOT] = await limiter.acquire_async()

    def after_call(
        self,
        http_response: Any,
        parsed: Mapping[str, Any],
        model: Any,
        context: dict[str, Any],
        **kwargs: Any,
    ) -> None:
        limiter = self.limiters.get(model.name)
        if limiter is None:
            return
        verdict = _verdict(http_response, parsed)
        if verdict:
            limiter.on_throttle(context.get(_SLOT), verdict)
        elif verdict == "":
            limiter.on_success(context.get(_SLOT))


_gates: dict[int, _Gate] = {}
_gates_lock = threading.Lock()


@contextlib.contextmanager
def _attached(client: Any, operation: str, limiter: PacerT, asynchronous: bool) -> Iterator[PacerT]:
    events = client.meta.events
    # The wildcard level: botocore calls `before-call.*.*` handlers before those of the
    # operation's own event, and a stub answering there (botocore's Stubber) ends the chain.
    before, after = "before-call.*.*", "after-call.*.*"
    unique = f"rekog.bulk.gate.{id(client)}"
    with _gates_lock:
        gate = _gates.get(id(client))
        if gate is None:
            gate = _gates[id(client)] = _Gate()
            handler = gate.before_call_async if asynchronous else gate.before_call
            events.register_first(before, handler, unique_id=unique + ".before")
            events.register(after, gate.after_call, unique_id=unique + ".after")
        gate.limiters[operation] = limiter
        gate.uses[operation] = gate.uses.get(operation, 0) + 1
    try:
        yield limiter
    finally:
        with _gates_lock:
            gate.uses[operation] -= 1
            if gate.uses[operation] == 0:
                del gate.limiters[operation], gate.uses[operation]
            if not gate.limiters:
                events.unregister(before, unique_id=unique + ".before")
                events.unregister(after, unique_id=unique + ".after")
                del _gates[id(client)]


def attach(
    client: Any, operation: str, limiter: PacerT
) -> contextlib.AbstractContextManager[PacerT]:
    """Within the ``with``, every attempt of ``operation`` on the boto3 ``client`` takes a slot."""
    return _attached(client, operation, limiter, asynchronous=False)


def attach_async(
    client: Any, operation: str, limiter: PacerT
) -> contextlib.AbstractContextManager[PacerT]:
    """:func:`attach` for an aiobotocore client: slots are awaited, not slept for."""
    return _attached(client, operation, limiter, asynchronous=True)
