"""Compact HTML of a model for Jupyter (``RekogModel._repr_html_``).

A response printed in a notebook is a wall of ``repr``; this shows the model's name and the
members that were set as a table, with nested models and lists folded (``<details>``), long
lists cut to their first items and blobs shown by size only. Standard library only.
"""

from __future__ import annotations

import enum
from html import escape
from typing import Any

from pydantic import BaseModel

#: Items of a list shown before "... and N more".
MAX_ITEMS = 5
#: Nesting shown unfolded below this depth; deeper members are summarised.
MAX_DEPTH = 4
MAX_TEXT = 120

_STYLE = (
    "<style>.rekog-model table{border-collapse:collapse;margin:0 0 0 1em}"
    ".rekog-model td{padding:1px 6px;vertical-align:top;text-align:left;font-family:monospace}"
    ".rekog-model summary{cursor:pointer}.rekog-model .k{color:#555}</style>"
)


def model_html(model: BaseModel) -> str:
    """The HTML summary of ``model``: its class, then its set members (folded when nested)."""
    return f'{_STYLE}<div class="rekog-model">{_model(model, 0, open_=True)}</div>'


def _members(model: BaseModel) -> list[tuple[str, Any]]:
    names = [n for n in type(model).model_fields if n in model.model_fields_set]
    members = [(n, getattr(model, n)) for n in names]
    members += list((model.model_extra or {}).items())
    return members


def _model(model: BaseModel, depth: int, *, open_: bool = False) -> str:
    members = _members(model)
    title = f"<b>{escape(type(model).__name__)}</b> <span class='k'>{_brief(members)}</span>"
    if not members:
        return f"{title} <span class='k'>(empty)</span>"
    if depth >= MAX_DEPTH:
        return title
    rows = "".join(
        f"<tr><td class='k'>{escape(name)}</td><td>{_value(value, depth + 1)}</td></tr>"
        for name, value in members
    )
    flag = " open" if open_ else ""
    return f"<details{flag}><summary>{title}</summary><table>{rows}</table></details>"


def _brief(members: list[tuple[str, Any]]) -> str:
    """``3 face_details, orientation_correction=ROTATE_0``: counts of lists, short scalars."""
    parts = []
    for name, value in members:
        if isinstance(value, list):
            parts.append(f"{len(value)} {name}")
        elif isinstance(value, (str, int, float, enum.Enum)) and len(str(value)) <= 24:
            parts.append(f"{name}={_scalar(value)}")
    if len(parts) > 4:
        parts = [*parts[:4], "..."]
    return escape(", ".join(parts))


def _value(value: Any, depth: int) -> str:
    if isinstance(value, BaseModel):
        return _model(value, depth)
    if isinstance(value, list):
        return _list(value, depth)
    if isinstance(value, dict):
        return escape(_cut(repr(value)))
    return escape(_scalar(value))


def _list(items: list[Any], depth: int) -> str:
    if not items:
        return "<span class='k'>[]</span>"
    if all(not isinstance(i, (BaseModel, list, dict)) for i in items):
        shown = ", ".join(_scalar(i) for i in items[:MAX_ITEMS])
        more = f", ... ({len(items)} in all)" if len(items) > MAX_ITEMS else ""
        return escape(_cut(f"[{shown}{more}]"))
    if depth >= MAX_DEPTH:
        return f"<span class='k'>[{len(items)} items]</span>"
    rows = "".join(
        f"<tr><td class='k'>{i}</td><td>{_value(item, depth + 1)}</td></tr>"
        for i, item in enumerate(items[:MAX_ITEMS])
    )
    if len(items) > MAX_ITEMS:
        rows += f"<tr><td></td><td class='k'>... and {len(items) - MAX_ITEMS} more</td></tr>"
    return f"<details><summary>{len(items)} items</summary><table>{rows}</table></details>"


def _scalar(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return f"<{len(value)} bytes>"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return _cut(str(value))


def _cut(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 3] + "..."
