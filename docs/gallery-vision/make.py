"""Make docs/gallery-vision/astronaut_detect_faces.png: a real photo, as the vision perception sees it.

    pip install "rekog[vision]"
    python docs/gallery-vision/make.py

The photo is Eileen Collins' NASA portrait (public domain; tests/local/data/README.md).
"""

from __future__ import annotations

from pathlib import Path

from rekog import Rekognition
from rekog.draw import annotate
from rekog.local import LocalRekognition

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    photo = (ROOT / "tests" / "local" / "data" / "astronaut.jpg").read_bytes()
    rk = Rekognition(client=LocalRekognition(perception="vision").client())
    result = rk.detect_faces(image=photo, attributes=["ALL"])
    picture = annotate(photo, result)  # box, 5 landmarks, (made-up) age range and emotion
    small = picture.convert("RGB").quantize(colors=96)  # a photo: keep the PNG under 100 KB
    small.save(Path(__file__).with_name("astronaut_detect_faces.png"), optimize=True)


if __name__ == "__main__":
    main()
