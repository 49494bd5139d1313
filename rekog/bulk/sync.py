"""``rk.bulk``: one operation over many images, at the account's quota.

``rk.bulk.index_faces(paths, collection_id="staff")`` returns a :class:`BulkRun`; iterate it
for one :class:`~rekog.bulk.Outcome` per input, then read ``run.summary``.
"""

from __future__ import annotations

import inspect
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .. import models
from .._generated.bulk_ops import BULK_OPERATIONS, BulkOperationMethods
from ..errors import InvalidRequestError, OutcomeUnknownError
from .checkpoint import Checkpoint, Reconciliation
from .core import OnceRun, Outcome, Settings, Summary, run_threads
from .gate import attach, shared_limiter
from .keys import external_image_id, input_key
from .limiter import LimiterConfig, RateLimiter
from .progress import Progress
from .quota import client_quota_key

if TYPE_CHECKING:
    from ..client import Rekognition
    from ..models import IndexFacesResponse

__all__ = ["BULK_OPERATIONS", "Bulk", "BulkRun", "UnknownOutcome"]

logger: logging.Logger = logging.getLogger("rekog.bulk")

R = TypeVar("R")

# A stand-in image to validate the common arguments once, before any input is read.
_PLACEHOLDER_IMAGE = {"S3Object": {"Bucket": "bucket", "Name": "placeholder"}}


#: How often bulk ``IndexFaces`` looks up and re-sends an input whose outcome was unknown.
#: As many as the default retry policy's attempts: with 10 % faults about 7 % of attempts end
#: uncertain (a dropped connection or a 5xx), so 3 rounds left one input in ~3,000 failed.
UNKNOWN_OUTCOME_ROUNDS = 6


class UnknownOutcome:
    """The I/O-free half of settling an uncertain ``IndexFaces`` (shared by threads and asyncio).

    The driver sends the call; on :class:`~rekog.OutcomeUnknownError` it keeps the error in
    :attr:`failure`, lists the collection's faces and asks :meth:`settle`: the input's own
    faces (by its ``ExternalImageId``) are the result, ``None`` means index again.
    """

    def __init__(self, arguments: Mapping[str, Any]) -> None:
        self.collection_id: str = arguments["collection_id"]
        self.name: str = arguments["external_image_id"]
        self.failure: OutcomeUnknownError | None = None

    def settle(self, faces: Iterable[Any]) -> IndexFacesResponse | None:
        """The response built from the listed faces named after the input, if any."""
        mine = [face.to_wire() for face in faces if face.external_image_id == self.name]
        if not mine:
            return None
        logger.info("%s: an uncertain IndexFaces had indexed it after all", self.name)
        return models.IndexFacesResponse.model_validate(
            {"FaceRecords": [{"Face": face} for face in mine]}
        )

    def raised(self) -> OutcomeUnknownError:
        """The error to raise when every round stayed uncertain."""
        assert self.failure is not None
        return self.failure


class BulkRun(OnceRun[Iterator[Outcome[Any, R]]]):
    """A bulk run: iterate it (once) for its outcomes; ``summary`` counts them.

    Nothing is sent before iteration starts. Outcomes come in completion order.
    """

    def __iter__(self) -> Iterator[Outcome[Any, R]]:
        return self._begin()

    def run(self) -> Summary:
        """Consume every outcome (keeping none) and return the summary."""
        for _outcome in self:
            pass
        return self.summary


class Bulk(BulkOperationMethods):
    """Bulk variants of the image operations of a :class:`~rekog.Rekognition` client.

    Every method takes the inputs (an iterable, read lazily: paths, ``s3://`` URIs, bytes,
    ``Image`` models, or mappings of per-item arguments with an ``"image"``), the operation's
    other arguments shared by all inputs, and these options:

    Args:
        concurrency: calls in flight at once (threads; per worker on Dask).
        rate: calls per second; with ``adaptive`` the ceiling, else a fixed rate.
        adaptive: follow throttling (AIMD) to converge to the quota without knowing it.
        limiter: a :class:`LimiterConfig` instead of ``rate``/``adaptive``.
        checkpoint: a file (SQLite) recording finished inputs; a rerun skips them.
        progress: a progress bar on stderr (default: only when it is a terminal).
        key: the checkpoint key of an input (default: absolute path, S3 URI or content hash).
        dask_client: a ``distributed.Client``: run the inputs on its workers instead.
        chunk_size: inputs per Dask task.

    The operation methods (one per :data:`BULK_OPERATIONS`) are generated, with
    :class:`~rekog.bulk.AsyncBulk`'s, from one table (``tools/writers_bulk.py``).
    """

    def __init__(self, client: Rekognition) -> None:
        self._client = client

    def _run(self, method: str, inputs: Iterable[Any], options: dict[str, Any]) -> BulkRun[Any]:
        plan = BulkPlan.create(self._client, method, options)
        summary = Summary(operation=plan.operation)
        if plan.dask_client is not None:
            from .dask import run_on_dask

            def start() -> Iterator[Outcome[Any, Any]]:
                return run_on_dask(plan, inputs, summary)

            return BulkRun(start, summary, None)
        limiter = shared_limiter(plan.operation, plan.limiter_config, scope=plan.scope())

        def start_threads() -> Iterator[Outcome[Any, Any]]:
            return plan.iterate(inputs, summary, limiter)

        return BulkRun(start_threads, summary, limiter)


