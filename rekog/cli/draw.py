"""``rekog draw IMAGE RESULT.json -o out.png``: annotate a picture with a saved result.

The result is the JSON of a response as boto3 returns it (AWS member names) or as
``model_dump_json()`` writes it (snake_case); the operation is inferred from its keys or given
with ``--operation``. Needs Pillow (``pip install "rekog[draw]"``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import RekognitionError
from ._common import UsageError, fail


def add_draw_command(commands: Any) -> None:
    """Add ``rekog draw`` to the top-level subparsers ``commands``."""
    parser = commands.add_parser(
        "draw",
        help="draw a result (DetectFaces, DetectText, ...) on its image",
        description=(
            "Annotate IMAGE with RESULT (a response saved as JSON, as boto3 returns it or as "
            "model_dump_json writes it) and save the picture to OUTPUT."
        ),
    )
    parser.add_argument("image", metavar="IMAGE", help="the picture the result was computed on")
    parser.add_argument("result", metavar="RESULT", help="the response as JSON ('-' for stdin)")
    parser.add_argument(
        "-o", "--output", required=True, help="where to save the picture (.png, .jpg, ...)"
    )
    parser.add_argument(
        "--operation", help="the operation that made RESULT (default: inferred from its keys)"
    )
    parser.add_argument("--source", help="CompareFaces: the source picture, drawn on the left")
    parser.add_argument(
        "--no-legend", action="store_true", help="leave out the legend strip below the picture"
    )
    parser.set_defaults(func=run_draw)


def add_draw_option(parser: argparse.ArgumentParser) -> None:
    """``--draw OUT.png`` on a command whose result has geometry (``rekog detect``, ``search``)."""
    parser.add_argument(
        "--draw",
        metavar="OUT.png",
        help="also save the image annotated with the result (needs Pillow: the draw extra)",
    )


DRAW_HINT = 'needs Pillow: pip install "rekog[draw]"'


def check_drawable(args: argparse.Namespace, image: str) -> None:
    """Refuse a ``--draw`` that could not be saved, before anything is sent (a usage error):
    an ``s3://`` image, no Pillow, an unknown picture format or an unwritable directory."""
    target = getattr(args, "draw", None)
    if not target:
        return
    if image.startswith("s3://"):
        raise UsageError("--draw needs the image as a local file, not s3://")
    check_picture_target(target, "--draw")


def check_picture_target(target: str, option: str) -> None:
    """Pillow is there, and a picture can be written to ``target`` (format and directory)."""
    try:
        from PIL import Image
    except ImportError:
        raise UsageError(f"{option} {DRAW_HINT}") from None
    Image.init()
    path = Path(target)
    suffix = path.suffix.lower()
    if suffix not in Image.registered_extensions():
        raise UsageError(
            f"{option} {target}: {suffix or 'no extension'} is not a picture format "
            "Pillow writes; use .png or .jpg"
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{option} {target}: no such directory {folder}")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{option} {target}: cannot write to {folder}")


def draw_result(args: argparse.Namespace, image: str, result: Any) -> None:
    """Save ``image`` annotated with ``result`` to ``args.draw``, if the option was given
    (checked by :func:`check_drawable` before the call).

    The note goes to stderr, so that ``--output json`` on stdout stays pure JSON.
    """
    target = getattr(args, "draw", None)
    if not target:
        return
    from ..draw import annotate

    picture = annotate(Path(image), result)
    try:
        picture.save(Path(target))
    except (ValueError, OSError) as exc:
        raise UsageError(f"cannot write {target}: {exc}") from None
    print(f"wrote {target} ({picture.width}x{picture.height})", file=sys.stderr)


def run_draw(args: argparse.Namespace) -> int:
    """Run ``rekog draw``; errors are one line on stderr (exit status 2 for a bad argument,
    1 otherwise)."""
    try:
        return _draw(args)
    except BaseException as exc:  # a CLI user gets one line, never a traceback
        if isinstance(exc, (UsageError, KeyboardInterrupt, BrokenPipeError)):
            return fail("rekog draw", exc)
        return fail("rekog draw", RekognitionError(str(exc)))


def _draw(args: argparse.Namespace) -> int:
    check_picture_target(args.output, "-o/--output")
    from ..draw import annotate

    result = _read_result(args.result)
    picture = annotate(
        Path(args.image),
        result,
        source=Path(args.source) if args.source else None,
        operation=args.operation,
        legend=not args.no_legend,
    )
    output = Path(args.output)
    try:
        picture.save(output)
    except (ValueError, OSError) as exc:  # unknown extension, unwritable directory
        raise RuntimeError(f"cannot write {output}: {exc}") from None
    print(f"wrote {output} ({picture.width}x{picture.height})")
    return 0


def _read_result(name: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise RuntimeError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"{name} is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise RuntimeError(
            f"{name} must hold a JSON object (a response), not {type(data).__name__}"
        )
    return data
