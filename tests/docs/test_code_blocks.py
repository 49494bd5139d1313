"""Every Python block of the docs compiles, and the ones on offline pages run as written.

A page in ``RUN`` is run block by block, each in a fresh namespace in one subprocess per page
(so a block cannot lean on an earlier one), in a temporary working directory. A block
preceded by ``<!-- docs-test: server -->`` runs against a ``rekog local serve``-style server
started for it (its ``http://127.0.0.1:4566`` is replaced by the server's address).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rekog.local import serve

from .blocks import DOCS, ROOT, Block, python_blocks

PAGES = sorted(DOCS.rglob("*.md")) + [ROOT / "README.md"]
ALL = python_blocks(PAGES)

#: Pages whose blocks run offline as written. Not run: client.md (constructors against AWS
#: profiles, owned with the client), local.md and testing.md (the emulator's own pages, with
#: their own tests), README.md (its AWS example; the offline one is index.md's).
RUN = [
    "index.md",
    "getting-started.md",
    "models.md",
    "jobs.md",
    "pictures.md",
    "migrating.md",
    "troubleshooting.md",
]
#: Snippet includes (``--8<--``) are the code of tools/gallery.py, run by test_gallery.py.
INCLUDE = "--8<--"


def test_there_are_blocks_to_check() -> None:
    assert len(ALL) > 30
    assert {b.path.name for b in ALL} >= set(RUN)


@pytest.mark.parametrize("block", ALL, ids=lambda b: b.name)
def test_block_compiles(block: Block) -> None:
    if block.code.lstrip().startswith(INCLUDE):
        return
    # Async snippets (docs/async.md) show the body of a coroutine: top-level await is fine.
    compile(block.code, block.name, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


_RUNNER = """
import json, sys
for name, code in json.loads(sys.stdin.read()):
    print(f"== {name}", flush=True)
    exec(compile(code, name, "exec"), {"__name__": "__main__"})
"""


@pytest.mark.parametrize("page", RUN)
def test_page_blocks_run(page: str, tmp_path: Path) -> None:
    runnable = [b for b in ALL if b.path == DOCS / page and not b.code.lstrip().startswith(INCLUDE)]
    assert runnable, f"{page} has no Python block"
    with serve() as server:  # for blocks marked docs-test: server
        url = server.endpoint_url
        codes = [
            (
                b.name,
                b.code.replace("http://127.0.0.1:4566", url) if b.marker == "server" else b.code,
            )
            for b in runnable
        ]
        proc = subprocess.run(
            [sys.executable, "-c", _RUNNER],
            input=json.dumps(codes),
            capture_output=True,
            text=True,
            timeout=240,
            cwd=tmp_path,
        )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert proc.stdout.count("== ") == len(runnable)
