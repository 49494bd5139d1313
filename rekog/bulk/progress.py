"""A progress bar on a terminal (tqdm), silent elsewhere."""

from __future__ import annotations

import importlib
import sys
from typing import Any

__all__ = ["Progress"]


class Progress:
    """Counts outcomes; draws a tqdm bar when enabled.

    Args:
        enabled: ``True``/``False``, or ``None`` for "when stderr is a terminal".
        total: the number of inputs if known.
        description: the bar's label.
    """

    def __init__(self, enabled: bool | None, total: int | None, description: str) -> None:
        if enabled is None:
            enabled = sys.stderr.isatty()
        self._bar: Any = None
        if enabled:
            try:
                tqdm = importlib.import_module("tqdm.auto").tqdm
            except ImportError:  # the bar is optional: pip install "rekog[bulk]"
                return
            self._bar = tqdm(
                total=total, desc=description, unit="img", file=sys.stderr, dynamic_ncols=True
            )

    @property
    def enabled(self) -> bool:
        """Whether a bar is drawn."""
        return self._bar is not None

    def update(self, failed: int, rate: float | None) -> None:
        """One more outcome; show the failures and the limiter's rate."""
        if self._bar is None:
            return
        postfix = {"failed": failed}
        if rate is not None:
            postfix["limit"] = f"{rate:.1f}/s"  # type: ignore[assignment]
        self._bar.set_postfix(postfix, refresh=False)
        self._bar.update(1)

    def close(self) -> None:
        """Finish the bar."""
        if self._bar is not None:
            self._bar.close()
