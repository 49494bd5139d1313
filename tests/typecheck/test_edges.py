"""Type checkers see what rekog does at run time: misspellings are errors, hints resolve."""

from __future__ import annotations

import inspect
import typing
from pathlib import Path
from typing import Any

import pytest
from support.mypy_run import run_mypy

import rekog
from rekog._generated.namespaces import Jobs, Paginators


def test_misspellings_are_type_errors(tmp_path: Path) -> None:
    bad = tmp_path / "misspelt.py"
    bad.write_text(
        "from rekog import Rekognition\n"
        "from rekog.models import UnsearchedFaceReasons\n"
        "from rekog import Rekognitoin\n"
        "rk = Rekognition()\n"
        "rk.search_faces_by_image(collection_id='c', image=b'x', quality_filter='AUTOO')\n"
        "rk.detect_faces(image=b'x', attributes=['DEFUALT'])\n"
        "rk.jobs.face_search('job-1').results(page_sise=10)\n"
        "rk.jobs.face_search('job-1').results(sort_by='TIME')\n"
    )
    result = run_mypy(bad)
    out = result.stdout
    assert result.returncode == 1, out
    assert 'Module "rekog.models" has no attribute "UnsearchedFaceReasons"' in out
    assert 'Module "rekog" has no attribute "Rekognitoin"' in out
    assert 'Argument "quality_filter" to "search_faces_by_image"' in out
    assert "List item 0 has incompatible type \"Literal['DEFUALT']\"" in out
    assert 'Unexpected keyword argument "page_sise"' in out
    assert 'Argument "sort_by" to "results" of "FaceSearchJob"' in out


def _public_callables() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for name in rekog.__all__:
        value = getattr(rekog, name)
        if inspect.isclass(value):
            for attr, member in vars(value).items():
                if (not attr.startswith("_") or attr == "__init__") and inspect.isfunction(member):
                    found.append((f"{name}.{attr}", member))
        elif callable(value):
            found.append((name, value))
    for cls in (Paginators, Jobs, *_job_classes()):
        for attr, member in vars(cls).items():
            if not attr.startswith("_") and inspect.isfunction(member):
                found.append((f"{cls.__name__}.{attr}", member))
    return found


def _job_classes() -> list[type]:
    import rekog._generated.namespaces as namespaces

    return [
        value
        for name, value in vars(namespaces).items()
        if inspect.isclass(value) and name.endswith("Job") and value is not rekog.VideoJob
    ]


CALLABLES = _public_callables()


def test_every_kind_of_job_has_a_typed_class() -> None:
    assert len(_job_classes()) == 8


@pytest.mark.parametrize(("name", "function"), CALLABLES, ids=[n for n, _ in CALLABLES])
def test_type_hints_resolve(name: str, function: Any) -> None:
    hints = typing.get_type_hints(function)
    assert "return" in hints or name.endswith("__init__"), name


def test_operation_methods_name_their_models() -> None:
    hints = typing.get_type_hints(rekog.Rekognition.search_users_by_image)
    assert hints["return"] is rekog.models.SearchUsersByImageResponse
    literal = typing.get_args(hints["quality_filter"])
    assert rekog.models.QualityFilter in literal


def test_pyright_sees_the_same_misspellings(tmp_path: Path) -> None:
    import json
    import shutil
    import subprocess
    import sys

    pyright = shutil.which("pyright")
    if pyright is None:  # pragma: no cover (a dev extra; CI installs it)
        pytest.fail("pyright is not installed (it is in the dev extra)")
    root = Path(__file__).resolve().parents[2]
    (tmp_path / "pyrightconfig.json").write_text(
        json.dumps({"extraPaths": [str(root)], "pythonPath": sys.executable})
    )
    (tmp_path / "misspelt.py").write_text(
        "from rekog import Rekognition\n"
        "from rekog.models import UnsearchedFaceReasons\n"
        "rk = Rekognition()\n"
        "rk.search_faces_by_image(collection_id='c', image=b'x', quality_filter='AUTOO')\n"
        "rk.jobs.face_search('job-1').results(page_sise=10)\n"
    )
    run = subprocess.run(
        [pyright, "--outputjson", "misspelt.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(run.stdout)
    lines = sorted(d["range"]["start"]["line"] + 1 for d in report["generalDiagnostics"])
    assert lines == [2, 4, 5], run.stdout
