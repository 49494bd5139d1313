"""How the emulator sees: one interface, two perceptions side by side.

* :class:`DeclaredPerception` (``"declared"``, the default): deterministic, no models. What a
  test image declares in its ``rekog:*`` chunks, else one face identified by a perceptual hash
  (:mod:`rekog.local.perception.imaging`).
* :class:`~rekog.local.perception.vision.VisionPerception` (``"vision"``, needs
  ``pip install "rekog[vision]"``): dlib's HOG face detector, 5-point landmarks and ResNet
  identity vectors, Tesseract for text, PyAV for real MP4/MOV video. Declarations in a picture
  still win over what the models see.

The backend asks its perception for an image's content (:meth:`Perception.see`) and for the
similarity of face identities (:meth:`Perception.similarity`, :meth:`Perception.scores`); it
never knows which perception it has. A collection remembers the perception that indexed it.
"""

from __future__ import annotations

from .base import (
    PERCEPTIONS,
    VISION_INSTALL,
    Identity,
    Perception,
    PerceptionUnavailable,
    make_perception,
)
from .declared import DeclaredPerception

__all__ = [
    "PERCEPTIONS",
    "VISION_INSTALL",
    "DeclaredPerception",
    "Identity",
    "Perception",
    "PerceptionUnavailable",
    "make_perception",
]
