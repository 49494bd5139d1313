"""What every operation handler gets: state, clock, configuration and shared helpers."""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from ..clock import Clock
from ..errors import RekognitionError, collection_not_found, invalid_parameter, not_found
from ..objects import ObjectNotFound, ObjectReader
from ..perception import DeclaredPerception, Perception
from ..perception.image_limits import DEFAULT_LIMITS, ImageLimits, check_dimensions, limits_for
from ..perception.imaging import ImageContent, decode_image
from .paging import decode_token, encode_token
from .state import CollectionRecord, State, UserRecord

Request = dict[str, Any]
Response = dict[str, Any]

#: Largest image accepted as ``Image.Bytes`` (5 MiB) and as an ``S3Object`` (15 MiB).
MAX_IMAGE_BYTES = DEFAULT_LIMITS.max_bytes
MAX_S3_IMAGE_BYTES = DEFAULT_LIMITS.max_s3_bytes
#: Request members holding an ``Image`` that :meth:`Context.prepare_images` loads early.
IMAGE_MEMBERS = ("Image", "SourceImage", "TargetImage")
#: Images loaded outside the backend lock for the current call: ``id(image dict)`` -> result.
_PREPARED: ContextVar[dict[int, ImageContent | RekognitionError] | None] = ContextVar(
    "rekog_local_prepared_images", default=None
)
#: The image limits of the operation being run (see :func:`Context.prepared_images`).
_LIMITS: ContextVar[ImageLimits] = ContextVar("rekog_local_image_limits", default=DEFAULT_LIMITS)
S3_ERROR = (
    "Unable to get object metadata from S3. Check object key, region and/or access permissions."
)


@dataclass(frozen=True)
class BackendConfig:
    """Tunable behaviour of the backend.

    Args:
        region: Region used in ARNs.
        account_id: Account used in ARNs.
        seed: Seeds every generated id (FaceId, ImageId, JobId).
        job_seconds: How long a video job stays ``IN_PROGRESS`` (0: done at the next call).
        user_update_seconds: How long a user reports ``UPDATING`` after Associate/Disassociate.
        max_concurrent_jobs: More ``IN_PROGRESS`` jobs than this is a ``LimitExceededException``.
        max_faces_per_user: Faces a user can have (``ServiceQuotaExceededException`` beyond).
        lifecycle_seconds: How long each step of a long-running resource takes (training,
            copying, hosting start/stop, dataset create/update, media analysis jobs,
            stream processor start/stop).
    """

    region: str = "us-east-1"
    account_id: str = "123456789012"
    seed: int = 0
    job_seconds: float = 2.0
    user_update_seconds: float = 0.0
    max_concurrent_jobs: int = 20
    max_faces_per_user: int = 100
    lifecycle_seconds: float = 2.0


