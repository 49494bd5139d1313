"""Marks for tests of an optional extra, run where the extra is installed.

The full suite installs every extra, so nothing skips there; the support matrix's core
sessions install only the core and the emulator, and its extras session runs the rest.
"""

from __future__ import annotations

import importlib.util

import pytest

requires_async_extra = pytest.mark.skipif(
    importlib.util.find_spec("aiobotocore") is None,
    reason="the async extra (aiobotocore) is not installed (the full suite installs it)",
)

requires_dev_tools = pytest.mark.skipif(
    importlib.util.find_spec("ruff") is None,
    reason="needs the development tools (ruff formats generated code): the full suite has them",
)
