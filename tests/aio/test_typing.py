"""mypy --strict and pyright accept a typed async program, and catch its mistakes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

BAD = """\
from rekog import AsyncRekognition

async def main(rk: AsyncRekognition) -> None:
    r = await rk.detect_text(imagee=b"x")
    x: str = (await rk.list_faces(collection_id="c")).next_token
    rk.detect_text(image=b"x").text_detections
    async for face in rk.paginate.list_faces(collection_id="c"):
        face.face_idd
    async for outcome in rk.bulk.detect_protective_equipment([b"x"]):
        assert outcome.result is not None
        outcome.result.personz
"""


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command], capture_output=True, text=True, cwd=ROOT, timeout=600)


def test_async_usage_passes_mypy_strict() -> None:
    result = run(
        sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(HERE / "usage_async.py")
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_catches_async_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / "bad_async.py"
    bad.write_text(BAD)
    out = run(sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(bad)).stdout
    assert 'Unexpected keyword argument "imagee"' in out
    assert 'Incompatible types in assignment (expression has type "str | None"' in out
    assert '"Coroutine[Any, Any, DetectTextResponse]" has no attribute "text_detections"' in out
    assert 'has no attribute "face_idd"' in out
    assert '"DetectProtectiveEquipmentResponse" has no attribute "personz"' in out


def pyright() -> list[str]:
    exe = shutil.which("pyright", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("pyright is a dev dependency and must be installed")
    return [exe]


def test_async_usage_passes_pyright_strict(tmp_path: Path) -> None:
    config = tmp_path / "pyrightconfig.json"
    config.write_text(
        '{"typeCheckingMode": "strict", "reportMissingTypeStubs": false, '
        f'"extraPaths": ["{ROOT}"], "pythonVersion": "3.10"}}'
    )
    result = run(*pyright(), "--project", str(config), str(HERE / "usage_async.py"))
    assert result.returncode == 0, result.stdout[-4000:]


def test_pyright_catches_async_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / "bad_async.py"
    bad.write_text(BAD)
    config = tmp_path / "pyrightconfig.json"
    config.write_text(f'{{"typeCheckingMode": "strict", "extraPaths": ["{ROOT}"]}}')
    out = run(*pyright(), "--project", str(config), str(bad)).stdout
    assert 'No parameter named "imagee"' in out
    assert "face_idd" in out
    assert "text_detections" in out
    assert "personz" in out
