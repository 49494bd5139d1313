"""CreateCollection, DeleteCollection, DescribeCollection, ListCollections."""

from __future__ import annotations

from ..errors import RekognitionError
from .context import Context, Handler, Request, Response, page_size
from .lifecycle import check_tag_count
from .state import FACE_MODEL_VERSION, CollectionRecord


def create_collection(ctx: Context, request: Request) -> Response:
    """Create an empty collection; a duplicate id is ``ResourceAlreadyExistsException``."""
    collection_id = request["CollectionId"]
    if collection_id in ctx.state.collections:
        raise RekognitionError(
            "ResourceAlreadyExistsException", f"The collection id: {collection_id} already exists"
        )
    check_tag_count(dict(request.get("Tags") or {}))
    arn = f"aws:rekognition:{ctx.config.region}:{ctx.config.account_id}:collection/{collection_id}"
    ctx.state.put_collection(
        CollectionRecord(
            collection_id,
            arn,
            ctx.clock.now(),
            tags=dict(request.get("Tags") or {}),
            perception=ctx.perception.name,
        )
    )
    return {"StatusCode": 200, "CollectionArn": arn, "FaceModelVersion": FACE_MODEL_VERSION}


def delete_collection(ctx: Context, request: Request) -> Response:
    """Delete a collection with its faces and users."""
    ctx.collection(request["CollectionId"])
    ctx.state.drop_collection(request["CollectionId"])
    return {"StatusCode": 200}


def describe_collection(ctx: Context, request: Request) -> Response:
    """Face and user counts, model version, ARN and creation time."""
    record = ctx.collection(request["CollectionId"])
    return {
        "FaceCount": len(ctx.state.faces[record.collection_id]),
        "FaceModelVersion": record.face_model_version,
        "CollectionARN": record.arn,
        "CreationTimestamp": record.created,
        "UserCount": len(ctx.state.users[record.collection_id]),
    }


def list_collections(ctx: Context, request: Request) -> Response:
    """Collection ids in name order, ``MaxResults`` (default 1000) per page."""
    token = ctx.read_token(request, {"o": "ListCollections"})
    after = token["after"] if token else None
    ids = sorted(cid for cid in ctx.state.collections if after is None or cid > after)
    size = page_size(request, 1000, 4096)
    page = ids[:size]
    response: Response = {
        "CollectionIds": page,
        "FaceModelVersions": [ctx.state.collections[cid].face_model_version for cid in page],
    }
    if len(ids) > size:
        response["NextToken"] = ctx.page_token({"o": "ListCollections", "after": page[-1]})
    return response


OPERATIONS: dict[str, Handler] = {
    "CreateCollection": create_collection,
    "DeleteCollection": delete_collection,
    "DescribeCollection": describe_collection,
    "ListCollections": list_collections,
}
