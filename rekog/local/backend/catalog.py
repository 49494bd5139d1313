"""The table of every Rekognition operation and whether the emulator implements it.

``docs/local.md`` holds this table between two markers; a test keeps it in step with
:data:`~rekog.local.backend.core.OPERATIONS` and botocore's service model. After adding an
operation, regenerate it with ``python -m rekog.local.backend.catalog docs/local.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..validation import operation_names
from .core import OPERATIONS

START_MARKER = "<!-- operations-table:start -->"
END_MARKER = "<!-- operations-table:end -->"


def operations_table() -> str:
    """The Markdown table: one row per operation of the service, sorted by name."""
    names = sorted(operation_names())
    done = sum(1 for name in names if name in OPERATIONS)
    rows = [
        f"{done} of {len(names)} operations are implemented.",
        "",
        "| Operation | rekog.local |",
        "| --- | --- |",
    ]
    rows += [
        f"| `{name}` | {'implemented' if name in OPERATIONS else 'not implemented'} |"
        for name in names
    ]
    return "\n".join(rows)


def render(document: str) -> str:
    """``document`` with the text between the markers replaced by :func:`operations_table`."""
    head, start, rest = document.partition(START_MARKER)
    _, end, tail = rest.partition(END_MARKER)
    if not start or not end:
        raise ValueError(f"the document needs {START_MARKER} and {END_MARKER}")
    return f"{head}{START_MARKER}\n{operations_table()}\n{END_MARKER}{tail}"


def main(argv: list[str]) -> int:
    """Rewrite the table in each Markdown file named on the command line."""
    for name in argv:
        path = Path(name)
        path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
