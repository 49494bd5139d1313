"""Stable identities of inputs: checkpoint keys and ``ExternalImageId`` values."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from typing import Any

from ..errors import InvalidRequestError

__all__ = ["external_image_id", "input_key"]

_NOT_ALLOWED = re.compile(r"[^a-zA-Z0-9_.\-:]+")


def _bytes_key(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def input_key(item: Any) -> str:
    """The checkpoint key of an input: absolute path, S3 URI, or a hash of the bytes.

    A mapping input (per-item arguments) uses its ``"key"`` entry, else its ``"image"``.
    """
    if isinstance(item, Mapping):
        if "key" in item:
            return str(item["key"])
        if "image" not in item:
            raise InvalidRequestError(
                "inputs", "a mapping input needs an 'image' (or a 'key')", item
            )
        return input_key(item["image"])
    if isinstance(item, str) and item.startswith("s3://"):
        return item
    if isinstance(item, (str, os.PathLike)):
        return os.path.abspath(os.fspath(item))
    if isinstance(item, (bytes, bytearray, memoryview)):
        return _bytes_key(bytes(item))
    from ..models import Image

    if isinstance(item, Image):
        if item.s3_object is not None:
            s3 = item.s3_object
            version = f"?versionId={s3.version}" if s3.version else ""
            return f"s3://{s3.bucket}/{s3.name}{version}"
        if item.bytes is not None:
            return _bytes_key(item.bytes)
    name = getattr(item, "name", None)
    if isinstance(name, str) and hasattr(item, "read"):
        return os.path.abspath(name)
    raise InvalidRequestError(
        "inputs",
        "cannot tell this input's identity: pass paths, s3:// URIs, bytes or an Image",
        type(item).__name__,
    )


def external_image_id(key: str) -> str:
    """A valid, stable ``ExternalImageId`` for the input with checkpoint ``key``.

    The file name (characters outside ``[a-zA-Z0-9_.\\-:]`` become ``_``) and 16 hex digits
    of the key's SHA-256, e.g. ``"alice.jpg:3f2a9c1b0e4d5f6a"``: readable, at most 255
    characters, and distinct for distinct inputs that share a file name.
    """
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    name = "" if key.startswith("sha256:") else re.split(r"[/\\]", key.rstrip("/\\"))[-1]
    readable = _NOT_ALLOWED.sub("_", name)[-200:]
    return f"{readable}:{digest}" if readable else digest
