"""TagResource, UntagResource and ListTagsForResource on every taggable resource.

The service tags collections, Custom Labels projects and model versions, and stream
processors (the operations' API reference: "the model, collection, or stream processor"; a
project takes ``Tags`` at creation). Tags given at creation are the same tags. A resource
holds at most 50 tags ("Guidelines and quotas": user-defined tags per resource), else
``ServiceQuotaExceededException``; an ARN naming nothing that exists is
``ResourceNotFoundException``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ..errors import not_found
from . import lifecycle, projects, stream_processors
from .context import Context, Handler, Request, Response

MAX_TAGS = lifecycle.MAX_TAGS


def _tags_of(ctx: Context, arn: str) -> tuple[dict[str, str], Callable[[], None]]:
    """The resource's tag dict (changed in place) and how to save the resource after."""
    bare = arn.removeprefix("arn:")  # collection ARNs are returned without "arn:"
    for collection in ctx.state.collections.values():
        if collection.arn.removeprefix("arn:") == bare:
            return collection.tags, partial(ctx.state.put_collection, collection)
    store = lifecycle.resources(ctx)
    for kind in (projects.PROJECTS, projects.VERSIONS):
        entry = store.table(kind).get(arn)
        if entry is not None:
            return entry.setdefault("tags", {}), partial(store.put, kind, arn, entry)
    for name, entry in store.table(stream_processors.KIND).items():
        if entry["arn"] == arn:
            return entry.setdefault("tags", {}), partial(
                store.put, stream_processors.KIND, name, entry
            )
    raise not_found(f"The resource {arn} does not exist")


def tag_resource(ctx: Context, request: Request) -> Response:
    """Add or replace tags; more than :data:`MAX_TAGS` in all is refused."""
    tags, save = _tags_of(ctx, request["ResourceArn"])
    lifecycle.check_tag_count({**tags, **request["Tags"]})
    tags.update(request["Tags"])
    save()
    return {}


def untag_resource(ctx: Context, request: Request) -> Response:
    """Remove tags by key (keys it does not have are ignored)."""
    tags, save = _tags_of(ctx, request["ResourceArn"])
    for key in request["TagKeys"]:
        tags.pop(key, None)
    save()
    return {}


def list_tags_for_resource(ctx: Context, request: Request) -> Response:
    """The resource's tags."""
    tags, _ = _tags_of(ctx, request["ResourceArn"])
    return {"Tags": dict(tags)}


OPERATIONS: dict[str, Handler] = {
    "TagResource": tag_resource,
    "UntagResource": untag_resource,
    "ListTagsForResource": list_tags_for_resource,
}
