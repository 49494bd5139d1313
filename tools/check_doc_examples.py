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
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_BLOCK = re.compile(r"^```(?:python|py)[ \t]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
_SETUP = re.compile(r"^<!--[ \t]*mypy-setup[ \t]*\n(.*?)^-->", re.DOTALL | re.MULTILINE)


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


def module_of(path: Path, found: list[tuple[int, str]]) -> str:
    """One module of a page's blocks, each preceded by a comment naming where it came from."""
    relative = path.relative_to(ROOT)
    return "".join(f"# {relative}:{line}\n{code}\n" for line, code in found)


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
