"""MkDocs hooks (``hooks:`` in mkdocs.yml) for docstrings written in reST.

Hand-written modules use Sphinx roles (``:meth:`first_page` ``, ``:class:`~rekog.Pager` ``)
and ``::`` literal-block markers in their docstrings. mkdocstrings renders Markdown, where
those show up raw; this turns them into code spans (``~`` keeps the last name only, as in
Sphinx) and ``::`` into ``:``, after mkdocstrings has rendered the page.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(
    r":(?:py:)?(?:meth|class|func|attr|mod|data|exc|obj|const|ref|term):<code>(~?)([^<]+)</code>"
)
_LITERAL = re.compile(r"(?<=[^:\s])::(?=</p>|\s*\n)")


def _code(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2)
    return f"<code>{target.rsplit('.', 1)[-1] if short else target}</code>"


def strip_roles(html: str) -> str:
    """``html`` with reST roles as code spans and literal-block ``::`` as ``:``."""
    return _LITERAL.sub(":", _ROLE.sub(_code, html))


def on_page_content(html: str, **_: Any) -> str:
    return strip_roles(html)
