"""Pixel-level: boxes, polygons and landmarks land where the result says, at any size."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from rekog.draw import annotate
from rekog.draw._canvas import FACE, LANDMARK, LINE

from .conftest import WHITE, flat_png

SIZES = [(640, 480), (480, 640), (1920, 1080), (200, 100), (37, 91), (1000, 1000)]
BOX = {"Left": 0.25, "Top": 0.2, "Width": 0.5, "Height": 0.4}


def faces(box: dict[str, float], **extra: Any) -> dict[str, Any]:
    return {"FaceDetails": [{"BoundingBox": box, "Confidence": 99.0, **extra}]}


def runs(row: list[tuple[int, int, int]], colour: tuple[int, int, int]) -> list[int]:
    return [i for i, pixel in enumerate(row) if pixel == colour]


def assert_box_at(
    image: Image.Image, box: dict[str, float], size: tuple[int, int], colour: tuple[int, int, int]
) -> None:
    width, height = size
    left, right = box["Left"] * width, (box["Left"] + box["Width"]) * width
    top, bottom = box["Top"] * height, (box["Top"] + box["Height"]) * height
    # A row through the middle of the box meets the left and right edges of the outline.
    mid_y = int((top + bottom) / 2)
    row = [image.getpixel((x, mid_y)) for x in range(width)]
    xs = runs(row, colour)  # type: ignore[arg-type]
    assert xs, "no outline on the middle row"
    assert abs(xs[0] - left) <= 1 and abs((xs[-1] + 1) - right) <= 1, (xs[0], xs[-1], left, right)
    mid_x = int((left + right) / 2)
    column = [image.getpixel((mid_x, y)) for y in range(height)]
    ys = runs(column, colour)  # type: ignore[arg-type]
    # The bottom edge is exact; the top edge may carry the label tag above it (same colour).
    assert abs((ys[-1] + 1) - bottom) <= 1, (ys[-1], bottom)
    assert image.getpixel((mid_x, int(top) + max(3, height // 50))) == WHITE  # inside: untouched
    if left >= 2:
        assert image.getpixel((int(left) - 2, mid_y)) == WHITE  # outside: untouched


@pytest.mark.parametrize("size", SIZES)
def test_box_lands_on_its_pixels_at_any_size(size: tuple[int, int]) -> None:
    out = annotate(flat_png(size), faces(BOX), legend=False)
    assert out.size == size
    assert_box_at(out, BOX, size, FACE)


@pytest.mark.parametrize("size", SIZES)
def test_legend_is_a_strip_below_the_picture(size: tuple[int, int]) -> None:
    out = annotate(flat_png(size), faces(BOX))
    assert out.width == size[0] and out.height > size[1]
    assert_box_at(out.crop((0, 0, *size)), BOX, size, FACE)


def exif_rotated_jpeg(stored: tuple[int, int], orientation: int) -> bytes:
    image = Image.new("RGB", stored, WHITE)
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


@pytest.mark.parametrize("orientation", [6, 8, 3])
def test_exif_rotated_jpeg_is_drawn_upright(orientation: int) -> None:
    # Stored 600x400 and tagged as rotated: Rekognition's boxes refer to the upright picture.
    jpeg = exif_rotated_jpeg((600, 400), orientation)
    upright = (400, 600) if orientation in (6, 8) else (600, 400)
    out = annotate(jpeg, faces(BOX), legend=False)
    assert out.size == upright
    assert_box_at(_snap_to_white(out), BOX, upright, FACE)


def _snap_to_white(image: Image.Image) -> Image.Image:
    # JPEG decoding leaves 254s on a white picture: make them exactly white.
    return image.point(lambda v: 255 if v >= 250 else v)


@pytest.mark.parametrize(
    ("correction", "expected"),
    [
        ("ROTATE_0", (0.25, 0.2, 0.5, 0.4)),
        # AWS's developer guide: left = H * (1 - (top + height)), top = W * left.
        ("ROTATE_90", (1 - (0.2 + 0.4), 0.25, 0.4, 0.5)),
        ("ROTATE_180", (1 - (0.25 + 0.5), 1 - (0.2 + 0.4), 0.5, 0.4)),
        ("ROTATE_270", (0.2, 1 - 0.25 - 0.5, 0.4, 0.5)),
    ],
)
def test_orientation_correction_turns_picture_and_boxes_upright(
    correction: str, expected: tuple[float, float, float, float]
) -> None:
    stored = (600, 400)
    result = {**faces(BOX), "OrientationCorrection": correction}
    out = annotate(flat_png(stored), result, legend=False)
    upright = stored if correction in ("ROTATE_0", "ROTATE_180") else (400, 600)
    assert out.size == upright
    left, top, width, height = expected
    assert_box_at(out, {"Left": left, "Top": top, "Width": width, "Height": height}, upright, FACE)


def test_exif_wins_over_orientation_correction() -> None:
    jpeg = exif_rotated_jpeg((600, 400), 6)
    out = annotate(jpeg, {**faces(BOX), "OrientationCorrection": "ROTATE_90"}, legend=False)
    assert out.size == (400, 600)
    assert_box_at(_snap_to_white(out), BOX, (400, 600), FACE)


@pytest.mark.parametrize("size", [(640, 480), (300, 900)])
def test_landmark_dot_is_centred_on_its_point(size: tuple[int, int]) -> None:
    landmarks = [{"Type": "nose", "X": 0.4, "Y": 0.55}]
    out = annotate(flat_png(size), faces(BOX, Landmarks=landmarks), legend=False)
    x, y = 0.4 * size[0], 0.55 * size[1]
    assert out.getpixel((round(x), round(y))) == LANDMARK
    # The dot is small: a few radii away the picture is untouched.
    assert out.getpixel((round(x) + 12, round(y))) == WHITE


@pytest.mark.parametrize("size", [(640, 480), (333, 777)])
def test_text_polygon_follows_its_points(size: tuple[int, int]) -> None:
    polygon = [(0.1, 0.6), (0.7, 0.5), (0.75, 0.7), (0.15, 0.8)]  # a tilted quadrilateral
    result = {
        "TextDetections": [
            {
                "DetectedText": "TILTED",
                "Type": "LINE",
                "Id": 0,
                "Confidence": 99.0,
                "Geometry": {"Polygon": [{"X": x, "Y": y} for x, y in polygon]},
            }
        ]
    }
    out = annotate(flat_png(size), result, legend=False)
    width, height = size
    for (ax, ay), (bx, by) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        # The middle of each side is drawn in the line colour (within a pixel).
        mx, my = (ax + bx) / 2 * width, (ay + by) / 2 * height
        near = [
            out.getpixel((round(mx) + dx, round(my) + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
        ]
        assert LINE in near, (mx, my)
    # The polygon's inside (away from the tag) is untouched.
    assert out.getpixel((round(0.45 * width), round(0.68 * height))) == WHITE


def test_line_width_and_font_scale_with_the_picture() -> None:
    small = annotate(flat_png((200, 150)), faces(BOX), legend=False)
    large = annotate(flat_png((4000, 3000)), faces(BOX), legend=False)

    def thickness(image: Image.Image) -> int:
        y = image.height // 2
        return len(runs([image.getpixel((x, y)) for x in range(image.width // 2)], FACE))  # type: ignore[misc]

    assert thickness(small) == 1
    assert thickness(large) >= 10
