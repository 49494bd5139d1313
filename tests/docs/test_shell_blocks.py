"""Shell blocks of the docs: every ``rekog ...`` command parses, every pip extra exists."""

from __future__ import annotations

import re
import shlex
from importlib import metadata

import pytest

from rekog.cli import build_parser

from .blocks import DOCS, ROOT, blocks

PAGES = sorted(DOCS.rglob("*.md")) + [ROOT / "README.md"]
SHELL = [b for p in PAGES for b in blocks(p) if b.language in ("bash", "console", "sh", "shell")]


def commands(prefix: str) -> list[tuple[str, str]]:
    found = []
    for block in SHELL:
        for line in block.code.splitlines():
            line = line.strip().removeprefix("$ ")
            line = line.split("  #", 1)[0].split(" # ", 1)[0].strip()
            if line.startswith(prefix):
                found.append((block.name, line))
    return found


@pytest.mark.parametrize(("where", "line"), commands("rekog "), ids=lambda v: str(v)[:60])
def test_rekog_command_parses(where: str, line: str) -> None:
    args = build_parser().parse_args(shlex.split(line)[1:])
    assert getattr(args, "func", None) is not None, (where, line)


def test_pip_extras_exist() -> None:
    # The installed distribution's metadata is pyproject's (portable: tomllib is 3.11+).
    extras = set(metadata.distribution("rekog").metadata.get_all("Provides-Extra") or [])
    lines = commands("python -m pip install") + commands("pip install")
    assert lines
    for where, line in lines:
        for group in re.findall(r"\.\[([\w,-]+)\]", line):
            assert set(group.split(",")) <= extras, (where, line)


def test_docs_never_say_pip_install_rekog() -> None:
    for block in SHELL:
        if "README.md" in block.name:
            continue  # the README is not the docs site
        assert not re.search(r"pip install (\"?)rekog\b", block.code), block.name
