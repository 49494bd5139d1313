"""Generate rekog's code from botocore's Rekognition service model.

    python tools/generate.py          # rewrite the generated files
    python tools/generate.py --check  # exit 1 if a committed file differs from fresh output

Generated modules live in ``rekog/_generated/`` unless they define public classes (a type
checker names a class by its defining module), each with a header saying it is generated;
hand-written modules (``rekog/models/__init__.py``, ``rekog/errors.py``, ``rekog/client.py``,
``rekog/aio/``) re-export or build on them. Imports run one way: the
hand-written client layer imports generated code, generated code imports only hand-written
building blocks (``models/base.py``, ``_spec.py``, ``errors.py``, ``inputs``, ``paging``,
``jobs``), never a client module.

- ``rekog/_generated/models/_enums.py``   a string enum per enum shape (open to unknown values)
- ``rekog/_generated/models/_shapes/``   one module per structure shape (a Pydantic v2 model
  each, with the constrained scalar types it uses): a call imports only the models it reaches
- ``rekog/_generated/models/__init__.py`` the lazy run-time face of the two modules above
- ``rekog/models/__init__.pyi``            the typed face: a stub defining every model and enum,
  so type checkers name them ``rekog.models.X``, as their ``__module__`` does at run time
- further modules registered in ``WRITERS`` (operations, sync and async client)
- the service error classes, at the end of ``rekog/errors.py`` below its marker line: defined
  in their public module so type checkers name them ``rekog.errors.X``
- ``rekog/_generated/paged_operations.py``: ``PAGED_OPERATIONS`` (``tools/writers_paging.py``)
- the sync flavour of hand-written async modules (``tools/unasync.py``): public classes in public
  modules (``rekog/pager.py``, ``rekog/jobs/video_job.py``, ``rekog/jobs/long_running.py``),
  private helpers in ``rekog/_generated/sync/``
"""

from __future__ import annotations

import argparse
import ast
import difflib
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import servicemodel as sm  # noqa: E402
from emit import docstring, header  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def enum_member_name(value: str) -> str:
    # botocore's own camelCase split: "eyeLeft" -> EYE_LEFT, "LOW_FACE_QUALITY" unchanged.
    name = "".join(ch if ch.isalnum() else "_" for ch in sm.xform_name(value).upper())
    name = re.sub(r"_+", "_", name).strip("_")
    if not name or name[0].isdigit():
        name = "_" + name
    return name


# ---------------------------------------------------------------------------- enums


#: Where the generated models and enums say they live (``__module__``), and where type
#: checkers find them (``rekog/models/__init__.pyi`` defines them): their public home, for
#: reprs, tracebacks, pickles and mypy's messages alike.
PUBLIC_HOME = "rekog.models"


def public_home(name: str) -> str:
    """The line after class ``name`` that gives it its public home.

    After the class statement, not in its body: pydantic resolves a model's annotations in the
    namespace of its ``__module__`` while building the class.
    """
    return f"{name}.__module__ = {PUBLIC_HOME!r}\n"


def enum_classes(model: dict[str, Any]) -> str:
    """The class statements of every enum shape (the same in ``_enums.py`` and the stub)."""
    shapes = model["shapes"]
    out = []
    for name in sm.enum_names(model):
        shape = shapes[name]
        out.append(f"\n\nclass {name}(OpenEnum):\n")
        doc = sm.plain_text(shape.get("documentation")) or f"Values of the `{name}` shape."
        out.append(docstring(doc, "    "))
        out.append("\n")
        seen: set[str] = set()
        for value in shape["enum"]:
            member = enum_member_name(value)
            while member in seen:
                member += "_"
            seen.add(member)
            out.append(f"    {member} = {value!r}\n")
    return "".join(out)


