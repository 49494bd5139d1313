"""Every shape of the service model has its model or enum, and the generated code is current."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from support.extras import requires_dev_tools
from support.installed_botocore import (
    requires_generating_botocore,
    skip_unless_generating_botocore,
)

import rekog.models
from rekog.models import OpenEnum, RekogModel, SharedShapeModel

from ._support import ENUMS, MODEL, REACH, ROOT, SHAPES, STRUCTURES, model_class, sm

# These tests check the generated code against the installed botocore's model: on another
# botocore (the support matrix's floors and newest), a shape that changed in between is
# skipped by name; every other shape is still checked.


@requires_generating_botocore
def test_service_model_has_the_expected_size() -> None:
    # A floor, not an exact count: botocore adds shapes over time.
    assert len(STRUCTURES) >= 323
    assert len(ENUMS) >= 44


def test_every_name_is_exported() -> None:
    exported = set(rekog.models.__all__)
    assert set(STRUCTURES) <= exported
    assert set(ENUMS) <= exported
    assert set(STRUCTURES) | set(ENUMS) <= set(dir(rekog.models))


@pytest.mark.parametrize("name", STRUCTURES)
def test_structure_has_model(name: str) -> None:
    cls = model_class(name)
    assert isinstance(cls, type)
    assert cls.__name__ == name
    assert issubclass(cls, RekogModel)
    shape = SHAPES[name]
    members = shape.get("members", {})
    fields = cls.model_fields
    aliases = {field.validation_alias for field in fields.values()}
    if aliases != set(members):
        skip_unless_generating_botocore(f"{name} members {sorted(aliases ^ set(members))}")
    assert aliases == set(members), name
    for attr, field in fields.items():
        # Both aliases are the AWS member name; the attribute is its snake_case form.
        assert field.serialization_alias == field.validation_alias
        assert attr == sm.python_name(field.validation_alias)
    # The class documentation comes from the service documentation, as plain text.
    assert cls.__doc__
    assert "<p>" not in cls.__doc__ and "</" not in cls.__doc__
    for member_name, member in members.items():
        field = fields[sm.python_name(member_name)]
        if member.get("documentation") or SHAPES[member["shape"]].get("documentation"):
            assert field.description, f"{name}.{member_name} has no description"
            assert "<p>" not in field.description


RESPONSE_SHAPES = [
    name for name in STRUCTURES if name in REACH.outputs or SHAPES[name].get("exception")
]


@pytest.mark.parametrize("name", RESPONSE_SHAPES)
def test_response_members_are_optional(name: str) -> None:
    """Members of shapes that appear in responses never need to be present."""
    cls = model_class(name)
    known = set(SHAPES[name]["members"])
    if {field.validation_alias for field in cls.model_fields.values()} != known:
        skip_unless_generating_botocore(f"{name} members")
    model = cls.from_response({})
    assert model.to_wire() == {}
    for attr, field in cls.model_fields.items():
        target = SHAPES[SHAPES[name]["members"][field.validation_alias]["shape"]]
        value = getattr(model, attr)
        if target["type"] == "list":
            assert value == []
        elif target["type"] == "map":
            assert value == {}
        else:
            assert value is None


EMPTY_BULLET = re.compile(r"^[ \t]*-[ \t]*$", re.MULTILINE)


def test_documentation_bullets_have_text() -> None:
    """``<li><p>Item</p></li>`` in the service docs must become ``- Item``, not a bare ``-``.

    A bare dash followed by the item as its own paragraph renders as an empty bullet in IDE
    hovers and in the mkdocs reference (e.g. ``FaceDetail``'s list of operations).
    """
    offenders = []
    for name in [*STRUCTURES, *ENUMS]:
        cls = model_class(name)
        texts = [cls.__doc__ or ""]
        if issubclass(cls, RekogModel):
            texts += [field.description or "" for field in cls.model_fields.values()]
        if any(EMPTY_BULLET.search(text) for text in texts):
            offenders.append(name)
    assert offenders == []


def test_plain_text_of_html_lists() -> None:
    html = "<p>Returns:</p> <ul> <li> <p>GetCelebrityRecognition</p> </li> <li>GetFaceSearch</li> </ul>"
    text = sm.plain_text(html)
    assert "- GetCelebrityRecognition" in text
    assert "- GetFaceSearch" in text
    assert "<" not in text


def test_shared_shapes_use_shared_base() -> None:
    for name in STRUCTURES:
        cls = model_class(name)
        required = SHAPES[name].get("required", [])
        if REACH.role(name) == "shared" and required and not SHAPES[name].get("exception"):
            assert issubclass(cls, SharedShapeModel), name
            assert set(cls.__rekog_required__) == {sm.python_name(m) for m in required}


@pytest.mark.parametrize("name", ENUMS)
def test_enum_has_open_enum(name: str) -> None:
    cls = model_class(name)
    assert isinstance(cls, type)
    assert cls.__name__ == name
    assert issubclass(cls, OpenEnum)
    if [member.value for member in cls] != list(SHAPES[name]["enum"]):
        skip_unless_generating_botocore(f"{name} values")
    assert [member.value for member in cls] == list(SHAPES[name]["enum"])
    for value in SHAPES[name]["enum"]:
        member = cls(value)
        assert member.is_known
        assert member == value
        assert str(member) == value
    assert cls.__doc__


@requires_generating_botocore
def test_every_structure_builds_its_schema() -> None:
    failures = {}
    for name in STRUCTURES:
        cls = model_class(name)
        try:
            cls.model_rebuild(force=True)
            schema = cls.model_json_schema(by_alias=True)
        except Exception as exc:  # collect them all
            failures[name] = repr(exc)
            continue
        assert set(schema.get("properties", {})) == set(SHAPES[name].get("members", {}))
    assert not failures, failures
    assert len(STRUCTURES) - len(failures) == len(STRUCTURES)


def test_operations_have_request_and_response_models() -> None:
    for operation in MODEL["operations"].values():
        for key in ("input", "output"):
            if key in operation:
                assert issubclass(model_class(operation[key]["shape"]), RekogModel)


@requires_generating_botocore
@requires_dev_tools
def test_generated_output_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_files_say_so() -> None:
    models_dir = ROOT / "rekog" / "_generated" / "models"
    paths = [models_dir / "_enums.py", models_dir / "__init__.py"]
    paths += sorted(models_dir.glob("_shapes/*.py"))
    assert len(paths) > 300  # one module per structure shape
    for path in paths:
        first = path.read_text().splitlines()[0]
        assert first.startswith("# GENERATED by tools/generate.py"), path
        assert "DO NOT EDIT" in first, path


def test_a_model_loads_only_the_models_it_refers_to() -> None:
    # Cold start: a first CreateCollection must not build the other 300-odd classes.
    code = (
        "import sys; from rekog.models import CreateCollectionResponse, FaceDetail; "
        "print(' '.join(m.rsplit('.', 1)[1] for m in sys.modules "
        "if m.startswith('rekog._generated.models._shapes.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    modules = set(loaded.split())
    assert {"create_collection_response", "face_detail", "landmark"} <= modules
    assert "get_face_search_response" not in modules
    assert len(modules) < 30
