"""Type-check the Python in the docs: every ```python block of README.md and docs/*.md, and
every examples/*.py, with ``mypy --strict``.

    python tools/check_doc_examples.py            # check, exit 1 on any error
    python tools/check_doc_examples.py --list     # show the blocks found

Each Markdown file's blocks are checked as one module, in order (a page's later blocks use
names its earlier blocks defined, as a reader runs them). A page whose fragments use names
they do not define (``rk``, ``job_id``) declares them in a hidden comment, which comes first:

    <!-- mypy-setup
    from rekog import Rekognition
    rk = Rekognition()
    -->

A block whose first line is ``# mypy: skip`` is left out; say why next to it.

A block that is the body of a coroutine (top-level ``await``, ``async for``, ``async with``,
as docs/async.md shows them) is checked as the body of its own ``async def``: it sees the
setup's and earlier blocks' names, and the names it binds stay its own.

A snippet include (``--8<-- "gallery.py:imports"``, pymdownx.snippets as configured in
mkdocs.yml) is checked as the code it includes.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_BLOCK = re.compile(r"^```(?:python|py)[ \t]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
_SETUP = re.compile(r"^<!--[ \t]*mypy-setup[ \t]*\n(.*?)^-->", re.DOTALL | re.MULTILINE)
_INCLUDE = re.compile(
    r'^[ \t]*--8<--[ \t]+"(?P<file>[^":]+)(?::(?P<section>[\w-]+))?"[ \t]*$', re.M
)
#: pymdownx.snippets' base_path in mkdocs.yml.
SNIPPETS = ROOT / "tools"


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]


def blocks(path: Path) -> list[tuple[int, str]]:
    """(line number, code) of the page's hidden setup and each Python block of a Markdown file."""
    text = path.read_text()
    found = [
        (text.count("\n", 0, match.start(1)) + 1, match.group(1)) for match in _SETUP.finditer(text)
    ]
    for match in _BLOCK.finditer(text):
        code = match.group(1)
        if code.lstrip().startswith("# mypy: skip"):
            continue
        found.append((text.count("\n", 0, match.start(1)) + 1, code))
    return found


def included(match: re.Match[str]) -> str:
    """The code a ``--8<--`` line includes: the file, or the lines between its section markers."""
    lines = (SNIPPETS / match.group("file")).read_text().splitlines(keepends=True)
    section = match.group("section")
    if section is None:
        return "".join(lines)
    start, end = f"--8<-- [start:{section}]", f"--8<-- [end:{section}]"
    marks = [i for i, text in enumerate(lines) if text.strip().endswith((start, end))]
    if len(marks) != 2:
        raise SystemExit(f"{match.group(0).strip()}: no section {section!r} in the file")
    return "".join(lines[marks[0] + 1 : marks[1]])


def is_coroutine_body(code: str) -> bool:
    """Whether the code compiles only as the body of a coroutine (top-level ``await``)."""
    try:
        compile(code, "<block>", "exec", dont_inherit=True)
        return False
    except SyntaxError:
        pass
    try:
        compile(code, "<block>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
    except SyntaxError:
        return False  # invalid either way: mypy reports the error where it is
    return True


def module_code(line: int, code: str) -> str:
    """A block as module code: includes expanded, a coroutine body inside its own ``async def``."""
    code = _INCLUDE.sub(included, code)
    if is_coroutine_body(code):
        return f"async def _block_at_line_{line}() -> None:\n{textwrap.indent(code, '    ')}"
    return code


def module_of(path: Path, found: list[tuple[int, str]]) -> str:
    """One module of a page's blocks, each preceded by a comment naming where it came from."""
    relative = path.relative_to(ROOT)
    return "".join(f"# {relative}:{line}\n{module_code(line, code)}\n" for line, code in found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the blocks, check nothing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rekog-doc-blocks-") as tmp:
        targets = sorted(str(p) for p in (ROOT / "examples").glob("*.py"))
        for path in markdown_files():
            found = blocks(path)
            if args.list:
                for line, code in found:
                    print(f"{path.relative_to(ROOT)}:{line}: {len(code.splitlines())} lines")
            if not found:
                continue
            name = re.sub(r"\W", "_", str(path.relative_to(ROOT)))
            module = Path(tmp) / f"doc_{name}.py"
            module.write_text(module_of(path, found))
            targets.append(str(module))
        if args.list:
            return 0
        run = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *targets],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        print(run.stdout, end="")
        print(run.stderr, end="", file=sys.stderr)
        return run.returncode


if __name__ == "__main__":
    sys.exit(main())
