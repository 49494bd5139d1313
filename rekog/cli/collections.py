"""``rekog collections create|list|describe|delete``."""

from __future__ import annotations

import argparse
from typing import Any

from ._common import UsageError, add_client_options, command, emit, make_client

__all__ = ["add_collections_commands"]


def add_collections_commands(commands: Any) -> None:
    """Add ``rekog collections ...`` to the top-level subparsers ``commands``."""
    group = commands.add_parser("collections", help="face collections")
    sub = group.add_subparsers(dest="collections_command", metavar="COMMAND", required=True)

    create = sub.add_parser("create", help="create a collection")
    create.add_argument("collection_id", metavar="COLLECTION")
    create.add_argument(
        "--tag", action="append", default=[], metavar="KEY=VALUE", help="a tag (repeatable)"
    )
    add_client_options(create)
    create.set_defaults(func=_create, prog="rekog collections create")

    listing = sub.add_parser("list", help="list collections")
    add_client_options(listing)
    listing.set_defaults(func=_list, prog="rekog collections list")

    describe = sub.add_parser("describe", help="describe a collection")
    describe.add_argument("collection_id", metavar="COLLECTION")
    add_client_options(describe)
    describe.set_defaults(func=_describe, prog="rekog collections describe")

    delete = sub.add_parser("delete", help="delete a collection and its faces")
    delete.add_argument("collection_id", metavar="COLLECTION")
    add_client_options(delete)
    delete.set_defaults(func=_delete, prog="rekog collections delete")


def _tags(values: list[str]) -> dict[str, str] | None:
    tags = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key:
            raise UsageError(f"--tag takes KEY=VALUE, got {value!r}")
        tags[key] = text
    return tags or None


@command
def _create(args: argparse.Namespace) -> int:
    created = make_client(args).create_collection(
        collection_id=args.collection_id, tags=_tags(args.tag)
    )
    emit(
        args,
        created,
        [[args.collection_id, created.collection_arn, created.face_model_version]],
        ["CollectionId", "Arn", "FaceModelVersion"],
    )
    return 0


@command
def _list(args: argparse.Namespace) -> int:
    rk = make_client(args)
    pages = list(rk.paginate.list_collections().pages())
    ids = [cid for page in pages for cid in page.collection_ids]
    versions = [v for page in pages for v in page.face_model_versions]
    emit(
        args,
        {"CollectionIds": ids, "FaceModelVersions": versions},
        zip(ids, versions, strict=False),
        ["CollectionId", "FaceModelVersion"],
    )
    return 0


@command
def _describe(args: argparse.Namespace) -> int:
    described = make_client(args).describe_collection(collection_id=args.collection_id)
    rows = [
        [
            args.collection_id,
            described.face_count,
            described.user_count,
            described.face_model_version,
            described.creation_timestamp,
        ]
    ]
    emit(args, described, rows, ["CollectionId", "Faces", "Users", "FaceModelVersion", "Created"])
    return 0


@command
def _delete(args: argparse.Namespace) -> int:
    deleted = make_client(args).delete_collection(collection_id=args.collection_id)
    emit(args, deleted, [[args.collection_id, "deleted"]], ["CollectionId", "Status"])
    return 0
