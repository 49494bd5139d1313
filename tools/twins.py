"""Count the hand-written lines that exist in both an async and a sync flavour.

    python tools/twins.py             # the twin lines of every hand-written async module
    python tools/twins.py --max 60    # exit 1 above 60 (what CI checks)

Every hand-written module under ``rekog/`` with an ``async def`` (generated ones, which carry
a ``# GENERATED`` header, and the emulator's package are left out) is compared with every
other hand-written module: both are reduced to code lines (no blank lines, comments,
docstrings or imports), the async one is put in its sync flavour (``tools/unasync.py``), and lines in
identical runs of at least three count as twins. Copies drift: a behaviour is written once
(an async source with a generated sync flavour, or an I/O-free core both flavours drive).
"""

from __future__ import annotations

import argparse
import ast
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from unasync import unasync_line  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "rekog"
#: Left out: generated code, and the emulator (its server is async only; no sync twin).
EXCLUDED = ("_generated", "local")
MIN_RUN = 3


@dataclass(frozen=True)
class Twin:
    """One run of identical lines: where in the async module, where in its twin."""

    async_path: str
    async_start: int
    other_path: str
    other_start: int
    length: int
    async_lines: tuple[int, ...]  # the line numbers of the run in the async module


def hand_written_modules(root: Path = PACKAGE) -> list[Path]:
    """Every module under ``root`` written by hand."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] in EXCLUDED:
            continue
        if path.read_text().startswith("# GENERATED"):
            continue
        found.append(path)
    return found


def code_lines(source: str) -> list[tuple[int, str]]:
    """(line number, stripped text) of each line of code: no blanks, comments, docstrings,
    imports (two modules importing the same names are not twins)."""
    skipped: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            skipped.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                if isinstance(first.value.value, str):
                    end = first.end_lineno or first.lineno
                    skipped.update(range(first.lineno, end + 1))
    lines = []
    for number, line in enumerate(source.splitlines(), start=1):
        text = line.strip()
        if text and not text.startswith("#") and number not in skipped:
            lines.append((number, text))
    return lines


def twins(root: Path = PACKAGE) -> list[Twin]:
    """Every run of at least ``MIN_RUN`` identical lines between an async module and another."""
    modules = {path: code_lines(path.read_text()) for path in hand_written_modules(root)}
    found = []
    for async_path, async_lines in modules.items():
        if not any(text.startswith("async def") for _, text in async_lines):
            continue
        normalised = [unasync_line(text).strip() for _, text in async_lines]
        for other_path, other_lines in modules.items():
            if other_path == async_path:
                continue
            texts = [text for _, text in other_lines]
            matcher = difflib.SequenceMatcher(None, normalised, texts, autojunk=False)
            for block in matcher.get_matching_blocks():
                if block.size >= MIN_RUN:
                    found.append(
                        Twin(
                            async_path.relative_to(root.parent).as_posix(),
                            async_lines[block.a][0],
                            other_path.relative_to(root.parent).as_posix(),
                            other_lines[block.b][0],
                            block.size,
                            tuple(n for n, _ in async_lines[block.a : block.a + block.size]),
                        )
                    )
    return found


def twin_lines(found: list[Twin]) -> dict[str, int]:
    """Per async module, how many of its code lines have a twin (each line counted once)."""
    by_module: dict[str, set[int]] = {}
    for twin in found:
        by_module.setdefault(twin.async_path, set()).update(twin.async_lines)
    return {path: len(lines) for path, lines in by_module.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=None, help="fail above this many lines")
    args = parser.parse_args(argv)
    found = twins()
    for twin in sorted(found, key=lambda t: (t.async_path, t.async_start)):
        print(
            f"{twin.async_path}:{twin.async_start} == {twin.other_path}:{twin.other_start} "
            f"({twin.length} lines)"
        )
    counts = twin_lines(found)
    for path, count in sorted(counts.items()):
        print(f"{path}: {count} twin lines")
    total = sum(counts.values())
    print(f"total: {total} hand-written twin lines")
    if args.max is not None and total > args.max:
        print(f"more than {args.max}: write the behaviour once (tools/unasync.py or a core)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
