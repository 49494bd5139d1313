"""Write ``PAGED_OPERATIONS``: how each of the operations taking a ``NextToken`` paginates.

Everything is read from botocore's service model: the operations (those whose input has a
``NextToken``), the page-size member and its minimum, the token's maximum length, the list
holding the items and the item's type. The model says which list holds the items only when
there is one list; botocore's paginators name it where they cover the operation, and
:data:`ITEMS_MEMBER` where neither does.
"""

from __future__ import annotations

from typing import Any

import servicemodel as sm
from emit import header

#: The items list where the output has several lists and botocore has no paginator.
ITEMS_MEMBER = {"GetSegmentDetection": "Segments"}
#: Operations whose items are built from more than one list: (item type, extract function
#: in ``rekog.paging``).
EXTRACTED = {"ListCollections": ("CollectionItem", "collection_items")}


def _items_member(model: dict[str, Any], paginators: dict[str, Any], operation: str) -> str:
    shapes = model["shapes"]
    output = shapes[model["operations"][operation]["output"]["shape"]]["members"]
    if operation in ITEMS_MEMBER:
        return ITEMS_MEMBER[operation]
    result_key = paginators.get(operation, {}).get("result_key")
    if result_key:
        return str(result_key[0] if isinstance(result_key, list) else result_key)
    lists = [name for name, m in output.items() if shapes[m["shape"]]["type"] == "list"]
    if len(lists) != 1:
        raise SystemExit(f"{operation}: which list holds the items? add it to ITEMS_MEMBER")
    return lists[0]


def paged_operations(model: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per paginated operation, sorted by name."""
    shapes = model["shapes"]
    paginators = sm.load_paginators()
    entries = []
    for operation in sorted(model["operations"]):
        spec = model["operations"][operation]
        inputs = shapes[spec["input"]["shape"]]["members"] if "input" in spec else {}
        if "NextToken" not in inputs:
            continue
        member = _items_member(model, paginators, operation)
        output = shapes[spec["output"]["shape"]]["members"]
        item_shape = shapes[output[member]["shape"]]["member"]["shape"]
        item_type = item_shape if shapes[item_shape]["type"] == "structure" else "str"
        entry: dict[str, Any] = {
            "operation": operation,
            "items_member": member,
            "items_attribute": sm.python_name(member),
            "item_type": item_type,
        }
        if operation in EXTRACTED:
            entry["item_type"], entry["extract"] = EXTRACTED[operation]
        page_size = inputs.get("MaxResults")
        if page_size is None:
            entry["page_size_field"] = None
        else:
            entry["page_size_min"] = int(shapes[page_size["shape"]].get("min", 1))
        entry["token_max_length"] = int(shapes[inputs["NextToken"]["shape"]].get("max", 255))
        entries.append(entry)
    return entries


def write_paged_operations(model: dict[str, Any]) -> str:
    out = [
        header(model),
        '"""Every Rekognition operation that takes a ``NextToken``, and how it paginates (read\n'
        'from botocore\'s service model by ``tools/writers_paging.py``)."""\n\n',
        "from __future__ import annotations\n\n",
        "from ..paging import PagedOperation, collection_items\n\n",
        '__all__ = ["PAGED_OPERATIONS"]\n\n',
        "#: Every operation that takes a ``NextToken``, by operation name.\n",
        "PAGED_OPERATIONS: dict[str, PagedOperation] = {\n",
    ]
    for entry in paged_operations(model):
        fields = "".join(
            f"        {key}={value if key == 'extract' else repr(value)},\n"
            for key, value in entry.items()
        )
        out.append(f'    "{entry["operation"]}": PagedOperation(\n{fields}    ),\n')
    out.append("}\n")
    return "".join(out)


PAGING_WRITERS = {"rekog/_generated/paged_operations.py": write_paged_operations}
