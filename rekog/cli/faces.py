"""``rekog faces index|list``: index many images (bulk, with progress and resume), list faces."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from ._bulk_run import (
    StopEverything,
    fails_every_item,
    one_line,
    probe_collection,
    progress_option,
)
from ._common import UsageError, add_client_options, command, emit, make_client
from ._paths import check_paths, expand_paths

__all__ = ["add_faces_commands"]


def add_faces_commands(commands: Any) -> None:
    """Add ``rekog faces ...`` to the top-level subparsers ``commands``."""
    group = commands.add_parser("faces", help="faces in a collection")
    sub = group.add_subparsers(dest="faces_command", metavar="COMMAND", required=True)

    index = sub.add_parser(
        "index",
        help="index the faces of many images, at the quota, with progress and resume",
        description="Index every image the PATHs name: files, directories (recursively: .jpg, "
        ".jpeg, .png), globs ('photos/**/*.jpg') and s3://bucket/prefix/. Each image's "
        "ExternalImageId is derived from its path. With --checkpoint, a rerun skips the "
        "images already indexed.",
    )
    index.add_argument("collection_id", metavar="COLLECTION")
    index.add_argument("paths", metavar="PATH", nargs="+")
    index.add_argument("--checkpoint", metavar="FILE", help="record progress here; a rerun resumes")
    index.add_argument("--max-faces", type=int, help="index at most this many faces per image")
    index.add_argument("--quality-filter", choices=("NONE", "AUTO", "LOW", "MEDIUM", "HIGH"))
    index.add_argument("--rate", type=float, help="calls per second at most (default: adaptive)")
    index.add_argument("--fixed-rate", action="store_true", help="keep to --rate, no adaptation")
    index.add_argument("--concurrency", type=int, default=8, help="calls in flight (default: 8)")
    index.add_argument("--no-progress", action="store_true", help="no progress bar")
    index.add_argument(
        "-v", "--verbose", action="store_true", help="log throttling and rate changes to stderr"
    )
    index.add_argument("--s3-endpoint-url", help="list s3:// prefixes at this endpoint")
    add_client_options(index)
    index.set_defaults(func=_index, prog="rekog faces index")

    listing = sub.add_parser("list", help="list the faces of a collection")
    listing.add_argument("collection_id", metavar="COLLECTION")
    listing.add_argument("--user-id", help="only this user's faces")
    listing.add_argument("--max-items", type=int, help="at most this many faces")
    add_client_options(listing)
    listing.set_defaults(func=_list, prog="rekog faces list")


@command
def _index(args: argparse.Namespace) -> int:
    check_paths(args.paths)
    if args.verbose:
        logging.basicConfig(format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
        logging.getLogger("rekog.bulk").setLevel(logging.INFO)
    rk = make_client(args)

    def s3_client() -> Any:
        import boto3

        session = boto3.session.Session(profile_name=getattr(args, "profile", None))
        return session.client(
            "s3", region_name=rk.client.meta.region_name, endpoint_url=args.s3_endpoint_url
        )

    # Listed up front: the progress bar gets its total, and no image at all is an error.
    images = list(expand_paths(args.paths, s3_client))
    if not images:
        raise UsageError(f"no .jpg/.jpeg/.png image in {' '.join(args.paths)}")
    # One cheap call first: a missing collection, bad credentials or an unreachable endpoint
    # would fail every image, so they end the command before the run starts.
    probe_collection(rk, args.collection_id)
    options: dict[str, Any] = {
        "concurrency": args.concurrency,
        "rate": args.rate,
        "adaptive": not args.fixed_rate,
        "checkpoint": args.checkpoint,
        "progress": progress_option(args),
        "max_faces": args.max_faces,
        "quality_filter": args.quality_filter,
    }
    run = rk.bulk.index_faces(images, collection_id=args.collection_id, **options)
    failures: list[dict[str, Any]] = []
    faces = 0
    outcomes = iter(run)
    try:
        for outcome in outcomes:
            if outcome.error is not None:
                if fails_every_item(outcome.error):
                    raise StopEverything(outcome.error) from None
                failures.append({"Input": str(outcome.input), "Error": one_line(outcome.error)})
                if args.output == "table":
                    print(f"failed: {outcome.input}: {failures[-1]['Error']}", file=sys.stderr)
            elif outcome.result is not None:
                faces += len(outcome.result.face_records)
    finally:
        # Closing the run drops the images not yet sent (and waits for those in flight).
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()
    summary = run.summary
    data = {
        "Succeeded": summary.succeeded,
        "Failed": summary.failed,
        "Skipped": summary.skipped,
        "FacesIndexed": faces,
        "Seconds": round(summary.elapsed, 3),
        "Throttled": summary.throttles,
        "Failures": failures,
    }
    emit(
        args,
        data,
        [[summary.succeeded, summary.failed, summary.skipped, faces, f"{summary.elapsed:.1f}s"]],
        ["Succeeded", "Failed", "Skipped", "FacesIndexed", "Time"],
    )
    return 1 if summary.failed else 0


@command
def _list(args: argparse.Namespace) -> int:
    rk = make_client(args)
    faces = list(
        rk.paginate.list_faces(
            collection_id=args.collection_id, user_id=args.user_id, max_items=args.max_items
        )
    )
    rows = [[f.face_id, f.external_image_id, f.image_id, f.user_id, f.confidence] for f in faces]
    emit(
        args,
        {"Faces": faces},
        rows,
        ["FaceId", "ExternalImageId", "ImageId", "UserId", "Confidence"],
    )
    return 0
