"""Reading botocore's Rekognition service model for the generator.

Kept apart from the code writers so that tests can walk the same model the generator used.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import botocore
import botocore.exceptions
import botocore.loaders
from botocore import xform_name
from pydantic import BaseModel

SERVICE = "rekognition"
API_VERSION = "2016-06-27"

# Snake names that would shadow a BaseModel attribute get a trailing underscore.
_RESERVED = {name for name in dir(BaseModel) if not name.startswith("_")}


#: Python annotation of each scalar shape type, as the generated code spells it.
SCALAR_TYPES = {
    "string": "str",
    "integer": "int",
    "long": "int",
    "float": "float",
    "double": "float",
    "boolean": "bool",
    "blob": "bytes",
    "timestamp": "datetime",
}


def load_service_model() -> dict[str, Any]:
    """The raw service-2 model of the installed botocore."""
    loader = botocore.loaders.Loader()
    model: dict[str, Any] = loader.load_service_model(SERVICE, "service-2", API_VERSION)
    return model


def load_paginators() -> dict[str, Any]:
    """botocore's paginator definitions for the service, by operation (empty if none)."""
    loader = botocore.loaders.Loader()
    try:
        model: dict[str, Any] = loader.load_service_model(SERVICE, "paginators-1", API_VERSION)
    except botocore.exceptions.DataNotFoundError:
        return {}
    pagination: dict[str, Any] = model.get("pagination", {})
    return pagination


def load_examples() -> dict[str, Any]:
    loader = botocore.loaders.Loader()
    examples: dict[str, Any] = loader.load_service_model(SERVICE, "examples-1", API_VERSION)
    return examples


def botocore_version() -> str:
    return str(botocore.__version__)


def python_name(member: str) -> str:
    """snake_case attribute name of an AWS member name (boto3's own conversion)."""
    name = xform_name(member)
    if name in _RESERVED:
        name += "_"
    return name


class _TextExtractor(HTMLParser):
    """Turns the service documentation's HTML into plain text with light markdown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "ul", "ol", "dl"):
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "code":
            self.parts.append("`")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "code":
            self.parts.append("`")
        elif tag == "p":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(doc: str | None) -> str:
    """Plain text of an HTML documentation string (no tags, paragraphs kept)."""
    if not doc:
        return ""
    parser = _TextExtractor()
    parser.feed(doc)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    text = "\n".join(lines)
    text = re.sub(r"``", "", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    # <li><p>X</p></li> leaves the bullet alone on its line: join it to its text.
    text = re.sub(r"^-\n+(?=\S)", "- ", text, flags=re.MULTILINE)
    return text.strip()


def python_pattern(pattern: str) -> str:
    """Translate a service pattern (Java-style) to Python ``re``.

    Python's ``re`` has no Unicode property classes; ``\\p{L}`` becomes ``\\w``, ``\\p{N}``
    ``\\d`` and ``\\p{Z}`` ``\\s`` (slightly wider than the service; it stays authoritative).
    """
    return pattern.replace(r"\p{L}", r"\w").replace(r"\p{N}", r"\d").replace(r"\p{Z}", r"\s")


# Characters of each class that every engine agrees on (Java's, the service's; Rust's,
# pydantic-core's; Python's), as they are written inside ``[...]``.
_SAMPLE_CLASSES = {
    r"\p{L}": "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6",
    r"\p{N}": "0-9",
    r"\p{Z}": " ",
    r"\w": "a-zA-Z0-9_",
    r"\d": "0-9",
    r"\s": " \t",
}


def sample_pattern(pattern: str) -> str:
    """A Python ``re`` pattern each of whose matches also matches the service ``pattern`` in
    any regex engine: its character classes (``\\p{L}``, ``\\w``, ...) narrowed to
    characters they mean everywhere. For generating valid values in tests;
    ``python_pattern`` is wider (Python's ``\\w`` takes ``²``, ``\\s`` control
    characters)."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        piece = next((k for k in _SAMPLE_CLASSES if pattern.startswith(k, i)), None)
        if piece is not None:
            chars = _SAMPLE_CLASSES[piece]
            out.append(chars if in_class else f"[{chars}]")
            i += len(piece)
            continue
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)


@dataclass
class Reachability:
    """Which shapes appear in requests, in responses, or in both."""

    inputs: set[str] = field(default_factory=set)
    outputs: set[str] = field(default_factory=set)

    def role(self, shape: str) -> str:
        if shape in self.inputs and shape in self.outputs:
            return "shared"
        if shape in self.inputs:
            return "input"
        return "output"


def referenced_shapes(shapes: dict[str, Any], name: str) -> Iterator[str]:
    shape = shapes[name]
    kind = shape["type"]
    if kind == "structure":
        for member in shape.get("members", {}).values():
            yield member["shape"]
    elif kind == "list":
        yield shape["member"]["shape"]
    elif kind == "map":
        yield shape["key"]["shape"]
        yield shape["value"]["shape"]


def reachability(model: dict[str, Any]) -> Reachability:
    shapes = model["shapes"]
    result = Reachability()

    def walk(name: str, seen: set[str]) -> None:
        if name in seen:
            return
        seen.add(name)
        for child in referenced_shapes(shapes, name):
            walk(child, seen)

    for operation in model["operations"].values():
        if "input" in operation:
            walk(operation["input"]["shape"], result.inputs)
        if "output" in operation:
            walk(operation["output"]["shape"], result.outputs)
    return result


def structure_names(model: dict[str, Any]) -> list[str]:
    return sorted(k for k, v in model["shapes"].items() if v["type"] == "structure")


def enum_names(model: dict[str, Any]) -> list[str]:
    return sorted(k for k, v in model["shapes"].items() if "enum" in v)


def error_names(model: dict[str, Any]) -> list[str]:
    return sorted(k for k, v in model["shapes"].items() if v.get("exception"))
