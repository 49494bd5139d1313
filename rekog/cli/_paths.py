"""Expand ``PATH...`` arguments into images: files, directories, globs, ``s3://bucket/prefix/``."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ._common import UsageError

__all__ = ["IMAGE_SUFFIXES", "check_paths", "expand_paths"]

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


def _is_image(name: str) -> bool:
    return name.lower().endswith(IMAGE_SUFFIXES)


def check_paths(paths: Sequence[str]) -> None:
    """Refuse, before anything is sent, a local path that is not there and a glob that
    matches nothing."""
    for path in paths:
        if path.startswith("s3://"):
            bucket = path[5:].split("/", 1)[0]
            if not bucket:
                raise UsageError(f"expected s3://bucket/prefix/, got {path!r}")
        elif glob.has_magic(path):
            if next(glob.iglob(path, recursive=True), None) is None:
                raise UsageError(f"no file matches {path}")
        elif not os.path.exists(path):
            raise UsageError(f"no such file or directory: {path}")


def expand_paths(paths: Sequence[str], s3_client: Callable[[], Any]) -> Iterator[str]:
    """Yield every image the arguments name, lazily (a directory or a bucket can be huge)."""
    for path in paths:
        if path.startswith("s3://"):
            yield from _s3_images(path, s3_client())
        elif glob.has_magic(path):
            for match in sorted(glob.iglob(path, recursive=True)):
                yield from _local(match, explicit=False)
        else:
            yield from _local(path, explicit=True)


def _local(path: str, explicit: bool) -> Iterator[str]:
    if os.path.isdir(path):
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                if _is_image(name):
                    yield os.path.join(root, name)
    elif explicit or _is_image(path):
        yield path  # a file named explicitly is sent whatever its name


def _s3_images(uri: str, client: Any) -> Iterator[str]:
    bucket, _, prefix = uri[5:].partition("/")
    paginator = client.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            if _is_image(item["Key"]):
                yield f"s3://{bucket}/{item['Key']}"
