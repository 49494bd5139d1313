"""Small helpers shared by the emulator tests."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError


def error_code(call: Callable[..., Any], /, **kwargs: Any) -> str:
    """Call and return the AWS error code it fails with."""
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    code: str = info.value.response["Error"]["Code"]
    return code


def set_project_version_status(emulator: Any, arn: str, status: str) -> None:
    """Put a Custom Labels model version ``arn`` in ``status`` straight into the lifecycle table.

    A shortcut past training and hosting for image-operation tests; the lifecycle itself is
    tested in test_lifecycles.py.
    """
    from rekog.local.backend import lifecycle, projects

    table = lifecycle.resources(emulator.backend._ctx)
    table.put(projects.VERSIONS, arn, {"arn": arn, "status": status, "pending": []})


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 64, 9)  # a few rows; the rest is "missing"
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )
