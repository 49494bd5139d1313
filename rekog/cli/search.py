"""``rekog search COLLECTION IMAGE``: the faces (or users, ``--users``) an image matches."""

from __future__ import annotations

import argparse
from typing import Any

from ._common import add_client_options, command, emit, make_client
from .draw import add_draw_option, check_drawable, draw_result

__all__ = ["add_search_command"]


def add_search_command(commands: Any) -> None:
    """Add ``rekog search`` to the top-level subparsers ``commands``."""
    search = commands.add_parser(
        "search", help="search a collection for the largest face in an image"
    )
    search.add_argument("collection_id", metavar="COLLECTION")
    search.add_argument("image", metavar="IMAGE", help="a file or s3://bucket/key")
    search.add_argument("--users", action="store_true", help="match users, not faces")
    search.add_argument("--max", type=int, dest="maximum", help="at most this many matches")
    search.add_argument("--threshold", type=float, help="minimum similarity (default: 80)")
    add_client_options(search)
    add_draw_option(search)
    search.set_defaults(func=_search, prog="rekog search")


@command
def _search(args: argparse.Namespace) -> int:
    check_drawable(args, args.image)
    rk = make_client(args)
    if args.users:
        users = rk.search_users_by_image(
            collection_id=args.collection_id,
            image=args.image,
            max_users=args.maximum,
            user_match_threshold=args.threshold,
        )
        rows = [[m.user.user_id if m.user else None, m.similarity] for m in users.user_matches]
        emit(args, users, rows, ["UserId", "Similarity"])
        draw_result(args, args.image, users)
        return 0
    faces = rk.search_faces_by_image(
        collection_id=args.collection_id,
        image=args.image,
        max_faces=args.maximum,
        face_match_threshold=args.threshold,
    )
    rows = [
        [m.face.face_id, m.face.external_image_id, m.face.user_id, m.similarity]
        for m in faces.face_matches
        if m.face is not None
    ]
    emit(args, faces, rows, ["FaceId", "ExternalImageId", "UserId", "Similarity"])
    draw_result(args, args.image, faces)
    return 0
