"""Bulk runs on a Dask cluster (``pip install "rekog[dask]"``).

The driver reads the inputs lazily, checks the checkpoint, and sends chunks of inputs as
tasks, keeping about two per worker outstanding (bounded memory on both sides). On each
worker a task unpickles the client once per worker (a :class:`~rekog.Rekognition` pickles
its settings, never credentials: the worker's own environment provides those), takes that
worker's limiter and runs the chunk in threads, exactly as on one machine. Outcomes travel
back to the driver, which records them in the checkpoint and drives the progress bar.

Rates: each worker's limiter gets ``1 / workers`` of a configured ``rate``
(:meth:`LimiterConfig.share`), so together they never exceed it; with ``adaptive`` each
worker also backs off on its own throttles, and AIMD flows sharing a quota converge to a
fair share of it, as TCP flows share a link.
"""

from __future__ import annotations

import hashlib
import importlib
import pickle
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .core import Outcome, Settings, Summary, _admit, _finish, _settle, run_threads
from .gate import attach, shared_limiter
from .limiter import LimiterConfig

if TYPE_CHECKING:
    from .._client import Rekognition
    from ._bulk import BulkPlan

__all__ = ["run_on_dask"]

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


def run_chunk(
    plan_blob: bytes, client_blob: bytes, items: list[Any], keys: list[str], config: LimiterConfig
) -> list[Outcome[Any, Any]]:
    """A Dask task: run ``items`` on this worker, under this worker's limiter."""
    from distributed import get_worker

    worker = get_worker().address
    plan: BulkPlan = pickle.loads(plan_blob)
    plan.client = _worker_client(client_blob, worker)
    limiter = shared_limiter(plan.operation, config, scope=plan.scope(worker))
    # Keys were computed on the driver (paths resolve there): they travel with the inputs.
    pairs = list(zip(keys, items, strict=True))
    settings = Settings(key=lambda pair: pair[0], concurrency=plan.concurrency)
    with attach(plan.client.client, plan.operation, limiter):
        done = run_threads(pairs, lambda pair: plan.call_keyed(pair[1], pair[0]), settings)
        return [Outcome(o.input[1], o.key, o.result, o.error) for o in done]


def run_on_dask(
    plan: BulkPlan, inputs: Iterable[Any], summary: Summary
) -> Iterator[Outcome[Any, Any]]:
    """Run ``plan`` over ``inputs`` on ``plan.dask_client``'s workers; yield outcomes."""
    as_completed: Any = importlib.import_module("distributed").as_completed
    dask = plan.dask_client
    workers = max(1, len(dask.scheduler_info()["workers"]))
    config = plan.limiter_config.share(workers)
    client_blob = pickle.dumps(plan.client)
    # cloudpickle (a dependency of distributed) also pickles a key= lambda.
    plan_blob: bytes = importlib.import_module("cloudpickle").dumps(plan)
    checkpoint = plan.open_checkpoint()
    total = len(inputs) if isinstance(inputs, (list, tuple)) else None
    settings = plan.settings(summary, checkpoint, total, lambda: None)
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
        futures.add(dask.submit(run_chunk, plan_blob, client_blob, chunk, keys, config, pure=False))
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
        if checkpoint is not None and checkpoint is not plan.checkpoint_path:
            checkpoint.close()
