"""Annotated pictures of Rekognition results (needs Pillow: ``pip install "rekog[draw]"``).

::

    from rekog.draw import annotate

    result = rk.detect_faces(image="team.jpg", attributes=["ALL"])
    annotate("team.jpg", result).save("team-faces.png")

`annotate` draws faces (boxes, landmarks, age range, top emotion), indexed and
unindexed faces, searched faces with their best match, CompareFaces side by side, text
polygons, label instances, protective equipment, celebrities and custom labels. It takes the
typed response or the dict boto3 returns, and the picture as bytes, a path, an open file or a
``PIL.Image.Image``; coordinates follow the picture's EXIF orientation (and the result's
``OrientationCorrection`` when the picture has none); sizes scale with the picture; a legend
strip below the picture names each colour.
"""

from __future__ import annotations

from typing import Any

from PIL import Image

from ._canvas import Canvas
from ._render import RENDERERS, compare_faces
from ._results import DRAWABLE, as_result, infer_operation
from .source import ImageSource, Orientation, open_image, orientation_for

__all__ = ["DRAWABLE", "Orientation", "annotate", "infer_operation", "open_image"]


def annotate(
    image: ImageSource,
    result: Any,
    *,
    source: ImageSource | None = None,
    operation: str | None = None,
    legend: bool = True,
) -> Image.Image:
    """Draw ``result`` on a copy of ``image`` and return it.

    Args:
        image: the picture the result was computed on (for ``CompareFaces``, the target):
            encoded bytes, a path, an open binary file or a ``PIL.Image.Image``.
        result: a response model (``DetectFacesResponse``, ...) or the dict boto3 returned
            (``ResponseMetadata`` is ignored). See `DRAWABLE` for the operations.
        source: ``CompareFaces`` only: the source picture, shown on the left and joined to
            each match.
        operation: the operation that made a dict ``result``, when its keys are ambiguous
            (``"DetectFaces"``, ``"detect_faces"``); inferred otherwise.
        legend: add a strip below the picture naming each colour and listing what has no
            position (image-level labels, counts, reasons).

    Returns:
        A new RGB ``PIL.Image.Image``: the upright picture (same size) with the annotations,
        plus the legend strip; CompareFaces is source and target side by side.

    Raises:
        rekog.InvalidRequestError: the image cannot be read, or the result is not a
            drawable response.
    """
    name, parsed = as_result(result, operation)
    picture, exif_rotated = open_image(image)
    if name == "CompareFaces":
        target = Canvas(
            picture,
            orientation_for(parsed.target_image_orientation_correction, exif_rotated),  # type: ignore[attr-defined]
        )
        source_canvas = None
        if source is not None:
            source_picture, source_rotated = open_image(source, "source")
            correction = parsed.source_image_orientation_correction  # type: ignore[attr-defined]
            source_picture = _fit_height(source_picture, picture.height)
            source_canvas = Canvas(source_picture, orientation_for(correction, source_rotated))
        return compare_faces(target, source_canvas, parsed, legend)
    correction = getattr(parsed, "orientation_correction", None)
    canvas = Canvas(picture, orientation_for(correction, exif_rotated))
    RENDERERS[name](canvas, parsed)
    return canvas.finish(legend)


def _fit_height(picture: Image.Image, height: int) -> Image.Image:
    """The source scaled to the target's height, so both read at the same size."""
    if picture.height == height or picture.height == 0:
        return picture
    width = max(1, round(picture.width * height / picture.height))
    return picture.resize((width, height), Image.Resampling.LANCZOS)
