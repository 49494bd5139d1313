"""IndexFaces, ListFaces, DeleteFaces and DetectFaces."""

from __future__ import annotations

from typing import Any

from ..perception.imaging import DetectedFace
from .context import Context, Handler, Request, Response, page_size
from .details import face_detail
from .state import FACE_MODEL_VERSION, FaceRecord

_QUALITY_RANK = {"LOW": 1, "MEDIUM": 2, "HIGH": 3}
#: IndexFaces "returns no more than 100 detected faces in an image, even if you specify a
#: larger value for MaxFaces" (IndexFaces API reference); DetectFaces detects "up to 100
#: of the largest faces" (DetectFaces API reference).
MAX_DETECTED_FACES = 100
#: The lowest face quality each ``QualityFilter`` lets through (AUTO behaves like MEDIUM).
_FILTER_BAR = {"NONE": 0, "LOW": 1, "AUTO": 2, "MEDIUM": 2, "HIGH": 3}


def passes_quality(face: DetectedFace, quality_filter: str) -> bool:
    """Whether ``face`` passes ``QualityFilter`` (NONE < LOW < AUTO = MEDIUM < HIGH)."""
    return _QUALITY_RANK[face.quality] >= _FILTER_BAR[quality_filter]


def largest_first(faces: tuple[DetectedFace, ...]) -> list[DetectedFace]:
    """Faces by decreasing box area; ties keep their declared order."""
    return sorted(faces, key=lambda f: -f.box.area)


def index_faces(ctx: Context, request: Request) -> Response:
    """Detect faces, drop low-quality ones and those beyond ``MaxFaces``, index the rest.

    Faces failing ``QualityFilter`` (default ``AUTO``) go to ``UnindexedFaces`` with
    ``LOW_FACE_QUALITY``; of the rest, the largest ``MaxFaces`` (never more than 100) are
    indexed and the others are unindexed with ``EXCEEDS_MAX_FACES``.
    """
    collection_id = request["CollectionId"]
    ctx.indexed_collection(collection_id)
    content = ctx.load_image(request["Image"])
    attributes = request.get("DetectionAttributes")
    quality_filter = request.get("QualityFilter", "AUTO")
    max_faces = min(request.get("MaxFaces") or MAX_DETECTED_FACES, MAX_DETECTED_FACES)
    unindexed: list[dict[str, Any]] = []
    accepted: list[DetectedFace] = []
    for face in largest_first(content.faces):
        if passes_quality(face, quality_filter):
            accepted.append(face)
        else:
            unindexed.append(
                {"Reasons": ["LOW_FACE_QUALITY"], "FaceDetail": face_detail(face, attributes)}
            )
    for face in accepted[max_faces:]:
        unindexed.append(
            {"Reasons": ["EXCEEDS_MAX_FACES"], "FaceDetail": face_detail(face, attributes)}
        )
    accepted = accepted[:max_faces]
    records = []
    image_id = ctx.new_uuid("image") if accepted else None
    for face in accepted:
        record = FaceRecord(
            face_id=ctx.new_uuid("face"),
            image_id=image_id or "",
            box=face.box.wire(),
            confidence=face.confidence,
            signature=face.signature,
            seq=ctx.state.next("face-seq"),
            external_image_id=request.get("ExternalImageId"),
            quality=face.quality,
            vector=list(face.vector) if face.vector is not None else None,
        )
        ctx.state.put_face(collection_id, record)
        records.append({"Face": record.wire(), "FaceDetail": face_detail(face, attributes)})
    return {
        "FaceRecords": records,
        "FaceModelVersion": FACE_MODEL_VERSION,
        "UnindexedFaces": unindexed,
    }


def list_faces(ctx: Context, request: Request) -> Response:
    """Faces in indexing order, optionally only a user's or only some ids; paged (default 1000)."""
    collection_id = request["CollectionId"]
    ctx.collection(collection_id)
    scope = {"o": "ListFaces", "c": collection_id}
    token = ctx.read_token(request, scope)
    after = token["after"] if token else 0
    user_id = request.get("UserId")
    wanted = set(request.get("FaceIds") or [])
    faces = [
        f
        for f in ctx.state.faces[collection_id].values()
        if f.seq > after
        and (user_id is None or f.user_id == user_id)
        and (not wanted or f.face_id in wanted)
    ]
    faces.sort(key=lambda f: f.seq)
    size = page_size(request, 1000, 4096)
    response: Response = {
        "Faces": [f.wire() for f in faces[:size]],
        "FaceModelVersion": FACE_MODEL_VERSION,
    }
    if len(faces) > size:
        response["NextToken"] = ctx.page_token({**scope, "after": faces[size - 1].seq})
    return response


def delete_faces(ctx: Context, request: Request) -> Response:
    """Delete faces; missing or user-associated faces are reported as unsuccessful."""
    collection_id = request["CollectionId"]
    ctx.collection(collection_id)
    faces = ctx.state.faces[collection_id]
    deleted: list[str] = []
    failed: list[dict[str, Any]] = []
    for face_id in dict.fromkeys(request["FaceIds"]):
        face = faces.get(face_id)
        if face is None:
            failed.append({"FaceId": face_id, "Reasons": ["FACE_NOT_FOUND"]})
        elif face.user_id is not None:
            failed.append(
                {
                    "FaceId": face_id,
                    "UserId": face.user_id,
                    "Reasons": ["ASSOCIATED_TO_AN_EXISTING_USER"],
                }
            )
        else:
            ctx.state.drop_face(collection_id, face_id)
            deleted.append(face_id)
    return {"DeletedFaces": deleted, "UnsuccessfulFaceDeletions": failed}


def detect_faces(ctx: Context, request: Request) -> Response:
    """Every face in the image (the 100 largest if there are more), in declared order."""
    content = ctx.load_image(request["Image"])
    attributes = request.get("Attributes")
    kept = {id(face) for face in largest_first(content.faces)[:MAX_DETECTED_FACES]}
    return {
        "FaceDetails": [face_detail(face, attributes) for face in content.faces if id(face) in kept]
    }


OPERATIONS: dict[str, Handler] = {
    "IndexFaces": index_faces,
    "ListFaces": list_faces,
    "DeleteFaces": delete_faces,
    "DetectFaces": detect_faces,
}
