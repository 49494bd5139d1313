"""A picture to draw results on: relative coordinates to pixels, sizes that scale, a legend.

Line widths, dot radii and font sizes grow with the picture, so an annotation reads the same
on a 128-pixel thumbnail and on a 4000-pixel photo. The legend is a strip added *below* the
picture, so it never hides what was detected and pixel positions on the picture stay exact.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from .source import Orientation

RGB = tuple[int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

# One colour per category (legend entries); chosen to stay apart for common colour blindness.
FACE: RGB = (46, 204, 64)
LANDMARK: RGB = (255, 220, 0)
REJECTED: RGB = (255, 65, 54)
MATCH: RGB = (0, 116, 217)
SOURCE: RGB = (57, 204, 204)
LINE: RGB = (255, 133, 27)
WORD: RGB = (127, 219, 255)
PERSON: RGB = (177, 13, 201)
COVERED: RGB = (46, 204, 64)
NOT_COVERED: RGB = (255, 65, 54)
CELEBRITY: RGB = (240, 18, 190)
UNKNOWN: RGB = (170, 170, 170)

#: Colours for categories named at run time (label names), picked by a stable hash.
PALETTE: tuple[RGB, ...] = (
    (0, 116, 217),
    (255, 133, 27),
    (46, 204, 64),
    (177, 13, 201),
    (255, 65, 54),
    (57, 204, 204),
    (240, 18, 190),
    (133, 20, 75),
    (61, 153, 112),
    (255, 220, 0),
    (0, 31, 63),
    (1, 255, 112),
)


def colour_for(name: str) -> RGB:
    """A colour for a category known only at run time (a label name), stable across runs."""
    return PALETTE[zlib.crc32(name.encode("utf-8")) % len(PALETTE)]


def font(size: int) -> Font:
    """Pillow's bundled font at ``size`` pixels (works offline; bitmap without FreeType)."""
    return ImageFont.load_default(size=size)


def _text_colour(background: RGB) -> RGB:
    luminance = 0.299 * background[0] + 0.587 * background[1] + 0.114 * background[2]
    return (0, 0, 0) if luminance > 150 else (255, 255, 255)


