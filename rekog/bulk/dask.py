"""Bulk runs on a Dask cluster (``pip install "rekog[dask]"``).

The driver reads the inputs lazily, checks the checkpoint, and sends chunks of inputs as
tasks, keeping about two per worker outstanding (bounded memory on both sides). On each
worker a task unpickles the client once per worker (a :class:`~rekog.Rekognition` pickles
its settings, never credentials: the worker's own environment provides those) and runs the
chunk in threads, exactly as on one machine. Outcomes travel back to the driver, which
records them in the checkpoint and drives the progress bar.

Rates: the run has **one** :class:`~rekog.bulk.RateLimiter`, hosted as a Dask actor
(:class:`ClusterLimiter`) on one worker; every attempt on every worker takes its slot from it
(:class:`RemoteLimiter`, a round trip of about a millisecond) and reports its verdict to it
(without waiting). So the workers' calls are spaced as one process's would be, and the
adaptive control sees every throttle -- it converges to the quota exactly as in threads. Why
not a limiter per worker with a share of the rate: independent pacers' calls are not
phase-aligned, so a quota counted over a strict sliding second rejects the calls that bunch
up, and per-worker adaptive control sees only its own share of the verdicts.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import math
import pickle
import threading
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .core import Outcome, Settings, Summary, _admit, _finish, _settle, run_threads
from .gate import attach
from .limiter import LimiterConfig, RateLimiter

if TYPE_CHECKING:
    from .._client import Rekognition
    from ._bulk import BulkPlan

__all__ = ["ClusterLimiter", "RemoteLimiter", "run_on_dask"]

#: Seconds ahead a worker books its slot: well over a round trip to the actor on a busy
#: machine, well under the one-second window a rate change must act within.
_LEAD = 0.25

_clients: dict[tuple[str, str], Rekognition] = {}
_clients_lock = threading.Lock()


def _worker_client(blob: bytes, worker: str) -> Rekognition:
    """This worker's own client, unpickled once per worker and client."""
    key = (worker, hashlib.sha256(blob).hexdigest())
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = pickle.loads(blob)
        return client


class ClusterLimiter:
    """The run's one :class:`~rekog.bulk.RateLimiter`, as a Dask actor on one worker."""

    def __init__(self, config: LimiterConfig, name: str) -> None:
        self.limiter: RateLimiter = RateLimiter(config, name=name)

    def take(self, lead: float) -> tuple[float, float]:
        """Book a slot free within ``lead`` seconds: ``(wait, its time)``, else ``(wait, nan)``."""
        return self.limiter.take(lead)

    def on_success(self, sent_at: float | None = None) -> None:
        """An attempt was answered."""
        self.limiter.on_success(sent_at)

    def on_throttle(self, sent_at: float | None = None, code: str = "") -> None:
        """An attempt was throttled."""
        self.limiter.on_throttle(sent_at, code)

    def state(self) -> tuple[float, int]:
        """The current rate and the throttles seen."""
        return self.limiter.rate, self.limiter.throttles


class RemoteLimiter:
    """A worker's handle on the run's :class:`ClusterLimiter` (a :class:`~rekog.bulk.limiter.Pacer`).

    Slot times are the actor's clock: they only travel back to it with the verdicts.
    """

    def __init__(self, actor: Any) -> None:
        self._actor = actor

    def acquire(self) -> float:
        """Block until the cluster's limiter gives a slot."""
        while True:
            wait, slot = self._actor.take(_LEAD).result()
            if not math.isnan(slot):
                time.sleep(wait)  # booked: send on time
                return float(slot)
            time.sleep(wait - _LEAD)

    async def acquire_async(self) -> float:
        """Await a slot of the cluster's limiter."""
        while True:
            wait, slot = await self._actor.take(_LEAD)
            if not math.isnan(slot):
                await asyncio.sleep(wait)
                return float(slot)
            await asyncio.sleep(wait - _LEAD)

    def on_success(self, sent_at: float | None = None) -> None:
        """Report a success (not waited for)."""
        self._actor.on_success(sent_at)

    def on_throttle(self, sent_at: float | None = None, code: str = "") -> None:
        """Report a throttle (not waited for)."""
        self._actor.on_throttle(sent_at, code)


def run_chunk(
    plan_blob: bytes, client_blob: bytes, items: list[Any], keys: list[str], actor: Any
) -> list[Outcome[Any, Any]]:
    """A Dask task: run ``items`` on this worker, every attempt under the run's limiter."""
    from distributed import get_worker

    worker = get_worker().address
    plan: BulkPlan = pickle.loads(plan_blob)
    plan.client = _worker_client(client_blob, worker)
    # Keys were computed on the driver (paths resolve there): they travel with the inputs.
    pairs = list(zip(keys, items, strict=True))
    settings = Settings(key=lambda pair: pair[0], concurrency=plan.concurrency)
    with attach(plan.client.client, plan.operation, RemoteLimiter(actor)):
        done = run_threads(pairs, lambda pair: plan.call_keyed(pair[1], pair[0]), settings)
        return [Outcome(o.input[1], o.key, o.result, o.error) for o in done]


def run_on_dask(
    plan: BulkPlan, inputs: Iterable[Any], summary: Summary
) -> Iterator[Outcome[Any, Any]]:
    """Run ``plan`` over ``inputs`` on ``plan.dask_client``'s workers; yield outcomes."""
    as_completed: Any = importlib.import_module("distributed").as_completed
    dask = plan.dask_client
    workers = max(1, len(dask.scheduler_info()["workers"]))
    actor_future = dask.submit(ClusterLimiter, plan.limiter_config, plan.operation, actor=True)
    actor = actor_future.result()
    client_blob = pickle.dumps(plan.client)
    # cloudpickle (a dependency of distributed) also pickles a key= lambda.
    plan_blob: bytes = importlib.import_module("cloudpickle").dumps(plan)
    checkpoint = plan.open_checkpoint()
    total = len(inputs) if isinstance(inputs, (list, tuple)) else None

    def on_finish(summary: Summary) -> None:
        try:
            rate, throttles = actor.state().result()
        except Exception:  # the actor's worker is gone: the counts are lost, not the run
            return
        summary.final_rate, summary.throttles = rate, throttles

    settings = plan.settings(summary, checkpoint, total, lambda: None, on_finish)
    futures = as_completed()
    outstanding = 0

    def drain(limit: int) -> Iterator[Outcome[Any, Any]]:
        nonlocal outstanding
        while outstanding > limit:
            future = next(futures)
            outstanding -= 1
            for outcome in future.result():
                yield _settle(outcome, settings)

    chunk: list[Any] = []
    keys: list[str] = []

    def submit() -> None:
        nonlocal outstanding, chunk, keys
        futures.add(dask.submit(run_chunk, plan_blob, client_blob, chunk, keys, actor, pure=False))
        outstanding += 1
        chunk, keys = [], []

    try:
        for item in inputs:
            key, early = _admit(item, settings)
            if early is not None:
                yield _settle(early, settings)
                continue
            chunk.append(item)
            keys.append(key)
            if len(chunk) >= plan.chunk_size:
                submit()
                yield from drain(2 * workers)
        if chunk:
            submit()
        yield from drain(0)
    finally:
        for future in futures.futures:
            future.cancel()
        _finish(settings)
        actor_future.release()
        if checkpoint is not None and checkpoint is not plan.checkpoint_path:
            checkpoint.close()
