"""Real MP4/MOV video, decoded with PyAV and looked at a few times a second.

The container gives ``VideoMetadata`` (duration, frame rate, size, codec, format). Frames are
sampled every :data:`SAMPLE_MS` milliseconds (2 per second: the service reports faces about
as often, and detection dominates the cost); each sample is looked at like an image. Faces are
tracked across samples by identity: a face joins the person whose last face is nearer than the
model's same-person distance, else it starts a new person (``Person.Index`` in order of first
appearance). Persons are the people whose faces are seen; a person's box is the head and
shoulders below the face. Text is read on each sample.
"""

from __future__ import annotations

import hashlib
import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from ..imaging import DetectedFace, TextLine, person_box
from ..videos import Appearance, Segment, UnreadableVideo, VideoSpec
from .identity import SAME_PERSON_DISTANCE

#: Milliseconds between two sampled frames.
SAMPLE_MS = 500
#: The first bytes' box types that make an object an ISO-BMFF (MP4/MOV) container.
_CONTAINER_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")


def is_container(data: bytes) -> bool:
    """Whether ``data`` looks like an MP4/MOV file (its first box)."""
    return len(data) >= 12 and data[4:8] in _CONTAINER_BOXES


def etag(data: bytes) -> str:
    """The S3 ETag of an object uploaded in one part: the MD5 of its bytes."""
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


@dataclass
class _Track:
    """One person followed across samples."""

    timestamps: list[int] = field(default_factory=list)
    faces: list[DetectedFace] = field(default_factory=list)

    def distance(self, face: DetectedFace) -> float:
        last = self.faces[-1]
        if last.vector is None or face.vector is None:
            return float("inf")
        return float(np.linalg.norm(np.asarray(last.vector) - np.asarray(face.vector)))


def analyse(
    data: bytes,
    see_faces: Callable[[Image.Image], tuple[DetectedFace, ...]] | None,
    see_text: Callable[[Image.Image], tuple[TextLine, ...]] | None,
    sample_ms: int = SAMPLE_MS,
) -> VideoSpec:
    """Decode a video and look at its samples with ``see_faces`` / ``see_text`` (if given).

    Raises:
        UnreadableVideo: PyAV cannot open the container or it has no video stream.
    """
    av = importlib.import_module("av")  # ships no type information the checker can use
    try:
        container = av.open(io.BytesIO(data), mode="r")
    except Exception as exc:  # PyAV raises its own error types for bad input
        raise UnreadableVideo(str(exc)) from exc
    with container:
        if not container.streams.video:
            raise UnreadableVideo("no video stream")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        tracks: list[_Track] = []
        text: list[Appearance] = []
        next_sample, last_ms = 0, 0
        try:
            for frame in container.decode(stream):
                if frame.time is None:
                    continue
                at_ms = int(round(frame.time * 1000))
                last_ms = max(last_ms, at_ms)
                if at_ms < next_sample:
                    continue
                while next_sample <= at_ms:
                    next_sample += sample_ms
                image = frame.to_image()
                if see_faces is not None:
                    _follow(tracks, at_ms, see_faces(image))
                if see_text is not None:
                    text.extend(
                        Appearance(line.text, (at_ms,), line.box, line.confidence, {"line": line})
                        for line in see_text(image)
                    )
        except Exception as exc:  # a corrupt stream fails the job like an unreadable one
            raise UnreadableVideo(str(exc)) from exc
        duration_ms = _duration_ms(container, stream, last_ms)
        rate = stream.average_rate or stream.guessed_rate
        return VideoSpec(
            duration_ms=duration_ms,
            frame_rate=round(float(rate), 3) if rate else 0.0,
            width=int(stream.codec_context.width),
            height=int(stream.codec_context.height),
            persons=tuple(
                Appearance(
                    label=None,
                    timestamps=tuple(track.timestamps),
                    box=person_box(track.faces[0].box),
                    confidence=max(f.confidence for f in track.faces),
                    faces=tuple(track.faces),
                )
                for track in tracks
            ),
            text=tuple(text),
            shots=(Segment("SHOT", 0, max(duration_ms, 1), 99.0),),
            codec=str(stream.codec_context.name),
            format=str(container.format.long_name),
        )


def _follow(tracks: list[_Track], at_ms: int, faces: tuple[DetectedFace, ...]) -> None:
    """Add a sample's faces to the nearest tracks, or start new ones."""
    taken: set[int] = set()
    for face in sorted(faces, key=lambda f: -f.box.area):
        best, nearest = None, SAME_PERSON_DISTANCE
        for index, track in enumerate(tracks):
            if index in taken:
                continue
            distance = track.distance(face)
            if distance < nearest:
                best, nearest = index, distance
        if best is None:
            tracks.append(_Track())
            best = len(tracks) - 1
        taken.add(best)
        tracks[best].timestamps.append(at_ms)
        tracks[best].faces.append(face)


def _duration_ms(container: object, stream: object, last_ms: int) -> int:
    """The stream's duration, else the container's, else the last frame's time."""
    duration = getattr(stream, "duration", None)
    time_base = getattr(stream, "time_base", None)
    if duration and time_base:
        return int(round(float(duration * time_base) * 1000))
    whole = getattr(container, "duration", None)  # microseconds
    if whole:
        return int(round(whole / 1000))
    return last_ms