def write_enums(model: dict[str, Any]) -> str:
    out = [header(model), '"""String enums of the Rekognition service model."""\n\n']
    out.append("from ...models.open_enum import OpenEnum\n\n")
    names = sm.enum_names(model)
    out.append("__all__ = [\n" + "".join(f'    "{n}",\n' for n in names) + "]\n")
    out.append(enum_classes(model))
    out.append("\n\n# Their public home (see PUBLIC_HOME in tools/generate.py).\n")
    out.extend(public_home(name) for name in names)
    return "".join(out)


# ---------------------------------------------------------------------------- shapes


# Names used in annotations; an attribute of the same name would shadow them in its class.
_TYPE_NAMES = {
    "str", "int", "float", "bool", "datetime", "list", "dict", "Blob", "Timestamp", "Annotated",
    "Strict",
}  # fmt: skip

# The service's integer widths (botocore integer shapes are Java ints, long shapes longs).
_INT_WIDTHS = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}

# Request rules as annotated-types metadata: what ``Field(min_length=..)`` is turned into,
# without building a ``FieldInfo`` per alias (about 30 us each when a model first loads).
_RULE_METADATA = {"min_length": "MinLen", "max_length": "MaxLen", "ge": "Ge", "le": "Le"}


def rule_metadata(rules: dict[str, Any]) -> list[str]:
    """``{"min_length": 1, "le": 9}`` -> ``["MinLen(1)", "Le(9)"]``."""
    return [f"{_RULE_METADATA[rule]}({value!r})" for rule, value in rules.items()]


# Scalar types checked strictly in requests: no bool for a number, no bytes for a string.
_STRICT_TYPES = {"string", "integer", "long", "float", "double", "boolean"}


