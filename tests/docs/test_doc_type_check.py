"""tools/check_doc_examples.py assembles a page's blocks into a module mypy can check strictly."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from .blocks import ROOT


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_doc_examples", ROOT / "tools" / "check_doc_examples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = load_tool()


def test_module_code_is_kept_as_written() -> None:
    code = "import asyncio\n\nasync def main() -> None:\n    await asyncio.sleep(0)\n"
    assert TOOL.module_code(3, code) == code


def test_a_coroutine_body_goes_into_its_own_async_def() -> None:
    code = "result = await job.wait()\nasync for item in pager:\n    print(item)\n"
    assert TOOL.module_code(12, code) == (
        "async def _block_at_line_12() -> None:\n"
        "    result = await job.wait()\n"
        "    async for item in pager:\n"
        "        print(item)\n"
    )


def test_invalid_code_is_left_for_mypy_to_report() -> None:
    assert TOOL.module_code(1, "def (:\n") == "def (:\n"


def test_a_snippet_include_is_the_section_it_names() -> None:
    code = TOOL.module_code(1, '--8<-- "gallery.py:imports"\n')
    assert "from rekog.draw import annotate" in code
    assert "--8<--" not in code and "OUT = " not in code


def test_mypy_sees_an_error_inside_a_coroutine_body(tmp_path: Path) -> None:
    setup = "async def wait() -> int:\n    return 1\n"
    body = TOOL.module_code(5, "seconds: str = await wait()\n")
    module = tmp_path / "page.py"
    module.write_text(f"{setup}\n{body}")
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(module)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stdout
    assert 'expression has type "int", variable has type "str"' in run.stdout
