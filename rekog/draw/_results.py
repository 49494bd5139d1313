"""Which response a result is: by its model type, or by the keys of a boto3 dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import InvalidRequestError
from ..models import RekogModel

#: The operations `rekog.draw.annotate` draws, with their response model.
DRAWABLE: dict[str, str] = {
    "DetectFaces": "DetectFacesResponse",
    "IndexFaces": "IndexFacesResponse",
    "SearchFacesByImage": "SearchFacesByImageResponse",
    "SearchUsersByImage": "SearchUsersByImageResponse",
    "CompareFaces": "CompareFacesResponse",
    "DetectText": "DetectTextResponse",
    "DetectLabels": "DetectLabelsResponse",
    "DetectProtectiveEquipment": "DetectProtectiveEquipmentResponse",
    "RecognizeCelebrities": "RecognizeCelebritiesResponse",
    "DetectCustomLabels": "DetectCustomLabelsResponse",
}

# Keys that only one drawable response has, checked in order.
_SIGNATURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("IndexFaces", ("FaceRecords", "UnindexedFaces")),
    ("SearchUsersByImage", ("UserMatches", "SearchedFace", "UnsearchedFaces")),
    ("SearchFacesByImage", ("SearchedFaceBoundingBox", "SearchedFaceConfidence")),
    ("CompareFaces", ("SourceImageFace", "UnmatchedFaces", "SourceImageOrientationCorrection")),
    ("DetectFaces", ("FaceDetails",)),
    ("DetectText", ("TextDetections", "TextModelVersion")),
    ("DetectLabels", ("Labels", "LabelModelVersion", "ImageProperties")),
    ("DetectProtectiveEquipment", ("ProtectiveEquipmentModelVersion", "Summary")),
    ("RecognizeCelebrities", ("CelebrityFaces", "UnrecognizedFaces")),
    ("DetectCustomLabels", ("CustomLabels",)),
)


def infer_operation(data: Mapping[str, Any]) -> str:
    """The drawable operation a response dict comes from, judged by its keys.

    Raises:
        rekog.InvalidRequestError: the keys match no drawable operation.
    """
    # AWS names (boto3) or snake_case names (``model_dump_json()``) alike.
    present = {_flat(key) for key in data}
    for operation, keys in _SIGNATURES:
        if any(_flat(key) in present for key in keys):
            return operation
    # PPE's other member, Persons, is shared by video responses (which carry JobStatus).
    if "persons" in present and "jobstatus" not in present:
        return "DetectProtectiveEquipment"
    raise InvalidRequestError(
        "result",
        "cannot tell which operation made it; its keys match none of "
        + ", ".join(DRAWABLE)
        + " (name it with operation=...)",
        sorted(data),
    )


def response_model(operation: str) -> type[RekogModel]:
    """The response model class of a drawable operation."""
    from .. import models

    name = DRAWABLE.get(_canonical(operation))
    if name is None:
        raise InvalidRequestError("operation", "must be one of " + ", ".join(DRAWABLE), operation)
    model: type[RekogModel] = getattr(models, name)
    return model


def operation_of(model: RekogModel) -> str:
    """The drawable operation of a parsed response model."""
    name = type(model).__name__
    for operation, response in DRAWABLE.items():
        if response == name:
            return operation
    raise InvalidRequestError(
        "result", "must be the response of one of " + ", ".join(DRAWABLE), name
    )


def as_result(result: Any, operation: str | None = None) -> tuple[str, RekogModel]:
    """``(operation, typed response)`` from a response model or a boto3 dict."""
    if isinstance(result, RekogModel):
        found = operation_of(result)
        if operation is not None and _canonical(operation) != found:
            raise InvalidRequestError(
                "operation", f"is {operation!r} but the result is a {found} response", operation
            )
        return found, result
    if isinstance(result, Mapping):
        data = {k: v for k, v in result.items() if _flat(str(k)) != "responsemetadata"}
        name = _canonical(operation) if operation is not None else infer_operation(data)
        model = response_model(name)
        try:
            return name, model.from_response(data)
        except ValueError as exc:  # pydantic.ValidationError
            first = str(exc).splitlines()
            raise InvalidRequestError(
                "result", f"is not a valid {name} response: {' '.join(first[1:3]).strip()}"
            ) from None
    raise InvalidRequestError(
        "result", "must be a response model or the dict boto3 returns", type(result).__name__
    )


def _flat(name: str) -> str:
    return name.replace("_", "").lower()


def _canonical(operation: str) -> str:
    """``DetectFaces`` from ``DetectFaces``, ``detect_faces`` or ``detect-faces``."""
    if operation in DRAWABLE:
        return operation
    flat = operation.replace("_", "").replace("-", "").lower()
    for name in DRAWABLE:
        if name.lower() == flat:
            return name
    return operation
