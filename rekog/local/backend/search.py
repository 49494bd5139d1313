"""SearchFaces, SearchFacesByImage, SearchUsers and SearchUsersByImage.

Similarity between two faces is the perception's (a perceptual-hash distance for the declared
perception, a map of the identity vectors' distance for the vision one); a user's similarity
is the best over its associated faces. Matches below the threshold (``FaceMatchThreshold``
default 80, ``UserMatchThreshold`` default 80) are dropped; the rest are sorted by
similarity, highest first (ties: oldest first) and cut at ``MaxFaces`` / ``MaxUsers``.

Scoring is vectorised: a collection's identities sit in one numpy array (:class:`FaceIndex`,
rebuilt only after its faces change) that the perception scores in one pass, so searching
10,000 faces costs about what 100 do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import invalid_parameter
from ..perception import Identity, Perception
from ..perception.imaging import DetectedFace, ImageContent
from .context import Context, Handler, Request, Response
from .details import face_detail
from .faces import MAX_DETECTED_FACES, largest_first, passes_quality
from .state import FACE_MODEL_VERSION, FaceRecord

DEFAULT_THRESHOLD = 80.0
DEFAULT_MAX_FACES = 4096
DEFAULT_MAX_USERS = 100
_NO_FACES = "There are no faces in the image. Should be at least 1."


@dataclass(frozen=True)
class FaceIndex:
    """A collection's faces as arrays: one vectorised pass scores them all.

    Built on first use and kept in ``State.face_index`` until a face of the collection
    changes. Faces with a user are also kept grouped by user (``by_user``, ``user_starts``)
    so that each user's best similarity is one ``np.maximum.reduceat``, and each user's face
    count is kept (``user_counts``) rather than counted per call.
    """

    perception: Perception
    faces: list[FaceRecord]
    identities: Any  # the perception's array of identities
    seqs: npt.NDArray[np.int64]
    user_ids: list[str]
    user_codes: npt.NDArray[np.int64]  # index into user_ids, -1 for faces without a user
    by_user: npt.NDArray[np.int64]  # positions of faces with a user, grouped by user code
    user_starts: npt.NDArray[np.int64]  # where each user's group starts in by_user
    user_counts: npt.NDArray[np.int64]  # faces per user code
    user_seqs: npt.NDArray[np.int64]  # creation order of each user (ties in rankings)

    @classmethod
    def build(
        cls,
        perception: Perception,
        faces: list[FaceRecord],
        user_seq: dict[str, int] | None = None,
    ) -> FaceIndex:
        """Index ``faces``; ``user_seq`` gives each user's creation order."""
        user_ids = sorted({f.user_id for f in faces if f.user_id is not None})
        code = {uid: i for i, uid in enumerate(user_ids)}
        user_codes = np.fromiter(
            (code.get(f.user_id, -1) if f.user_id else -1 for f in faces),
            np.int64,
            len(faces),
        )
        with_user = np.nonzero(user_codes >= 0)[0]
        by_user = with_user[np.argsort(user_codes[with_user], kind="stable")]
        counts = np.bincount(user_codes[with_user], minlength=len(user_ids)).astype(np.int64)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
        seqs = user_seq or {}
        return cls(
            perception=perception,
            faces=faces,
            identities=perception.index(faces),
            seqs=np.fromiter((f.seq for f in faces), np.int64, len(faces)),
            user_ids=user_ids,
            user_codes=user_codes,
            by_user=by_user,
            user_starts=starts if len(user_ids) else np.zeros(0, np.int64),
            user_counts=counts,
            user_seqs=np.fromiter((seqs.get(u, 0) for u in user_ids), np.int64, len(user_ids)),
        )

    def scores(self, face: Identity) -> npt.NDArray[np.float64]:
        """The similarity of every indexed face to ``face``."""
        return self.perception.scores(self.identities, face)

    def user_scores(self, nearest: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Each user's best similarity, given every face's similarity ``nearest``."""
        return np.maximum.reduceat(nearest[self.by_user], self.user_starts)


def face_index(ctx: Context, collection_id: str) -> FaceIndex:
    """The collection's :class:`FaceIndex` (built now if a face changed since the last one)."""
    index = ctx.state.face_index.get(collection_id)
    if not isinstance(index, FaceIndex) or index.perception is not ctx.perception:
        users = ctx.state.users.get(collection_id, {})
        index = FaceIndex.build(
            ctx.perception,
            list(ctx.state.faces[collection_id].values()),
            {uid: user.seq for uid, user in users.items()},
        )
        ctx.state.face_index[collection_id] = index
    return index


def face_matches(
    ctx: Context,
    collection_id: str,
    face: Identity,
    threshold: float,
    limit: int,
    exclude: str | None = None,
) -> list[dict[str, Any]]:
    """``FaceMatch`` dicts for ``face`` in a collection."""
    index = face_index(ctx, collection_id)
    if not index.faces:
        return []
    all_scores = index.scores(face)
    keep = np.nonzero(all_scores >= threshold)[0]
    scores = all_scores[keep]
    # Highest similarity first; ties: oldest face first.
    order = np.lexsort((index.seqs[keep], -scores))
    matches: list[dict[str, Any]] = []
    for position in order:
        record = index.faces[keep[position]]
        if record.face_id == exclude:
            continue
        if len(matches) >= limit:
            break
        matches.append({"Similarity": float(scores[position]), "Face": record.wire()})
    return matches


def user_matches(
    ctx: Context,
    collection_id: str,
    faces: list[Identity],
    threshold: float,
    limit: int,
    exclude: str | None = None,
) -> list[dict[str, Any]]:
    """``UserMatch`` dicts: users whose faces best match any of ``faces``.

    Vectorised end to end: per-user best similarity by ``reduceat`` over the faces grouped
    by user, threshold and ranking in numpy; Python only builds the ``limit`` answers.
    """
    index = face_index(ctx, collection_id)
    if not faces or not index.user_ids:
        return []
    nearest = index.scores(faces[0])
    for face in faces[1:]:
        nearest = np.maximum(nearest, index.scores(face))
    best = index.user_scores(nearest)
    keep = np.nonzero(best >= threshold)[0]
    # Highest similarity first; ties: oldest user first.
    ranked = keep[np.lexsort((index.user_seqs[keep], -best[keep]))]
    users = ctx.state.users[collection_id]
    matches: list[dict[str, Any]] = []
    for code in ranked:
        if len(matches) >= limit:
            break
        uid = index.user_ids[code]
        user = users.get(uid)
        if uid == exclude or user is None:
            continue
        matches.append(
            {
                "Similarity": float(best[code]),
                "User": {
                    "UserId": uid,
                    "UserStatus": ctx.user_status(user, int(index.user_counts[code])),
                },
            }
        )
    return matches


def _face_by_id(ctx: Context, collection_id: str, face_id: str) -> Any:
    face = ctx.state.faces[collection_id].get(face_id)
    if face is None:
        raise invalid_parameter(
            f"Requested faceId {face_id} does not exist in the collection {collection_id}"
        )
    return face


def _searchable(
    content: ImageContent, quality_filter: str
) -> tuple[DetectedFace, list[dict[str, Any]]]:
    """The largest face passing the filter, and the other faces as ``UnsearchedFace`` dicts.

    Only the 100 largest faces are detected at all, as in DetectFaces.
    """
    ordered = largest_first(content.faces)[:MAX_DETECTED_FACES]
    searched = next((face for face in ordered if passes_quality(face, quality_filter)), None)
    if searched is None:
        raise invalid_parameter(_NO_FACES)
    unsearched: list[dict[str, Any]] = []
    for face in ordered:
        if face is searched:
            continue
        reasons = [] if passes_quality(face, quality_filter) else ["LOW_FACE_QUALITY"]
        if face.box.area <= searched.box.area:
            reasons.insert(0, "FACE_NOT_LARGEST")
        unsearched.append({"FaceDetails": face_detail(face), "Reasons": reasons})
    return searched, unsearched


def search_faces(ctx: Context, request: Request) -> Response:
    """Faces of the collection similar to an indexed face (the face itself excluded)."""
    collection_id, face_id = request["CollectionId"], request["FaceId"]
    ctx.indexed_collection(collection_id)
    face = _face_by_id(ctx, collection_id, face_id)
    matches = face_matches(
        ctx,
        collection_id,
        face,
        request.get("FaceMatchThreshold", DEFAULT_THRESHOLD),
        request.get("MaxFaces", DEFAULT_MAX_FACES),
        exclude=face_id,
    )
    return {
        "SearchedFaceId": face_id,
        "FaceMatches": matches,
        "FaceModelVersion": FACE_MODEL_VERSION,
    }


def search_faces_by_image(ctx: Context, request: Request) -> Response:
    """Faces of the collection similar to the largest face of an image."""
    collection_id = request["CollectionId"]
    ctx.indexed_collection(collection_id)
    content = ctx.load_image(request["Image"])
    face, _ = _searchable(content, request.get("QualityFilter", "NONE"))
    matches = face_matches(
        ctx,
        collection_id,
        face,
        request.get("FaceMatchThreshold", DEFAULT_THRESHOLD),
        request.get("MaxFaces", DEFAULT_MAX_FACES),
    )
    return {
        "SearchedFaceBoundingBox": face.box.wire(),
        "SearchedFaceConfidence": face.confidence,
        "FaceMatches": matches,
        "FaceModelVersion": FACE_MODEL_VERSION,
    }


def search_users(ctx: Context, request: Request) -> Response:
    """Users matching a user's faces (``UserId``) or one indexed face (``FaceId``)."""
    collection_id = request["CollectionId"]
    ctx.indexed_collection(collection_id)
    user_id, face_id = request.get("UserId"), request.get("FaceId")
    if (user_id is None) == (face_id is None):
        raise invalid_parameter("Exactly one of UserId and FaceId must be provided")
    threshold = request.get("UserMatchThreshold", DEFAULT_THRESHOLD)
    limit = request.get("MaxUsers", DEFAULT_MAX_USERS)
    response: Response = {"FaceModelVersion": FACE_MODEL_VERSION}
    if user_id is not None:
        ctx.user(collection_id, user_id)
        faces: list[Identity] = [
            f for f in ctx.state.faces[collection_id].values() if f.user_id == user_id
        ]
        response["UserMatches"] = (
            user_matches(ctx, collection_id, faces, threshold, limit, exclude=user_id)
            if faces
            else []
        )
        response["SearchedUser"] = {"UserId": user_id}
    else:
        face = _face_by_id(ctx, collection_id, face_id or "")
        response["UserMatches"] = user_matches(ctx, collection_id, [face], threshold, limit)
        response["SearchedFace"] = {"FaceId": face_id}
    return response


def search_users_by_image(ctx: Context, request: Request) -> Response:
    """Users matching the largest face of an image; other faces are ``UnsearchedFaces``."""
    collection_id = request["CollectionId"]
    ctx.indexed_collection(collection_id)
    content = ctx.load_image(request["Image"])
    face, unsearched = _searchable(content, request.get("QualityFilter", "NONE"))
    matches = user_matches(
        ctx,
        collection_id,
        [face],
        request.get("UserMatchThreshold", DEFAULT_THRESHOLD),
        request.get("MaxUsers", DEFAULT_MAX_USERS),
    )
    return {
        "UserMatches": matches,
        "FaceModelVersion": FACE_MODEL_VERSION,
        "SearchedFace": {"FaceDetail": face_detail(face)},
        "UnsearchedFaces": unsearched,
    }


OPERATIONS: dict[str, Handler] = {
    "SearchFaces": search_faces,
    "SearchFacesByImage": search_faces_by_image,
    "SearchUsers": search_users,
    "SearchUsersByImage": search_users_by_image,
}
