"""Tests that compare rekog with the installed botocore's service model.

rekog's code is generated from one botocore (``GENERATED_WITH_BOTOCORE``); the support matrix
also runs on older ones (the floor) and newer ones. A test that checks the generator against
the model it read only means something on that botocore; a test that round-trips a response
through botocore can only use members the installed botocore knows. Both say so when they skip.
"""

from __future__ import annotations

import functools
from typing import Any

import botocore
import pytest
from botocore.session import get_session

from rekog._generated.operations import GENERATED_WITH_BOTOCORE
from rekog._installed_model import unknown_members

#: For tests of the generated code against the service model it was generated from.
requires_generating_botocore = pytest.mark.skipif(
    botocore.__version__ != GENERATED_WITH_BOTOCORE,
    reason=(
        f"compares the generated code with botocore {GENERATED_WITH_BOTOCORE}'s service model; "
        f"botocore {botocore.__version__} is installed (tests/compat covers the difference)"
    ),
)


def skip_unless_generating_botocore(difference: str) -> None:
    """Skip, naming ``difference``, when the installed botocore is not the generating one (a
    difference there is a failure of the generator check, and the caller asserts it)."""
    if botocore.__version__ != GENERATED_WITH_BOTOCORE:
        pytest.skip(
            f"{difference}: botocore {botocore.__version__} is installed, rekog's models "
            f"come from {GENERATED_WITH_BOTOCORE}"
        )


@functools.lru_cache(maxsize=1)
def service_model() -> Any:
    return get_session().get_service_model("rekognition")


def unknown_output_members(operation: str, wire: dict[str, Any]) -> list[str]:
    """Paths in the response ``wire`` of ``operation`` that the installed botocore lacks."""
    model = service_model()
    if operation not in model.operation_names:
        return [operation]
    shape = model.operation_model(operation).output_shape
    return [f"{operation}.{path}" for path, _ in unknown_members(shape, wire)]


def skip_unless_installed_botocore_knows(operation: str, wire: dict[str, Any]) -> None:
    """Skip (naming what is missing) when the installed botocore predates a member of ``wire``."""
    missing = unknown_output_members(operation, wire)
    if missing:
        pytest.skip(
            f"botocore {botocore.__version__} predates {', '.join(missing)} (rekog's models: "
            f"{GENERATED_WITH_BOTOCORE}); tests/compat checks such members are still kept"
        )
