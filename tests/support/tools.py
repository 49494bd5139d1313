"""The repository's tools (``tools/*.py``) as importable modules, for tests of them."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"


def import_tool(name: str) -> ModuleType:
    """``tools/<name>.py`` as a module (the tools import each other by bare name)."""
    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))
    return importlib.import_module(name)
