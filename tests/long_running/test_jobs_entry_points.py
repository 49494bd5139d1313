"""``rk.jobs``' long-running entry points take exactly the arguments of the operation they call.

They restate the generated operation signatures (``rekog/jobs/_namespace.py``); this keeps every
copied parameter in step with the generated method: name, kind, type and default.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest

from rekog import Rekognition
from rekog.jobs._namespace import Jobs

#: Entry points that start an operation of the same name, and the parameters they add.
ENTRY_POINTS = {
    "create_project_version": {"poll"},
    "copy_project_version": {"poll"},
    "start_project_version": {"poll", "project_arn"},
    "stop_project_version": {"poll", "project_arn"},
    "create_dataset": {"poll"},
    "update_dataset_entries": {"poll"},
    "distribute_dataset_entries": {"poll"},
    "start_media_analysis_job": {"poll"},
    "start_stream_processor": {"poll"},
    "stop_stream_processor": {"poll"},
}


def _described(parameter: inspect.Parameter) -> tuple[Any, ...]:
    # Annotations are strings; the generated ones name models as ``models.X``.
    annotation = re.sub(r"\bmodels\.", "", str(parameter.annotation))
    return parameter.kind, annotation, parameter.default


@pytest.mark.parametrize(("name", "added"), sorted(ENTRY_POINTS.items()))
def test_entry_point_takes_the_operations_arguments(name: str, added: set[str]) -> None:
    ours = inspect.signature(getattr(Jobs, name)).parameters
    generated = inspect.signature(getattr(Rekognition, name)).parameters
    copied = {k: _described(v) for k, v in ours.items() if k not in added | {"self"}}
    expected = {k: _described(v) for k, v in generated.items() if k != "self"}
    assert copied == expected
    assert added <= set(ours)


def test_every_entry_point_is_listed() -> None:
    starters = {
        name
        for name, member in vars(Jobs).items()
        if inspect.isfunction(member)
        and not name.startswith("_")
        and hasattr(Rekognition, name)
        and name not in {"project_version", "dataset", "media_analysis_job", "stream_processor"}
    }
    assert starters == set(ENTRY_POINTS)
