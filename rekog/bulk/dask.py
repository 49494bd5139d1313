"""Bulk runs on a Dask cluster (``pip install "rekog[dask]"``): worker processes, any size.

The driver reads the inputs lazily, records each in the run's checkpoint, and sends chunks
of inputs as tasks, keeping about two per worker outstanding (bounded memory on both sides).
On each worker a task unpickles the client once per worker process (a
:class:`~rekog.Rekognition` pickles its settings, never credentials: the worker's own
environment provides those) and runs the chunk in threads, exactly as on one machine.
Outcomes travel back to the driver, which records them and drives the progress bar.

**Rates.** The run has one :class:`~rekog.bulk.RateLimiter`, hosted as a Dask actor
(:class:`ClusterLimiter`) on one worker; every attempt on every worker books its slot there
(:class:`RemoteLimiter`, a round trip of about a millisecond) and reports its verdict (not
waited for). So the workers' calls are spaced as one process's would be, and the adaptive
control sees every throttle. Why not a limiter per worker with a share of the rate:
independent pacers' calls are not phase-aligned, so a quota counted over a strict sliding
second rejects the calls that bunch up, and each adaptive share sees only its own verdicts.

**Losing workers loses nothing.** Worker loss is a cluster's normal weather (pre-emptible
nodes, OOM kills, scale-down):

* a chunk whose worker died is run again by the scheduler elsewhere (or, after the
  scheduler gave up on it, resubmitted by the driver). Each chunk marks its start in the
  scheduler's metadata, so a chunk run a second time knows it: for ``index_faces`` it lists
  the collection once and takes the faces already indexed under an input's
  ``ExternalImageId`` as that input's result instead of indexing it twice;
* the driver holds the only future of each chunk: every input gets exactly one outcome;
* when the worker hosting the limiter dies, the driver starts a new one (at the last rate
  it read from the old one, not from slow start) and publishes it in a
  ``distributed.Variable``. Meanwhile workers hold back: an attempt waits for a slot, and no
  slot is given without a limiter. Tasks run seceded from the worker's thread pool
  (``worker_client``), so a worker busy with waiting chunks still has a thread to host the
  new limiter.

Only the scheduler's loss ends a run, with :class:`~rekog.bulk.ClusterLostError` naming the
checkpoint to resume from (a temporary one when none was given).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import importlib
import logging
import math
import os
import pickle
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .checkpoint import Checkpoint
from .core import Outcome, Settings, Summary, _admit, _finish, _settle, run_threads
from .errors import ClusterLostError
from .gate import attach
from .limiter import LimiterConfig, RateLimiter

if TYPE_CHECKING:
    from ..client import Rekognition
    from .sync import BulkPlan

__all__ = ["ClusterLimiter", "RemoteLimiter", "run_on_dask"]

logger: logging.Logger = logging.getLogger("rekog.bulk")

#: Seconds ahead a worker books its slot: well over a round trip to the actor on a busy
#: machine, well under the one-second window a rate change must act within.
_LEAD = 0.25
#: Seconds a call to the limiter may take before its host is presumed lost.
_CALL_TIMEOUT = 5.0
#: Seconds a slot request waits between looks for a re-established limiter.
_SLICE = 1.0
#: Seconds between looks for a re-established limiter, and between the driver's checks.
_POLL = 0.25
#: Seconds a worker holds back without any limiter before it gives the attempt up (the
#: driver, which re-establishes it within seconds, must be gone).
_NO_LIMITER_FOR = 300.0
#: Times the driver resubmits a chunk whose task failed (the scheduler already re-runs a
#: task whose worker died, up to its ``allowed-failures``).
_RESUBMITS = 3

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
    """The run's one :class:`~rekog.bulk.RateLimiter`, as a Dask actor on one worker.

    ``rate``: the rate its predecessor had learnt (a limiter re-established after its
    worker was lost), else it starts as configured.
    """

    def __init__(self, config: LimiterConfig, name: str, rate: float | None = None) -> None:
        self.limiter: RateLimiter = RateLimiter(config, name=name)
        if rate is not None:
            self.limiter.resume(rate)

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


class _Slot(float):
    """A slot time, in the clock of the limiter generation that gave it."""

    generation: int


#: ``(generation, actor)`` of the run's limiter, as the driver last published it.
Lookup = Callable[[], tuple[int, Any] | None]


class RemoteLimiter:
    """A worker's handle on the run's :class:`ClusterLimiter` (a :class:`~rekog.bulk.limiter.Pacer`).

    Slot times are the actor's clock: they travel back only to the limiter that gave them.
    When the actor cannot be reached, ``lookup`` (the run's published limiter) tells
    whether a new one took its place; until one answers, no slot is given. Nor while
    ``connected()`` is false: a worker cut off from its scheduler sends nothing more (its
    chunks are the driver's to run again, or the run's to resume).
    """

    def __init__(
        self,
        actor: Any,
        generation: int = 0,
        lookup: Lookup | None = None,
        connected: Callable[[], bool] | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._connected = connected
        self._actor = actor
        self._generation = generation
        self._lookup = lookup
        self._since: float | None = None  # when the limiter was last found unreachable

    def adopt(self, generation: int, actor: Any) -> None:
        """Use ``actor`` from now on if it is a newer limiter than the current one."""
        with self._lock:
            if generation > self._generation:
                self._generation, self._actor, self._since = generation, actor, None

    @property
    def generation(self) -> int:
        """Which limiter of the run this handle uses (the driver numbers them from 1)."""
        with self._lock:
            return self._generation

    def _current(self) -> tuple[int, Any]:
        with self._lock:
            return self._generation, self._actor

    def _unreachable(self, generation: int, error: BaseException) -> float:
        """The limiter of ``generation`` did not answer: adopt a newer one, or wait a little.

        Returns the seconds to wait before trying again (0 when a newer one was adopted).
        """
        if self._lookup is None:
            raise error
        now = time.monotonic()
        with self._lock:
            if generation != self._generation:
                return 0.0  # already replaced: try the new one
            if self._since is None:
                self._since = now
                logger.warning("no slot from the run's rate limiter (%s); holding back", error)
            elif now - self._since > _NO_LIMITER_FOR:
                raise RuntimeError(
                    f"no rate limiter for {_NO_LIMITER_FOR:.0f}s: the run's driver is gone"
                ) from error
        return 0.0 if self._replaced(generation) else _POLL

    def _replaced(self, generation: int) -> bool:
        """Whether the driver published a newer limiter than ``generation`` (then adopt it)."""
        if self._lookup is None:
            return False
        try:
            published = self._lookup()
        except Exception:  # the scheduler is unreachable too: keep holding back
            return False
        if published is None or published[0] <= generation:
            return False
        self.adopt(*published)
        logger.info("using the run's re-established rate limiter (#%d)", published[0])
        return True

    def _take(self, generation: int, actor: Any) -> tuple[float, float]:
        """``actor.take``, abandoned when a newer limiter is published or after the timeout.

        The call is awaited in slices: a lost worker may take the connection timeout to
        fail, while the driver publishes the next limiter within about a second.
        """
        future = actor.take(_LEAD)
        waited = 0.0
        while True:
            try:
                wait, slot = future.result(timeout=_SLICE)
                return float(wait), float(slot)
            except (TimeoutError, asyncio.TimeoutError):  # distinct before Python 3.11
                waited += _SLICE
                if waited >= _CALL_TIMEOUT or self._replaced(generation):
                    raise

    def acquire(self) -> float:
        """Block until the cluster's limiter gives a slot."""
        while True:
            generation, actor = self._current()
            if self._connected is not None and not self._connected():
                error = ConnectionError("this worker is not connected to its scheduler")
                time.sleep(self._unreachable(generation, error))
                continue
            try:
                wait, slot = self._take(generation, actor)
            except Exception as error:  # its worker is gone, or the call timed out
                time.sleep(self._unreachable(generation, error))
                continue
            with self._lock:
                if generation == self._generation:
                    self._since = None
            if not math.isnan(slot):
                time.sleep(wait)  # booked: send on time
                booked = _Slot(slot)
                booked.generation = generation
                return booked
            time.sleep(wait - _LEAD)

    async def acquire_async(self) -> float:
        """Await a slot of the cluster's limiter (the blocking wait runs in a thread)."""
        return await asyncio.get_running_loop().run_in_executor(None, self.acquire)

    def _report(self, method: str, sent_at: float | None, *args: Any) -> None:
        generation, actor = self._current()
        if sent_at is not None and getattr(sent_at, "generation", generation) != generation:
            return  # given by a lost limiter: its clock is not the new one's
        try:
            getattr(actor, method)(None if sent_at is None else float(sent_at), *args)
        except Exception:  # lost with its worker: the verdict goes with it
            logger.debug("a verdict for the lost rate limiter was dropped")

    def on_success(self, sent_at: float | None = None) -> None:
        """Report a success (not waited for)."""
        self._report("on_success", sent_at)

    def on_throttle(self, sent_at: float | None = None, code: str = "") -> None:
        """Report a throttle (not waited for)."""
        self._report("on_throttle", sent_at, code)


@dataclass(frozen=True)
class LimiterSpec:
    """Where a task finds the run's limiter: the ``Variable`` name and the latest actor."""

    variable: str
    generation: int
    address: str
    key: str


_remotes: dict[str, RemoteLimiter] = {}
_remotes_lock = threading.Lock()


def _actor(worker: Any, address: str, key: str) -> Any:
    actor_class: Any = importlib.import_module("distributed").Actor
    # Bound to this worker: its event loop carries the calls, from any thread.
    return actor_class(ClusterLimiter, address, key, worker=worker)


def _remote_limiter(spec: LimiterSpec, worker: Any, client: Any) -> RemoteLimiter:
    """This worker process's handle on the run's limiter (one per run and process)."""
    variable_class: Any = importlib.import_module("distributed").Variable

    def lookup() -> tuple[int, Any] | None:
        value = variable_class(spec.variable, client=client).get(timeout=_CALL_TIMEOUT)
        generation, address, key = value
        return int(generation), _actor(worker, address, key)

    with _remotes_lock:
        remote = _remotes.get(spec.variable)
        if remote is None:
            actor = _actor(worker, spec.address, spec.key)
            remote = _remotes[spec.variable] = RemoteLimiter(
                actor, spec.generation, lookup, lambda: worker.status.name == "running"
            )
            while len(_remotes) > 16:  # handles of finished runs
                del _remotes[next(iter(_remotes))]
    if spec.generation > remote.generation:
        remote.adopt(spec.generation, _actor(worker, spec.address, spec.key))
    return remote


def run_chunk(
    plan_blob: bytes,
    client_blob: bytes,
    items: list[Any],
    keys: list[str],
    limiter: LimiterSpec,
    marker: list[str],
    rerun: bool = False,
) -> list[Outcome[Any, Any]]:
    """A Dask task: run ``items`` on this worker, every attempt under the run's limiter.

    ``marker`` names the chunk in the scheduler's metadata: found already set, this is a
    second run of the chunk (its first worker died), and ``index_faces`` settles each input
    by its ``ExternalImageId`` before sending it again. ``rerun`` says so up front.
    """
    distributed: Any = importlib.import_module("distributed")
    worker = distributed.get_worker()
    plan: BulkPlan = pickle.loads(plan_blob)
    plan.client = _worker_client(client_blob, worker.address)
    # Seceded from the worker's pool while it waits on the limiter: the pool stays free
    # for other tasks -- a limiter re-established on this worker among them.
    with distributed.worker_client() as client:
        if plan.method == "index_faces":
            rerun = bool(client.get_metadata(marker, False)) or rerun
            client.set_metadata(marker, True)
        remote = _remote_limiter(limiter, worker, client)
        settled = _indexed_already(plan, keys) if rerun else None
        # Keys were computed on the driver (paths resolve there): they travel with the inputs.
        pairs = list(zip(keys, items, strict=True))
        settings = Settings(key=lambda pair: pair[0], concurrency=plan.concurrency)

        def call(pair: tuple[str, Any]) -> Any:
            key, item = pair
            if settled is not None:
                arguments = plan.call_arguments(item, key)
                if plan.settles_unknowns(arguments):
                    from .sync import UnknownOutcome

                    name = arguments["external_image_id"]
                    response = UnknownOutcome(arguments).settle(settled.get(name, []))
                    if response is not None:
                        return response
            return plan.call_keyed(item, key)

        with attach(plan.client.client, plan.operation, remote):
            done = run_threads(pairs, call, settings)
            return [Outcome(o.input[1], o.key, o.result, o.error) for o in done]


def _indexed_already(plan: BulkPlan, keys: list[str]) -> dict[str, list[Any]] | None:
    """The collection's faces by ``ExternalImageId`` (for a chunk run a second time)."""
    if plan.method != "index_faces":
        return None
    faces: dict[str, list[Any]] = {}
    for face in plan.client.paginate.list_faces(collection_id=plan.arguments["collection_id"]):
        faces.setdefault(face.external_image_id or "", []).append(face)
    logger.info("a chunk of %d inputs runs again: settling them by ExternalImageId", len(keys))
    return faces


class _LimiterHost:
    """The driver's side of the run's limiter: starts it, and again when its worker is lost."""

    def __init__(self, dask: Any, name: str, config: LimiterConfig, operation: str) -> None:
        distributed: Any = importlib.import_module("distributed")
        self._dask = dask
        self._config = config
        self._operation = operation
        self._variable = distributed.Variable(name, client=dask)
        self.name = name
        self.generation = 0
        self.rate: float | None = None
        self.throttles = 0
        self._throttles_before = 0  # seen by the limiters lost so far
        self._read = 0.0
        self._start()

    def _start(self) -> None:
        self.generation += 1
        self.future: Any = self._dask.submit(
            ClusterLimiter,
            self._config,
            self._operation,
            self.rate,
            actor=True,
            pure=False,
            key=f"{self.name}-limiter-{self.generation}",
        )
        self.actor: Any = self.future.result()
        _, (_, address, key) = self.actor.__reduce__()
        self.spec = LimiterSpec(self.name, self.generation, address, key)
        self._variable.set([self.generation, address, key])

    def check(self) -> None:
        """Re-establish the limiter if its worker was lost; else read its state (once a second)."""
        if self.future.status != "finished":
            logger.warning(
                "the worker hosting the rate limiter was lost; starting a new one (%s)",
                "slow start" if self.rate is None else f"{self.rate:.2f} calls/s",
            )
            self._throttles_before = self.throttles
            self.future.release()
            self._start()
            return
        now = time.monotonic()
        if now - self._read >= 1.0:
            self._read = now
            self.read()

    def read(self) -> None:
        """The limiter's rate and throttle count, if it answers."""
        try:
            rate, throttles = self.actor.state().result(timeout=_CALL_TIMEOUT)
        except Exception:  # lost: check() starts another
            return
        self.rate, self.throttles = rate, self._throttles_before + throttles

    def close(self) -> None:
        """Release the actor and the variable."""
        try:
            self.future.release()
            self._variable.delete()
        except Exception:  # the scheduler is gone: nothing to release
            logger.debug("releasing the rate limiter failed", exc_info=True)


@dataclass
class _Chunk:
    number: int
    items: list[Any] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    resubmits: int = 0


def _temporary_checkpoint(plan: BulkPlan, run: str) -> Checkpoint:
    where = plan.arguments.get("collection_id", "")
    path = os.path.join(tempfile.gettempdir(), f"{run}.checkpoint")
    return Checkpoint(path, scope=f"{plan.operation}:{where}")


def run_on_dask(
    plan: BulkPlan, inputs: Iterable[Any], summary: Summary
) -> Iterator[Outcome[Any, Any]]:
    """Run ``plan`` over ``inputs`` on ``plan.dask_client``'s workers; yield outcomes."""
    distributed: Any = importlib.import_module("distributed")
    dask = plan.dask_client
    run = f"rekog-bulk-{uuid.uuid4().hex[:12]}"
    workers = max(1, len(dask.scheduler_info()["workers"]))
    host = _LimiterHost(dask, run, plan.limiter_config, plan.operation)
    client_blob = pickle.dumps(plan.client)
    # cloudpickle (a dependency of distributed) also pickles a key= lambda.
    plan_blob: bytes = importlib.import_module("cloudpickle").dumps(plan)
    # Every Dask run has a checkpoint: the scheduler's loss must leave one to resume from.
    checkpoint = plan.open_checkpoint() or _temporary_checkpoint(plan, run)
    temporary = plan.checkpoint_path is None
    total = len(inputs) if isinstance(inputs, (list, tuple)) else None

    def on_finish(summary: Summary) -> None:
        if not lost:
            host.read()
        summary.final_rate, summary.throttles = host.rate, host.throttles

    settings = plan.settings(summary, checkpoint, total, lambda: host.rate, on_finish)
    pending: dict[Any, _Chunk] = {}
    delivered = 0
    lost = False

    def submit(chunk: _Chunk, rerun: bool = False) -> None:
        future = dask.submit(
            run_chunk,
            plan_blob,
            client_blob,
            chunk.items,
            chunk.keys,
            host.spec,
            [run, "started", str(chunk.number)],
            rerun,
            pure=False,
            key=f"{run}-chunk-{chunk.number}-{chunk.resubmits}",
        )
        pending[future] = chunk

    def collect(limit: int) -> Iterator[Outcome[Any, Any]]:
        """Hand out finished chunks' outcomes until at most ``limit`` chunks are out."""
        nonlocal delivered, lost
        while len(pending) > limit:
            try:
                done = distributed.wait(
                    list(pending), timeout=_POLL, return_when="FIRST_COMPLETED"
                ).done
            except (TimeoutError, asyncio.TimeoutError):  # distinct before Python 3.11
                done = set()
            except distributed.client.FuturesCancelledError:
                done = {f for f in pending if f.done()}
            if dask.status != "running":
                lost = True
                raise ClusterLostError(checkpoint.path, delivered, None)
            host.check()
            for future in done:
                chunk = pending.pop(future)
                outcomes: list[Outcome[Any, Any]] = []
                if future.status == "finished":
                    outcomes = future.result()
                else:
                    error = _chunk_error(future)
                    if dask.status != "running":
                        lost = True
                        raise ClusterLostError(checkpoint.path, delivered, error)
                    if chunk.resubmits < _RESUBMITS:
                        logger.warning("a chunk's task failed (%s); submitting it again", error)
                        chunk.resubmits += 1
                        submit(chunk, rerun=True)
                    else:  # failed wherever it ran: its inputs' outcome is that error
                        outcomes = [
                            Outcome(item, key, error=error)
                            for item, key in zip(chunk.items, chunk.keys, strict=True)
                        ]
                future.release()
                for outcome in outcomes:
                    delivered += 1
                    yield _settle(outcome, settings)

    number = 0
    chunk = _Chunk(number)
    try:
        for item in inputs:
            key, early = _admit(item, settings)
            if early is not None:
                delivered += 1
                yield _settle(early, settings)
                continue
            chunk.items.append(item)
            chunk.keys.append(key)
            if len(chunk.items) >= plan.chunk_size:
                submit(chunk)
                number += 1
                chunk = _Chunk(number)
                yield from collect(2 * workers)
        if chunk.items:
            submit(chunk)
        yield from collect(0)
    except ClusterLostError:
        raise
    except Exception as error:
        if dask.status == "running":
            raise
        lost = True
        raise ClusterLostError(checkpoint.path, delivered, error) from error
    finally:
        if not lost:
            for future in pending:
                future.cancel()
            host.close()
            try:
                dask.set_metadata([run], None)
            except Exception:  # a closed client: nothing to clean
                logger.debug("clearing the run's metadata failed", exc_info=True)
        _finish(settings)
        if checkpoint is not plan.checkpoint_path:
            checkpoint.close()
            if temporary and not lost:
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(FileNotFoundError):
                        os.remove(checkpoint.path + suffix)


def _chunk_error(future: Any) -> BaseException:
    try:
        error: BaseException | None = future.exception(timeout=_CALL_TIMEOUT)
    except BaseException as raised:  # cancelled: the exception is the cancellation
        error = raised
    return error if error is not None else RuntimeError(f"task {future.key} {future.status}")
