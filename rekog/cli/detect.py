"""``rekog detect text|labels|faces|moderation IMAGE``."""

from __future__ import annotations

import argparse
from typing import Any

from ._common import add_client_options, command, emit, make_client
from .draw import add_draw_option, check_drawable, draw_result

__all__ = ["add_detect_commands"]


def add_detect_commands(commands: Any) -> None:
    """Add ``rekog detect ...`` to the top-level subparsers ``commands``."""
    group = commands.add_parser("detect", help="analyse one image")
    sub = group.add_subparsers(dest="detect_command", metavar="KIND", required=True)
    for kind, help_text in (
        ("text", "lines and words of text"),
        ("labels", "objects, scenes and concepts"),
        ("faces", "faces and their attributes"),
        ("moderation", "unsafe content"),
    ):
        parser = sub.add_parser(kind, help=help_text)
        parser.add_argument("image", metavar="IMAGE", help="a file or s3://bucket/key")
        if kind in ("labels", "moderation"):
            parser.add_argument("--min-confidence", type=float, help="drop labels below this")
        if kind == "labels":
            parser.add_argument("--max-labels", type=int, help="at most this many labels")
        if kind == "faces":
            parser.add_argument("--all-attributes", action="store_true", help="every attribute")
        add_client_options(parser)
        if kind != "moderation":  # moderation labels carry no boxes to draw
            add_draw_option(parser)
        parser.set_defaults(func=_detect, kind=kind, prog=f"rekog detect {kind}")


@command
def _detect(args: argparse.Namespace) -> int:
    check_drawable(args, args.image)
    rk = make_client(args)
    if args.kind == "text":
        text = rk.detect_text(image=args.image)
        rows = [
            [t.type, t.id, t.parent_id, t.detected_text, t.confidence] for t in text.text_detections
        ]
        emit(args, text, rows, ["Type", "Id", "ParentId", "Text", "Confidence"])
        draw_result(args, args.image, text)
    elif args.kind == "labels":
        labels = rk.detect_labels(
            image=args.image, min_confidence=args.min_confidence, max_labels=args.max_labels
        )
        emit(
            args,
            labels,
            [[label.name, label.confidence] for label in labels.labels],
            ["Label", "Confidence"],
        )
        draw_result(args, args.image, labels)
    elif args.kind == "faces":
        faces = rk.detect_faces(
            image=args.image, attributes=["ALL"] if args.all_attributes else None
        )
        rows = [
            [
                f.bounding_box.left,
                f.bounding_box.top,
                f.bounding_box.width,
                f.bounding_box.height,
                f.confidence,
            ]
            for f in faces.face_details
            if f.bounding_box is not None
        ]
        emit(args, faces, rows, ["Left", "Top", "Width", "Height", "Confidence"])
        draw_result(args, args.image, faces)
    else:
        moderation = rk.detect_moderation_labels(
            image=args.image, min_confidence=args.min_confidence
        )
        rows = [[m.name, m.parent_name, m.confidence] for m in moderation.moderation_labels]
        emit(
            args,
            moderation,
            rows,
            ["Label", "Parent", "Confidence"],
            empty="no moderation labels (nothing unsafe found)",
        )
    return 0
