"""Identity vectors and their similarity: a monotone map of L2 distance.

dlib's ResNet model puts two photos of one person closer than 0.6 (its documented
same-person threshold) and different people further apart. Similarity is
``100 / (1 + (d / D0) ** 4)`` with ``D0`` chosen so that ``d = 0.6`` maps to exactly 80, the
service's default threshold: 0 -> 100, 0.4 -> 95.3, 0.5 -> 89.2, 0.6 -> 80, 0.7 -> 68.4,
0.9 -> 44.2.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

#: The model's same-person distance, mapped to the service's default threshold.
SAME_PERSON_DISTANCE = 0.6
SAME_PERSON_SIMILARITY = 80.0
_POWER = 4.0
_D0 = SAME_PERSON_DISTANCE / (100.0 / SAME_PERSON_SIMILARITY - 1.0) ** (1.0 / _POWER)
#: Length of dlib's identity vectors.
DIMENSIONS = 128


def similarity_of_distance(distance: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Similarity (0..100, rounded to 4 places) for L2 distances between identity vectors."""
    d = np.asarray(distance, dtype=np.float64)
    result: npt.NDArray[np.float64] = np.round(100.0 / (1.0 + (d / _D0) ** _POWER), 4)
    return result


def vector_of_signature(signature: int) -> tuple[float, ...]:
    """A declared identity's vector: a pseudo-random unit vector seeded by its signature.

    Two declared identities (and a declared identity and a real face) lie about 1.4 apart,
    far beyond the same-person distance; the same identity is always the same vector.
    """
    rng = np.random.default_rng(signature)
    vector = rng.standard_normal(DIMENSIONS)
    return tuple(float(v) for v in vector / np.linalg.norm(vector))


def signature_of_vector(vector: Sequence[float]) -> int:
    """A 64-bit signature of a seen face's vector (seeds its made-up attributes)."""
    rounded = np.round(np.asarray(vector, dtype=np.float64), 2).tobytes()
    return int.from_bytes(hashlib.sha256(rounded).digest()[:8], "big")
