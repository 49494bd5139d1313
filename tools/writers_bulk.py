"""Write the operation methods of ``rk.bulk`` for both clients from one table.

The table is read from botocore's service model: the operations that take one image
(``Image``), no ``ClientRequestToken`` and no ``NextToken`` are the bulk operations; their
other required members are the arguments every input shares (``collection_id``,
``project_version_arn``), keyword-only and required like the client's own. The sync methods
(:class:`rekog.bulk.Bulk`) return ``BulkRun[<Operation>Response]``, the async ones
(:class:`rekog.bulk.AsyncBulk`) ``AsyncBulkRun[Any, <Operation>Response]``: one list of
methods, written twice from the same entries, so the two classes cannot drift.
"""

from __future__ import annotations

from typing import Any

import servicemodel as sm
from emit import docstring, header

TARGET = "rekog/_generated/bulk_ops.py"

#: What an operation's docstring adds to the one-line summary (what only it does).
DOC_EXTRAS = {
    "IndexFaces": (
        "Unless given (per input, or ``external_image_id=callable(key)``), each input's\n"
        "``ExternalImageId`` is derived from its key (:func:`~rekog.bulk.external_image_id`):\n"
        "it ties every face to its input, and lets a rerun after a crash find the inputs\n"
        "that were indexed but not yet recorded as done, so nothing is indexed twice."
    ),
}

#: The two flavours: class name, its docstring, the inputs' annotation, the run type.
FLAVOURS = (
    (
        "BulkOperationMethods",
        "The bulk operation methods of :class:`rekog.bulk.Bulk` (``rk.bulk``), which\n"
        "supplies ``_run``.",
        "Iterable[Any]",
        "BulkRun[{}]",
    ),
    (
        "AsyncBulkOperationMethods",
        "The bulk operation methods of :class:`rekog.bulk.AsyncBulk` (``rk.bulk`` of\n"
        "``AsyncRekognition``), which supplies ``_run``; the same methods as\n"
        ":class:`BulkOperationMethods`, each returning an ``AsyncBulkRun``.",
        "Iterable[Any] | AsyncIterable[Any]",
        "AsyncBulkRun[Any, {}]",
    ),
)


def bulk_operations(model: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per bulk operation: name, method, response type and shared arguments."""
    shapes = model["shapes"]
    entries = []
    for name in sorted(model["operations"]):
        operation = model["operations"][name]
        if "input" not in operation:
            continue
        request = shapes[operation["input"]["shape"]]
        members = request.get("members", {})
        images = [m for m, spec in members.items() if spec["shape"] == "Image"]
        if images != ["Image"] or "ClientRequestToken" in members or "NextToken" in members:
            continue
        shared = []
        for member in request.get("required", []):
            if member == "Image":
                continue
            if shapes[members[member]["shape"]]["type"] != "string":
                raise SystemExit(f"{name}.{member}: a shared bulk argument that is not a string")
            shared.append(sm.python_name(member))
        entries.append(
            {
                "operation": name,
                "method": sm.xform_name(name),
                "response": operation["output"]["shape"],
                "shared": shared,
            }
        )
    return entries


def _method(entry: dict[str, Any], inputs: str, run: str) -> str:
    shared = entry["shared"]
    parameters = "".join(f"{name}: str, " for name in shared)
    star = "*, " if shared else ""
    options = "{" + "".join(f"{name!r}: {name}, " for name in shared) + "**options}"
    summary = f"``{entry['operation']}`` per input"
    if shared:
        summary += ", with " + " and ".join(f"``{name}``" for name in shared) + " shared by all"
    text = summary + "."
    if entry["operation"] in DOC_EXTRAS:
        text += "\n\n" + DOC_EXTRAS[entry["operation"]]
    return (
        f"\n    def {entry['method']}(\n"
        f"        self, inputs: {inputs}, {star}{parameters}**options: Any\n"
        f"    ) -> {run.format(entry['response'])}:\n"
        + docstring(text, "        ")
        + f"        return self._run({entry['method']!r}, inputs, {options})\n"
    )


def write_bulk_ops(model: dict[str, Any]) -> str:
    """The generated module: ``BULK_OPERATIONS`` and both classes of methods."""
    entries = bulk_operations(model)
    responses = sorted({entry["response"] for entry in entries})
    out = [
        header(model),
        '"""The operations of ``rk.bulk`` on both clients, from one table read from botocore\'s\n'
        "service model by ``tools/writers_bulk.py``: every operation taking one ``Image`` and\n"
        'no token."""\n\n',
        "from __future__ import annotations\n\n",
        "from collections.abc import AsyncIterable, Iterable\n",
        "from typing import TYPE_CHECKING, Any\n\n",
        "if TYPE_CHECKING:\n",
        "    from ..bulk.sync import BulkRun\n",
        "    from ..bulk.aio import AsyncBulkRun\n",
        f"    from ..models import {', '.join(responses)}\n\n",
        '__all__ = ["BULK_OPERATIONS", "AsyncBulkOperationMethods", "BulkOperationMethods"]\n\n',
        "#: Client method -> service operation, for every operation ``rk.bulk`` offers.\n",
        "BULK_OPERATIONS: dict[str, str] = {\n",
        *(f"    {entry['method']!r}: {entry['operation']!r},\n" for entry in entries),
        "}\n",
    ]
    for class_name, class_doc, inputs, run in FLAVOURS:
        out.append(f"\n\nclass {class_name}:\n")
        out.append(docstring(class_doc, "    "))
        out.append(
            f"\n    def _run(\n"
            f"        self, method: str, inputs: {inputs}, options: dict[str, Any]\n"
            f"    ) -> {run.format('Any')}:\n"
            "        raise NotImplementedError\n"
        )
        out.extend(_method(entry, inputs, run) for entry in entries)
        out.append(
            f"\n    def run(self, method: str, inputs: {inputs}, **options: Any) -> "
            f"{run.format('Any')}:\n"
            '        """Any operation of :data:`~rekog.bulk.BULK_OPERATIONS` by its method name."""\n'
            "        return self._run(method, inputs, options)\n"
        )
    return "".join(out)


#: Writers in the shape ``tools/generate.py`` expects: path -> writer(service model).
BULK_WRITERS = {TARGET: write_bulk_ops}
