"""CreateUser, DeleteUser, ListUsers, AssociateFaces and DisassociateFaces."""

from __future__ import annotations

from typing import Any

from ..errors import RekognitionError
from .context import Context, Handler, Request, Response, page_size
from .state import UserRecord


def create_user(ctx: Context, request: Request) -> Response:
    """Create a user (status ``CREATED`` until it has faces); a duplicate is ``ConflictException``.

    Repeating the call with the same ``ClientRequestToken`` is not a duplicate: the backend
    replays the first response.
    """
    collection_id, user_id = request["CollectionId"], request["UserId"]
    ctx.collection(collection_id)
    if user_id in ctx.state.users[collection_id]:
        raise RekognitionError(
            "ConflictException", f"The user id: {user_id} already exists in the collection"
        )
    ctx.state.put_user(
        collection_id, UserRecord(user_id, ctx.state.next("user-seq"), ctx.clock.now())
    )
    return {}


def delete_user(ctx: Context, request: Request) -> Response:
    """Delete a user; its faces stay in the collection, no longer associated."""
    collection_id, user_id = request["CollectionId"], request["UserId"]
    ctx.user(collection_id, user_id)
    for face in list(ctx.state.faces[collection_id].values()):
        if face.user_id == user_id:
            face.user_id = None
            ctx.state.put_face(collection_id, face)
    ctx.state.drop_user(collection_id, user_id)
    return {}


def list_users(ctx: Context, request: Request) -> Response:
    """Users in creation order with their status; ``MaxResults`` (default 100, max 500) per page."""
    collection_id = request["CollectionId"]
    ctx.collection(collection_id)
    scope = {"o": "ListUsers", "c": collection_id}
    token = ctx.read_token(request, scope)
    after = token["after"] if token else 0
    users = sorted(
        (u for u in ctx.state.users[collection_id].values() if u.seq > after), key=lambda u: u.seq
    )
    size = page_size(request, 100, 500)
    counts = ctx.user_face_counts(collection_id)
    response: Response = {
        "Users": [
            {"UserId": u.user_id, "UserStatus": ctx.user_status(u, counts[u.user_id])}
            for u in users[:size]
        ]
    }
    if len(users) > size:
        response["NextToken"] = ctx.page_token({**scope, "after": users[size - 1].seq})
    return response


def associate_faces(ctx: Context, request: Request) -> Response:
    """Associate faces with a user.

    A face that does not exist is ``FACE_NOT_FOUND``; one that belongs to another user is
    ``ASSOCIATED_TO_A_DIFFERENT_USER``; one already associated with this user is ignored
    (not returned); if the user already has faces, a new face must match
    one of them with at least ``UserMatchThreshold`` (default 75) similarity, else
    ``LOW_MATCH_CONFIDENCE``. A user holds at most ``max_faces_per_user`` (100) faces.
    """
    collection_id, user_id = request["CollectionId"], request["UserId"]
    ctx.indexed_collection(collection_id)
    user = ctx.user(collection_id, user_id)
    faces = ctx.state.faces[collection_id]
    existing = [f for f in faces.values() if f.user_id == user_id]
    threshold = request.get("UserMatchThreshold", 75.0)
    associated: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    to_add = []
    for face_id in dict.fromkeys(request["FaceIds"]):
        face = faces.get(face_id)
        if face is None:
            failed.append({"FaceId": face_id, "Reasons": ["FACE_NOT_FOUND"]})
        elif face.user_id == user_id:
            continue  # "already associated ... ignored" (AssociateFaces API reference)
        elif face.user_id is not None:
            failed.append(
                {
                    "FaceId": face_id,
                    "UserId": face.user_id,
                    "Reasons": ["ASSOCIATED_TO_A_DIFFERENT_USER"],
                }
            )
        else:
            best = max((ctx.perception.similarity(face, e) for e in existing), default=100.0)
            if best < threshold:
                failed.append(
                    {
                        "FaceId": face_id,
                        "UserId": user_id,
                        "Confidence": best,
                        "Reasons": ["LOW_MATCH_CONFIDENCE"],
                    }
                )
            else:
                to_add.append(face)
    if len(existing) + len(to_add) > ctx.config.max_faces_per_user:
        raise RekognitionError(
            "ServiceQuotaExceededException",
            f"A user can have at most {ctx.config.max_faces_per_user} associated faces",
        )
    for face in to_add:
        face.user_id = user_id
        ctx.state.put_face(collection_id, face)
        associated.append({"FaceId": face.face_id})
    if to_add:
        user.updating_until = ctx.clock.now() + ctx.config.user_update_seconds
        ctx.state.put_user(collection_id, user)
    status = ctx.user_status(user, len(existing) + len(to_add))
    return {
        "AssociatedFaces": associated,
        "UnsuccessfulFaceAssociations": failed,
        "UserStatus": status,
    }


def disassociate_faces(ctx: Context, request: Request) -> Response:
    """Remove faces from a user.

    A missing face is ``FACE_NOT_FOUND``, one of another user ``ASSOCIATED_TO_A_DIFFERENT_USER``;
    a face associated with no user is ignored, as the DisassociateFaces API reference says of
    faces "not already associated".
    """
    collection_id, user_id = request["CollectionId"], request["UserId"]
    user = ctx.user(collection_id, user_id)
    faces = ctx.state.faces[collection_id]
    done: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for face_id in dict.fromkeys(request["FaceIds"]):
        face = faces.get(face_id)
        if face is None:
            failed.append({"FaceId": face_id, "Reasons": ["FACE_NOT_FOUND"]})
        elif face.user_id is None:
            continue
        elif face.user_id != user_id:
            failed.append(
                {
                    "FaceId": face_id,
                    "UserId": face.user_id,
                    "Reasons": ["ASSOCIATED_TO_A_DIFFERENT_USER"],
                }
            )
        else:
            face.user_id = None
            ctx.state.put_face(collection_id, face)
            done.append({"FaceId": face_id})
    if done:
        user.updating_until = ctx.clock.now() + ctx.config.user_update_seconds
        ctx.state.put_user(collection_id, user)
    remaining = sum(1 for f in faces.values() if f.user_id == user_id)
    status = ctx.user_status(user, remaining)
    return {
        "DisassociatedFaces": done,
        "UnsuccessfulFaceDisassociations": failed,
        "UserStatus": status,
    }


OPERATIONS: dict[str, Handler] = {
    "CreateUser": create_user,
    "DeleteUser": delete_user,
    "ListUsers": list_users,
    "AssociateFaces": associate_faces,
    "DisassociateFaces": disassociate_faces,
}
