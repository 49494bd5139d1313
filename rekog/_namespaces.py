"""Placeholder namespaces until the pager/job wiring is generated."""

from __future__ import annotations

from typing import Any


class Paginators:
    def __init__(self, client: Any) -> None:
        self._client = client


class Jobs:
    def __init__(self, client: Any) -> None:
        self._client = client
