"""Small helpers shared by the emulator tests."""

from __future__ import annotations

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
