"""Pagers over the 18 Rekognition operations that take a ``NextToken``.

A :class:`Pager` walks an operation's pages lazily, holding one page at a time, and yields
either the items (``for person in pager``) or the typed pages (``pager.pages()``). It knows
nothing about the client: the client hands it a ``fetch`` callable that performs one request
(with the client's retry policy) and an ``items`` callable that picks the items out of a page.

:data:`PAGED_OPERATIONS` describes every paginated operation (item member, page-size member,
item type), so the client builds its pagers from one table; ``tools/generate.py`` writes it
from botocore's service model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from botocore import xform_name

from ._deprecation import moved_names
from ._paging_core import ItemT, PageT
from .pager import Pager

if TYPE_CHECKING:
    from .models import ListCollectionsResponse

__all__ = [
    "PAGED_OPERATIONS",
    "CollectionItem",
    "ItemT",
    "PageT",
    "PagedOperation",
    "Pager",
    "collection_items",
]

Pager.__module__ = __name__  # its public home, for reprs, tracebacks and pickles

# Internal helpers once listed in ``__all__``.
_moved = moved_names(
    __name__, {"check_pager_arguments": "rekog._paging_core:check_pager_arguments"}
)


def __getattr__(name: str) -> Any:
    return _moved(name)


# -- the table of paginated operations ---------------------------------------------------


class CollectionItem(NamedTuple):
    """One collection of ``ListCollections``: its id and the version of its face model."""

    collection_id: str
    face_model_version: str | None


def collection_items(page: ListCollectionsResponse) -> list[CollectionItem]:
    """The collections of a ``ListCollections`` page, each with its face model version.

    The service returns two parallel lists (``CollectionIds``, ``FaceModelVersions``); a
    missing version (shorter list) reads as ``None``.
    """
    versions = page.face_model_versions
    return [
        CollectionItem(collection_id, versions[i] if i < len(versions) else None)
        for i, collection_id in enumerate(page.collection_ids)
    ]


@dataclass(frozen=True)
class PagedOperation:
    """How one operation paginates.

    Attributes:
        operation: the service operation, e.g. ``"GetFaceSearch"``.
        items_member: the output list holding the items (wire name, ``"Persons"``).
        items_attribute: that list on the typed response (``"persons"``).
        item_type: name of the item's Python type: a model in ``rekog.models``
            (``"PersonMatch"``), ``"str"``, or ``"CollectionItem"`` for ``ListCollections``.
        page_size_field: the request member that sets the page size (``"MaxResults"``).
        token_field: the request/response member carrying the token.
        extract: picks the items out of a page, when a plain attribute read is not enough.
        page_size_min: the service's minimum of the page-size member (0 for ``ListFaces``).
        token_max_length: the service's maximum length of the token.
    """

    operation: str
    items_member: str
    items_attribute: str
    item_type: str
    page_size_field: str | None = "MaxResults"
    token_field: str = "NextToken"
    extract: Callable[[Any], Iterable[Any]] | None = None
    page_size_min: int = 1
    token_max_length: int = 255

    @property
    def method_name(self) -> str:
        """The snake_case name of the operation (``"get_face_search"``)."""
        return xform_name(self.operation)

    def items(self, page: Any) -> Iterable[Any]:
        """The items of one page of this operation."""
        if self.extract is not None:
            return self.extract(page)
        items: Iterable[Any] = getattr(page, self.items_attribute)
        return items

    def pager(
        self,
        fetch: Callable[[dict[str, Any]], Any],
        *,
        page_size: int | None = None,
        starting_token: str | None = None,
        max_items: int | None = None,
    ) -> Pager[Any, Any]:
        """A :class:`Pager` over this operation; the client annotates the precise types."""
        return Pager(fetch, **self.pager_arguments(page_size, starting_token, max_items))

    def pager_arguments(
        self, page_size: int | None, starting_token: str | None, max_items: int | None
    ) -> dict[str, Any]:
        """The keyword arguments of a pager (sync or async) over this operation."""
        return {
            "items": self.items,
            "operation": self.operation,
            "token_field": self.token_field,
            "page_size_field": self.page_size_field,
            "page_size_min": self.page_size_min,
            "token_max_length": self.token_max_length,
            "page_size": page_size,
            "starting_token": starting_token,
            "max_items": max_items,
        }


# The table is generated from botocore's service model (``tools/writers_paging.py``); it
# builds on the classes above, so it is imported after them.
from ._generated.paged_operations import PAGED_OPERATIONS  # noqa: E402
