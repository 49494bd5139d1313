"""``rekog users create|associate|list``."""

from __future__ import annotations

import argparse
from typing import Any

from ._common import add_client_options, command, emit, make_client

__all__ = ["add_users_commands"]


def add_users_commands(commands: Any) -> None:
    """Add ``rekog users ...`` to the top-level subparsers ``commands``."""
    group = commands.add_parser("users", help="users in a collection")
    sub = group.add_subparsers(dest="users_command", metavar="COMMAND", required=True)

    create = sub.add_parser("create", help="create a user")
    create.add_argument("collection_id", metavar="COLLECTION")
    create.add_argument("user_id", metavar="USER")
    add_client_options(create)
    create.set_defaults(func=_create, prog="rekog users create")

    associate = sub.add_parser("associate", help="associate faces with a user")
    associate.add_argument("collection_id", metavar="COLLECTION")
    associate.add_argument("user_id", metavar="USER")
    associate.add_argument("face_ids", metavar="FACE_ID", nargs="+")
    associate.add_argument("--threshold", type=float, help="UserMatchThreshold")
    add_client_options(associate)
    associate.set_defaults(func=_associate, prog="rekog users associate")

    listing = sub.add_parser("list", help="list the users of a collection")
    listing.add_argument("collection_id", metavar="COLLECTION")
    add_client_options(listing)
    listing.set_defaults(func=_list, prog="rekog users list")


@command
def _create(args: argparse.Namespace) -> int:
    created = make_client(args).create_user(collection_id=args.collection_id, user_id=args.user_id)
    emit(args, created, [[args.user_id, "created"]], ["UserId", "Status"])
    return 0


@command
def _associate(args: argparse.Namespace) -> int:
    result = make_client(args).associate_faces(
        collection_id=args.collection_id,
        user_id=args.user_id,
        face_ids=args.face_ids,
        user_match_threshold=args.threshold,
    )
    rows: list[list[Any]] = [[f.face_id, "associated", ""] for f in result.associated_faces]
    rows += [
        [f.face_id, "unsuccessful", ",".join(str(r.value) for r in f.reasons)]
        for f in result.unsuccessful_face_associations
    ]
    emit(args, result, rows, ["FaceId", "Result", "Reasons"])
    return 0 if not result.unsuccessful_face_associations else 1


@command
def _list(args: argparse.Namespace) -> int:
    users = list(make_client(args).paginate.list_users(collection_id=args.collection_id))
    emit(args, {"Users": users}, [[u.user_id, u.user_status] for u in users], ["UserId", "Status"])
    return 0