class ShapeWriter:
    """Writes the structure shapes as Pydantic models."""

    def __init__(self, model: dict[str, Any]) -> None:
        self.model = model
        self.shapes: dict[str, Any] = model["shapes"]
        self.reach = sm.reachability(model)
        self.enums = set(sm.enum_names(model))
        operations = model["operations"].values()
        # Operation input and output shapes: request and response models.
        self.inputs = {op["input"]["shape"] for op in operations if "input" in op}
        self.outputs = {op["output"]["shape"] for op in operations if "output" in op}
        if self.inputs & self.outputs:
            raise SystemExit(f"shapes both input and output: {self.inputs & self.outputs}")
        # Annotated aliases for constrained scalar shapes, by (shape, strict) -> alias name.
        self.aliases: dict[tuple[str, bool], str] = {}
        self.alias_lines: list[str] = []

    # --- types

    def constraints(self, shape: dict[str, Any]) -> dict[str, Any]:
        kind = shape["type"]
        rules: dict[str, Any] = {}
        if kind in ("string", "blob", "list", "map"):
            if "min" in shape and shape["min"] > 0:
                rules["min_length"] = shape["min"]
            if "max" in shape:
                rules["max_length"] = shape["max"]
        elif kind in ("integer", "long", "float", "double"):
            if "min" in shape:
                rules["ge"] = shape["min"]
            if "max" in shape:
                rules["le"] = shape["max"]
        if kind == "string" and "pattern" in shape and "enum" not in shape:
            rules["pattern"] = shape["pattern"]
        return rules

    def scalar_type(self, name: str) -> str:
        shape = self.shapes[name]
        if name in self.enums:
            return name
        # Blob: bytes, base64 in JSON; Timestamp: datetime, epoch seconds in JSON (the wire).
        return {**sm.SCALAR_TYPES, "blob": "Blob", "timestamp": "Timestamp"}[shape["type"]]

    def request_rules(self, shape: dict[str, Any]) -> dict[str, Any]:
        """The shape's rules plus its type's: the service's integers are 32 or 64 bits wide."""
        rules = self.constraints(shape)
        width = _INT_WIDTHS.get(shape["type"])
        if width is not None:
            low, high = width
            rules["ge"] = max(rules.get("ge", low), low)
            rules["le"] = min(rules.get("le", high), high)
        return rules

    def constrained_alias(self, name: str, strict: bool) -> str:
        """Name of an ``Annotated`` alias carrying the shape's request rules.

        Request scalars are ``Strict`` (no ``True`` for an int, no bytes for a string) in
        both modes: that is the type, checked in pydantic-core at no cost. ``strict`` rules
        are pydantic-core constraints (input-only shapes); lenient rules are Python checks
        skipped under the response context (shapes shared with responses).
        """
        key = (name, strict)
        if key in self.aliases:
            return self.aliases[key]
        shape = self.shapes[name]
        rules = self.request_rules(shape)
        base = self.scalar_type(name)
        alias = f"_{name}" if strict else f"_{name}Lenient"
        parts = [base]
        if shape["type"] in _STRICT_TYPES:
            parts.append("Strict()")
        pattern = rules.pop("pattern", None)
        if strict:
            parts.extend(rule_metadata(rules))
            anchored = None if pattern is None else rust_pattern(pattern)
            if anchored is not None:
                # Checked in pydantic-core, with the service's own Unicode classes.
                parts.append(f"StringConstraints(pattern={anchored!r})")
            elif pattern is not None:  # look-around: only Python's ``re`` has it
                parts.append(
                    f"AfterValidator(check_pattern({pattern!r}, {sm.python_pattern(pattern)!r}))"
                )
        elif rules or pattern is not None:
            args = ", ".join(f"{k}={v!r}" for k, v in rules.items())
            if pattern is not None:
                args += (", " if args else "") + (
                    f"pattern={pattern!r}, python_pattern={sm.python_pattern(pattern)!r}"
                )
            parts.append(f"AfterValidator(check_rules({args}))")
        if len(parts) == 1:
            return base
        self.alias_lines.append(f"{alias} = Annotated[{', '.join(parts)}]\n")
        self.aliases[key] = alias
        return alias

    def type_expr(self, name: str, mode: str) -> str:
        """Annotation for a member of shape ``name``; mode is input, shared or output."""
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "structure":
            return name
        if kind == "list":
            inner = self.type_expr(shape["member"]["shape"], mode)
            outer = f"list[{inner}]"
        elif kind == "map":
            key = self.type_expr(shape["key"]["shape"], mode)
            value = self.type_expr(shape["value"]["shape"], mode)
            outer = f"dict[{key}, {value}]"
        else:
            outer = self.scalar_type(name)
        if mode == "output":
            return outer
        if kind in ("list", "map"):
            parts = [outer]
            if kind == "list":
                # A set, generator or file would be accepted by pydantic's lax list.
                parts.append("BeforeValidator(check_sequence)")
            rules = self.constraints(shape)
            if rules and mode == "input":
                parts.extend(rule_metadata(rules))
            elif rules:
                args = ", ".join(f"{k}={v!r}" for k, v in rules.items())
                parts.append(f"AfterValidator(check_rules({args}))")
            return f"Annotated[{', '.join(parts)}]"
        if name in self.enums:
            # pydantic's lax enum check turns b"AUTO" into "AUTO".
            return f"Annotated[{outer}, BeforeValidator(check_enum_type)]"
        return self.constrained_alias(name, strict=(mode == "input"))

    def holds_blob(self, name: str, seen: set[str] | None = None) -> bool:
        """Whether a blob is reachable from shape ``name``."""
        seen = set() if seen is None else seen
        if name in seen:
            return False
        seen.add(name)
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "blob":
            return True
        if kind == "structure":
            return any(self.holds_blob(m["shape"], seen) for m in shape["members"].values())
        if kind == "list":
            return self.holds_blob(shape["member"]["shape"], seen)
        if kind == "map":
            return self.holds_blob(shape["value"]["shape"], seen)
        return False

    def holds_items_lazily(self, name: str, target: dict[str, Any]) -> bool:
        """Whether a member of shape ``name`` of type ``target`` is a lazily validated item list.

        The item lists of operation outputs, in responses without blobs: their items are
        validated from parsed JSON in Python mode, where a blob's base64 text would not be
        decoded.
        """
        return (
            name in self.outputs
            and target["type"] == "list"
            and self.shapes[target["member"]["shape"]]["type"] == "structure"
            and not self.holds_blob(name)
        )

    # --- classes

    def member_doc(self, member: dict[str, Any]) -> str:
        doc = member.get("documentation") or self.shapes[member["shape"]].get("documentation")
        return sm.plain_text(doc)

    def write_structure(self, name: str) -> str:
        shape = self.shapes[name]
        mode = self.reach.role(name)
        if shape.get("exception"):
            mode = "output"
        required = set(shape.get("required", [])) if mode != "output" else set()
        shared_required = mode == "shared" and required
        if name in self.outputs:
            base = "ResponseModel"
        elif name in self.inputs:
            base = "RequestModel"
        elif shared_required:
            base = "SharedShapeModel"
        elif mode == "input":
            base = "InputShapeModel"
        else:
            base = "RekogModel"
        out = [f"\n\nclass {name}({base}):\n"]
        doc = sm.plain_text(shape.get("documentation")) or f"The `{name}` shape."
        out.append(docstring(doc, "    "))
        members = shape.get("members", {})
        if shared_required:
            names = tuple(sm.python_name(m) for m in members if m in required)
            out.append(f"\n    __rekog_required__: ClassVar[tuple[str, ...]] = {names!r}\n")
        for member_name, member in members.items():
            attr = sm.python_name(member_name)
            if attr in _TYPE_NAMES:
                raise SystemExit(f"{name}.{member_name}: attribute {attr!r} shadows a type name")
            target = self.shapes[member["shape"]]
            annotation = self.type_expr(member["shape"], mode)
            if self.holds_items_lazily(name, target):
                # A page's items stay parsed JSON until read (rekog/models/_items.py).
                annotation = f"Annotated[{annotation}, LazyItems({member_name!r})]"
            doc = self.member_doc(member)
            alias = f"validation_alias={member_name!r}, serialization_alias={member_name!r}"
            is_required = member_name in required and mode == "input"
            if is_required:
                default = ""
            elif target["type"] == "list":
                # A Python factory: pydantic reads a default factory's signature, and
                # ``inspect.signature(list)`` costs a process ~1.6 ms the first time.
                default = "default_factory=empty_list, "
            elif target["type"] == "map":
                default = "default_factory=dict, "
            else:
                default = "default=None, "
                annotation = f"{annotation} | None"
            out.append(
                f"\n    {attr}: {annotation} = Field({default}{alias}, description={doc!r})\n"
            )
            out.append(docstring(doc, "    "))
        return "".join(out)

    def write_modules(self) -> dict[str, str]:
        """Source of every module of the ``_shapes`` package, by path.

        One module per structure: it imports exactly the models, enums and constrained
        scalars it refers to, so using one model loads only what it reaches (a first
        ``CreateCollection`` builds two classes, not 323).

        No ``from __future__ import annotations``: the annotations are objects, so
        ``typing.get_type_hints`` of a model needs no names from its ``__module__``
        (:data:`PUBLIC_HOME`, whose names load lazily).
        """
        names = sm.structure_names(self.model)
        classes = {name: self.write_structure(name) for name in names}
        modules = {name: shape_module(name) for name in names}
        if len(set(modules.values())) != len(modules):
            raise SystemExit("two structure shapes map to the same module name")
        # Each module defines the constrained scalars it uses: one shared module of all 81
        # cost a first call ~2 ms for the two it needed.
        aliases = {line.split(" = ", 1)[0]: line for line in self.alias_lines}
        out = {f"{SHAPES_PACKAGE}/__init__.py": self._package_init()}
        for name in names:
            body = classes[name]
            used = set(re.findall(r"\b[A-Za-z_][A-Za-z0-9_]*\b", body))
            lines = [header(self.model)]
            lines.append(docstring(f"The `{name}` model (one module per shape).", ""))
            lines.append("\n")
            lines.append(model_imports("....models."))
            enums = sorted(used & self.enums)
            if enums:
                lines.append(f"from .._enums import {', '.join(enums)}\n")
            for ref in sorted((used & set(names)) - {name}):
                lines.append(f"from .{modules[ref]} import {ref}\n")
            scalars = sorted(used & aliases.keys())
            if scalars:
                lines.append("\n")
                lines.extend(aliases[scalar] for scalar in scalars)
            lines.append(f'\n__all__ = ["{name}"]\n')
            lines.append(body)
            lines.append("\n\n" + public_home(name))
            out[f"{SHAPES_PACKAGE}/{modules[name]}.py"] = "".join(lines)
        return out

    def write_stub(self) -> str:
        """``rekog/models/__init__.pyi``: every model and enum class, defined in the stub.

        Type checkers read a package's ``__init__.pyi`` over its ``__init__.py``, and name a
        class by the module that defines it: ``rekog.models.FaceDetail``. The class bodies are
        the shape modules' own (fields, ``Field(...)`` specs, docstrings), so constructors,
        aliases and hovers are what the run-time classes have.
        """
        names = sm.structure_names(self.model)
        classes = "".join(self.write_structure(name) for name in names)
        out = [header(self.model), docstring(models_doc(), ""), "\n"]
        out.append(model_imports(".", stub=True) + "\n")
        out.append(models_all(self.model) + "\n")
        out.extend(self.alias_lines)
        out.append(enum_classes(self.model))
        out.append(classes)
        return "".join(out)

    def _package_init(self) -> str:
        return header(self.model) + (
            '"""Pydantic models of the Rekognition service model, one module per structure '
            "shape.\n\nImport them from :mod:`rekog.models`; each module here loads on first use, "
            'with only\nthe models it refers to.\n"""\n'
        )


