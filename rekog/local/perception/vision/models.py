"""The packaged models, loaded once per process on first use.

dlib's detector, predictor and encoder are not documented as safe for concurrent calls, so
one lock serialises them; Tesseract's API object likewise gets its own lock.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from typing import Any

_LOCK = threading.Lock()
_FACES: FaceModels | None = None


@dataclass
class FaceModels:
    """dlib's HOG detector, 5-point landmark predictor and ResNet identity encoder."""

    detector: Any
    predictor: Any
    encoder: Any
    lock: threading.Lock = field(default_factory=threading.Lock)


def face_models() -> FaceModels:
    """The face models (loaded on first call, ~0.5 s)."""
    global _FACES
    with _LOCK:
        if _FACES is None:
            # Imported by name: neither package ships type information.
            dlib = importlib.import_module("dlib")
            face_recognition_models = importlib.import_module("face_recognition_models")
            _FACES = FaceModels(
                detector=dlib.get_frontal_face_detector(),
                # The 5-point model: trained on dlib's own CC0 data set. The 68-point one
                # (iBUG 300-W, non-commercial) is deliberately never loaded.
                predictor=dlib.shape_predictor(
                    face_recognition_models.pose_predictor_five_point_model_location()
                ),
                encoder=dlib.face_recognition_model_v1(
                    face_recognition_models.face_recognition_model_location()
                ),
            )
        return _FACES
