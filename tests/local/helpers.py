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