_BULK_OPTIONS = (
    "concurrency",
    "rate",
    "adaptive",
    "limiter",
    "checkpoint",
    "progress",
    "key",
    "dask_client",
    "chunk_size",
)


class BulkPlan:
    """Everything a run needs besides its inputs; picklable but for the Dask client."""

    def __init__(
        self, client: Rekognition, method: str, arguments: dict[str, Any], options: dict[str, Any]
    ) -> None:
        self.client = client
        self.method = method
        self.operation: str = BULK_OPERATIONS[method]
        self.arguments = arguments
        self.concurrency: int = options.get("concurrency", 8)
        self.limiter_config: LimiterConfig = options.get("limiter") or LimiterConfig(
            rate=options.get("rate"), adaptive=options.get("adaptive", True)
        )
        self.checkpoint_path: str | os.PathLike[str] | Checkpoint | None = options.get("checkpoint")
        self.progress: bool | None = options.get("progress")
        self.key: Callable[[Any], str] = options.get("key") or input_key
        self.dask_client: Any = options.get("dask_client")
        self.chunk_size: int = options.get("chunk_size", 16)
        self.external_id: Callable[[str], str] | None = None
        if method == "index_faces" and not isinstance(arguments.get("external_image_id"), str):
            self.external_id = arguments.pop("external_image_id", None) or external_image_id

    def __getstate__(self) -> dict[str, Any]:
        # What a Dask worker needs: no Dask client, no open checkpoint.
        state = dict(self.__dict__)
        state["dask_client"] = None
        state["checkpoint_path"] = None
        return state

    @classmethod
    def create(cls, client: Rekognition, method: str, options: dict[str, Any]) -> BulkPlan:
        """Split ``options`` into operation arguments and bulk options; validate both now."""
        if method not in BULK_OPERATIONS:
            raise InvalidRequestError("method", f"must be one of {sorted(BULK_OPERATIONS)}", method)
        bulk_options = {name: options.pop(name) for name in _BULK_OPTIONS if name in options}
        plan = cls(client, method, options, bulk_options)
        plan.validate()
        return plan

    def validate(self) -> None:
        """Raise ``InvalidRequestError`` for bad shared arguments, before anything is sent."""
        if not isinstance(self.concurrency, int) or self.concurrency < 1:
            raise InvalidRequestError("concurrency", "must be a positive integer", self.concurrency)
        if not isinstance(self.chunk_size, int) or self.chunk_size < 1:
            raise InvalidRequestError("chunk_size", "must be a positive integer", self.chunk_size)
        parameters = inspect.signature(getattr(self.client, self.method)).parameters
        accepted = {name for name, p in parameters.items() if p.kind is not p.VAR_KEYWORD}
        accepted.discard("image")
        open_ended = len(accepted) < len(parameters) - ("image" in parameters)
        unknown = [] if open_ended else sorted(set(self.arguments) - accepted)
        if unknown:
            raise InvalidRequestError(
                unknown[0],
                f"{self.method} takes no such argument (it takes {', '.join(sorted(accepted))})",
                operation=self.operation,
            )
        if "image" in self.arguments:
            raise InvalidRequestError(
                "image",
                "the images are the inputs, not a shared argument",
                operation=self.operation,
            )
        probe = {**self.arguments, "image": _PLACEHOLDER_IMAGE}
        if self.external_id is not None:
            probe["external_image_id"] = "placeholder"
        request = getattr(self.client, "_request", None)  # an async client may not have it
        if request is not None:
            request(self.operation, probe)

    def scope(self) -> tuple[str, ...]:
        """Which limiter this run shares: one per quota -- account, region and endpoint
        (:func:`~rekog.bulk.quota.quota_key`), whatever their spelling."""
        return client_quota_key(self.client.client)

    def call_arguments(self, item: Any, key: str) -> dict[str, Any]:
        """The full arguments for one input."""
        arguments = dict(self.arguments)
        if isinstance(item, Mapping):
            arguments.update({name: value for name, value in item.items() if name != "key"})
        else:
            arguments["image"] = item
        if self.external_id is not None and "external_image_id" not in arguments:
            arguments["external_image_id"] = self.external_id(key)
        return arguments

    def detail(self, item: Any, key: str) -> str | None:
        """What the checkpoint keeps of a pending input: its ``ExternalImageId``."""
        if self.method != "index_faces":
            return None
        value = self.call_arguments(item, key).get("external_image_id")
        return None if value is None else str(value)

    def call_one(self, item: Any) -> Any:
        """Send one input (under the client's retry policy)."""
        return self.call_keyed(item, self.key(item))

    def call_keyed(self, item: Any, key: str) -> Any:
        """Send one input whose key is known."""
        arguments = self.call_arguments(item, key)
        call = getattr(self.client, self.method)
        if self.settles_unknowns(arguments):
            return self.index_settling_unknowns(call, arguments)
        return call(**arguments)

    def settles_unknowns(self, arguments: Mapping[str, Any]) -> bool:
        """Whether an uncertain attempt of this call can be settled by its ``ExternalImageId``."""
        return self.method == "index_faces" and isinstance(arguments.get("external_image_id"), str)

    def index_settling_unknowns(
        self, call: Callable[..., Any], arguments: dict[str, Any]
    ) -> IndexFacesResponse:
        """``IndexFaces``, settling an attempt whose outcome is unknown by its ``ExternalImageId``.

        The client never repeats an ``IndexFaces`` that may have taken effect: it raises
        :class:`~rekog.OutcomeUnknownError`. The input's ``ExternalImageId`` names it alone,
        so its faces already in the collection are the result; when there are none, it is
        indexed again (up to :data:`UNKNOWN_OUTCOME_ROUNDS` times).
        """
        settler = UnknownOutcome(arguments)
        for _ in range(UNKNOWN_OUTCOME_ROUNDS):
            try:
                response: IndexFacesResponse = call(**arguments)
                return response
            except OutcomeUnknownError as error:
                settler.failure = error
            faces = self.client.paginate.list_faces(collection_id=settler.collection_id)
            settled = settler.settle(faces)
            if settled is not None:
                return settled
        raise settler.raised()

    def checkpoint_file(self) -> Checkpoint | None:
        """The run's checkpoint, open but not yet reconciled."""
        if self.checkpoint_path is None or isinstance(self.checkpoint_path, Checkpoint):
            return self.checkpoint_path
        where = self.arguments.get("collection_id", "")
        return Checkpoint(self.checkpoint_path, scope=f"{self.operation}:{where}")

    def reconciliation(self, checkpoint: Checkpoint) -> Reconciliation | None:
        """What resuming must look up in the collection, if anything (``index_faces`` only)."""
        if self.method != "index_faces" or not checkpoint.pending():
            return None
        return Reconciliation(checkpoint)

    def open_checkpoint(self) -> Checkpoint | None:
        """The checkpoint, reconciled with the service if the last run died mid-call."""
        checkpoint = self.checkpoint_file()
        resume = None if checkpoint is None else self.reconciliation(checkpoint)
        if resume is not None:
            if resume.needs_faces:
                collection_id = self.arguments["collection_id"]
                for face in self.client.paginate.list_faces(collection_id=collection_id):
                    resume.see(face.external_image_id)
            resume.finish()
        return checkpoint

    def settings(
        self,
        summary: Summary,
        checkpoint: Checkpoint | None,
        total: int | None,
        rate: Callable[[], float | None],
        on_finish: Callable[[Summary], None] | None = None,
    ) -> Settings:
        """The engine settings of this run."""
        return Settings(
            on_finish=on_finish,
            key=self.key,
            concurrency=self.concurrency,
            checkpoint=checkpoint,
            detail=self.detail if checkpoint is not None else None,
            progress=Progress(self.progress, total, self.operation),
            summary=summary,
            rate=rate,
        )

    def iterate(
        self, inputs: Iterable[Any], summary: Summary, limiter: RateLimiter
    ) -> Iterator[Outcome[Any, Any]]:
        """Run in this process's threads, every attempt through ``limiter``."""
        checkpoint = self.open_checkpoint()
        total = len(inputs) if isinstance(inputs, (list, tuple)) else None
        throttles_before = limiter.throttles

        def on_finish(summary: Summary) -> None:
            summary.throttles = limiter.throttles - throttles_before
            summary.final_rate = limiter.rate

        settings = self.settings(summary, checkpoint, total, lambda: limiter.rate, on_finish)
        try:
            with attach(self.client.client, self.operation, limiter):
                yield from run_threads(inputs, self.call_one, settings)
        finally:
            if checkpoint is not None and not isinstance(self.checkpoint_path, Checkpoint):
                checkpoint.close()
