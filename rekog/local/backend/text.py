"""DetectText: the text lines an image declares, as LINE and WORD detections."""

from __future__ import annotations

from .context import Context, Handler, Request, Response
from .details import text_detections
from .state import TEXT_MODEL_VERSION


def detect_text(ctx: Context, request: Request) -> Response:
    """``LINE`` entries (ids 0..n-1) then ``WORD`` entries whose ``ParentId`` is their line."""
    content = ctx.load_image(request["Image"])
    return {
        "TextDetections": text_detections(content.text, request.get("Filters")),
        "TextModelVersion": TEXT_MODEL_VERSION,
    }


OPERATIONS: dict[str, Handler] = {"DetectText": detect_text}