class Canvas:
    """An upright RGB copy of a picture with helpers that take Rekognition's ratios.

    Args:
        picture: the picture as stored (EXIF orientation already applied).
        orientation: maps the result's coordinates onto the picture turned upright.
    """

    def __init__(self, picture: Image.Image, orientation: Orientation | None = None) -> None:
        self.orientation = orientation or Orientation(None)
        self.image = self.orientation.upright(picture.convert("RGB"))
        self.width, self.height = self.image.size
        short = min(self.width, self.height)
        #: Line width in pixels: 1 up to 300 px, then one more per 300 px.
        self.line = max(1, round(short / 300))
        self.radius = max(2, round(short / 150))
        self.font_size = max(10, round(short / 36))
        self.font = font(self.font_size)
        self.draw = ImageDraw.Draw(self.image)
        self.legend: dict[str, RGB] = {}
        self.notes: list[str] = []
        self._tags: list[tuple[float, float, float, float]] = []  # label tags placed so far
        # Boxes no label may cover but their own (reserved before drawing, e.g. text lines).
        self._reserved: list[tuple[float, float, float, float]] = []

    # -- coordinates -------------------------------------------------------------------

    def pixel(self, x: float | None, y: float | None) -> tuple[float, float]:
        """Pixel position of a point given as ratios of the (stored) picture's size."""
        ux, uy = self.orientation.point(x or 0.0, y or 0.0)
        return ux * self.width, uy * self.height

    def box_pixels(self, box: Any) -> tuple[float, float, float, float] | None:
        """``(x0, y0, x1, y1)`` of a ``BoundingBox`` (``None`` if it has no position)."""
        if box is None or box.left is None or box.top is None:
            return None
        right = box.left + (box.width or 0.0)
        bottom = box.top + (box.height or 0.0)
        corners = [self.pixel(box.left, box.top), self.pixel(right, bottom)]
        xs = sorted(c[0] for c in corners)
        ys = sorted(c[1] for c in corners)
        return xs[0], ys[0], xs[1], ys[1]

    def centre(self, box: Any) -> tuple[float, float] | None:
        """The pixel centre of a ``BoundingBox``."""
        pixels = self.box_pixels(box)
        if pixels is None:
            return None
        return (pixels[0] + pixels[2]) / 2, (pixels[1] + pixels[3]) / 2

    # -- drawing -----------------------------------------------------------------------

    def box(
        self, box: Any, colour: RGB, category: str, label: str | None = None, *, width: int = 0
    ) -> bool:
        """Outline a ``BoundingBox`` (the outline grows inwards from its edges)."""
        pixels = self.box_pixels(box)
        self.legend.setdefault(category, colour)
        if pixels is None:
            return False
        x0, y0, x1, y1 = (round(v) for v in pixels)
        x1, y1 = max(x0, x1 - 1), max(y0, y1 - 1)  # the last pixel inside the box
        self.draw.rectangle((x0, y0, x1, y1), outline=colour, width=width or self.line)
        if label:
            self.label((x0, y0, x1, y1), label, colour)
        return True

    def polygon(
        self,
        points: Sequence[Any],
        colour: RGB,
        category: str,
        label: str | None = None,
        *,
        width: int = 0,
    ) -> bool:
        """Outline a polygon of ``Point`` ratios."""
        self.legend.setdefault(category, colour)
        pixels = [self.pixel(p.x, p.y) for p in points if p.x is not None and p.y is not None]
        if len(pixels) < 2:
            return False
        rounded = [(round(x), round(y)) for x, y in pixels]
        self.draw.line([*rounded, rounded[0]], fill=colour, width=width or self.line, joint="curve")
        if label:
            around = self.polygon_pixels(points)
            assert around is not None
            self.label(around, label, colour)
        return True

    def polygon_pixels(self, points: Sequence[Any]) -> tuple[float, float, float, float] | None:
        """The pixel rectangle around a polygon of ``Point`` ratios (``None``: no polygon)."""
        pixels = [self.pixel(p.x, p.y) for p in points if p.x is not None and p.y is not None]
        if len(pixels) < 2:
            return None
        xs, ys = [round(p[0]) for p in pixels], [round(p[1]) for p in pixels]
        return min(xs), min(ys), max(xs), max(ys)

    def reserve(self, around: tuple[float, float, float, float] | None) -> None:
        """Keep every label but this box's own off ``around`` (call before drawing)."""
        if around is not None:
            self._reserved.append(around)

    def dot(self, x: float | None, y: float | None, colour: RGB, category: str) -> bool:
        """A filled dot at a point given as ratios (a landmark)."""
        self.legend.setdefault(category, colour)
        if x is None or y is None:
            return False
        px, py = self.pixel(x, y)
        r = self.radius
        self.draw.ellipse((px - r, py - r, px + r, py + r), fill=colour, outline=(0, 0, 0))
        return True

    def label(self, around: tuple[float, float, float, float], text: str, colour: RGB) -> None:
        """Text on a filled tag next to a box: above it, below it, inside its top or bottom,
        or beside it -- the first place in the picture that covers no earlier tag and no
        reserved box but its own. With no such place, the text goes to the legend instead
        (a caption never hides another box)."""
        x0, y0, x1, y1 = around
        left, top, right, bottom = self.draw.textbbox((0, 0), text, font=self.font)
        pad = max(1, self.font_size // 6)
        tag_w, tag_h = right - left + 2 * pad, bottom - top + 2 * pad
        x = min(max(0.0, x0), max(0.0, self.width - tag_w))
        candidates = [
            (x, y0 - tag_h),
            (x, y1 + 1),
            (x, y0),
            (x, y1 - tag_h),
            (x1 + 1, y0),
            (x0 - tag_w - 1, y0),
        ]
        fitting = [
            (cx, cy)
            for cx, cy in candidates
            # (x is already clamped; a tag wider than the picture still goes there)
            if (cx == x or 0 <= cx <= self.width - tag_w) and 0 <= cy <= self.height - tag_h
        ] or [(x, max(0.0, y0))]
        others = [box for box in self._reserved if box != around]

        def free(place: tuple[float, float]) -> bool:
            rect = (place[0], place[1], place[0] + tag_w, place[1] + tag_h)
            return not any(_overlap(rect, t) for t in self._tags) and not any(
                _overlap(rect, box) for box in others
            )

        spot = next((place for place in fitting if free(place)), None)
        if spot is None:
            if others:
                self.note(text)  # covering another reserved box would hide it
                return
            spot = fitting[0]
        tx, ty = spot
        self._tags.append((tx, ty, tx + tag_w, ty + tag_h))
        self.draw.rectangle((tx, ty, tx + tag_w - 1, ty + tag_h - 1), fill=colour)
        self.draw.text(
            (tx + pad - left, ty + pad - top), text, fill=_text_colour(colour), font=self.font
        )

    def note(self, text: str) -> None:
        """A line of text for the legend strip (things without a position)."""
        self.notes.append(text)

    # -- the legend --------------------------------------------------------------------

    def finish(self, legend: bool = True) -> Image.Image:
        """The annotated picture, with the legend strip below it unless ``legend=False``."""
        if not legend:
            return self.image
        return with_legend(self.image, self.legend.items(), self.notes, self.font_size)


def with_legend(
    picture: Image.Image, entries: Iterable[tuple[str, RGB]], notes: Sequence[str], font_size: int
) -> Image.Image:
    """``picture`` with a strip below it: a swatch per category, then the notes."""
    entries = list(entries)
    text_font = font(font_size)
    pad = max(2, font_size // 2)
    swatch = font_size
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))

    def text_width(text: str) -> int:
        box = measure.textbbox((0, 0), text, font=text_font)
        return int(box[2] - box[0])

    # Lay the entries out left to right, wrapping at the picture's width.
    rows: list[list[tuple[str, RGB, int]]] = [[]]
    used = pad
    for name, colour in entries or [("nothing detected", UNKNOWN)]:
        need = swatch + pad // 2 + text_width(name) + 2 * pad
        if rows[-1] and used + need > picture.width:
            rows.append([])
            used = pad
        rows[-1].append((name, colour, used))
        used += need
    wrapped = [part for note in notes for part in _wrap(note, picture.width - 2 * pad, text_width)]
    line_h = font_size + pad
    strip_h = pad + line_h * (len(rows) + len(wrapped))
    out = Image.new("RGB", (picture.width, picture.height + strip_h), (255, 255, 255))
    out.paste(picture, (0, 0))
    draw = ImageDraw.Draw(out)
    y = picture.height + pad
    for row in rows:
        for name, colour, x in row:
            draw.rectangle((x, y, x + swatch - 1, y + swatch - 1), fill=colour, outline=(0, 0, 0))
            draw.text((x + swatch + pad // 2, y), name, fill=(0, 0, 0), font=text_font)
        y += line_h
    for line in wrapped:
        draw.text((pad, y), line, fill=(60, 60, 60), font=text_font)
        y += line_h
    return out


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _wrap(text: str, width: int, text_width: Any) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines
