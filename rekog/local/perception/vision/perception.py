"""The vision perception: the :class:`~rekog.local.perception.Perception` the models drive."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps

from ..base import Identity, Perception
from ..imaging import DetectedFace, TextLine
from ..videos import UnreadableVideo, VideoSpec
from .faces import detect
from .identity import DIMENSIONS, similarity_of_distance, vector_of_signature
from .models import face_models
from .text import TextReader
from .video import analyse, etag, is_container

#: How many analysed videos (per kind of look) stay cached.
VIDEO_CACHE_SIZE = 32


class VisionPerception(Perception):
    """Faces, identities and text from offline models (see :mod:`rekog.local.perception.vision`).

    Models load on first use, once per process. Faces a picture declares keep their declared
    box and identity, and get a vector derived from that identity, so declared and seen faces
    live in one identity space (a declared identity never matches a real face).
    """

    name: ClassVar[str] = "vision"

    def __init__(self) -> None:
        self._reader = TextReader()
        self._videos: OrderedDict[tuple[str, frozenset[str]], VideoSpec] = OrderedDict()
        self._videos_lock = threading.Lock()

    def faces(self, image: Image.Image) -> tuple[DetectedFace, ...]:
        """Faces dlib finds, with landmarks, pose, quality and identity vectors.

        A JPEG's Exif orientation is applied first, as the service does: boxes and landmarks
        are ratios of the picture as it is meant to be seen.
        """
        return detect(face_models(), upright(image))

    def text(self, image: Image.Image) -> tuple[TextLine, ...]:
        """Lines and words Tesseract reads (in the picture turned upright, like faces)."""
        return self._reader.read(upright(image))

    def declared(self, face: DetectedFace) -> DetectedFace:
        """A declared face with a vector derived from its identity."""
        return replace(face, vector=vector_of_signature(face.signature))

    def video(self, data: bytes, sees: frozenset[str] = frozenset()) -> VideoSpec:
        """A real MP4/MOV decoded and sampled (cached by ETag); other objects as declared."""
        if not is_container(data):
            return super().video(data, sees)
        key = (etag(data), sees)
        with self._videos_lock:
            if key in self._videos:
                self._videos.move_to_end(key)
                return self._videos[key]
        spec = analyse(
            data,
            self.faces if "faces" in sees else None,
            self.text if "text" in sees else None,
        )
        with self._videos_lock:
            self._videos[key] = spec
            while len(self._videos) > VIDEO_CACHE_SIZE:
                self._videos.popitem(last=False)
        return spec

    def prepare_video(self, data: bytes, sees: frozenset[str]) -> None:
        """Decode and look at a real video now, so the job's start finds it cached."""
        if is_container(data) and sees:
            try:
                self.video(data, sees)
            except UnreadableVideo:
                pass  # the job's start reports it, in its own order

    def similarity(self, a: Identity, b: Identity) -> float:
        """The mapped L2 distance of the two vectors."""
        distance = np.linalg.norm(_vector(a) - _vector(b))
        return float(similarity_of_distance(distance))

    def index(self, faces: Sequence[Identity]) -> npt.NDArray[np.float32]:
        """The vectors as an ``(n, 128)`` ``float32`` matrix."""
        matrix = np.empty((len(faces), DIMENSIONS), dtype=np.float32)
        for row, face in enumerate(faces):
            matrix[row] = _vector(face)
        return matrix

    def scores(self, index: npt.NDArray[np.float32], face: Identity) -> npt.NDArray[np.float64]:
        """Every row's distance to ``face``'s vector, mapped to similarity, in one pass."""
        distances = np.linalg.norm(index - _vector(face).astype(np.float32), axis=1)
        return similarity_of_distance(distances)


def upright(image: Image.Image) -> Image.Image:
    """``image`` turned as its Exif orientation says (itself when it has none)."""
    return ImageOps.exif_transpose(image) or image


def _vector(face: Identity) -> npt.NDArray[np.float64]:
    vector = face.vector if face.vector is not None else vector_of_signature(face.signature)
    return np.asarray(vector, dtype=np.float64)
