"""Which rekog the tests exercise: the support matrix's wheel sessions must test the install."""

from __future__ import annotations

import os
from pathlib import Path

import rekog

ROOT = Path(__file__).resolve().parents[2]


def test_rekog_is_the_installed_copy_when_the_session_says_so() -> None:
    # nox's wheel-based sessions set REKOG_EXPECT_INSTALLED; elsewhere the checkout is expected.
    imported = Path(rekog.__file__).resolve()
    if os.environ.get("REKOG_EXPECT_INSTALLED") == "1":
        assert "site-packages" in imported.parts, imported
    else:
        assert imported.is_relative_to(ROOT), imported
