"""Opening the picture a result was computed on, upright.

Rekognition reports coordinates relative to the picture *after* the EXIF orientation of a
JPEG is applied, so the picture is opened with `PIL.ImageOps.exif_transpose`. Old
results (and pictures without EXIF orientation) may carry ``OrientationCorrection`` instead:
then the coordinates are relative to the picture as stored, and `Orientation` maps
them onto the picture turned upright, as in AWS's developer guide.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps

from ..errors import InvalidRequestError

__all__ = ["ImageSource", "Orientation", "open_image", "orientation_for"]

#: The EXIF tag holding the orientation (1 = upright).
_EXIF_ORIENTATION = 0x0112

ImageSource = bytes | bytearray | str | os.PathLike[str] | Image.Image | Any


def open_image(image: ImageSource, parameter: str = "image") -> tuple[Image.Image, bool]:
    """The picture as an upright RGB image, and whether EXIF orientation was applied.

    ``image`` is encoded bytes, a path, an open binary file or a ``PIL.Image.Image``.
    """
    try:
        if isinstance(image, Image.Image):
            picture = image
        elif isinstance(image, (bytes, bytearray)):
            if not image:
                raise InvalidRequestError(parameter, "must not be empty", b"")
            picture = Image.open(io.BytesIO(bytes(image)))
        elif isinstance(image, (str, os.PathLike)):
            picture = Image.open(os.fspath(image))
        elif hasattr(image, "read"):
            picture = Image.open(io.BytesIO(image.read()))
        else:
            raise InvalidRequestError(
                parameter,
                "must be image bytes, a path, an open binary file or a PIL image",
                type(image).__name__,
            )
        picture.load()
    except FileNotFoundError:
        raise InvalidRequestError(parameter, "file not found", image) from None
    except (OSError, Image.DecompressionBombError) as exc:
        raise InvalidRequestError(parameter, f"is not a readable image ({exc})") from None
    exif_rotated = picture.getexif().get(_EXIF_ORIENTATION, 1) not in (1, None)
    upright = ImageOps.exif_transpose(picture) if exif_rotated else picture
    return upright.convert("RGB"), exif_rotated


@dataclass(frozen=True)
class Orientation:
    """Maps relative coordinates on the stored picture onto the picture turned upright.

    ``correction`` is Rekognition's ``OrientationCorrection`` (``ROTATE_0``, ``ROTATE_90``,
    ``ROTATE_180``, ``ROTATE_270``); any other value (or ``None``) leaves coordinates alone.
    """

    correction: str | None = None

    def point(self, x: float, y: float) -> tuple[float, float]:
        """``(x, y)`` on the upright picture, both ratios of its width and height."""
        if self.correction == "ROTATE_90":
            return 1.0 - y, x
        if self.correction == "ROTATE_180":
            return 1.0 - x, 1.0 - y
        if self.correction == "ROTATE_270":
            return y, 1.0 - x
        return x, y

    def upright(self, picture: Image.Image) -> Image.Image:
        """The stored picture turned upright."""
        if self.correction == "ROTATE_90":
            return picture.transpose(Image.Transpose.ROTATE_270)  # 90 degrees clockwise
        if self.correction == "ROTATE_180":
            return picture.transpose(Image.Transpose.ROTATE_180)
        if self.correction == "ROTATE_270":
            return picture.transpose(Image.Transpose.ROTATE_90)
        return picture


def orientation_for(correction: Any, exif_rotated: bool) -> Orientation:
    """The mapping to use: none when EXIF already turned the picture upright."""
    if exif_rotated or correction is None:
        return Orientation(None)
    return Orientation(str(correction))
