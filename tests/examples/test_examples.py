"""Every example runs offline and exits 0, printing what it promises; and each runs twice in a
row, next to the others, against one server."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from rekog.local import serve

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

EXPECTED = {
    "quickstart.py": [
        "search by a new photo of alice: alice",
        "2500 person matches in 3 pages",
        "LOW_FACE_QUALITY",
    ],
    "create_collection.py": ["collection example-visitors uses face model 7.0"],
    "index_and_list_faces.py": ["from image carol"],
    "search_faces.py": ["new photo matches bob"],
    "search_users.py": ["belongs to user alice", "largest face is user alice", "LOW_FACE_QUALITY"],
    "detect_text.py": ["'TOW AWAY ZONE'", "['TOW', 'AWAY', 'ZONE']"],
    "face_search_video.py": ["6 results in 2 pages", "[(0, 600), (5000, 5200)]"],
    "pictures.py": ["2 faces indexed, 1 not", "timeline of 2 persons"],
    "async_app.py": [
        "indexed 6 faces concurrently",
        "last 'GATE 29'",
        "in 3 pages",
        "5 sightings of ['alice', 'bob']",
    ],
}

#: What an example must not print when all went as expected: an empty result, a "none".
LOOKS_LIKE_FAILURE = re.compile(r": \[\]$|\bno match\b|\bNone\b$", re.M)


def run(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=EXAMPLES,
    )


def test_every_example_is_listed() -> None:
    assert {p.name for p in EXAMPLES.glob("*.py") if not p.name.startswith("_")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs(name: str, tmp_path: Path) -> None:
    result = run(name, "--out", str(tmp_path)) if name == "pictures.py" else run(name)
    assert result.returncode == 0, result.stderr[-2000:]
    for text in EXPECTED[name]:
        assert text in result.stdout, result.stdout
    assert not LOOKS_LIKE_FAILURE.search(result.stdout), result.stdout
    if name == "pictures.py":
        assert (tmp_path / "indexed.png").stat().st_size > 0
        assert (tmp_path / "timeline.png").stat().st_size > 0


def test_examples_run_twice_against_one_server() -> None:
    with serve(job_seconds=0.2, aws_services=True) as server:
        for _round in (1, 2):
            for name in sorted(EXPECTED):
                result = run(name, "--endpoint-url", server.endpoint_url)
                assert result.returncode == 0, (name, _round, result.stderr[-2000:])
                assert not LOOKS_LIKE_FAILURE.search(result.stdout), (name, result.stdout)
