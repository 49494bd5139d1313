"""``rk.jobs``' long-running methods are generated from one table (``rekog.jobs.entry_points``)
for both clients: each entry point takes exactly its operation's arguments (plus ``poll`` and
the row's extras), and each kind of work has an attach method returning its handle type."""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest

from rekog import Rekognition
from rekog._generated.aio_client_ops import AsyncOperationMethods
from rekog._generated.aio_namespaces import AsyncJobs
from rekog._generated.namespaces import Jobs
from rekog.jobs.entry_points import ATTACH_POINTS, ENTRY_POINTS
from rekog.jobs.lifecycles import LIFECYCLES

# The sync handles are named through their module (as models are), the async ones by name.
# The async client's operations are its generated base's (no aiobotocore needed to read them).
FLAVOURS = [(Jobs, Rekognition, "long_running."), (AsyncJobs, AsyncOperationMethods, "Async")]


def _described(parameter: inspect.Parameter) -> tuple[Any, ...]:
    # Annotations are strings; the generated ones name models as ``models.X``.
    annotation = re.sub(r"\bmodels\.", "", str(parameter.annotation))
    return parameter.kind, annotation, parameter.default


@pytest.mark.parametrize(("namespace", "client", "prefix"), FLAVOURS)
@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
def test_entry_point_takes_the_operations_arguments(
    name: str, namespace: type, client: type, prefix: str
) -> None:
    entry = ENTRY_POINTS[name]
    method = getattr(namespace, name)
    ours = inspect.signature(method).parameters
    operation = inspect.signature(getattr(client, name)).parameters
    added = {"poll", *entry.extra}
    assert {k: _described(v) for k, v in ours.items() if k not in added | {"self"}} == {
        k: _described(v) for k, v in operation.items() if k != "self"
    }
    assert added <= set(ours) and list(ours)[-1] == "poll"
    handle = "DatasetDistribution" if entry.pair else ATTACH_POINTS[entry.kind].handle
    assert inspect.signature(method).return_annotation == prefix + handle
    assert inspect.iscoroutinefunction(method) == (namespace is AsyncJobs)
    assert entry.kind in LIFECYCLES and entry.goal in LIFECYCLES[entry.kind].goals


@pytest.mark.parametrize(("namespace", "client", "prefix"), FLAVOURS)
def test_every_kind_has_an_attach_method(namespace: type, client: type, prefix: str) -> None:
    assert set(ATTACH_POINTS) == set(LIFECYCLES)
    for kind, point in ATTACH_POINTS.items():
        method = getattr(namespace, point.method)
        parameters = list(inspect.signature(method).parameters)
        assert parameters[:2] == ["self", point.parameter] and parameters[-1] == "poll"
        assert ("goal" in parameters) == bool(point.goals), kind
        assert set(point.goals) <= set(LIFECYCLES[kind].goals)
        returned = inspect.signature(method).return_annotation
        assert returned == prefix + point.handle
        assert not inspect.iscoroutinefunction(method)  # attaching sends nothing


def test_the_table_names_real_operations_and_members() -> None:
    for name, entry in ENTRY_POINTS.items():
        assert hasattr(Rekognition, name)
        operation = inspect.signature(getattr(Rekognition, name)).parameters
        if not entry.in_response:
            assert entry.identifier in operation, name
        if entry.project is not None:
            assert entry.project in operation, name