def rust_pattern(pattern: str) -> str | None:
    """The service ``pattern`` as a pydantic-core ``pattern`` constraint, anchored to match
    the whole string with ``.`` matching newlines (as ``check_pattern`` does); ``None`` when
    pydantic-core's regex engine cannot compile it (look-around, back-references)."""
    from pydantic_core import SchemaError, SchemaValidator, core_schema

    anchored = f"^(?s:{pattern})$"
    try:
        SchemaValidator(core_schema.str_schema(pattern=anchored))
    except SchemaError:
        return None
    return anchored


def model_imports(models: str, *, stub: bool = False) -> str:
    """Imports of a module that defines models; ``models`` is the path of ``rekog.models``
    from it (``"....models."`` in a shape module, ``"."`` in the stub, which re-exports the
    bases). Unused ones are dropped when the output is formatted."""
    helpers = ["Blob", "Timestamp", "check_enum_type", "check_pattern", "check_rules"]
    helpers += ["check_sequence", "empty_list"]
    if stub:  # the bases are re-exported: ``X as X``
        bases = [f"from {models}base import {n} as {n}\n" for n in BASE_NAMES]
        bases.append(f"from {models}open_enum import OpenEnum as OpenEnum\n")
    else:
        bases = [f"from {models}base import {n}\n" for n in BASE_NAMES if n != "RESPONSE_CONTEXT"]
        bases.append(f"from {models}open_enum import OpenEnum\n")
    return (
        "from typing import Annotated, ClassVar\n\n"
        "from annotated_types import Ge, Le, MaxLen, MinLen\n"
        "from pydantic import AfterValidator, BeforeValidator, Field, Strict, StringConstraints\n\n"
        f"from {models}_items import LazyItems\n"
        + "".join(f"from {models}base import {n}\n" for n in helpers)
        + "".join(bases)
    )


