"""What the vision perception gets right, and how long it takes, on the test media.

Prints: identity distances and similarities of edits of one public-domain portrait and of a
different person; the rendered-text cases read exactly; DetectFaces / DetectText / a 4 s
video job's times. The numbers docs/local.md quotes come from this script.

    python benchmarks/vision_accuracy.py

Needs ``pip install "rekog[vision]"`` (and uses the pictures of tests/local/data).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "local" / "vision"))

from media import (  # noqa: E402
    TEXT_CASES,
    astronaut,
    edits,
    encode,
    grace_hopper,
    mp4,
    rotated,
    text_picture,
)

from rekog.local import LocalRekognition  # noqa: E402
from rekog.local.perception.vision.identity import similarity_of_distance  # noqa: E402


def timed(call: object, rounds: int = 5) -> float:
    """Median seconds of ``rounds`` calls."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    with LocalRekognition(perception="vision", job_seconds=0) as local:
        perception = local.backend.perception

        def vector(data: bytes) -> np.ndarray:
            (face,) = perception.see(data).faces
            return np.asarray(face.vector)

        original = vector(encode(astronaut()))
        variants = dict(edits(astronaut()))
        variants["turned 10 deg"] = encode(rotated(astronaut(), 10))
        variants["darker (x0.5)"] = encode(ImageEnhance.Brightness(astronaut()).enhance(0.5))
        print("identity: distance to the original portrait -> similarity")
        for name, data in variants.items():
            d = float(np.linalg.norm(vector(data) - original))
            print(f"  {name:15s} {d:.3f} -> {float(similarity_of_distance(d)):.1f}")
        d = float(np.linalg.norm(vector(encode(grace_hopper())) - original))
        print(f"  {'other person':15s} {d:.3f} -> {float(similarity_of_distance(d)):.1f}")

        exact = 0
        print("text: lines read")
        for name, (lines, size, font, angle) in TEXT_CASES.items():
            found = [
                t["DetectedText"]
                for t in local.call(
                    "DetectText", Image={"Bytes": text_picture(lines, size, font, angle)}
                )["TextDetections"]
                if t["Type"] == "LINE"
            ]
            exact += found == lines
            print(f"  {name:12s} {'exact' if found == lines else 'WRONG'}  {found}")
        print(f"  {exact}/{len(TEXT_CASES)} pictures with every line exact")

        portrait = encode(astronaut())
        big = encode(astronaut().resize((1024, 1024), Image.Resampling.LANCZOS), quality=90)
        sign = text_picture(*TEXT_CASES["two lines"][:3])
        print("speed (median of 5, in-process calls):")
        print(
            f"  DetectFaces 448x448 portrait  {timed(lambda: local.call('DetectFaces', Image={'Bytes': portrait})) * 1000:.0f} ms"
        )
        print(
            f"  DetectFaces 1024x1024 (1 MP)  {timed(lambda: local.call('DetectFaces', Image={'Bytes': big})) * 1000:.0f} ms"
        )
        print(
            f"  DetectText  two-line sign     {timed(lambda: local.call('DetectText', Image={'Bytes': sign})) * 1000:.0f} ms"
        )
        clip = mp4([(astronaut(), 2.0), (Image.new("RGB", astronaut().size, (180, 180, 180)), 2.0)])
        local.backend.put_object("videos", "clip.mp4", clip)
        video = {"S3Object": {"Bucket": "videos", "Name": "clip.mp4"}}
        start = time.perf_counter()
        local.call("StartFaceDetection", Video=video)
        first = time.perf_counter() - start
        start = time.perf_counter()
        local.call("StartFaceDetection", Video=video)
        second = time.perf_counter() - start
        print(
            f"  StartFaceDetection, 4 s 448x448 MP4: {first * 1000:.0f} ms; same video again {second * 1000:.0f} ms (cached)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
