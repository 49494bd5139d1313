"""docs/local.md lists every operation of the service with implemented / not implemented, in
step with the backend; every operation not implemented answers naming itself."""

from __future__ import annotations

import re
from pathlib import Path

from rekog.local.backend import OPERATIONS
from rekog.local.backend.catalog import END_MARKER, START_MARKER, render
from rekog.local.validation import operation_names

DOC = Path(__file__).resolve().parents[2] / "docs" / "local.md"
REGENERATE = "run: python -m rekog.local.backend.catalog docs/local.md"


def doc_rows() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split(START_MARKER, 1)[1].split(END_MARKER, 1)[0]
    return dict(re.findall(r"^\| `(\w+)` \| (implemented|not implemented) \|$", block, re.M))


def test_the_doc_table_is_generated_from_the_backend() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert render(text) == text, f"docs/local.md's operation table is stale; {REGENERATE}"


def test_the_doc_lists_every_operation_of_the_service_once() -> None:
    rows = doc_rows()
    assert set(rows) == set(operation_names())
    assert {name for name, status in rows.items() if status == "implemented"} == set(OPERATIONS)
    assert set(OPERATIONS) <= operation_names()
