"""``ImageProperties`` from the pixels: quality, dominant colours, foreground and background.

Computed on a small thumbnail (:meth:`rekog.local.perception.imaging.ImageContent.thumbnail`), so it
is cheap and deterministic:

* ``Brightness`` is the mean luminance, ``Contrast`` its standard deviation (both scaled to
  0..100), ``Sharpness`` the mean edge strength (Pillow's ``FIND_EDGES``, scaled to 0..100).
* Dominant colours come from a median-cut quantisation to ``MaxDominantColors`` colours
  (default 10), largest share first; each has the nearest CSS colour name and one of twelve
  simplified colour names.
* The foreground is the union of the given boxes (faces' persons, label instances), or the
  central quarter of the picture when there are none; the background is everything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

from .geometry import Box

Pixel = tuple[int, int, int]
CENTRE = Box(0.25, 0.25, 0.5, 0.5)

_CSS: dict[str, Pixel] = {
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "gray": (128, 128, 128),
    "silver": (192, 192, 192),
    "dim_grey": (105, 105, 105),
    "light_grey": (211, 211, 211),
    "red": (255, 0, 0),
    "dark_red": (139, 0, 0),
    "orange": (255, 165, 0),
    "gold": (255, 215, 0),
    "yellow": (255, 255, 0),
    "green": (0, 128, 0),
    "lime": (0, 255, 0),
    "olive": (128, 128, 0),
    "teal": (0, 128, 128),
    "blue": (0, 0, 255),
    "navy": (0, 0, 128),
    "sky_blue": (135, 206, 235),
    "purple": (128, 0, 128),
    "violet": (238, 130, 238),
    "pink": (255, 192, 203),
    "brown": (165, 42, 42),
    "tan": (210, 180, 140),
    "beige": (245, 245, 220),
}
_SIMPLE: dict[str, Pixel] = {
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "grey": (128, 128, 128),
    "red": (220, 30, 30),
    "orange": (255, 140, 0),
    "yellow": (240, 220, 40),
    "green": (40, 160, 60),
    "blue": (30, 80, 220),
    "purple": (130, 40, 160),
    "pink": (250, 160, 190),
    "brown": (130, 80, 40),
    "teal": (0, 128, 128),
}


def _rgb_pixels(image: Image.Image) -> list[Pixel]:
    """The pixels of an RGB image, row by row (``tobytes``: no deprecated ``getdata``)."""
    raw = image.tobytes()
    return [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]


def _nearest(palette: dict[str, Pixel], color: Pixel) -> str:
    return min(
        palette,
        key=lambda name: sum((a - b) ** 2 for a, b in zip(palette[name], color, strict=True)),
    )


def _mask(size: tuple[int, int], boxes: Sequence[Box]) -> Image.Image:
    """An ``L`` mask, 255 inside any of ``boxes``."""
    width, height = size
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    for box in boxes:
        draw.rectangle(
            (
                round(box.left * width),
                round(box.top * height),
                round((box.left + box.width) * width) - 1,
                round((box.top + box.height) * height) - 1,
            ),
            fill=255,
        )
    return mask


def dominant_colors(pixels: Sequence[Pixel], max_colors: int = 10) -> list[dict[str, Any]]:
    """The ``DominantColors`` of ``pixels``, largest share first."""
    if not pixels:
        return []
    strip = Image.new("RGB", (len(pixels), 1))
    strip.putdata(list(pixels))
    quantized = strip.quantize(colors=max(1, max_colors), method=Image.Quantize.MEDIANCUT)
    palette: list[int] = list(quantized.getpalette() or [])
    counts = sorted(quantized.getcolors() or [], key=lambda c: (-c[0], c[1]))
    colors = []
    for count, entry in counts[:max_colors]:
        index = int(entry)  # type: ignore[call-overload]  # a palette index for mode P
        red, green, blue = (int(v) for v in palette[index * 3 : index * 3 + 3])
        colors.append(
            {
                "Red": red,
                "Blue": blue,
                "Green": green,
                "HexCode": f"#{red:02x}{green:02x}{blue:02x}",
                "CSSColor": _nearest(_CSS, (red, green, blue)),
                "SimplifiedColor": _nearest(_SIMPLE, (red, green, blue)),
                "PixelPercent": round(100.0 * count / len(pixels), 4),
            }
        )
    return colors


def _quality(gray: Image.Image, edges: Image.Image, mask: Image.Image) -> dict[str, float]:
    if mask.getbbox() is None:  # an empty region
        return {"Brightness": 0.0, "Sharpness": 0.0, "Contrast": 0.0}
    luma = ImageStat.Stat(gray, mask)
    edge = ImageStat.Stat(edges, mask)
    return {
        "Brightness": round(100.0 * luma.mean[0] / 255.0, 4),
        "Sharpness": round(min(100.0, 100.0 * edge.mean[0] / 64.0), 4),
        "Contrast": round(min(100.0, 100.0 * luma.stddev[0] / 128.0), 4),
    }


def _masked(pixels: Sequence[Pixel], mask: Image.Image) -> list[Pixel]:
    return [p for p, m in zip(pixels, mask.tobytes(), strict=True) if m]


def image_properties(
    thumbnail: Image.Image, foreground: Sequence[Box], max_colors: int = 10
) -> dict[str, Any]:
    """The ``ImageProperties`` dict of a picture (see the module docstring)."""
    rgb = thumbnail.convert("RGB")
    gray = rgb.convert("L")
    edges = gray.filter(ImageFilter.FIND_EDGES)
    pixels = _rgb_pixels(rgb)
    front = _mask(rgb.size, list(foreground) or [CENTRE])
    back = ImageChops.invert(front)
    whole = Image.new("L", rgb.size, 255)
    return {
        "Quality": _quality(gray, edges, whole),
        "DominantColors": dominant_colors(pixels, max_colors),
        "Foreground": {
            "Quality": _quality(gray, edges, front),
            "DominantColors": dominant_colors(_masked(pixels, front), max_colors),
        },
        "Background": {
            "Quality": _quality(gray, edges, back),
            "DominantColors": dominant_colors(_masked(pixels, back), max_colors),
        },
    }


def region_colors(thumbnail: Image.Image, box: Box, max_colors: int = 10) -> list[dict[str, Any]]:
    """The dominant colours inside ``box`` (a label instance's ``DominantColors``)."""
    width, height = thumbnail.size
    crop = thumbnail.convert("RGB").crop(
        (
            int(box.left * width),
            int(box.top * height),
            max(int(box.left * width) + 1, int((box.left + box.width) * width)),
            max(int(box.top * height) + 1, int((box.top + box.height) * height)),
        )
    )
    return dominant_colors(_rgb_pixels(crop), max_colors)
