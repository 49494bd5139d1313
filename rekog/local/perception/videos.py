"""The emulator's video convention, and :func:`make_video` to build one.

The emulator cannot decode real video. A "video" is an S3 object holding JSON that says
what the video shows::

    {"rekog:video": {
        "duration_ms": 100000, "frame_rate": 25.0, "width": 1280, "height": 720,
        "persons": [
            {"face": "alice", "timestamps": [0, 40, 80]},
            {"face": "bob", "from_ms": 0, "to_ms": 100000, "every_ms": 40,
             "box": {"Left": 0.3, "Top": 0.1, "Width": 0.3, "Height": 0.8}}
        ],
        "text": [{"text": "EXIT 12", "from_ms": 0, "to_ms": 5000, "every_ms": 1000}],
        "labels": [{"name": "Dog", "from_ms": 0, "to_ms": 4000, "every_ms": 500,
                    "confidence": 97.0, "box": {...}}],
        "faces": [{"face": "carol", "timestamps": [0, 500]}],
        "celebrities": [{"name": "Ada Lovelace", "timestamps": [1000], "id": "1Ada",
                         "urls": ["..."], "gender": "Female", "confidence": 98.0}],
        "moderation": [{"name": "Smoking", "from_ms": 0, "to_ms": 2000, "every_ms": 500}],
        "technical_cues": [{"type": "BlackFrames", "from_ms": 0, "to_ms": 1000}],
        "shots": [{"from_ms": 0, "to_ms": 4000}, {"from_ms": 4000, "to_ms": 9000}]
    }}

* Each person appears at the listed ``timestamps`` and/or every ``every_ms`` from
  ``from_ms`` (inclusive) to ``to_ms`` (exclusive); an entry with neither appears once, at
  0 ms (the first frame). A person takes only ``face``, ``box`` and those timing keys:
  another key (``{"id": "p1"}``) makes the video unreadable, naming it. ``face`` is an identity, as in
  :func:`rekog.local.media.images.make_face_image`; ``Person.Index`` is the position in the list.
  ``box`` is the person's box (the face is the upper part of it).
* Each text entry appears as a ``LINE`` (and its ``WORD`` s) at its timestamps.
* ``labels``, ``faces``, ``celebrities`` and ``moderation`` entries are timed the same way and
  take ``confidence`` and ``box`` (a label's instance box; a face's or celebrity's face box);
  labels also ``parents``/``aliases``/``categories``, moderation labels ``parent``,
  celebrities ``id``/``urls``/``gender`` (as in :mod:`rekog.local.perception.declarations`). Persons with a
  ``face`` are also detected by face detection.
* ``technical_cues`` (``type``: ``ColorBars``, ``EndCredits``, ``BlackFrames``,
  ``OpeningCredits``, ``StudioLogo``, ``Slate`` or ``Content``) and ``shots`` are segments
  from ``from_ms`` to ``to_ms`` with a ``confidence``; without ``shots`` the whole video is
  one shot.
* A real MP4/MOV file (an ``ftyp`` box) is accepted as a video that shows nothing -- unless
  the emulator sees with the vision perception, which decodes it
  (:mod:`rekog.local.perception.vision.video`); any other content makes the job ``FAILED``.

So 2,500 face-search results are one person ``every_ms=40`` over 100 seconds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .imaging import Box, DetectedFace

VIDEO_KEY = "rekog:video"
DEFAULT_PERSON_BOX = Box(0.35, 0.15, 0.3, 0.8)
DEFAULT_TEXT_BOX = Box(0.05, 0.85, 0.5, 0.08)
DEFAULT_FACE_BOX = Box(0.425, 0.15, 0.15, 0.24)


CUE_TYPES = (
    "ColorBars",
    "EndCredits",
    "BlackFrames",
    "OpeningCredits",
    "StudioLogo",
    "Slate",
    "Content",
)


@dataclass(frozen=True)
class Appearance:
    """Something shown at some times in a parsed video (``info``: the other declared members)."""

    label: str | None
    timestamps: tuple[int, ...]
    box: Box
    confidence: float = 99.0
    info: Mapping[str, Any] = field(default_factory=dict)
    declared_box: bool = False
    #: What the vision perception saw at each timestamp (a tracked person's face), if anything.
    faces: tuple[DetectedFace, ...] | None = None


@dataclass(frozen=True)
class Segment:
    """A parsed shot or technical cue."""

    type: str
    start_ms: int
    end_ms: int
    confidence: float


@dataclass(frozen=True)
class VideoSpec:
    """A parsed video: metadata plus who and what appears when."""

    duration_ms: int
    frame_rate: float
    width: int
    height: int
    persons: tuple[Appearance, ...] = ()
    text: tuple[Appearance, ...] = field(default=())
    labels: tuple[Appearance, ...] = ()
    faces: tuple[Appearance, ...] = ()
    celebrities: tuple[Appearance, ...] = ()
    moderation: tuple[Appearance, ...] = ()
    technical_cues: tuple[Segment, ...] = ()
    shots: tuple[Segment, ...] = ()
    codec: str = "h264"
    format: str = "QuickTime / MOV"

    def metadata(self) -> dict[str, Any]:
        """The AWS ``VideoMetadata`` dict."""
        return {
            "Codec": self.codec,
            "DurationMillis": self.duration_ms,
            "Format": self.format,
            "FrameRate": self.frame_rate,
            "FrameHeight": self.height,
            "FrameWidth": self.width,
            "ColorRange": "LIMITED",
        }


class UnreadableVideo(ValueError):
    """The object is not a video the emulator understands."""


#: The keys of a ``persons`` entry.
PERSON_KEYS = frozenset({"face", "box", "timestamps", "from_ms", "to_ms", "every_ms"})


def _person_entry(entry: Any) -> Mapping[str, Any]:
    if not isinstance(entry, dict):
        raise UnreadableVideo(f"each person must be an object: {entry!r}")
    unknown = sorted(set(entry) - PERSON_KEYS)
    if unknown:
        raise UnreadableVideo(
            f"unknown person key(s) {unknown} in {entry!r}; a person takes "
            f"{sorted(PERSON_KEYS)} (the identity is 'face')"
        )
    return entry


def _times(entry: Mapping[str, Any], duration_ms: int | None) -> tuple[int, ...]:
    if "timestamps" not in entry and entry.get("every_ms") is None:
        return (0,)  # untimed: shown once, on the first frame
    times = {int(t) for t in entry.get("timestamps", [])}
    every = entry.get("every_ms")
    if every is not None:
        every = int(every)
        if every <= 0:
            raise UnreadableVideo("every_ms must be positive")
        end = entry.get("to_ms")
        end = int(end) if end is not None else duration_ms
        if end is None:
            raise UnreadableVideo("to_ms or duration_ms is needed with every_ms")
        times.update(range(int(entry.get("from_ms", 0)), end, every))
    if any(t < 0 for t in times):
        raise UnreadableVideo("timestamps must not be negative")
    return tuple(sorted(times))


def _items(raw: Any, duration_ms: int | None, default_box: Box) -> tuple[Appearance, ...]:
    items = []
    for entry in raw:
        name = entry.get("name", entry.get("face"))
        if not isinstance(name, str) or not name:
            raise UnreadableVideo(f"each entry needs a non-empty name: {entry!r}")
        confidence = float(entry.get("confidence", 99.0))
        info = {
            k: v
            for k, v in entry.items()
            if k not in {"name", "face", "confidence", "box", "timestamps"}
            and k not in {"from_ms", "to_ms", "every_ms"}
        }
        items.append(
            Appearance(
                label=name,
                timestamps=_times(entry, duration_ms),
                box=Box.parse(entry["box"]) if "box" in entry else default_box,
                confidence=confidence,
                info=info,
                declared_box="box" in entry,
            )
        )
    return tuple(items)


def _segments(raw: Any, kind: str | None) -> tuple[Segment, ...]:
    segments = []
    for entry in raw:
        cue = kind or entry.get("type")
        if cue != "SHOT" and cue not in CUE_TYPES:
            raise UnreadableVideo(f"a technical cue type must be one of {CUE_TYPES}: {entry!r}")
        start, end = int(entry["from_ms"]), int(entry["to_ms"])
        if not 0 <= start < end:
            raise UnreadableVideo(f"a segment needs 0 <= from_ms < to_ms: {entry!r}")
        segments.append(Segment(cue, start, end, float(entry.get("confidence", 99.0))))
    return tuple(sorted(segments, key=lambda s: (s.start_ms, s.end_ms)))


def parse_video(data: bytes) -> VideoSpec:
    """Read a video object: the JSON convention above, or an MP4/MOV that shows nothing.

    Raises:
        UnreadableVideo: For anything else.
    """
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return VideoSpec(duration_ms=0, frame_rate=30.0, width=1280, height=720)
    try:
        doc = json.loads(data.decode("utf-8"))
        body = doc[VIDEO_KEY]
        if not isinstance(body, dict):
            raise TypeError("rekog:video must be an object")
        declared = body.get("duration_ms")
        persons_raw = body.get("persons", [])
        text_raw = body.get("text", [])
        persons = tuple(
            Appearance(
                label=p.get("face"),
                timestamps=_times(p, declared),
                box=Box.parse(p["box"]) if "box" in p else DEFAULT_PERSON_BOX,
            )
            for p in map(_person_entry, persons_raw)
        )
        text = tuple(
            Appearance(
                label=" ".join(str(t["text"]).split()),
                timestamps=_times(t, declared),
                box=Box.parse(t["box"]) if "box" in t else DEFAULT_TEXT_BOX,
            )
            for t in text_raw
        )
        labels = _items(body.get("labels", []), declared, DEFAULT_PERSON_BOX)
        faces = _items(body.get("faces", []), declared, DEFAULT_FACE_BOX)
        celebrities = _items(body.get("celebrities", []), declared, DEFAULT_FACE_BOX)
        moderation = _items(body.get("moderation", []), declared, DEFAULT_PERSON_BOX)
        cues = _segments(body.get("technical_cues", []), None)
        shots = _segments(body.get("shots", []), "SHOT")
        shown = persons + text + labels + faces + celebrities + moderation
        last = max((a.timestamps[-1] for a in shown if a.timestamps), default=0)
        last = max([last, *(s.end_ms - 1000 for s in cues + shots)])
        duration = int(declared) if declared is not None else last + 1000
        return VideoSpec(
            duration_ms=duration,
            frame_rate=float(body.get("frame_rate", 30.0)),
            width=int(body.get("width", 1280)),
            height=int(body.get("height", 720)),
            persons=persons,
            text=text,
            labels=labels,
            faces=faces,
            celebrities=celebrities,
            moderation=moderation,
            technical_cues=cues,
            shots=shots or (Segment("SHOT", 0, duration, 99.0),),
        )
    except UnreadableVideo:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UnreadableVideo(str(exc)) from exc
