"""The stateful backend: validation, idempotency, dispatch to the operation handlers."""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from ..clock import Clock, ManualClock, SystemClock
from ..errors import RekognitionError
from ..objects import ChainedReader, MemoryObjectStore, ObjectReader, as_reader
from ..perception import Perception, make_perception
from ..store import RegionStore, SqliteStore, Store, stored_regions
from ..validation import operation_names, validate_request
from . import (
    celebrities,
    collections,
    compare,
    custom_labels_detect,
    datasets,
    faces,
    labels,
    liveness,
    media_analysis,
    moderation,
    ppe,
    project_policies,
    projects,
    search,
    stream_processors,
    tags,
    text,
    users,
    video,
)
from .context import BackendConfig, Context, Handler
from .state import State, TokenRecord

log: logging.Logger = logging.getLogger("rekog.local")

OPERATIONS: dict[str, Handler] = {
    **collections.OPERATIONS,
    **faces.OPERATIONS,
    **users.OPERATIONS,
    **search.OPERATIONS,
    **text.OPERATIONS,
    **video.OPERATIONS,
    **labels.OPERATIONS,
    **moderation.OPERATIONS,
    **compare.OPERATIONS,
    **celebrities.OPERATIONS,
    **ppe.OPERATIONS,
    **custom_labels_detect.OPERATIONS,
    **projects.OPERATIONS,
    **datasets.OPERATIONS,
    **media_analysis.OPERATIONS,
    **stream_processors.OPERATIONS,
    **tags.OPERATIONS,
    **project_policies.OPERATIONS,
    **liveness.OPERATIONS,
}
#: Operations whose ``ClientRequestToken`` makes a repeated request return the first response.
IDEMPOTENT = frozenset(
    {
        "CreateUser",
        "DeleteUser",
        "AssociateFaces",
        "DisassociateFaces",
        *video.START_OPERATIONS,  # all eight Start* video jobs
        "StartMediaAnalysisJob",
        "CreateFaceLivenessSession",  # "the same session is returned" (API reference)
    }
)