def models_all(model: dict[str, Any]) -> str:
    """The ``__all__`` of ``rekog.models``, the same in the stub and the run-time face: every
    enum and model, and the bases."""
    public = sorted([*sm.enum_names(model), *sm.structure_names(model), *BASE_NAMES, "OpenEnum"])
    return "__all__ = [\n" + "".join(f'    "{n}",\n' for n in public) + "]\n"


def models_doc() -> str:
    """The stub's docstring: the hand-written package's own (``rekog/models/__init__.py``)."""
    package = ROOT / "rekog" / "models" / "__init__.py"
    text = ast.get_docstring(ast.parse(package.read_text()), clean=False)
    assert text is not None, f"{package} has no docstring"
    return text


#: Where the per-shape modules are written.
SHAPES_PACKAGE = "rekog/_generated/models/_shapes"


def shape_module(name: str) -> str:
    """The module (in ``_shapes``) of structure ``name``: ``FaceDetail`` -> ``face_detail``."""
    return sm.xform_name(name)


#: Hand-written model bases ``rekog.models`` re-exports (from ``rekog/models/base.py``).
BASE_NAMES = (
    "InputShapeModel",
    "RekogModel",
    "RequestModel",
    "ResponseModel",
    "SharedShapeModel",
    "RESPONSE_CONTEXT",
)


