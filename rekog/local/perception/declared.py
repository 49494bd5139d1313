"""The declared perception: what a picture declares, else a perceptual hash (no models)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np
import numpy.typing as npt
from PIL import Image

from .base import Identity, Perception
from .imaging import DetectedFace, TextLine, similarity, undeclared_faces

#: Similarity for each Hamming distance 0..64, exactly as :func:`similarity` computes it.
_SIMILARITY = np.array([similarity(0, (1 << d) - 1) for d in range(65)], dtype=np.float64)


class DeclaredPerception(Perception):
    """Deterministic and model-free: see :mod:`rekog.local.perception.imaging` for the rules."""

    name: ClassVar[str] = "declared"

    def faces(self, image: Image.Image) -> tuple[DetectedFace, ...]:
        """One face covering most of a non-flat picture, identified by its dHash."""
        return undeclared_faces(image)

    def text(self, image: Image.Image) -> tuple[TextLine, ...]:
        """No text unless declared."""
        return ()

    def similarity(self, a: Identity, b: Identity) -> float:
        """``100 * (1 - hamming / 64)`` of the two signatures."""
        return similarity(a.signature, b.signature)

    def index(self, faces: Sequence[Identity]) -> npt.NDArray[np.uint64]:
        """The signatures as a ``uint64`` array."""
        return np.fromiter((f.signature for f in faces), np.uint64, len(faces))

    def scores(self, index: npt.NDArray[np.uint64], face: Identity) -> npt.NDArray[np.float64]:
        """One XOR and ``bitwise_count`` over the whole index."""
        distances = np.bitwise_count(index ^ np.uint64(face.signature))
        result: npt.NDArray[np.float64] = _SIMILARITY[distances]
        return result
