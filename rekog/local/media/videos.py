"""Test videos: :func:`make_video` writes the emulator's JSON video convention.

The convention (what a "video" object says it shows) is read by
:mod:`rekog.local.perception.videos`; see there for its members.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..perception.videos import VIDEO_KEY, parse_video


def _timed_entry(
    entry: dict[str, Any], shown: VideoPerson | VideoText | VideoItem
) -> dict[str, Any]:
    """Add the timing and box of a person or text line to its declaration entry."""
    if shown.timestamps:
        entry["timestamps"] = list(shown.timestamps)
    if shown.every_ms is not None:
        entry.update(from_ms=shown.from_ms, to_ms=shown.to_ms, every_ms=shown.every_ms)
    if shown.box is not None:
        entry["box"] = dict(shown.box)
    return entry


@dataclass(frozen=True)
class VideoPerson:
    """A person who appears in a video.

    Args:
        face: The identity of the person's face (``None``: a person whose face matches nothing).
        timestamps: Explicit appearance times in milliseconds. Without them and without
            ``every_ms`` the person appears once, at 0 ms.
        from_ms: With ``every_ms``: first appearance (inclusive).
        to_ms: With ``every_ms``: end of the appearances (exclusive).
        every_ms: Interval between appearances.
        box: The person's bounding box ``{"Left", "Top", "Width", "Height"}``.
    """

    face: str | None
    timestamps: Sequence[int] = ()
    from_ms: int = 0
    to_ms: int | None = None
    every_ms: int | None = None
    box: Mapping[str, float] | None = None

    def declaration(self) -> dict[str, Any]:
        """The JSON entry of the ``persons`` list."""
        return _timed_entry({"face": self.face}, self)


@dataclass(frozen=True)
class VideoText:
    """A line of text visible in a video (timestamps as for :class:`VideoPerson`)."""

    text: str
    timestamps: Sequence[int] = ()
    from_ms: int = 0
    to_ms: int | None = None
    every_ms: int | None = None
    box: Mapping[str, float] | None = None

    def declaration(self) -> dict[str, Any]:
        """The JSON entry of the ``text`` list."""
        return _timed_entry({"text": self.text}, self)


@dataclass(frozen=True)
class VideoItem:
    """A label, face, celebrity or moderation label shown in a video (timing as for persons).

    Args:
        name: The label name, face identity, celebrity name or moderation label.
        confidence: The reported confidence (default 99).
        details: Other declaration members (``parents``, ``id``, ``urls``, ``gender``,
            ``parent``...).
    """

    name: str
    timestamps: Sequence[int] = ()
    from_ms: int = 0
    to_ms: int | None = None
    every_ms: int | None = None
    box: Mapping[str, float] | None = None
    confidence: float | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    def declaration(self) -> dict[str, Any]:
        """The JSON entry of the ``labels``/``faces``/``celebrities``/``moderation`` list."""
        entry: dict[str, Any] = {"name": self.name, **self.details}
        if self.confidence is not None:
            entry["confidence"] = self.confidence
        return _timed_entry(entry, self)


@dataclass(frozen=True)
class VideoSegment:
    """A shot (``type="SHOT"``) or technical cue (``type`` a cue type) from ``from_ms`` to ``to_ms``."""

    from_ms: int
    to_ms: int
    type: str = "SHOT"
    confidence: float = 99.0

    def declaration(self) -> dict[str, Any]:
        """The JSON entry of the ``shots`` or ``technical_cues`` list."""
        entry: dict[str, Any] = {
            "from_ms": self.from_ms,
            "to_ms": self.to_ms,
            "confidence": self.confidence,
        }
        if self.type != "SHOT":
            entry["type"] = self.type
        return entry


def make_video(
    persons: Sequence[VideoPerson | Mapping[str, Any]] = (),
    text: Sequence[VideoText | Mapping[str, Any]] = (),
    *,
    labels: Sequence[VideoItem | Mapping[str, Any]] = (),
    faces: Sequence[VideoItem | Mapping[str, Any]] = (),
    celebrities: Sequence[VideoItem | Mapping[str, Any]] = (),
    moderation: Sequence[VideoItem | Mapping[str, Any]] = (),
    technical_cues: Sequence[VideoSegment | Mapping[str, Any]] = (),
    shots: Sequence[VideoSegment | Mapping[str, Any]] = (),
    duration_ms: int | None = None,
    frame_rate: float = 30.0,
    width: int = 1280,
    height: int = 720,
) -> bytes:
    """Encode a "video" in the emulator's JSON convention (upload it to S3 or the object store).

    Args:
        persons: Who appears when (:class:`VideoPerson` or raw ``persons`` entries); a person
            given no time appears at 0 ms, and a raw entry with a key a person does not take
            (``{"id": "p1"}``) is refused.
        text: Which text lines appear when (:class:`VideoText` or raw ``text`` entries).
        labels: Labels shown when (:class:`VideoItem` or raw ``labels`` entries).
        faces: Faces shown when, besides the persons' faces.
        celebrities: Celebrities shown when.
        moderation: Moderation labels shown when.
        technical_cues: Technical cues (:class:`VideoSegment` with a cue ``type``).
        shots: Shots (:class:`VideoSegment`); default: one shot over the whole video.
        duration_ms: The video length; default: one second after the last appearance.
        frame_rate: Frames per second reported in ``VideoMetadata``.
        width: Frame width in pixels.
        height: Frame height in pixels.

    Raises:
        UnreadableVideo: (a ``ValueError``) for a declaration the emulator could not read,
            naming what is wrong.
    """
    body: dict[str, Any] = {
        "frame_rate": frame_rate,
        "width": width,
        "height": height,
        "persons": [p.declaration() if isinstance(p, VideoPerson) else dict(p) for p in persons],
        "text": [t.declaration() if isinstance(t, VideoText) else dict(t) for t in text],
    }
    for key, items in (
        ("labels", labels),
        ("faces", faces),
        ("celebrities", celebrities),
        ("moderation", moderation),
        ("technical_cues", technical_cues),
        ("shots", shots),
    ):
        if items:
            body[key] = [
                i.declaration() if isinstance(i, (VideoItem, VideoSegment)) else dict(i)
                for i in items
            ]
    if duration_ms is not None:
        body["duration_ms"] = duration_ms
    data = json.dumps({VIDEO_KEY: body}).encode("utf-8")
    parse_video(data)  # fail early on a bad declaration
    return data
