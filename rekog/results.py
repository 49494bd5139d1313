"""Helpers over results that users otherwise write by hand.

- Face search (``GetFaceSearch``): group :class:`~rekog.models.PersonMatch` items by person
  index, by matched face id or by user id, and turn timestamps into the time spans in which
  each appears (:func:`appearances`).
- Text (``DetectText``, ``GetTextDetection``): the lines with their words (:func:`text_lines`).

Every function takes any iterable, a pager included, and reads it once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeVar, overload

if TYPE_CHECKING:
    from .models import PersonMatch, TextDetection, TextDetectionResult

__all__ = [
    "DEFAULT_GAP_MS",
    "TextLine",
    "TimeSpan",
    "appearances",
    "group_by_face",
    "group_by_person",
    "group_by_user",
    "lines_by_timestamp",
    "merge_timestamps",
    "text_lines",
    "time_spans",
]

#: Timestamps at most this far apart belong to one span. Face search reports a person
#: several times a second while visible, so a second of silence means they left the frame.
DEFAULT_GAP_MS = 1000

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, order=True)
class TimeSpan:
    """A stretch of video, in milliseconds from its start (both ends inclusive)."""

    start_ms: int
    end_ms: int

    @property
    def duration_ms(self) -> int:
        """``end_ms - start_ms`` (0 for a single sighting)."""
        return self.end_ms - self.start_ms


# -- face search ---------------------------------------------------------------------------


def group_by_person(matches: Iterable[PersonMatch]) -> dict[int, list[PersonMatch]]:
    """Matches grouped by ``Person.Index`` (the person's id within this video), in order.

    Matches without a person index are left out.
    """
    groups: dict[int, list[PersonMatch]] = defaultdict(list)
    for match in matches:
        index = _person_index(match)
        if index is not None:
            groups[index].append(match)
    return dict(groups)


def group_by_face(matches: Iterable[PersonMatch]) -> dict[str, list[PersonMatch]]:
    """Matches grouped by the collection face they matched (``FaceMatches[].Face.FaceId``).

    A match that matched several faces is listed under each of them.
    """
    groups: dict[str, list[PersonMatch]] = defaultdict(list)
    for match in matches:
        for face_id in _face_ids(match):
            groups[face_id].append(match)
    return dict(groups)


def group_by_user(matches: Iterable[PersonMatch]) -> dict[str, list[PersonMatch]]:
    """Matches grouped by the user of the faces they matched (``FaceMatches[].Face.UserId``).

    Faces not associated with a user are ignored; a match is listed once per user even when
    it matched several of that user's faces.
    """
    groups: dict[str, list[PersonMatch]] = defaultdict(list)
    for match in matches:
        for user_id in _user_ids(match):
            groups[user_id].append(match)
    return dict(groups)


def time_spans(matches: Iterable[PersonMatch], *, gap_ms: int = DEFAULT_GAP_MS) -> list[TimeSpan]:
    """The time spans covered by the matches' timestamps, in order.

    Timestamps at most ``gap_ms`` apart are merged into one span; the input may be in any
    order (only the timestamps are kept). Matches without a timestamp are left out.
    """
    return _merge((m.timestamp for m in matches if m.timestamp is not None), gap_ms)


@overload
def appearances(
    matches: Iterable[PersonMatch], key: Literal["person"] = ..., *, gap_ms: int = ...
) -> dict[int, list[TimeSpan]]: ...


@overload
def appearances(
    matches: Iterable[PersonMatch], key: Literal["face", "user"], *, gap_ms: int = ...
) -> dict[str, list[TimeSpan]]: ...


def appearances(
    matches: Iterable[PersonMatch],
    key: Literal["person", "face", "user"] = "person",
    *,
    gap_ms: int = DEFAULT_GAP_MS,
) -> dict[int, list[TimeSpan]] | dict[str, list[TimeSpan]]:
    """When each person (by index), matched face or user appears in the video.

    One pass over ``matches`` that keeps only timestamps, so it suits a pager over a long
    video: ``appearances(job.results(), "user")``. Spans merge timestamps at most ``gap_ms``
    apart (see :func:`time_spans`).
    """
    if key == "person":
        by_person: dict[int, list[int]] = defaultdict(list)
        for match in matches:
            index = _person_index(match)
            if index is not None and match.timestamp is not None:
                by_person[index].append(match.timestamp)
        return _spans_of(by_person, gap_ms)
    if key not in ("face", "user"):
        raise ValueError(f"key must be 'person', 'face' or 'user', not {key!r}")
    keys_of = _face_ids if key == "face" else _user_ids
    by_id: dict[str, list[int]] = defaultdict(list)
    for match in matches:
        if match.timestamp is not None:
            for ident in keys_of(match):
                by_id[ident].append(match.timestamp)
    return _spans_of(by_id, gap_ms)


def merge_timestamps(timestamps: Iterable[int], *, gap_ms: int = DEFAULT_GAP_MS) -> list[TimeSpan]:
    """Timestamps (ms, any order) merged into spans: at most ``gap_ms`` apart is one span.

    The rule :func:`time_spans` and :func:`appearances` use, for any kind of timestamped
    result (labels, celebrities, tracked persons).
    """
    return _merge(timestamps, gap_ms)


def _person_index(match: PersonMatch) -> int | None:
    return None if match.person is None else match.person.index


def _face_ids(match: PersonMatch) -> list[str]:
    ids = (fm.face.face_id for fm in match.face_matches if fm.face is not None)
    return list(dict.fromkeys(i for i in ids if i))  # unique, in order


def _user_ids(match: PersonMatch) -> list[str]:
    ids = (fm.face.user_id for fm in match.face_matches if fm.face is not None)
    return list(dict.fromkeys(i for i in ids if i))


def _spans_of(timestamps: dict[K, list[int]], gap_ms: int) -> dict[K, list[TimeSpan]]:
    return {key: _merge(values, gap_ms) for key, values in timestamps.items()}


def _merge(timestamps: Iterable[int], gap_ms: int) -> list[TimeSpan]:
    if gap_ms < 0:
        raise ValueError("gap_ms must not be negative")
    spans: list[TimeSpan] = []
    start = end = None
    for t in sorted(timestamps):
        if end is not None and t - end <= gap_ms:
            end = t
            continue
        if start is not None and end is not None:
            spans.append(TimeSpan(start, end))
        start = end = t
    if start is not None and end is not None:
        spans.append(TimeSpan(start, end))
    return spans


# -- text ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextLine:
    """A detected line of text with its words.

    Attributes:
        line: the ``LINE`` detection.
        words: its ``WORD`` detections (``ParentId == line.Id``), in the service's order.
        timestamp: for video text (``GetTextDetection``), when it was seen; else ``None``.
    """

    line: TextDetection
    words: list[TextDetection] = field(default_factory=list)
    timestamp: int | None = None

    @property
    def text(self) -> str:
        """The line's text."""
        return self.line.detected_text or ""


def text_lines(detections: Iterable[TextDetection | TextDetectionResult]) -> list[TextLine]:
    """The lines of text with their words, in the order the lines were reported.

    Accepts the ``TextDetections`` of ``DetectText`` or the items of ``GetTextDetection``
    (``TextDetectionResult``, which carry a timestamp: their ids are only unique within one
    timestamp, so words are matched to lines of the same timestamp). Words whose line is
    missing from the input are left out.
    """
    lines: list[TextLine] = []
    by_id: dict[tuple[int | None, int | None], TextLine] = {}
    words: list[tuple[int | None, TextDetection]] = []
    for entry in detections:
        timestamp, detection = _unwrap(entry)
        if detection is None:
            continue
        if detection.parent_id is None:  # a LINE has no parent
            line = TextLine(detection, [], timestamp)
            lines.append(line)
            if detection.id is not None:
                by_id[(timestamp, detection.id)] = line
        else:
            words.append((timestamp, detection))
    # Words may come before their line; match them after the single pass.
    for timestamp, word in words:
        parent = by_id.get((timestamp, word.parent_id))
        if parent is not None:
            parent.words.append(word)
    return lines


def lines_by_timestamp(results: Iterable[TextDetectionResult]) -> dict[int | None, list[TextLine]]:
    """``GetTextDetection`` items as lines with their words, grouped by timestamp, in order."""
    grouped: dict[int | None, list[TextLine]] = defaultdict(list)
    for line in text_lines(results):
        grouped[line.timestamp].append(line)
    return dict(grouped)


def _unwrap(entry: TextDetection | TextDetectionResult) -> tuple[int | None, TextDetection | None]:
    from .models import TextDetectionResult  # deferred: keeps `import rekog.results` cheap

    # TextDetectionResult wraps the detection with a timestamp; TextDetection is bare.
    if isinstance(entry, TextDetectionResult):
        return entry.timestamp, entry.text_detection
    return None, entry
