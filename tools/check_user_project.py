"""Type-check a tiny project that uses the installed rekog, from outside the checkout.

    python tools/check_user_project.py

Catches an install that type checkers cannot see (setuptools' default editable mode is an
import hook mypy and pyright do not follow; ``--config-settings editable_mode=strict`` is a
path entry they do). Runs without ``PYTHONPATH`` and from a temporary directory, as a
user's project would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

APP = """\
from rekog import Rekognition
from rekog.models import DetectFacesResponse, QualityFilter


def faces(rk: Rekognition) -> DetectFacesResponse:
    return rk.detect_faces(image=b"...", attributes=["ALL"])


def quality() -> QualityFilter:
    return QualityFilter.AUTO
"""


def main() -> int:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    with tempfile.TemporaryDirectory(prefix="rekog-user-project-") as tmp:
        (Path(tmp) / "app.py").write_text(APP)
        run = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "app.py"],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
        )
    print(run.stdout, end="")
    if run.returncode != 0:
        print("rekog is not visible to mypy from a user's project: install it with")
        print('  pip install -e ".[dev]" --config-settings editable_mode=strict')
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
