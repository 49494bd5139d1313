"""Every example in botocore's examples-1.json for Rekognition parses and round-trips."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ._support import input_shape, model_class, output_shape, plain, sm, to_json_wire

EXAMPLES: dict[str, list[dict[str, Any]]] = sm.load_examples()["examples"]

CASES = [
    pytest.param(operation, example, id=f"{operation}-{index}")
    for operation, examples in sorted(EXAMPLES.items())
    for index, example in enumerate(examples)
]


def test_there_are_examples() -> None:
    assert len(CASES) >= 10
    assert any("output" in example for _, examples in EXAMPLES.items() for example in examples)


@pytest.mark.parametrize(("operation", "example"), CASES)
def test_example_output_round_trips(operation: str, example: dict[str, Any]) -> None:
    if "output" not in example:
        pytest.skip("example without output")
    shape = output_shape(operation)
    assert shape is not None
    cls = model_class(shape)
    assert cls.__name__ == f"{operation}Response"
    output = example["output"]
    parsed = cls.from_response(output)
    assert parsed.to_wire() == output
    assert plain(parsed.to_wire()) == plain(output)
    # The same body as raw JSON bytes.
    raw = json.dumps(to_json_wire(output)).encode()
    from_raw = cls.from_response_json(raw)
    assert from_raw.to_wire() == output
    # Dumped as JSON by alias, it is the wire JSON again (timestamps epoch seconds).
    assert from_raw.model_dump(mode="json", by_alias=True, exclude_unset=True) == json.loads(raw)
    # And back through the model's own JSON.
    again = cls.from_response_json(parsed.model_dump_json(by_alias=True, exclude_unset=True))
    assert again.to_wire() == output


@pytest.mark.parametrize(("operation", "example"), CASES)
def test_example_input_builds_request(operation: str, example: dict[str, Any]) -> None:
    shape = input_shape(operation)
    assert shape is not None
    cls = model_class(shape)
    assert cls.__name__ == f"{operation}Request"
    request = cls.model_validate(example.get("input", {}))
    assert request.to_wire() == example.get("input", {})
