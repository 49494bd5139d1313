"""DetectLabels: declared (or default) labels with their taxonomy, filters and ImageProperties.

A declared label brings its ancestors along, as the service does: ``Dog`` also yields
``Animal``, ``Canine``, ``Mammal`` and ``Pet`` (with the child's confidence, no instances),
unless they were declared themselves. Labels are sorted by confidence, highest first (ties:
by name). ``MinConfidence`` defaults to 55 and ``MaxLabels`` to 1000.
``Settings.GeneralLabels`` filters: inclusion by name / category keeps only matching labels,
exclusion by name / category drops them (exclusion wins).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import invalid_parameter
from ..perception.declarations import DeclaredLabel
from ..perception.geometry import Box
from ..perception.imaging import person_box
from ..perception.pixels import image_properties, region_colors
from ..perception.taxonomy import LABEL_MODEL_VERSION, label_info
from .context import Context, Handler, Request, Response

DEFAULT_MIN_CONFIDENCE = 55.0
DEFAULT_MAX_LABELS = 1000
DEFAULT_MAX_COLORS = 10


@dataclass(frozen=True)
class ResolvedLabel:
    """A label with its taxonomy filled in."""

    name: str
    confidence: float
    instances: tuple[tuple[Box, float], ...]
    parents: tuple[str, ...]
    aliases: tuple[str, ...]
    categories: tuple[str, ...]

    def wire(
        self, instance_colors: Callable[[Box], list[dict[str, Any]]] | None = None
    ) -> dict[str, Any]:
        """The AWS ``Label`` dict (``instance_colors(box)`` gives an instance's colours)."""
        instances = []
        for box, confidence in self.instances:
            instance: dict[str, Any] = {"BoundingBox": box.wire(), "Confidence": confidence}
            instance["DominantColors"] = instance_colors(box) if instance_colors else []
            instances.append(instance)
        return {
            "Name": self.name,
            "Confidence": self.confidence,
            "Instances": instances,
            "Parents": [{"Name": p} for p in self.parents],
            "Aliases": [{"Name": a} for a in self.aliases],
            "Categories": [{"Name": c} for c in self.categories],
        }


def _resolve(label: DeclaredLabel) -> ResolvedLabel:
    info = label_info(label.name)
    return ResolvedLabel(
        name=label.name,
        confidence=round(label.confidence, 4),
        instances=tuple((i.box, round(i.confidence, 4)) for i in label.instances),
        parents=info.parents if label.parents is None else label.parents,
        aliases=info.aliases if label.aliases is None else label.aliases,
        categories=info.categories if label.categories is None else label.categories,
    )


def resolve_labels(declared: Sequence[DeclaredLabel]) -> list[ResolvedLabel]:
    """Declared labels plus their (transitive) parents, highest confidence first."""
    found: dict[str, ResolvedLabel] = {}
    for label in declared:
        resolved = _resolve(label)
        if label.name not in found or found[label.name].confidence < resolved.confidence:
            found[label.name] = resolved
    pending = list(found.values())
    while pending:
        child = pending.pop()
        for parent in child.parents:
            current = found.get(parent)
            if current is not None and current.confidence >= child.confidence:
                continue
            if current is None:
                resolved = _resolve(DeclaredLabel(parent, child.confidence))
            else:
                resolved = ResolvedLabel(
                    current.name,
                    child.confidence,
                    current.instances,
                    current.parents,
                    current.aliases,
                    current.categories,
                )
            found[parent] = resolved
            pending.append(resolved)
    return sorted(found.values(), key=lambda label: (-label.confidence, label.name))


def filter_labels(
    labels: Sequence[ResolvedLabel], min_confidence: float, general: dict[str, Any] | None
) -> list[ResolvedLabel]:
    """Drop labels under ``min_confidence`` or filtered out by ``GeneralLabels`` settings."""
    general = general or {}
    include = set(general.get("LabelInclusionFilters") or [])
    exclude = set(general.get("LabelExclusionFilters") or [])
    include_categories = set(general.get("LabelCategoryInclusionFilters") or [])
    exclude_categories = set(general.get("LabelCategoryExclusionFilters") or [])
    kept = []
    for label in labels:
        categories = set(label.categories)
        if label.confidence < min_confidence:
            continue
        if label.name in exclude or categories & exclude_categories:
            continue
        if include or include_categories:
            if label.name not in include and not categories & include_categories:
                continue
        kept.append(label)
    return kept


def detect_labels(ctx: Context, request: Request) -> Response:
    """Labels of the image and, when ``Features`` has ``IMAGE_PROPERTIES``, its properties."""
    content = ctx.load_image(request["Image"])
    features = set(request.get("Features") or ["GENERAL_LABELS"])
    settings = request.get("Settings") or {}
    if "GeneralLabels" in settings and "GENERAL_LABELS" not in features:
        raise invalid_parameter("Settings.GeneralLabels requires the GENERAL_LABELS feature")
    if "ImageProperties" in settings and "IMAGE_PROPERTIES" not in features:
        raise invalid_parameter("Settings.ImageProperties requires the IMAGE_PROPERTIES feature")
    max_colors = (settings.get("ImageProperties") or {}).get(
        "MaxDominantColors", DEFAULT_MAX_COLORS
    )
    thumbnail = content.thumbnail() if "IMAGE_PROPERTIES" in features else None
    response: Response = {"Labels": []}
    labels: list[ResolvedLabel] = []
    if "GENERAL_LABELS" in features:
        labels = filter_labels(
            resolve_labels(content.labels),
            request.get("MinConfidence", DEFAULT_MIN_CONFIDENCE),
            settings.get("GeneralLabels"),
        )[: request.get("MaxLabels", DEFAULT_MAX_LABELS)]
        colors = (
            (lambda box: region_colors(thumbnail, box, max_colors))
            if thumbnail is not None
            else None
        )
        response["Labels"] = [label.wire(colors) for label in labels]
    response["LabelModelVersion"] = LABEL_MODEL_VERSION
    if thumbnail is not None:
        foreground = [box for label in labels for box, _ in label.instances]
        foreground += [person_box(face.box) for face in content.faces]
        response["ImageProperties"] = image_properties(thumbnail, foreground, max_colors)
    return response


OPERATIONS: dict[str, Handler] = {"DetectLabels": detect_labels}
