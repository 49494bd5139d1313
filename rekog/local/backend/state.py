"""The backend's records and the in-memory state that writes them through to a store."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..store import Store

FACE_MODEL_VERSION = "7.0"
TEXT_MODEL_VERSION = "3.0"


@dataclass
class CollectionRecord:
    """A face collection."""

    collection_id: str
    arn: str
    created: float
    face_model_version: str = FACE_MODEL_VERSION
    tags: dict[str, str] = field(default_factory=dict)
    #: The perception whose identities the collection's faces carry.
    perception: str = "declared"


@dataclass
class FaceRecord:
    """A face indexed into a collection."""

    face_id: str
    image_id: str
    box: dict[str, float]
    confidence: float
    signature: int
    seq: int
    external_image_id: str | None = None
    user_id: str | None = None
    quality: str = "HIGH"
    #: The vision perception's identity vector (``None`` in a declared collection).
    vector: list[float] | None = None

    def wire(self) -> dict[str, Any]:
        """The AWS ``Face`` dict."""
        face: dict[str, Any] = {
            "FaceId": self.face_id,
            "BoundingBox": dict(self.box),
            "ImageId": self.image_id,
            "Confidence": self.confidence,
            "IndexFacesModelVersion": FACE_MODEL_VERSION,
        }
        if self.external_image_id is not None:
            face["ExternalImageId"] = self.external_image_id
        if self.user_id is not None:
            face["UserId"] = self.user_id
        return face


@dataclass
class UserRecord:
    """A user in a collection."""

    user_id: str
    seq: int
    created: float
    updating_until: float = 0.0


@dataclass
class JobRecord:
    """A video analysis job; results are computed when it starts and revealed when it ends."""

    job_id: str
    api: str
    created: float
    complete_at: float
    video: dict[str, Any]
    request: dict[str, Any]
    status: str = "IN_PROGRESS"
    status_message: str | None = None
    job_tag: str | None = None
    notification: dict[str, str] | None = None
    metadata: dict[str, Any] | None = None
    results: list[dict[str, Any]] = field(default_factory=list)
    notified: bool = False


@dataclass
class TokenRecord:
    """The remembered outcome of a request made with a ``ClientRequestToken``."""

    fingerprint: str
    response: dict[str, Any]


class State:
    """All records, kept in dicts, each change written through to an optional store."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store
        self.collections: dict[str, CollectionRecord] = {}
        self.faces: dict[str, dict[str, FaceRecord]] = {}
        self.users: dict[str, dict[str, UserRecord]] = {}
        self.jobs: dict[str, JobRecord] = {}
        self.tokens: dict[str, TokenRecord] = {}
        #: Celebrities seen by a recognition, by id (``GetCelebrityInfo`` answers from here).
        self.celebrities: dict[str, dict[str, Any]] = {}
        self.counters: dict[str, int] = {}
        #: Per-collection data derived from its faces (the search index), dropped on change.
        self.face_index: dict[str, Any] = {}
        if store is not None:
            self._load(store.load())

    def _load(self, rows: dict[str, dict[str, Any]]) -> None:
        for value in rows.get("collection", {}).values():
            record = CollectionRecord(**value)
            self.collections[record.collection_id] = record
            self.faces[record.collection_id] = {}
            self.users[record.collection_id] = {}
        for key, value in sorted(rows.get("face", {}).items(), key=lambda kv: kv[1]["seq"]):
            self.faces.setdefault(key.split("/", 1)[0], {})[value["face_id"]] = FaceRecord(**value)
        for key, value in sorted(rows.get("user", {}).items(), key=lambda kv: kv[1]["seq"]):
            self.users.setdefault(key.split("/", 1)[0], {})[value["user_id"]] = UserRecord(**value)
        for key, value in rows.get("job", {}).items():
            self.jobs[key] = JobRecord(**value)
        for key, value in rows.get("token", {}).items():
            self.tokens[key] = TokenRecord(**value)
        self.celebrities.update(rows.get("celebrity", {}))
        self.counters.update({k: int(v) for k, v in rows.get("counter", {}).items()})

    def _put(self, kind: str, key: str, value: Any) -> None:
        if self.store is not None:
            self.store.put(kind, key, value)

    def commit(self) -> None:
        """Commit the writes of the current call."""
        if self.store is not None:
            self.store.commit()

    def next(self, counter: str) -> int:
        """The next value (starting at 1) of a persistent counter."""
        value = self.counters.get(counter, 0) + 1
        self.counters[counter] = value
        self._put("counter", counter, value)
        return value

    def put_collection(self, record: CollectionRecord) -> None:
        """Add a collection."""
        self.collections[record.collection_id] = record
        self.faces.setdefault(record.collection_id, {})
        self.users.setdefault(record.collection_id, {})
        self._put("collection", record.collection_id, asdict(record))

    def drop_collection(self, collection_id: str) -> None:
        """Delete a collection with its faces and users."""
        self.collections.pop(collection_id, None)
        self.faces.pop(collection_id, None)
        self.face_index.pop(collection_id, None)
        self.users.pop(collection_id, None)
        if self.store is not None:
            self.store.delete("collection", collection_id)
            self.store.delete_prefix("face", collection_id + "/")
            self.store.delete_prefix("user", collection_id + "/")

    def put_face(self, collection_id: str, record: FaceRecord) -> None:
        """Add or update a face."""
        self.faces[collection_id][record.face_id] = record
        self.face_index.pop(collection_id, None)
        self._put("face", f"{collection_id}/{record.face_id}", asdict(record))

    def drop_face(self, collection_id: str, face_id: str) -> None:
        """Delete a face."""
        self.faces[collection_id].pop(face_id, None)
        self.face_index.pop(collection_id, None)
        if self.store is not None:
            self.store.delete("face", f"{collection_id}/{face_id}")

    def put_user(self, collection_id: str, record: UserRecord) -> None:
        """Add or update a user."""
        self.users[collection_id][record.user_id] = record
        self._put("user", f"{collection_id}/{record.user_id}", asdict(record))

    def drop_user(self, collection_id: str, user_id: str) -> None:
        """Delete a user."""
        self.users[collection_id].pop(user_id, None)
        if self.store is not None:
            self.store.delete("user", f"{collection_id}/{user_id}")

    def put_job(self, record: JobRecord) -> None:
        """Add or update a job."""
        self.jobs[record.job_id] = record
        self._put("job", record.job_id, asdict(record))

    def put_celebrity(self, celebrity_id: str, card: dict[str, Any]) -> None:
        """Remember a recognised celebrity's identity card."""
        self.celebrities[celebrity_id] = card
        self._put("celebrity", celebrity_id, card)

    def put_token(self, key: str, record: TokenRecord) -> None:
        """Remember an idempotent request's outcome."""
        self.tokens[key] = record
        self._put("token", key, asdict(record))
