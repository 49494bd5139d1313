"""DetectModerationLabels: declared moderation labels with their taxonomy.

A declared label brings its ancestors (``Smoking`` -> ``Drugs & Tobacco Paraphernalia &
Use`` -> ``Drugs & Tobacco``) with the same confidence; ``TaxonomyLevel`` is the depth (1 for a
top-level category) and ``ParentName`` the direct parent (``""`` at level 1). Sorted by
confidence, highest first; ``MinConfidence`` defaults to 50. ``ProjectVersion`` (a custom
moderation adapter) must name a running project version and is echoed back.
``HumanLoopConfig`` is accepted and ignored (no human loop starts).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..perception.declarations import DeclaredModeration
from ..perception.taxonomy import MODERATION_MODEL_VERSION, moderation_ancestors
from .context import Context, Handler, Request, Response
from .project_lookup import require_running

DEFAULT_MIN_CONFIDENCE = 50.0


def moderation_labels(
    declared: Sequence[DeclaredModeration], min_confidence: float
) -> list[dict[str, Any]]:
    """``ModerationLabel`` dicts for ``declared`` and their ancestors, highest confidence first."""
    found: dict[str, dict[str, Any]] = {}
    for label in declared:
        chain = [label.name, *moderation_ancestors(label.name, label.parent)]
        for depth, name in enumerate(chain):
            parent = chain[depth + 1] if depth + 1 < len(chain) else ""
            entry = {
                "Confidence": round(label.confidence, 4),
                "Name": name,
                "ParentName": parent,
                "TaxonomyLevel": len(chain) - depth,
            }
            current = found.get(name)
            if current is None or current["Confidence"] < entry["Confidence"]:
                found[name] = entry
    kept = [e for e in found.values() if e["Confidence"] >= min_confidence]
    return sorted(kept, key=lambda e: (-e["Confidence"], e["TaxonomyLevel"], e["Name"]))


def detect_moderation_labels(ctx: Context, request: Request) -> Response:
    """Moderation labels of the image, its ``ContentTypes`` and the model version."""
    project_version = request.get("ProjectVersion")
    if project_version:
        require_running(ctx, project_version)
    content = ctx.load_image(request["Image"])
    min_confidence = request.get("MinConfidence", DEFAULT_MIN_CONFIDENCE)
    response: Response = {
        "ModerationLabels": moderation_labels(content.moderation, min_confidence),
        "ModerationModelVersion": MODERATION_MODEL_VERSION,
        "ContentTypes": [
            {"Confidence": round(t.confidence, 4), "Name": t.name}
            for t in content.content_types
            if t.confidence >= min_confidence
        ],
    }
    if project_version:
        response["ProjectVersion"] = project_version
    return response


OPERATIONS: dict[str, Handler] = {"DetectModerationLabels": detect_moderation_labels}
