"""DetectCustomLabels against a running project version.

The version must exist and be ``RUNNING`` (see :mod:`.project_lookup`). The image's
``rekog:custom-labels`` declaration says what it shows; an entry with a ``project`` is only
reported by versions of that project (its name appears in the ARN as ``project/<name>/``).
Labels are sorted by confidence, highest first, filtered by ``MinConfidence`` (default 50)
and cut at ``MaxResults`` (default: all).
"""

from __future__ import annotations

from typing import Any

from .context import Context, Handler, Request, Response
from .project_lookup import require_running

DEFAULT_MIN_CONFIDENCE = 50.0


def detect_custom_labels(ctx: Context, request: Request) -> Response:
    """The declared custom labels of the image for this project version."""
    arn = request["ProjectVersionArn"]
    require_running(ctx, arn)
    content = ctx.load_image(request["Image"])
    min_confidence = request.get("MinConfidence", DEFAULT_MIN_CONFIDENCE)
    found: list[dict[str, Any]] = []
    for label in content.custom_labels:
        if label.project is not None and f"project/{label.project}/" not in arn:
            continue
        if label.confidence < min_confidence:
            continue
        entry: dict[str, Any] = {"Name": label.name, "Confidence": round(label.confidence, 4)}
        if label.box is not None:
            entry["Geometry"] = {"BoundingBox": label.box.wire(), "Polygon": label.box.polygon()}
        found.append(entry)
    found.sort(key=lambda e: -e["Confidence"])
    limit = request.get("MaxResults")
    return {"CustomLabels": found[:limit] if limit is not None else found}


OPERATIONS: dict[str, Handler] = {"DetectCustomLabels": detect_custom_labels}
