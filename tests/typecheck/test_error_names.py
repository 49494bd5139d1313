"""mypy names rekog's errors by their public module, ``rekog.errors``."""

from __future__ import annotations

from pathlib import Path

from support.mypy_run import run_mypy


def test_mypy_names_errors_by_their_public_module(tmp_path: Path) -> None:
    usage = tmp_path / "names.py"
    usage.write_text(
        "from rekog import JobFailedError\n"
        "from rekog.errors import ResourceNotFoundException\n"
        "def f(error: ResourceNotFoundException, job: JobFailedError) -> None:\n"
        "    reveal_type(error)\n"
        "    reveal_type(job)\n"
    )
    out = run_mypy(usage).stdout
    assert 'Revealed type is "rekog.errors.ResourceNotFoundException"' in out, out
    assert 'Revealed type is "rekog.errors.JobFailedError"' in out, out
