"""The vision perception's DetectFaces vs the models' own work on a 1 MP photo.

The models' own time is what any program using them pays: dlib's HOG detector at the same
scale, the 5-point landmarks and the ResNet identity vector of every face found, on an
already decoded picture. The emulator's time is a whole ``DetectFaces`` call in-process
(validation, JPEG decode, the detection above, box calibration, pose, quality, the response).
Rounds alternate the two and print each round's ratio, so machine noise hits both alike.

    python benchmarks/vision_detect_faces.py [--rounds 9] [--check]

Needs ``pip install "rekog[vision]"``. Target: emulator <= 1.5 x the models (adds <= 50 %).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

from rekog.local import LocalRekognition
from rekog.local.perception.vision.faces import SCORE_FLOOR
from rekog.local.perception.vision.models import face_models

PHOTO = Path(__file__).resolve().parents[1] / "tests" / "local" / "data" / "astronaut.jpg"


def one_megapixel_photo() -> bytes:
    """The public-domain portrait enlarged to 1024x1024 (1.05 MP), as a JPEG."""
    picture = Image.open(PHOTO).convert("RGB").resize((1024, 1024), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def models_only(rgb: np.ndarray) -> int:
    """Detect, then landmarks and a vector per face: the models' own work."""
    models = face_models()
    rects, scores, _ = models.detector.run(rgb, 0, 0.0)
    faces = [r for r, s in zip(rects, scores, strict=True) if s >= SCORE_FLOOR]
    for rect in faces:
        shape = models.predictor(rgb, rect)
        models.encoder.compute_face_descriptor(rgb, shape)
    return len(faces)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--check", action="store_true", help="exit 1 if the ratio > 1.5")
    args = parser.parse_args()
    photo = one_megapixel_photo()
    rgb = np.asarray(Image.open(io.BytesIO(photo)).convert("RGB"))
    with LocalRekognition(perception="vision") as local:
        seen = local.call("DetectFaces", Image={"Bytes": photo})["FaceDetails"]  # loads models
        found = models_only(rgb)
        print(f"1 MP photo: emulator sees {len(seen)} face(s), the models alone {found}")
        ratios, emulator_times, model_times = [], [], []
        for round_number in range(args.rounds):
            start = time.perf_counter()
            models_only(rgb)
            model_s = time.perf_counter() - start
            start = time.perf_counter()
            local.call("DetectFaces", Image={"Bytes": photo})
            emulator_s = time.perf_counter() - start
            ratios.append(emulator_s / model_s)
            emulator_times.append(emulator_s)
            model_times.append(model_s)
            print(
                f"round {round_number + 1}: models {model_s * 1000:7.1f} ms   "
                f"emulator {emulator_s * 1000:7.1f} ms   ratio {ratios[-1]:.2f}"
            )
    ratio = statistics.median(ratios)
    print(
        f"median: models {statistics.median(model_times) * 1000:.1f} ms, emulator "
        f"{statistics.median(emulator_times) * 1000:.1f} ms, ratio {ratio:.2f} (target <= 1.50)"
    )
    return 1 if args.check and ratio > 1.5 else 0


if __name__ == "__main__":
    sys.exit(main())
