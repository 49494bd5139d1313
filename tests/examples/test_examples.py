"""Every example runs offline and exits 0, printing what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

EXPECTED = {
    "quickstart.py": ["search by a new photo of alice: alice", "2500 person matches in 3 pages", "LOW_FACE_QUALITY"],
    "create_collection.py": ["collection visitors uses face model 7.0"],
    "index_and_list_faces.py": ["from image carol"],
    "search_faces.py": ["new photo matches bob"],
    "search_users.py": ["largest face is user alice", "LOW_FACE_QUALITY"],
    "detect_text.py": ["'TOW AWAY ZONE'", "['TOW', 'AWAY', 'ZONE']"],
    "face_search_video.py": ["6 results in 2 pages", "[(0, 600), (5000, 5200)]"],
}


def test_every_example_is_listed() -> None:
    assert {p.name for p in EXAMPLES.glob("*.py") if not p.name.startswith("_")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs(name: str) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name)], capture_output=True, text=True, timeout=120, cwd=EXAMPLES
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for text in EXPECTED[name]:
        assert text in result.stdout, result.stdout
