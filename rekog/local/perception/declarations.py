"""What an image *declares* beyond faces and text: labels, moderation, celebrities, PPE.

Each kind is a JSON list in its own PNG text chunk (or key of the JPEG comment object), next
to ``rekog:faces`` and ``rekog:text`` (see :mod:`rekog.local.perception.imaging`)::

    rekog:labels = ["Dog", {"name": "Car", "confidence": 97.5,
                            "instances": [{"box": {...}, "confidence": 96.0}],
                            "parents": ["Vehicle"], "aliases": ["Automobile"],
                            "categories": ["Vehicles and Automotive"]}]
    rekog:moderation = ["Smoking", {"name": "Weapons", "confidence": 91.0}]
                       # or {"labels": [...], "content_types": ["Animated"]}
    rekog:celebrities = [{"name": "Ada Lovelace", "id": "1Ada7", "box": {...},
                          "urls": ["www.example.com/ada"], "gender": "Female",
                          "confidence": 99.2}]
    rekog:ppe = [{"box": {...}, "confidence": 99.0,
                  "body_parts": {"FACE": ["FACE_COVER"],
                                 "HEAD": [{"type": "HEAD_COVER", "covers": true}],
                                 "LEFT_HAND": [], "RIGHT_HAND": []}}]
    rekog:custom-labels = ["Widget", {"name": "Scratch", "confidence": 88.0,
                                      "box": {...}, "project": "qa"}]

``parents``/``aliases``/``categories`` (labels) and ``parent`` (moderation) default to the
built-in taxonomy (:mod:`rekog.local.perception.taxonomy`). Only the name is required anywhere; a
celebrity is also a face of the image whose identity is its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .geometry import Box

LABELS_KEY = "rekog:labels"
MODERATION_KEY = "rekog:moderation"
CELEBRITIES_KEY = "rekog:celebrities"
PPE_KEY = "rekog:ppe"
CUSTOM_LABELS_KEY = "rekog:custom-labels"
DECLARATION_KEYS = (LABELS_KEY, MODERATION_KEY, CELEBRITIES_KEY, PPE_KEY, CUSTOM_LABELS_KEY)

BODY_PARTS = ("FACE", "HEAD", "LEFT_HAND", "RIGHT_HAND")
EQUIPMENT_TYPES = ("FACE_COVER", "HAND_COVER", "HEAD_COVER")
GENDERS = ("Male", "Female", "Nonbinary", "Unlisted")


@dataclass(frozen=True)
class LabelInstance:
    """One boxed occurrence of a label."""

    box: Box
    confidence: float


@dataclass(frozen=True)
class DeclaredLabel:
    """A label an image shows; ``None`` taxonomy fields come from the built-in taxonomy."""

    name: str
    confidence: float = 99.0
    instances: tuple[LabelInstance, ...] = ()
    parents: tuple[str, ...] | None = None
    aliases: tuple[str, ...] | None = None
    categories: tuple[str, ...] | None = None


@dataclass(frozen=True)
class DeclaredModeration:
    """A moderation label; ``parent`` ``None`` means "from the taxonomy"."""

    name: str
    confidence: float = 95.0
    parent: str | None = None


@dataclass(frozen=True)
class ContentType:
    """A moderation content type (``Animated``, ``Illustrated``)."""

    name: str
    confidence: float = 95.0


@dataclass(frozen=True)
class DeclaredCelebrity:
    """A celebrity's identity card (the face itself is one of the image's faces)."""

    name: str
    celebrity_id: str | None = None
    urls: tuple[str, ...] = ()
    gender: str | None = None
    confidence: float = 99.0


@dataclass(frozen=True)
class Equipment:
    """A piece of protective equipment on a body part."""

    type: str
    confidence: float = 99.0
    covers: bool = True
    covers_confidence: float = 99.0


@dataclass(frozen=True)
class BodyPart:
    """A detected body part and the equipment on it."""

    name: str
    confidence: float = 99.0
    equipment: tuple[Equipment, ...] = ()


@dataclass(frozen=True)
class DeclaredPerson:
    """A person for ``DetectProtectiveEquipment``."""

    box: Box
    confidence: float = 99.0
    body_parts: tuple[BodyPart, ...] = ()


@dataclass(frozen=True)
class CustomLabel:
    """A Custom Labels detection, optionally limited to one project."""

    name: str
    confidence: float = 95.0
    box: Box | None = None
    project: str | None = None


def _entries(raw: Any, key: str, field: str) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise ValueError(f"{key} must be a JSON list")
    entries = [{field: item} if isinstance(item, str) else item for item in raw]
    for item in entries:
        if not isinstance(item, dict) or not isinstance(item.get(field), str) or not item[field]:
            raise ValueError(f"each {key} entry needs a non-empty string {field!r}: {item!r}")
    return entries


def _names(item: dict[str, Any], key: str) -> tuple[str, ...] | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} must be a list of strings: {item!r}")
    return tuple(value)


def _confidence(item: dict[str, Any], default: float, key: str = "confidence") -> float:
    value = float(item.get(key, default))
    if not 0 <= value <= 100:
        raise ValueError(f"{key} must be within 0..100: {item!r}")
    return value


def parse_labels(raw: Any) -> tuple[DeclaredLabel, ...]:
    """Read a ``rekog:labels`` list."""
    labels = []
    for item in _entries(raw, LABELS_KEY, "name"):
        confidence = _confidence(item, 99.0)
        instances = []
        for inst in item.get("instances", []):
            if isinstance(inst, dict) and "box" in inst:
                instances.append(
                    LabelInstance(Box.parse(inst["box"]), _confidence(inst, confidence))
                )
            else:
                instances.append(LabelInstance(Box.parse(inst), confidence))
        labels.append(
            DeclaredLabel(
                name=item["name"],
                confidence=confidence,
                instances=tuple(instances),
                parents=_names(item, "parents"),
                aliases=_names(item, "aliases"),
                categories=_names(item, "categories"),
            )
        )
    return tuple(labels)


def parse_moderation(raw: Any) -> tuple[tuple[DeclaredModeration, ...], tuple[ContentType, ...]]:
    """Read ``rekog:moderation``: a list of labels, or ``{"labels", "content_types"}``."""
    types_raw: Any = []
    if isinstance(raw, dict):
        types_raw = raw.get("content_types", [])
        raw = raw.get("labels", [])
    labels = tuple(
        DeclaredModeration(item["name"], _confidence(item, 95.0), item.get("parent"))
        for item in _entries(raw, MODERATION_KEY, "name")
    )
    types = tuple(
        ContentType(item["name"], _confidence(item, 95.0))
        for item in _entries(types_raw, "content_types", "name")
    )
    return labels, types


def parse_celebrities(raw: Any) -> tuple[list[dict[str, Any]], tuple[DeclaredCelebrity, ...]]:
    """Read ``rekog:celebrities``: the face entries to add and the identity cards."""
    faces, cards = [], []
    for item in _entries(raw, CELEBRITIES_KEY, "name"):
        gender = item.get("gender")
        if gender is not None and gender not in GENDERS:
            raise ValueError(f"gender must be one of {GENDERS}: {item!r}")
        celebrity_id = item.get("id")
        if celebrity_id is not None and (
            not isinstance(celebrity_id, str) or not celebrity_id.isalnum()
        ):
            raise ValueError(f"a celebrity id must be alphanumeric: {item!r}")
        face: dict[str, Any] = {"id": item["name"]}
        for key in ("box", "quality"):
            if key in item:
                face[key] = item[key]
        faces.append(face)
        cards.append(
            DeclaredCelebrity(
                name=item["name"],
                celebrity_id=celebrity_id,
                urls=_names(item, "urls") or (),
                gender=gender,
                confidence=_confidence(item, 99.0),
            )
        )
    return faces, tuple(cards)


def _equipment(raw: Any) -> Equipment:
    item = {"type": raw} if isinstance(raw, str) else raw
    if not isinstance(item, dict) or item.get("type") not in EQUIPMENT_TYPES:
        raise ValueError(f"equipment type must be one of {EQUIPMENT_TYPES}: {raw!r}")
    return Equipment(
        type=item["type"],
        confidence=_confidence(item, 99.0),
        covers=bool(item.get("covers", True)),
        covers_confidence=_confidence(item, 99.0, "covers_confidence"),
    )


def parse_ppe(raw: Any) -> tuple[DeclaredPerson, ...]:
    """Read a ``rekog:ppe`` list of persons."""
    if not isinstance(raw, list):
        raise ValueError(f"{PPE_KEY} must be a JSON list")
    persons = []
    for item in raw:
        if not isinstance(item, dict):
            raise ValueError(f"each {PPE_KEY} entry must be an object: {item!r}")
        parts_raw = item.get("body_parts", {part: [] for part in BODY_PARTS})
        if not isinstance(parts_raw, dict) or any(p not in BODY_PARTS for p in parts_raw):
            raise ValueError(f"body_parts must map {BODY_PARTS} to equipment lists: {item!r}")
        parts = []
        for name, equipment in parts_raw.items():
            if isinstance(equipment, dict):  # {"confidence": .., "equipment": [..]}
                confidence = _confidence(equipment, 99.0)
                equipment = equipment.get("equipment", [])
            else:
                confidence = 99.0
            if not isinstance(equipment, list):
                raise ValueError(f"equipment of {name} must be a list: {item!r}")
            parts.append(BodyPart(name, confidence, tuple(_equipment(e) for e in equipment)))
        box = Box.parse(item["box"]) if "box" in item else Box(0.2, 0.05, 0.6, 0.9)
        persons.append(DeclaredPerson(box, _confidence(item, 99.0), tuple(parts)))
    return tuple(persons)


def parse_custom_labels(raw: Any) -> tuple[CustomLabel, ...]:
    """Read a ``rekog:custom-labels`` list."""
    return tuple(
        CustomLabel(
            name=item["name"],
            confidence=_confidence(item, 95.0),
            box=Box.parse(item["box"]) if "box" in item else None,
            project=item.get("project"),
        )
        for item in _entries(raw, CUSTOM_LABELS_KEY, "name")
    )
