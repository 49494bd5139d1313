"""PAGED_OPERATIONS and JOB_KINDS against botocore's service model and the generated models."""

from __future__ import annotations

from typing import Any

import botocore.loaders
import pytest

import rekog.models
from rekog.jobs import JOB_KINDS
from rekog.paging import PAGED_OPERATIONS

MODEL: dict[str, Any] = botocore.loaders.Loader().load_service_model("rekognition", "service-2")
SHAPES: dict[str, Any] = MODEL["shapes"]
OPERATIONS: dict[str, Any] = MODEL["operations"]


def members(operation: str, direction: str) -> dict[str, Any]:
    spec = OPERATIONS[operation].get(direction)
    return SHAPES[spec["shape"]]["members"] if spec else {}


def test_the_table_lists_exactly_the_operations_taking_next_token() -> None:
    paginated = {op for op in OPERATIONS if "NextToken" in members(op, "input")}
    assert set(PAGED_OPERATIONS) == paginated
    assert len(PAGED_OPERATIONS) == 18


@pytest.mark.parametrize("name", sorted(PAGED_OPERATIONS))
def test_entry_matches_the_service_model(name: str) -> None:
    entry = PAGED_OPERATIONS[name]
    inputs, outputs = members(name, "input"), members(name, "output")
    assert entry.operation == name
    assert entry.token_field in inputs and entry.token_field in outputs
    assert entry.page_size_field in inputs
    assert SHAPES[inputs[entry.page_size_field]["shape"]]["type"] == "integer"

    items_shape = SHAPES[outputs[entry.items_member]["shape"]]
    assert items_shape["type"] == "list"
    member_shape = items_shape["member"]["shape"]
    if name == "ListCollections":
        assert entry.item_type == "CollectionItem"
    elif SHAPES[member_shape]["type"] == "structure":
        assert entry.item_type == member_shape
    else:
        assert entry.item_type == "str"


@pytest.mark.parametrize("name", sorted(PAGED_OPERATIONS))
def test_entry_matches_the_generated_response_model(name: str) -> None:
    entry = PAGED_OPERATIONS[name]
    response_model = getattr(rekog.models, OPERATIONS[name]["output"]["shape"])
    fields = response_model.model_fields
    assert fields[entry.items_attribute].validation_alias == entry.items_member
    assert fields["next_token"].validation_alias == entry.token_field
    if entry.item_type not in ("str", "CollectionItem"):
        assert hasattr(rekog.models, entry.item_type)
    # An empty page parses, and its items read as an empty list.
    assert list(entry.items(response_model.from_response({}))) == []


def test_job_kinds_cover_every_video_start_get_pair() -> None:
    video_starts = {
        op
        for op in OPERATIONS
        if op.startswith("Start")
        and {"Video", "NotificationChannel"} <= set(members(op, "input"))
        and "JobId" in members(op, "output")
    }
    assert {kind.start_operation for kind in JOB_KINDS.values()} == video_starts
    assert len(JOB_KINDS) == 8
    for name, kind in JOB_KINDS.items():
        assert kind.name == name
        assert kind.get_operation == "Get" + kind.start_operation[len("Start") :]
        get_inputs, get_outputs = (
            members(kind.get_operation, "input"),
            members(kind.get_operation, "output"),
        )
        assert {"JobId", "MaxResults", "NextToken"} <= set(get_inputs)
        assert {"JobStatus", "StatusMessage"} <= set(get_outputs)
        assert kind.paged.items_attribute == kind.items_attribute
        assert "JobTag" in members(kind.start_operation, "input")
