"""CompareFaces: the largest source face against each of the 100 largest target faces.

Similarity is the perception's (:meth:`rekog.local.perception.Perception.similarity`), the
same as the face and user searches. ``QualityFilter`` (default ``NONE``) applies to both images:
filtered target faces are not reported at all. Faces at or above ``SimilarityThreshold``
(default 80) are ``FaceMatches`` (highest similarity first), the others ``UnmatchedFaces``.
A source image without a usable face is ``InvalidParameterException``.
"""

from __future__ import annotations

from typing import Any

from ..errors import invalid_parameter
from .context import Context, Handler, Request, Response
from .details import compared_face
from .faces import largest_first, passes_quality
from .search import DEFAULT_THRESHOLD

MAX_TARGET_FACES = 100
_NO_FACES = "There are no faces in the image. Should be at least 1."


def compare_faces(ctx: Context, request: Request) -> Response:
    """Split the target faces into matches and non-matches of the largest source face."""
    quality_filter = request.get("QualityFilter", "NONE")
    threshold = request.get("SimilarityThreshold", DEFAULT_THRESHOLD)
    source = ctx.load_image(request["SourceImage"])
    target = ctx.load_image(request["TargetImage"])
    candidates = [f for f in largest_first(source.faces) if passes_quality(f, quality_filter)]
    if not candidates:
        raise invalid_parameter(_NO_FACES)
    source_face = candidates[0]
    targets = [f for f in largest_first(target.faces) if passes_quality(f, quality_filter)]
    matches: list[dict[str, Any]] = []
    unmatched: list[dict[str, Any]] = []
    for face in targets[:MAX_TARGET_FACES]:
        score = ctx.perception.similarity(source_face, face)
        if score >= threshold:
            matches.append({"Similarity": score, "Face": compared_face(face)})
        else:
            unmatched.append(compared_face(face))
    matches.sort(key=lambda m: -float(m["Similarity"]))
    return {
        "SourceImageFace": {
            "BoundingBox": source_face.box.wire(),
            "Confidence": source_face.confidence,
        },
        "FaceMatches": matches,
        "UnmatchedFaces": unmatched,
    }


OPERATIONS: dict[str, Handler] = {"CompareFaces": compare_faces}
