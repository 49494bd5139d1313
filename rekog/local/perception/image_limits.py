"""The service's limits on an image's pixels, checked from its header before decoding.

Rekognition refuses images larger than 10,000 pixels on a side with
``ImageTooLargeException``. Pillow reads only the header in ``Image.open``, so a 559 KB PNG
claiming 12000x12000 pixels (576 MB decoded) is refused without allocating anything.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image

from ..errors import RekognitionError

#: Largest width or height in pixels the service accepts.
MAX_SIDE = 10_000


def check_dimensions(data: bytes | bytearray) -> None:
    """Raise ``ImageTooLargeException`` if the image's header declares too many pixels.

    Undecodable data passes: the decoder reports ``InvalidImageFormatException`` for it.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's own bomb warning: we decide below
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        width = height = MAX_SIDE + 1
    except Exception:  # not an image Pillow can open: the decoder says so
        return
    if width > MAX_SIDE or height > MAX_SIDE:
        raise RekognitionError(
            "ImageTooLargeException",
            f"Image size is too large: {width}x{height} pixels exceeds "
            f"{MAX_SIDE} pixels on a side.",
        )