class RekognitionBackend:
    """An in-memory (optionally SQLite-backed) Amazon Rekognition working on wire dicts.

    ``handle("CreateCollection", {"CollectionId": "c"})`` takes a request dict with AWS
    member names (``Image.Bytes`` as bytes or base64 text) and returns the response dict or
    raises :class:`~rekog.local.errors.RekognitionError`. Thread-safe: one lock guards the
    state; fetching and decoding images happen outside it, concurrently.

    Regions are kept apart, as in the service: ``handle(..., region="eu-west-1")`` sees only
    that region's collections, jobs and resources, with that region in their ARNs.
    :attr:`state` is the default ``region``'s.

    Args:
        seed: Seeds the generated ids (FaceId, ImageId, JobId).
        clock: The time source (:class:`~rekog.local.clock.ManualClock` in tests).
        s3: Where ``S3Object`` images and videos are read from besides the built-in
            :attr:`object_store`: a boto3 S3 client (e.g. under moto) or an
            :class:`~rekog.local.objects.ObjectReader`.
        sns: Where job completion messages are published: a boto3 SNS client or a
            ``callable(topic_arn, message)``. Messages are always kept in :attr:`notifications`.
        data: An SQLite file path (or a :class:`~rekog.local.store.Store`) to persist state in.
        region: Region used in ARNs.
        account_id: Account id used in ARNs.
        job_seconds: How long video jobs stay ``IN_PROGRESS``.
        user_update_seconds: How long users report ``UPDATING`` after an association change.
        max_concurrent_jobs: ``LimitExceededException`` beyond this many running jobs.
        lifecycle_seconds: How long each step of Custom Labels, dataset, media analysis and
            stream processor lifecycles takes.
        perception: How the emulator sees pictures: ``"declared"`` (default; what a test
            image declares, or a perceptual hash -- no models) or ``"vision"`` (offline face,
            identity and text models; needs ``pip install "rekog[vision]"``), see
            :mod:`rekog.local.perception`.

    Raises:
        PerceptionUnavailable: ``perception="vision"`` without the ``rekog[vision]`` packages.
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        clock: Clock | None = None,
        s3: Any = None,
        sns: Any = None,
        data: str | Path | Store | None = None,
        region: str = "us-east-1",
        account_id: str = "123456789012",
        job_seconds: float = 2.0,
        user_update_seconds: float = 0.0,
        max_concurrent_jobs: int = 20,
        lifecycle_seconds: float = 2.0,
        perception: str | Perception = "declared",
    ) -> None:
        self.perception: Perception = make_perception(perception)
        self.config: BackendConfig = BackendConfig(
            region=region,
            account_id=account_id,
            seed=seed,
            job_seconds=job_seconds,
            user_update_seconds=user_update_seconds,
            max_concurrent_jobs=max_concurrent_jobs,
            lifecycle_seconds=lifecycle_seconds,
        )
        self.clock: Clock = clock or SystemClock()
        self.object_store: MemoryObjectStore = MemoryObjectStore()
        self.objects: ObjectReader = (
            ChainedReader(self.object_store, as_reader(s3)) if s3 is not None else self.object_store
        )
        self.notifications: list[tuple[str, str]] = []
        self._publish: Callable[[str, str], None] | None = _publisher(sns)
        self.store: Store | None = SqliteStore(data) if isinstance(data, (str, Path)) else data
        self.state: State = State(self.store)
        self._lock = threading.RLock()
        self._timers: list[threading.Timer] = []
        self._closed = False
        self._ctx = Context(
            self.state,
            self.clock,
            self.objects,
            self.config,
            self._notify,
            self._schedule,
            self.perception,
        )
        #: One context (state, ARNs' region) per region, the default one first.
        self._regions: dict[str, Context] = {region: self._ctx}
        if self.store is not None:
            for other in sorted(stored_regions(self.store) - {region}):
                self._region_context(other)
        if isinstance(self.clock, ManualClock):
            self.clock.add_listener(self.tick)
        for ctx in self._regions.values():
            for job in ctx.state.jobs.values():
                if job.status == "IN_PROGRESS":
                    self._schedule(max(0.0, job.complete_at - self.clock.now()))

    @property
    def operations(self) -> frozenset[str]:
        """The operations this backend implements."""
        return frozenset(OPERATIONS)

    def _region_context(self, region: str) -> Context:
        """The context of ``region`` (created, empty or from the store, on first use)."""
        ctx = self._regions.get(region)
        if ctx is None:
            store = RegionStore(self.store, region) if self.store is not None else None
            ctx = Context(
                State(store),
                self.clock,
                self.objects,
                replace(self.config, region=region),
                self._notify,
                self._schedule,
                self.perception,
            )
            self._regions[region] = ctx
        return ctx

    def handle(
        self,
        operation: str,
        request: Mapping[str, Any] | None = None,
        *,
        region: str | None = None,
    ) -> dict[str, Any]:
        """Run one operation on a wire-format request dict and return the response dict.

        ``region`` (default: the backend's) picks whose state the call sees.

        Raises:
            RekognitionError: The AWS error the service would return.
        """
        if operation not in OPERATIONS:
            if operation in operation_names():
                raise RekognitionError(
                    "UnsupportedOperationException",
                    f"rekog.local does not implement {operation}; it implements: {', '.join(sorted(OPERATIONS))}",
                )
            raise RekognitionError("UnknownOperationException", f"Unknown operation {operation}")
        params = dict(request or {})
        validate_request(operation, params)
        with self._lock:
            ctx = self._region_context(region or self.config.region)
        # The lock covers state only: images are fetched and decoded (and real videos looked
        # at) before it is taken, and the response is copied after it is released.
        video.prepare_video(ctx, operation, params)
        with ctx.prepared_images(params, operation), self._lock:
            try:
                video.complete_due_jobs(ctx)
                response = self._run(ctx, operation, params)
            finally:
                ctx.state.commit()
        return copy.deepcopy(response)

    def _run(self, ctx: Context, operation: str, request: dict[str, Any]) -> dict[str, Any]:
        handler = OPERATIONS[operation]
        token = request.get("ClientRequestToken")
        if operation not in IDEMPOTENT or not token:
            return handler(ctx, request)
        key = f"{operation}/{token}"
        body = {k: v for k, v in request.items() if k != "ClientRequestToken"}
        fingerprint = hashlib.sha256(
            json.dumps(body, sort_keys=True, default=str).encode()
        ).hexdigest()
        previous = ctx.state.tokens.get(key)
        if previous is not None:
            if previous.fingerprint != fingerprint:
                raise RekognitionError(
                    "IdempotentParameterMismatchException",
                    "ClientRequestToken was reused with different request parameters",
                )
            return previous.response
        response = handler(ctx, request)
        ctx.state.put_token(key, TokenRecord(fingerprint, response))
        return response

    def declare_liveness(
        self,
        session_id: str,
        *,
        status: str = "SUCCEEDED",
        confidence: float | None = 99.0,
        reference_image: bytes | None = None,
        reference_box: dict[str, float] | None = None,
        region: str | None = None,
    ) -> None:
        """Declare what the Face Liveness check of ``session_id`` found.

        ``GetFaceLivenessSessionResults`` then answers it. Defaults: ``SUCCEEDED``,
        confidence 99.0 (live) and a generated face picture as the reference image (see
        :mod:`rekog.local.backend.liveness`).

        Raises:
            KeyError: No such session in ``region`` (default: the backend's).
            ValueError: ``status`` is not a ``LivenessSessionStatus``.
        """
        with self._lock:
            ctx = self._region_context(region or self.config.region)
            liveness.declare(
                ctx,
                session_id,
                status=status,
                confidence=confidence,
                reference_image=reference_image,
                reference_box=reference_box,
            )
            ctx.state.commit()

    def tick(self) -> None:
        """Finish due video jobs now (called on every request, by timers and by a manual clock)."""
        with self._lock:
            if self._closed:
                return
            for ctx in self._regions.values():
                video.complete_due_jobs(ctx)
                ctx.state.commit()

    def connect(self, *, s3: Any = None, sns: Any = None) -> None:
        """Read ``S3Object`` from ``s3`` too, and publish job notifications to ``sns`` instead.

        ``rekog local serve`` connects the backend to the S3 and SNS it serves beside it.
        """
        with self._lock:
            if s3 is not None:
                self.objects = ChainedReader(self.objects, as_reader(s3))
                for ctx in self._regions.values():
                    ctx.objects = self.objects
            if sns is not None:
                self._publish = _publisher(sns)

    def put_object(self, bucket: str, key: str, data: bytes) -> str:
        """Put an image or video into the built-in object store; returns its version id."""
        return self.object_store.put(bucket, key, data)

    def _notify(self, topic_arn: str, message: str) -> None:
        self.notifications.append((topic_arn, message))
        if self._publish is not None:
            self._publish(topic_arn, message)

    def _schedule(self, delay: float) -> None:
        if isinstance(self.clock, ManualClock) or self._closed:
            return
        timer = threading.Timer(delay + 0.01, self.tick)
        timer.daemon = True
        timer.start()
        self._timers = [t for t in self._timers if t.is_alive()] + [timer]

    def close(self) -> None:
        """Stop timers and close the store (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for timer in self._timers:
                timer.cancel()
            if isinstance(self.clock, ManualClock):
                self.clock.remove_listener(self.tick)
            if self.store is not None:
                self.store.close()

    def __enter__(self) -> RekognitionBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _publisher(sns: Any) -> Callable[[str, str], None] | None:
    """A ``publish(topic_arn, message)`` callable from a boto3 SNS client or a callable."""
    if sns is None:
        return None
    if callable(sns) and not hasattr(sns, "publish"):
        return cast(Callable[[str, str], None], sns)
    return video.publish_via(sns)
