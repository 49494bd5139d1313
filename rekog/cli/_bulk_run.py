"""What a command that works through many images needs besides the bulk run itself: a probe
before it starts, a stop at the first error that would fail every image, and the progress bar
option (with a word when tqdm is missing)."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from typing import TYPE_CHECKING

from ..errors import (
    ConfigurationError,
    ConnectionFailedError,
    RekognitionError,
    ServiceError,
)

if TYPE_CHECKING:
    from rekog import Rekognition

__all__ = [
    "StopEverything",
    "fails_every_item",
    "one_line",
    "probe_collection",
    "progress_option",
]

#: Service error codes that no other image would escape: the collection, the identity or the
#: permission is wrong, not the image.
_EVERY_ITEM_CODES = frozenset(
    {
        "ResourceNotFoundException",
        "AccessDeniedException",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "InvalidClientTokenId",
        "ExpiredTokenException",
        "ExpiredToken",
        "MissingAuthenticationTokenException",
    }
)


class StopEverything(RekognitionError):
    """The run stopped at an error that would fail every other image too."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(f"stopped: {one_line(cause)} (it would fail every image the same way)")


def fails_every_item(error: BaseException) -> bool:
    """Whether ``error`` says nothing about one image but about the whole run."""
    if isinstance(error, (ConfigurationError, ConnectionFailedError)):
        return True
    return isinstance(error, ServiceError) and error.code in _EVERY_ITEM_CODES


def probe_collection(rk: Rekognition, collection_id: str) -> None:
    """Describe the collection once before a run: an error that would fail every image is
    raised now, with nothing indexed. A probe refused for its own permission
    (``rekognition:DescribeCollection``) proves nothing about ``IndexFaces``: it is ignored."""
    try:
        rk.describe_collection(collection_id=collection_id)
    except ServiceError as error:
        if error.code == "AccessDeniedException":
            return
        raise


def one_line(error: BaseException) -> str:
    """``error`` as one line."""
    return " ".join(str(error).split()) or type(error).__name__


def progress_option(args: argparse.Namespace) -> bool | None:
    """The bulk run's ``progress``: off with ``--no-progress``; otherwise on a terminal, with
    one line saying why there is no bar when tqdm is not installed."""
    if args.no_progress:
        return False
    if sys.stderr.isatty() and importlib.util.find_spec("tqdm") is None:
        print(
            f'{args.prog}: no progress bar: it needs tqdm (pip install "rekog[bulk]")',
            file=sys.stderr,
        )
        return False
    return None