def write_models_init(model: dict[str, Any]) -> str:
    structures = sm.structure_names(model)
    enums = sm.enum_names(model)
    out = [header(model)]
    out.append(
        '''"""The run-time face of the generated models: :mod:`rekog.models` reads its names here.

A name loads its module on first access (a model's module loads the models it refers to);
each model builds its validation schema the first time it is used. Type checkers do not read
this package: ``rekog/models/__init__.pyi`` defines every model and enum (their public home).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any
'''
    )
    # The model bases (and OpenEnum) load on first use like the models. Nothing from
    # ``rekog.models`` is imported at import time: that package imports this one.
    out.append("\n_BASE = frozenset({\n" + "".join(f'    "{n}",\n' for n in BASE_NAMES) + "})\n")
    out.append("\n_ENUMS = frozenset({\n" + "".join(f'    "{n}",\n' for n in enums) + "})\n")
    out.append(
        "\n# Structure name -> its module in ``_shapes``.\n_STRUCTURES = {\n"
        + "".join(f'    "{n}": "{shape_module(n)}",\n' for n in structures)
        + "}\n"
    )
    out.append("\n" + models_all(model))
    out.append(
        """

# Hidden from type checkers: a name typed through this private package is their error (two
# classes named FaceDetail); typed code names the models through ``rekog.models``.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name in _STRUCTURES:
            module = importlib.import_module(f"._shapes.{_STRUCTURES[name]}", __name__)
        elif name in _BASE:
            module = importlib.import_module("...models.base", __name__)
        elif name == "OpenEnum":
            module = importlib.import_module("...models.open_enum", __name__)
        elif name in _ENUMS:
            module = importlib.import_module("._enums", __name__)
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(module, name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return __all__
"""
    )
    return "".join(out)


def write_models_stub(model: dict[str, Any]) -> str:
    return ShapeWriter(model).write_stub()


def write_package_init(model: dict[str, Any]) -> str:
    return header(model) + (
        '''"""What ``tools/generate.py`` writes; nothing here is edited by hand.

- ``models/``: a Pydantic model per structure shape, an open enum per enum shape (public
  face: :mod:`rekog.models`)
- (the service error classes are generated into the end of :mod:`rekog.errors`, their
  public home)
- ``operations``: the operation table the clients run on
- ``client_ops``, ``namespaces``: the methods of :class:`rekog.Rekognition`, ``rk.paginate``
  and ``rk.jobs``
- ``aio_client_ops``, ``aio_namespaces``: the same for :class:`rekog.AsyncRekognition`
"""
'''
    )


WRITERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "rekog/_generated/__init__.py": write_package_init,
    "rekog/_generated/models/_enums.py": write_enums,
    "rekog/_generated/models/__init__.py": write_models_init,
    "rekog/models/__init__.pyi": write_models_stub,
}

#: Writers of a whole generated package: package path -> writer of {file path: source}.
PACKAGE_WRITERS: dict[str, Callable[[dict[str, Any]], dict[str, str]]] = {
    SHAPES_PACKAGE: lambda model: ShapeWriter(model).write_modules(),
}

