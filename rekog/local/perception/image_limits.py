"""The service's limits on an image, per operation, checked from its header before decoding.

Where they come from (the "Guidelines and quotas in Amazon Rekognition" page, and each
operation's API reference):

* every image operation: at most 10,000 pixels on a side and 15 MB as an ``S3Object``
  (``ImageTooLargeException``); ``Image.Bytes`` over 5,242,880 bytes is refused earlier, by
  the request's validation (the shape's ``max``), with a ``ValidationException``;
* the face operations: at least 80 pixels on a side ("the minimum image dimensions is 80
  pixels for both height and width");
* ``DetectProtectiveEquipment``: 64 to 4,096 pixels on a side and at most 4 MB
  ("the image must be ... 64 x 64 pixels minimum ... 4096 x 4096 maximum", "4 MB" as bytes).

The service does not document the error for an image under the minimum size: the emulator
answers ``InvalidParameterException`` (its "input parameter violated a constraint").

Pillow reads only the header in ``Image.open``, so a 559 KB PNG claiming 12000x12000 pixels
(576 MB decoded) is refused without allocating anything.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image

from ..errors import RekognitionError

#: Largest width or height in pixels the service accepts.
MAX_SIDE = 10_000
MIB = 1024 * 1024
#: Most pixels the emulator decodes for one image: a 24-megapixel photo (6000x4000, what a
#: 5 MB JPEG holds), 72 MB as RGB. A larger JPEG is decoded at 1/2, 1/4 or 1/8 scale
#: (libjpeg's DCT scaling); a larger PNG, which cannot be decoded scaled, is refused.
MAX_DECODED_PIXELS = 24_000_000


@dataclass(frozen=True)
class ImageLimits:
    """What one operation accepts as an image."""

    #: Largest ``Image.Bytes`` (validation already caps every operation at 5 MiB).
    max_bytes: int = 5 * MIB
    #: Largest ``S3Object`` image.
    max_s3_bytes: int = 15 * MIB
    #: Largest width or height in pixels.
    max_side: int = MAX_SIDE
    #: Smallest width or height in pixels (0: no minimum).
    min_side: int = 0


DEFAULT_LIMITS = ImageLimits()
FACE_LIMITS = ImageLimits(min_side=80)
PPE_LIMITS = ImageLimits(max_bytes=4 * MIB, max_side=4096, min_side=64)
#: Operations whose images must be at least 80 pixels on a side.
FACE_OPERATIONS = frozenset(
    {
        "DetectFaces",
        "IndexFaces",
        "SearchFacesByImage",
        "SearchUsersByImage",
        "CompareFaces",
        "RecognizeCelebrities",
    }
)


def fit_pixel_budget(image: Image.Image, fmt: str) -> None:
    """Shrink ``image`` (opened, not yet loaded) to decode within :data:`MAX_DECODED_PIXELS`.

    Raises:
        RekognitionError: ``ImageTooLargeException`` for a PNG over the budget.
    """
    width, height = image.size
    if width * height <= MAX_DECODED_PIXELS:
        return
    if fmt == "JPEG":
        scale = 2
        while scale < 8 and (width // scale) * (height // scale) > MAX_DECODED_PIXELS:
            scale *= 2
        image.draft(image.mode, (width // scale, height // scale))
        return
    raise RekognitionError(
        "ImageTooLargeException",
        f"Image size is too large: rekog.local decodes at most {MAX_DECODED_PIXELS} pixels "
        f"of a {fmt} image and this one has {width}x{height}.",
    )


def limits_for(operation: str) -> ImageLimits:
    """The image limits of ``operation``."""
    if operation == "DetectProtectiveEquipment":
        return PPE_LIMITS
    return FACE_LIMITS if operation in FACE_OPERATIONS else DEFAULT_LIMITS


def image_size(data: bytes | bytearray) -> tuple[int, int] | None:
    """The pixel size the image's header declares, or ``None`` if Pillow cannot open it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's own bomb warning: we decide below
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                return (int(width), int(height))
    except Image.DecompressionBombError:
        return (MAX_SIDE + 1, MAX_SIDE + 1)
    except Exception:  # not an image Pillow can open: the decoder says so
        return None


def check_dimensions(data: bytes | bytearray, limits: ImageLimits = DEFAULT_LIMITS) -> None:
    """Raise if the image's header declares too many or too few pixels for ``limits``.

    Undecodable data passes: the decoder reports ``InvalidImageFormatException`` for it.
    """
    size = image_size(data)
    if size is None:
        return
    width, height = size
    if width > limits.max_side or height > limits.max_side:
        raise RekognitionError(
            "ImageTooLargeException",
            f"Image size is too large: {width}x{height} pixels exceeds "
            f"{limits.max_side} pixels on a side.",
        )
    if width < limits.min_side or height < limits.min_side:
        raise RekognitionError(
            "InvalidParameterException",
            f"Image size is too small: {width}x{height} pixels; the minimum is "
            f"{limits.min_side} pixels on a side.",
        )
