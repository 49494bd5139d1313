"""mypy --strict knows every argument and every field of a result."""

from __future__ import annotations

from pathlib import Path

from support.mypy_run import run_mypy

HERE = Path(__file__).resolve().parent


def test_typed_usage_passes_mypy_strict() -> None:
    result = run_mypy(HERE / "usage.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_catches_wrong_arguments_and_fields(tmp_path: Path) -> None:
    bad = tmp_path / "bad_usage.py"
    bad.write_text(
        "from rekog import Rekognition\n"
        "rk = Rekognition()\n"
        "r = rk.search_users_by_image(collection_idd='c', image=b'x')\n"
        "rk.search_users(collection_id=5)\n"
        "r.user_matchez\n"
        "x: str = r.face_model_version\n"
    )
    result = run_mypy(bad)
    out = result.stdout
    assert result.returncode == 1
    assert 'Unexpected keyword argument "collection_idd"' in out
    assert 'Argument "collection_id" to "search_users"' in out
    assert 'has no attribute "user_matchez"' in out
    assert 'Incompatible types in assignment (expression has type "str | None"' in out