class Context:
    """Shared services for operation handlers (always called under the backend lock)."""

    def __init__(
        self,
        state: State,
        clock: Clock,
        objects: ObjectReader,
        config: BackendConfig,
        notify: Callable[[str, str], None],
        schedule: Callable[[float], None] | None = None,
        perception: Perception | None = None,
    ) -> None:
        self.state = state
        self.perception: Perception = perception or DeclaredPerception()
        self.clock = clock
        self.objects = objects
        self.config = config
        self.notify = notify
        self.schedule: Callable[[float], None] = schedule or (lambda delay: None)
        self.token_secret: bytes = hashlib.sha256(f"rekog.local/{config.seed}".encode()).digest()

    # ids -------------------------------------------------------------------------------
    def new_uuid(self, kind: str) -> str:
        """A deterministic, never repeated UUID (version 4 layout) for ``kind``."""
        number = self.state.next(kind)
        digest = hashlib.sha256(f"{self.config.seed}/{kind}/{number}".encode()).digest()
        return str(uuid.UUID(bytes=digest[:16], version=4))

    def new_job_id(self) -> str:
        """A deterministic 64-character job id."""
        number = self.state.next("job")
        return hashlib.sha256(f"{self.config.seed}/job/{number}".encode()).hexdigest()

    # lookups -----------------------------------------------------------------------------
    def collection(self, collection_id: str) -> CollectionRecord:
        """The collection or ``ResourceNotFoundException``."""
        record = self.state.collections.get(collection_id)
        if record is None:
            raise collection_not_found(collection_id)
        return record

    def indexed_collection(self, collection_id: str) -> CollectionRecord:
        """The collection, checked to hold identities of this emulator's perception.

        A face vector and a perceptual hash are different identity spaces: comparing them
        would return meaningless similarities, so a collection indexed by one perception
        refuses images seen by the other.
        """
        record = self.collection(collection_id)
        if record.perception != self.perception.name:
            raise invalid_parameter(
                f"rekog.local: collection {collection_id} holds faces of the "
                f"{record.perception!r} perception and this emulator sees with "
                f"{self.perception.name!r}; identity spaces do not mix (use a new collection, "
                f"or an emulator with perception={record.perception!r})"
            )
        return record

    def user(self, collection_id: str, user_id: str) -> UserRecord:
        """The user or ``ResourceNotFoundException``."""
        self.collection(collection_id)
        record = self.state.users[collection_id].get(user_id)
        if record is None:
            raise not_found(
                f"The user id: {user_id} does not exist in the collection: {collection_id}"
            )
        return record

    def user_face_counts(self, collection_id: str) -> Counter[str]:
        """How many faces each user of the collection has."""
        return Counter(
            f.user_id for f in self.state.faces[collection_id].values() if f.user_id is not None
        )

    def user_status(self, user: UserRecord, face_count: int) -> str:
        """``UPDATING`` right after an association change, else ``ACTIVE`` with faces, else ``CREATED``."""
        if self.clock.now() < user.updating_until:
            return "UPDATING"
        return "ACTIVE" if face_count else "CREATED"

    # images ------------------------------------------------------------------------------
    def read_object(self, s3: dict[str, Any]) -> bytes:
        """Read an ``S3Object`` or raise ``InvalidS3ObjectException``."""
        bucket, name = s3.get("Bucket"), s3.get("Name")
        if not bucket or not name:
            raise RekognitionError("InvalidS3ObjectException", S3_ERROR)
        try:
            return self.objects.read(bucket, name, s3.get("Version"))
        except ObjectNotFound as exc:
            raise RekognitionError("InvalidS3ObjectException", S3_ERROR) from exc

    @contextmanager
    def prepared_images(self, request: Request, operation: str = "") -> Iterator[None]:
        """Fetch and decode the request's images now, before the caller takes the lock.

        Inside the block :meth:`load_image` returns (or raises) the prepared result, so a
        handler still reports errors in its own order (a missing collection before a bad
        image) while decoding runs concurrently with other calls. Images are checked against
        ``operation``'s limits (:func:`~rekog.local.perception.image_limits.limits_for`).
        """
        limits_token = _LIMITS.set(limits_for(operation))
        prepared: dict[int, ImageContent | RekognitionError] = {}
        for member in IMAGE_MEMBERS:
            image = request.get(member)
            if isinstance(image, dict):
                try:
                    prepared[id(image)] = self._load_image(image)
                except RekognitionError as exc:
                    prepared[id(image)] = exc
        token = _PREPARED.set(prepared)
        try:
            yield
        finally:
            _PREPARED.reset(token)
            _LIMITS.reset(limits_token)

    def load_image(self, image: dict[str, Any]) -> ImageContent:
        """Fetch, size-check and decode an ``Image`` (``Bytes`` or ``S3Object``)."""
        prepared = (_PREPARED.get() or {}).get(id(image))
        if isinstance(prepared, RekognitionError):
            raise prepared
        if prepared is not None:
            return prepared
        return self._load_image(image)

    def _load_image(self, image: dict[str, Any]) -> ImageContent:
        has_bytes, has_s3 = image.get("Bytes") is not None, image.get("S3Object") is not None
        if has_bytes == has_s3:
            raise invalid_parameter(
                "Exactly one of Image.Bytes and Image.S3Object must be provided"
            )
        if has_bytes:
            raw = image["Bytes"]
            try:
                data = (
                    raw
                    if isinstance(raw, (bytes, bytearray))
                    else base64.b64decode(raw, validate=True)
                )
            except (binascii.Error, ValueError) as exc:
                raise RekognitionError(
                    "InvalidImageFormatException", "Request has invalid image format"
                ) from exc
        else:
            data = self.read_object(image["S3Object"])
        limits = _LIMITS.get()
        if len(data) > (limits.max_bytes if has_bytes else limits.max_s3_bytes):
            raise RekognitionError("ImageTooLargeException", "Image size is too large.")
        check_dimensions(data, limits)  # from the header, before anything is decoded
        return self.perception.look(decode_image(bytes(data)))

    # paging ------------------------------------------------------------------------------
    def page_token(self, payload: dict[str, Any]) -> str:
        """Encode a ``NextToken``."""
        return encode_token(self.token_secret, payload)

    def read_token(self, request: Request, scope: dict[str, Any]) -> dict[str, Any] | None:
        """Decode the request's ``NextToken`` (``None`` when absent) for ``scope``."""
        token = request.get("NextToken")
        if not token:
            return None
        return decode_token(self.token_secret, token, scope)

    def offset_page(
        self, request: Request, scope: dict[str, Any], items: list[Any], default: int, maximum: int
    ) -> tuple[list[Any], str | None]:
        """The requested page of ``items`` (by position) and the next page's token, if any."""
        token = self.read_token(request, scope)
        start = int(token["at"]) if token else 0
        end = start + page_size(request, default, maximum)
        return items[start:end], self.page_token({**scope, "at": end}) if end < len(items) else None


def page_size(request: Request, default: int, maximum: int, key: str = "MaxResults") -> int:
    """The page size requested (0 or absent means ``default``), capped at ``maximum``."""
    value = request.get(key)
    if not value:
        return default
    return min(int(value), maximum)


Handler = Callable[[Context, Request], Response]