#: Generated files of earlier layouts, removed when found.
LEGACY_PATHS = [
    "rekog/_generated/models/_shapes.py",
    "rekog/_generated/errors.py",
    "rekog/_generated/sync/paging.py",  # now rekog/pager.py
    "rekog/_generated/sync/jobs.py",  # now rekog/jobs/video_job.py
    "rekog/_generated/sync/long_running.py",  # now rekog/jobs/long_running.py
]


def format_sources(sources: dict[str, str]) -> dict[str, str]:
    """Sort imports, drop unused ones and format with ruff: stable, lint-clean output.

    All files go through one ruff run (in a scratch copy of their paths, with the project's
    configuration): hundreds of small modules would take a ruff process each otherwise.
    """
    config = str(ROOT / "pyproject.toml")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for path, source in sources.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source)
        ruff = [sys.executable, "-m", "ruff"]
        fix = ["check", "--fix", "--quiet", "--select", "I,F401", "--exit-zero"]
        for command in (fix, ["format", "--quiet"]):
            subprocess.run(
                [*ruff, *command, "--config", config, "--no-cache", "."],
                capture_output=True,
                text=True,
                check=True,
                cwd=root,
            )
        return {path: (root / path).read_text() for path in sources}


def _bulk_writers() -> dict[str, Callable[[dict[str, Any]], str]]:
    """The operation methods of ``rk.bulk`` for both clients (``tools/writers_bulk.py``)."""
    from writers_bulk import BULK_WRITERS

    return BULK_WRITERS


def render_all() -> dict[str, str]:
    """Every generated file, by path relative to the repository, formatted."""
    from unasync import UNASYNC_WRITERS
    from writers_aio import AIO_WRITERS
    from writers_client import CLIENT_BLOCK_WRITERS, CLIENT_WRITERS
    from writers_paging import PAGING_WRITERS

    model = sm.load_service_model()
    writers = {**WRITERS, **PAGING_WRITERS, **CLIENT_WRITERS, **AIO_WRITERS, **UNASYNC_WRITERS}
    writers.update(_bulk_writers())
    sources = {path: writer(model) for path, writer in writers.items()}
    for write_package in PACKAGE_WRITERS.values():
        sources.update(write_package(model))
    for path, (marker, write_block) in CLIENT_BLOCK_WRITERS.items():
        sources[path] = with_generated_block(path, marker, write_block(model))
    return format_sources(sources)


def with_generated_block(path: str, marker: str, block: str) -> str:
    """The hand-written module ``path`` up to its ``marker`` line, then ``block``.

    Used where generated code must be defined in a public module (type checkers name a class
    by its defining module); the marker line says where the hand-written part ends.
    """
    text = (ROOT / path).read_text()
    if text.count(marker + "\n") != 1:
        raise SystemExit(f"{path}: expected the line {marker!r} exactly once")
    hand_written = text[: text.index(marker + "\n")]
    return hand_written + marker + "\n" + block


def obsolete_files(rendered: dict[str, str]) -> list[str]:
    """Files the generator once wrote that it no longer writes (removed shapes, old layouts)."""
    found = [path for path in LEGACY_PATHS if (ROOT / path).exists()]
    for package in PACKAGE_WRITERS:
        for file in sorted((ROOT / package).glob("*.py")):
            path = file.relative_to(ROOT).as_posix()
            if path not in rendered:
                found.append(path)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if committed output is stale")
    args = parser.parse_args(argv)
    rendered = render_all()
    stale = []
    for path in obsolete_files(rendered):
        if args.check:
            stale.append(path)
            print(f"{path}: no longer generated")
        else:
            (ROOT / path).unlink()
            print(f"removed {path}")
    for path, text in rendered.items():
        target = ROOT / path
        current = target.read_text() if target.exists() else ""
        if current == text:
            continue
        if args.check:
            stale.append(path)
            diff = difflib.unified_diff(
                current.splitlines(), text.splitlines(), path, path + " (generated)", lineterm=""
            )
            print("\n".join(list(diff)[:40]))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
            print(f"wrote {path}")
    if stale:
        print(f"stale generated files: {', '.join(stale)}; run python tools/generate.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
