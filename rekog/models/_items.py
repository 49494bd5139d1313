"""Items of a response page held as parsed JSON and validated into models on first read.

A 1000-person ``GetFaceSearch`` page is 65,000 small objects. As models each carries, beside
its ``__dict__``, its own set of the fields that were set and its own dict of unknown members
(pydantic-core gives every instance both): the page holds 2.2 times what botocore's dicts do.
A page parsed by a rekog client instead keeps each item of its item lists (``persons``,
``face_details``, ``text_detections``, ...) as the JSON object the service sent, and turns an
item into its model the first time it is read: a page costs what the dicts cost until it is
read, and each item costs what a model costs once it has been.

:class:`ItemList` is a ``list`` (``isinstance`` checks, indexing, slicing, ``len``, iteration,
equality, ``copy``, pickling and ``model_dump`` behave as on a list of models); only the
moment an item is validated moves. A malformed item is reported when it is first read, as
the error the parser hands in (``ResponseParseError`` naming the item, e.g. ``Persons[3]``).

Only pages a rekog client parses are held this way (:func:`rekog._parsing.validate_body`
asks for it through the validation context); a model validated or built any other way holds
a plain list of models, validated at once, exactly as before.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, SupportsIndex, TypeVar, get_args, overload

from pydantic_core import ValidationError, core_schema

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler

    from .base import RekogModel

__all__ = [
    "ITEMS_CONTEXT_KEY",
    "ItemList",
    "ItemSource",
    "LazyItems",
    "dump_failure",
    "holds_items_lazily",
]

T = TypeVar("T", bound="RekogModel")

#: Key of the validation context under which a response's item lists are held lazily.
ITEMS_CONTEXT_KEY = "rekog_items"

#: Unread items validated together by one read of a stored list (see ``ItemList._read``).
_RUN = 64

# Guards the check-and-store of a freshly validated item, so two threads reading the same
# unread item get one model (validation itself runs outside the lock).
_store_lock = threading.Lock()


@dataclass(frozen=True)
class ItemSource:
    """Where a page's items came from: what an item that fails validation is reported as.

    ``error`` builds the exception from the item's location (``("Persons", 3)``), the
    pydantic error and the item's JSON; the parser supplies it (models know no exception
    types above them), and the collector setting under which many objects are built at once.
    """

    context: Mapping[str, Any]
    error: Callable[[tuple[str | int, ...], ValidationError, Any], Exception]
    #: Entered while a run of items is validated: the parser's garbage-collector setting.
    relaxed: Callable[[], AbstractContextManager[Any]] = nullcontext


class ItemList(list[T]):
    """A list of models whose items are validated when first read (see the module docs).

    Unread items are held as the parsed JSON objects; reading one (index, iteration,
    ``in``, ``==``, ``pop``, ``sort``, ...) validates it, stores the model in its place and
    returns it, so every later read gets the same object. ``model_dump``, ``repr`` and
    equality validate unread items without storing them (``repr`` shows a malformed item as
    its JSON instead of raising); pickles and copies keep them unread.

    Raises:
        Exception: the parser's error (``ResponseParseError``) when an item read is not a
            valid item; the item stays unread and raises again on the next read.
    """

    __slots__ = ("_item_type", "_source", "_wire_name", "_keep")

    _item_type: type[T]
    _source: ItemSource
    _wire_name: str
    _keep: bool

    @classmethod
    def _held(
        cls,
        raw: Iterable[Any],
        item_type: type[T],
        wire_name: str,
        source: ItemSource,
        keep: bool = True,
    ) -> ItemList[T]:
        items: ItemList[T] = cls(raw)
        items._item_type = item_type
        items._wire_name = wire_name
        items._source = source
        items._keep = keep
        return items

    # -- one item ------------------------------------------------------------------------

    def _validated(self, index: int, raw: Any) -> T:
        try:
            model: T = self._item_type.__pydantic_validator__.validate_python(
                raw, context=self._source.context
            )
            return model
        except ValidationError as error:
            raise self._source.error((self._wire_name, index), error, raw) from None

    def _read(self, index: int) -> T:
        """The model at ``index`` (non-negative), validated and stored on first read.

        A stored list validates the unread items from ``index`` on in runs of
        :data:`_RUN` (a loop reads them next), under the parser's collector setting: stored
        one by one, each run's models would meet the collector's passes as a page parsed at
        once does not.
        """
        value = list.__getitem__(self, index)
        if isinstance(value, self._item_type):
            return value
        if not self._keep:
            return self._validated(index, value)
        end = min(index + _RUN, list.__len__(self))
        with self._source.relaxed():
            model = self._store(index, value, self._validated(index, value))
            for position in range(index + 1, end):
                raw = list.__getitem__(self, position)
                if isinstance(raw, self._item_type):
                    continue
                try:
                    self._store(position, raw, self._validated(position, raw))
                except Exception:
                    break  # reported when that item itself is read
        return model

    def _store(self, index: int, raw: Any, model: T) -> T:
        with _store_lock:
            current = list.__getitem__(self, index)
            if isinstance(current, self._item_type):
                return current  # another thread stored it first
            if current is raw:
                list.__setitem__(self, index, model)
        return model

    def _peek(self, index: int) -> T:
        """The model at ``index`` without storing it (for dumps, ``repr``, equality)."""
        value = list.__getitem__(self, index)
        if isinstance(value, self._item_type):
            return value
        return self._validated(index, value)

    def _models(self) -> list[T]:
        """Every item as a model, in a plain list, storing none."""
        return [self._peek(index) for index in range(list.__len__(self))]

    def unread(self, start: int = 0) -> ItemList[T]:
        """The items from ``start`` on as a new list that validates each read anew and
        stores nothing: a pager walking a page holds its items, not their models."""
        return ItemList._held(
            list.__getitem__(self, slice(start, None)),
            self._item_type,
            self._wire_name,
            self._source,
            keep=False,
        )

    # -- reading -------------------------------------------------------------------------

    @overload
    def __getitem__(self, index: SupportsIndex) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: SupportsIndex | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._read(i) for i in range(*index.indices(list.__len__(self)))]
        try:
            position = operator.index(index)
        except TypeError:
            raise TypeError(
                f"list indices must be integers or slices, not {type(index).__name__}"
            ) from None
        size = list.__len__(self)
        if position < 0:
            position += size
        if not 0 <= position < size:
            raise IndexError("list index out of range")
        return self._read(position)

    def __iter__(self) -> Iterator[T]:
        index = 0
        while index < list.__len__(self):  # as a list: items appended meanwhile are seen
            yield self._read(index)
            index += 1

    def __reversed__(self) -> Iterator[T]:
        for index in range(list.__len__(self) - 1, -1, -1):
            yield self._read(index)

    def __contains__(self, value: object) -> bool:
        return any(item == value for item in self)

    def index(self, value: Any, start: SupportsIndex = 0, stop: SupportsIndex = 2**63 - 1) -> int:
        """The first position of an item equal to ``value`` (reads items up to it)."""
        begin, end, _ = slice(start, stop).indices(list.__len__(self))
        for position in range(begin, end):
            if self._read(position) == value:
                return position
        raise ValueError(f"{value!r} is not in list")

    def count(self, value: Any) -> int:
        """How many items equal ``value`` (reads every item)."""
        return sum(1 for item in self if item == value)

    def pop(self, index: SupportsIndex = -1) -> T:
        """Remove and return the item at ``index`` (the last by default)."""
        item = self[index]
        list.pop(self, index)
        return item

    def remove(self, value: Any) -> None:
        """Remove the first item equal to ``value``."""
        list.__delitem__(self, self.index(value))

    def sort(self, *, key: Any = None, reverse: bool = False) -> None:
        """Sort in place (reads every item)."""
        for position in range(list.__len__(self)):
            self._read(position)
        list.sort(self, key=key, reverse=reverse)

    def copy(self) -> list[T]:
        """A plain list of the items (reads every item)."""
        return list(self)

    def __add__(self, other: Any) -> Any:
        return list(self) + list(other)

    def __radd__(self, other: Any) -> Any:
        return list(other) + list(self)

    def __mul__(self, times: SupportsIndex) -> list[T]:
        return list(self) * times

    __rmul__ = __mul__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, list):
            return NotImplemented
        if list.__eq__(self, other) is True:
            return True  # the same JSON objects or the same models: the same items
        size = list.__len__(self)
        if size != len(other):
            return False
        theirs = other._peek if isinstance(other, ItemList) else other.__getitem__
        return all(self._peek(i) == theirs(i) for i in range(size))

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None

    def __repr__(self) -> str:
        # Never raises (logs and debuggers call it): a malformed item shows as its JSON.
        shown: list[Any] = []
        for index in range(list.__len__(self)):
            try:
                shown.append(self._peek(index))
            except Exception:
                shown.append(_Malformed(list.__getitem__(self, index)))
        return repr(shown)

    def __reduce__(self) -> tuple[Any, ...]:
        state = (list(list.__iter__(self)), self._item_type, self._wire_name, self._source)
        return (_rebuild, (*state, self._keep))

    def __copy__(self) -> ItemList[T]:
        return ItemList._held(
            list.__iter__(self), self._item_type, self._wire_name, self._source, self._keep
        )


class _Malformed:
    """Stands in for an item that fails validation in ``repr``."""

    __slots__ = ("raw",)

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def __repr__(self) -> str:
        return f"<malformed item {self.raw!r}>"


def _rebuild(
    raw: list[Any], item_type: type[T], wire_name: str, source: ItemSource, keep: bool
) -> ItemList[T]:
    return ItemList._held(raw, item_type, wire_name, source, keep)


class LazyItems:
    """``Annotated`` marker of a response's item list: held as an :class:`ItemList` when
    the page is parsed by a rekog client, a plain list of models otherwise.

    ``wire_name`` is the member's AWS name, used to name a malformed item (``Persons[3]``).
    """

    __slots__ = ("wire_name",)

    def __init__(self, wire_name: str) -> None:
        self.wire_name = wire_name

    def __repr__(self) -> str:
        return f"LazyItems({self.wire_name!r})"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        (item_type,) = get_args(source)
        eager = handler(source)
        wire_name = self.wire_name

        def validate(
            value: Any, validate_eagerly: Callable[[Any], Any], info: core_schema.ValidationInfo
        ) -> Any:
            context = info.context
            source = context.get(ITEMS_CONTEXT_KEY) if isinstance(context, Mapping) else None
            if not isinstance(source, ItemSource) or type(value) is not list:
                return validate_eagerly(value)
            for item in value:
                if type(item) is not dict:
                    # Not even a JSON object: report it now, where pydantic names it.
                    return validate_eagerly(value)
            return ItemList._held(value, item_type, wire_name, source)

        def serialize(value: Any, serialize_list: Callable[[Any], Any]) -> Any:
            if isinstance(value, ItemList):
                try:
                    value = value._models()
                except Exception as error:
                    # pydantic-core wraps what a serializer raises; the dump re-raises this.
                    _unread_failure.error = error
                    raise
            return serialize_list(value)

        return core_schema.with_info_wrap_validator_function(
            validate,
            eager,
            serialization=core_schema.wrap_serializer_function_ser_schema(serialize, schema=eager),
        )


_unread_failure = threading.local()


def dump_failure() -> Exception | None:
    """The item error behind the latest failed dump in this thread, taken (once)."""
    error: Exception | None = getattr(_unread_failure, "error", None)
    _unread_failure.error = None
    return error


def holds_items_lazily(model: type[RekogModel]) -> bool:
    """Whether a field of ``model`` is marked :class:`LazyItems`."""
    return any(
        isinstance(marker, LazyItems)
        for field in model.model_fields.values()
        for marker in field.metadata
    )
