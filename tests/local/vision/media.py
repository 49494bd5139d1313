"""Pictures and edits the vision perception tests look at (public-domain photos, rendered text)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps, PngImagePlugin

DATA = Path(__file__).resolve().parents[1] / "data"
#: The astronaut portrait's face from hairline to chin, measured by eye on the 448-pixel copy
#: (left, top, right, bottom in pixels).
ASTRONAUT_FACE = (156, 53, 238, 151)


def astronaut() -> Image.Image:
    """Eileen Collins' NASA portrait (public domain; see ``tests/local/data/README.md``)."""
    return Image.open(DATA / "astronaut.jpg").convert("RGB")


def grace_hopper() -> Image.Image:
    """Grace Hopper's US Navy portrait (public domain)."""
    return Image.open(DATA / "grace_hopper.jpg").convert("RGB")


def encode(image: Image.Image, fmt: str = "JPEG", quality: int = 92) -> bytes:
    """``image`` as JPEG (or PNG) bytes."""
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=quality)
    else:
        image.save(out, fmt)
    return out.getvalue()


def declare(image: Image.Image, faces: list[Any]) -> bytes:
    """``image`` as a PNG declaring ``faces`` in its ``rekog:faces`` chunk."""
    info = PngImagePlugin.PngInfo()
    info.add_text("rekog:faces", json.dumps(faces))
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def edits(image: Image.Image) -> dict[str, bytes]:
    """Edits of one photo that keep the person: the service would still match them."""
    width, height = image.size
    return {
        "mirror": encode(ImageOps.mirror(image)),
        "half size": encode(image.resize((width // 2, height // 2), Image.Resampling.LANCZOS)),
        "jpeg q30": encode(image, quality=30),
        "grey": encode(ImageOps.grayscale(image)),
        "blur": encode(image.filter(ImageFilter.GaussianBlur(1.5))),
    }


def rotated(image: Image.Image, degrees: float) -> Image.Image:
    """``image`` turned ``degrees`` counter-clockwise on screen (PIL's convention), grey corners."""
    return image.rotate(
        degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(128,) * 3
    )


def _font(size: int, name: str | None = None) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if name is not None:
        try:
            import matplotlib

            path = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / name
            return ImageFont.truetype(str(path), size)
        except (ImportError, OSError):
            pass
    return ImageFont.load_default(size=size)


def text_picture(
    lines: list[str], size: int = 32, font: str | None = None, angle: float = 0.0
) -> bytes:
    """Black text on white, one line under the other, optionally turned ``angle`` degrees."""
    face = _font(size, font)
    width = max(int(face.getlength(line)) for line in lines) + 2 * size
    height = int(len(lines) * size * 1.6) + 2 * size
    picture = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(picture)
    for row, line in enumerate(lines):
        draw.text((size, size + row * size * 1.6), line, fill="black", font=face)
    if angle:
        picture = picture.rotate(
            angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white"
        )
    return encode(picture, "PNG")


#: Rendered-text cases: (lines, size, font file (DejaVu from matplotlib when installed), angle).
TEXT_CASES: dict[str, tuple[list[str], int, str | None, float]] = {
    "sans 32": (["OPEN DAILY FROM NINE"], 32, None, 0.0),
    "five words": (["the quick brown fox jumps"], 28, "DejaVuSans.ttf", 0.0),
    "two lines": (["Platform 4", "Trains to Edinburgh"], 30, "DejaVuSans.ttf", 0.0),
    "serif 40": (["Emergency Exit Only"], 40, "DejaVuSerif.ttf", 0.0),
    "mono 24": (["ORDER 1234 READY"], 24, "DejaVuSansMono.ttf", 0.0),
    "rotated 4": (["No parking here today"], 36, "DejaVuSans-Bold.ttf", 4.0),
}


def mp4(scenes: list[tuple[Image.Image, float]], fps: int = 25) -> bytes:
    """An H.264 MP4 showing each picture for its number of seconds (PyAV)."""
    import av

    out = io.BytesIO()
    width, height = scenes[0][0].size
    with av.open(out, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for picture, seconds in scenes:
            frame = av.VideoFrame.from_image(picture.convert("RGB").resize((width, height)))
            for _ in range(int(seconds * fps)):
                for packet in stream.encode(frame):
                    container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()
