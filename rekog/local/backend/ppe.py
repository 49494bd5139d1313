"""DetectProtectiveEquipment: persons, their body parts and the equipment on them.

Persons come from the image's ``rekog:ppe`` declaration, or -- undeclared -- one per face
with a ``FACE`` and a ``HEAD`` and no equipment. Each equipment detection has a box inside
its body part's area of the person box and ``CoversBodyPart``.

``Summary`` (only with ``SummarizationAttributes``): for each person, every required
equipment type (all three when ``RequiredEquipmentTypes`` is empty) must be on its body part
(``HAND_COVER`` on both hands) with detection and coverage confidence at least
``MinConfidence``. A person is *with* the equipment when every type is, *without* when a
detected body part lacks one, and *indeterminate* when the person, or a body part needed to
decide, was detected below ``MinConfidence`` or not at all.
"""

from __future__ import annotations

from typing import Any

from ..perception.declarations import EQUIPMENT_TYPES, BodyPart, DeclaredPerson
from ..perception.geometry import Box
from ..perception.taxonomy import PPE_MODEL_VERSION
from .context import Context, Handler, Request, Response

#: Where each body part lies within a person's box (left, top, width, height ratios).
_PART_AREA = {
    "FACE": (0.35, 0.05, 0.3, 0.12),
    "HEAD": (0.33, 0.0, 0.34, 0.1),
    "LEFT_HAND": (0.75, 0.45, 0.2, 0.1),
    "RIGHT_HAND": (0.05, 0.45, 0.2, 0.1),
}
_PARTS_FOR = {
    "FACE_COVER": ("FACE",),
    "HEAD_COVER": ("HEAD",),
    "HAND_COVER": ("LEFT_HAND", "RIGHT_HAND"),
}


def _part_box(person: Box, part: str) -> Box:
    left, top, width, height = _PART_AREA[part]
    return Box(
        person.left + person.width * left,
        person.top + person.height * top,
        person.width * width,
        person.height * height,
    )


def _body_part(person: DeclaredPerson, part: BodyPart) -> dict[str, Any]:
    box = _part_box(person.box, part.name)
    return {
        "Name": part.name,
        "Confidence": round(part.confidence, 4),
        "EquipmentDetections": [
            {
                "BoundingBox": box.wire(),
                "Confidence": round(equipment.confidence, 4),
                "Type": equipment.type,
                "CoversBodyPart": {
                    "Confidence": round(equipment.covers_confidence, 4),
                    "Value": equipment.covers,
                },
            }
            for equipment in part.equipment
        ],
    }


def _verdict(person: DeclaredPerson, required: list[str], min_confidence: float) -> str:
    if person.confidence < min_confidence:
        return "indeterminate"
    parts = {p.name: p for p in person.body_parts if p.confidence >= min_confidence}
    verdict = "with"
    for kind in required:
        for name in _PARTS_FOR[kind]:
            part = parts.get(name)
            if part is None:
                verdict = "indeterminate" if verdict == "with" else verdict
                continue
            worn = any(
                e.type == kind
                and e.confidence >= min_confidence
                and e.covers
                and e.covers_confidence >= min_confidence
                for e in part.equipment
            )
            if not worn:
                verdict = "without"
    return verdict


#: "DetectProtectiveEquipment detects PPE worn by up to 15 persons detected in an image"
#: (DetectProtectiveEquipment API reference): the 15 largest are kept, in their order.
MAX_PERSONS = 15


def detect_protective_equipment(ctx: Context, request: Request) -> Response:
    """Persons (the 15 largest) with body parts and equipment, plus the ``Summary`` if asked."""
    content = ctx.load_image(request["Image"])
    largest = sorted(content.persons, key=lambda p: -p.box.area)[:MAX_PERSONS]
    kept = [person for person in content.persons if any(person is p for p in largest)]
    persons = [
        {
            "BodyParts": [_body_part(person, part) for part in person.body_parts],
            "BoundingBox": person.box.wire(),
            "Confidence": round(person.confidence, 4),
            "Id": index,
        }
        for index, person in enumerate(kept)
    ]
    response: Response = {"ProtectiveEquipmentModelVersion": PPE_MODEL_VERSION, "Persons": persons}
    summarize = request.get("SummarizationAttributes")
    if summarize is not None:
        required = list(summarize.get("RequiredEquipmentTypes") or EQUIPMENT_TYPES)
        groups: dict[str, list[int]] = {"with": [], "without": [], "indeterminate": []}
        for index, person in enumerate(kept):
            groups[_verdict(person, required, summarize["MinConfidence"])].append(index)
        response["Summary"] = {
            "PersonsWithRequiredEquipment": groups["with"],
            "PersonsWithoutRequiredEquipment": groups["without"],
            "PersonsIndeterminate": groups["indeterminate"],
        }
    return response


OPERATIONS: dict[str, Handler] = {"DetectProtectiveEquipment": detect_protective_equipment}
