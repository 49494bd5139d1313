"""The packaged models, loaded once per process on first use.

dlib's detector, predictor and encoder are not documented as safe for concurrent calls, so
one lock serialises them; Tesseract's API object likewise gets its own lock.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from dataclasses import dataclass, field
from pathlib import Path
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
            _FACES = FaceModels(
                detector=dlib.get_frontal_face_detector(),
                # The 5-point model: trained on dlib's own CC0 data set. The 68-point one
                # (iBUG 300-W, non-commercial) is deliberately never loaded.
                predictor=dlib.shape_predictor(_model_file("shape_predictor_5_face_landmarks.dat")),
                encoder=dlib.face_recognition_model_v1(
                    _model_file("dlib_face_recognition_resnet_model_v1.dat")
                ),
            )
        return _FACES


def _model_file(name: str) -> str:
    """A model file of face-recognition-models, found without importing the package: its
    ``__init__`` imports ``pkg_resources``, which only setuptools provides."""
    spec = importlib.util.find_spec("face_recognition_models")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise ImportError("face-recognition-models is not installed")
    return str(Path(locations[0]) / "models" / name)
