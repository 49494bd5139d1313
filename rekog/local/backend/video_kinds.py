"""The eight stored-video job kinds as one table: what each computes and how ``Get*`` answers.

Each :class:`VideoKind` says how a job's results are computed from the video when it starts
(``compute``), how ``Get*`` may sort them (``sorts``: ``SortBy`` value -> sort key, the first
is the default), whether they aggregate into segments (``AggregateBy``), and which extra
members the ``Get*`` response carries (model versions, ``GetRequestMetadata``...).
:mod:`.video` runs the table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..perception.declarations import (
    DeclaredCelebrity,
    DeclaredLabel,
    DeclaredModeration,
    LabelInstance,
)
from ..perception.geometry import Box
from ..perception.imaging import DetectedFace, identity_signature, person_box
from ..perception.taxonomy import LABEL_MODEL_VERSION, MODERATION_MODEL_VERSION
from ..perception.videos import Appearance, Segment, VideoSpec
from .celebrities import DIRECTORY, remember
from .context import Context, Request
from .details import face_detail, text_detections
from .labels import filter_labels, resolve_labels
from .moderation import moderation_labels
from .search import DEFAULT_MAX_FACES, DEFAULT_THRESHOLD, face_matches
from .state import TEXT_MODEL_VERSION, JobRecord

Item = dict[str, Any]
FACES, TEXT = frozenset({"faces"}), frozenset({"text"})
#: Appearances of one label no more than this far apart belong to one segment.
SEGMENT_GAP_MS = 1000
SEGMENT_MODEL_VERSION = "1.0"
DEFAULT_MIN_CONFIDENCE = 50.0


@dataclass(frozen=True)
class VideoKind:
    """One ``Start*``/``Get*`` pair of Rekognition Video."""

    stem: str
    items_key: str
    compute: Callable[[Context, VideoSpec, Request], list[Item]]
    sorts: dict[str, Callable[[Item], Any]] = field(default_factory=dict)
    aggregate: Callable[[list[Item]], list[Item]] | None = None
    extras: Callable[[JobRecord, Request], dict[str, Any]] = lambda job, request: {}
    precheck: Callable[[Context, Request], None] | None = None
    metadata_list: bool = False  # GetSegmentDetection returns a list of VideoMetadata
    #: What a perception must look at in a real video's frames for this kind.
    sees: frozenset[str] = frozenset()

    @property
    def start(self) -> str:
        """The ``Start*`` operation."""
        return f"Start{self.stem}"

    @property
    def get(self) -> str:
        """The ``Get*`` operation."""
        return f"Get{self.stem}"


def _face_box(person: Box) -> Box:
    return Box(
        person.left + person.width * 0.25, person.top, person.width * 0.5, person.height * 0.3
    )


def _frames(items: tuple[Appearance, ...]) -> dict[int, list[Appearance]]:
    frames: dict[int, list[Appearance]] = defaultdict(list)
    for item in items:
        for timestamp in item.timestamps:
            frames[timestamp].append(item)
    return frames


# --- FaceSearch -----------------------------------------------------------------------------
def _face_search(ctx: Context, spec: VideoSpec, request: Request) -> list[Item]:
    threshold = request.get("FaceMatchThreshold", DEFAULT_THRESHOLD)
    results: list[Item] = []
    for index, person in enumerate(spec.persons):
        if person.faces is not None:  # seen in a real video: match each sampled face
            for timestamp, seen in zip(person.timestamps, person.faces, strict=True):
                found = face_matches(
                    ctx, request["CollectionId"], seen, threshold, DEFAULT_MAX_FACES
                )
                if found:
                    results.append(
                        {
                            "Timestamp": timestamp,
                            "Person": {
                                "Index": index,
                                "BoundingBox": person_box(seen.box).wire(),
                                "Face": face_detail(seen),
                            },
                            "FaceMatches": found,
                        }
                    )
            continue
        if person.label is None:
            continue
        face = ctx.perception.declared(
            DetectedFace(box=_face_box(person.box), signature=identity_signature(person.label))
        )
        matches = face_matches(ctx, request["CollectionId"], face, threshold, DEFAULT_MAX_FACES)
        if not matches:
            continue  # GetFaceSearch only reports persons whose face matched the collection
        detail = face_detail(face)
        for timestamp in person.timestamps:
            results.append(
                {
                    "Timestamp": timestamp,
                    "Person": {"Index": index, "BoundingBox": person.box.wire(), "Face": detail},
                    "FaceMatches": matches,
                }
            )
    return results


# --- TextDetection --------------------------------------------------------------------------
def _text(ctx: Context, spec: VideoSpec, request: Request) -> list[Item]:
    frames = _frames(spec.text)
    return [
        {"Timestamp": timestamp, "TextDetection": detection}
        for timestamp in sorted(frames)
        for detection in text_detections(
            [a.info.get("line") or (a.label or "", a.box, 99.5) for a in frames[timestamp]],
            request.get("Filters"),
        )
    ]


# --- LabelDetection -------------------------------------------------------------------------
def _names(value: Any) -> tuple[str, ...] | None:
    return tuple(str(v) for v in value) if isinstance(value, list) else None


def _labels(ctx: Context, spec: VideoSpec, request: Request) -> list[Item]:
    min_confidence = request.get("MinConfidence", DEFAULT_MIN_CONFIDENCE)
    general = (request.get("Settings") or {}).get("GeneralLabels")
    results: list[Item] = []
    frames = _frames(spec.labels)
    for timestamp in sorted(frames):
        declared = [
            DeclaredLabel(
                name=a.label or "",
                confidence=a.confidence,
                instances=(LabelInstance(a.box, a.confidence),) if a.declared_box else (),
                parents=_names(a.info.get("parents")),
                aliases=_names(a.info.get("aliases")),
                categories=_names(a.info.get("categories")),
            )
            for a in frames[timestamp]
        ]
        for label in filter_labels(resolve_labels(declared), min_confidence, general):
            results.append({"Timestamp": timestamp, "Label": label.wire()})
    return results


def _runs(items: list[Item]) -> list[list[Item]]:
    """Split time-sorted items where two appearances are more than ``SEGMENT_GAP_MS`` apart."""
    runs: list[list[Item]] = []
    for item in items:
        if runs and item["Timestamp"] - runs[-1][-1]["Timestamp"] <= SEGMENT_GAP_MS:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _segments_of(items: list[Item], member: str) -> list[Item]:
    """Aggregate per-timestamp items into segments: runs of one name (see :func:`_runs`)."""
    by_name: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_name[item[member]["Name"]].append(item)
    segments: list[Item] = []
    for named in by_name.values():
        for run in _runs(sorted(named, key=lambda i: i["Timestamp"])):
            start, end = run[0]["Timestamp"], run[-1]["Timestamp"]
            best = dict(max(run, key=lambda i: i[member]["Confidence"])[member])
            if "Instances" in best:
                best["Instances"] = []  # a segment reports the label, not its boxes
            segment: Item = {
                "Timestamp": start,
                member: best,
                "StartTimestampMillis": start,
                "EndTimestampMillis": end,
                "DurationMillis": end - start,
            }
            if "ContentTypes" in run[0]:
                segment["ContentTypes"] = run[0]["ContentTypes"]
            segments.append(segment)
    return sorted(segments, key=lambda s: (s["Timestamp"], s[member]["Name"]))


def _request_metadata(kind_default_sort: str) -> Callable[[JobRecord, Request], dict[str, Any]]:
    def extras(job: JobRecord, request: Request) -> dict[str, Any]:
        return {
            "GetRequestMetadata": {
                "SortBy": request.get("SortBy", kind_default_sort),
                "AggregateBy": request.get("AggregateBy", "TIMESTAMPS"),
            }
        }

    return extras


# --- FaceDetection --------------------------------------------------------------------------
def _faces(ctx: Context, spec: VideoSpec, request: Request) -> list[Item]:
    attributes = [request.get("FaceAttributes", "DEFAULT")]
    shown = [(p.label, _face_box(p.box), 99.99, p.timestamps) for p in spec.persons if p.label] + [
        (f.label, f.box, f.confidence, f.timestamps) for f in spec.faces if f.label
    ]
    results: list[Item] = [
        {"Timestamp": timestamp, "Face": face_detail(seen, attributes)}
        for person in spec.persons
        if person.faces is not None  # seen in a real video
        for timestamp, seen in zip(person.timestamps, person.faces, strict=True)
    ]
    for identity, box, confidence, timestamps in shown:
        face = DetectedFace(
            box=box,
            signature=identity_signature(identity or ""),
            confidence=confidence,
            identity=identity,
        )
        detail = face_detail(face, attributes)
        results.extend({"Timestamp": t, "Face": detail} for t in timestamps)
    return sorted(results, key=lambda r: (r["Timestamp"], r["Face"]["BoundingBox"]["Left"]))


# --- PersonTracking -------------------------------------------------------------------------
def _persons(ctx: Context, spec: VideoSpec, request: Request) -> list[Item]:
    results: list[Item] = []
    for index, person in enumerate(spec.persons):
        if person.faces is not None:  # seen in a real video: the box follows the face
            results.extend(
                {
                    "Timestamp": timestamp,
                    "Person": {
                        "Index": index,
                        "BoundingBox": person_box(seen.box).wire(),
                        "Face": face_detail(seen),
                    },
                }
                for timestamp, seen in zip(person.timestamps, person.faces, strict=True)
            )
            continue
        entry: Item = {"Index": index, "BoundingBox": person.box.wire()}
        if person.label:
            signature = identity_signature(person.label)
            entry["Face"] = face_detail(
                DetectedFace(box=_face_box(person.box), signature=signature)
            )
        results.extend({"Timestamp": t, "Person": entry} for t in person.timestamps)
    return sorted(results, key=lambda r: (r["Timestamp"], r["Person"]["Index"]))


# --- CelebrityRecognition -------------------------------------------------------------------
def _celebrities(ctx: Context, spec: VideoSpec, request: Request) -> list[Item]:
    results: list[Item] = []
    for item in spec.celebrities:
        name = item.label or ""
        known = DIRECTORY.get(name)
        urls = item.info.get("urls")
        card = DeclaredCelebrity(
            name=name,
            celebrity_id=item.info.get("id") or (known.celebrity_id if known else None),
            urls=tuple(urls) if isinstance(urls, list) else (known.urls if known else ()),
            gender=item.info.get("gender") or (known.gender if known else None),
            confidence=item.confidence,
        )
        wire = remember(ctx, card)
        face = DetectedFace(box=item.box, signature=identity_signature(name), identity=name)
        celebrity: Item = {
            "Urls": wire["Urls"],
            "Name": wire["Name"],
            "Id": wire["Id"],
            "Confidence": round(item.confidence, 4),
            "BoundingBox": item.box.wire(),
            "Face": face_detail(face),
        }
        if "KnownGender" in wire:
            celebrity["KnownGender"] = wire["KnownGender"]
        results.extend({"Timestamp": t, "Celebrity": celebrity} for t in item.timestamps)
    return sorted(results, key=lambda r: (r["Timestamp"], r["Celebrity"]["Id"]))


# --- ContentModeration ----------------------------------------------------------------------
def _moderation(ctx: Context, spec: VideoSpec, request: Request) -> list[Item]:
    min_confidence = request.get("MinConfidence", DEFAULT_MIN_CONFIDENCE)
    frames = _frames(spec.moderation)
    results: list[Item] = []
    for timestamp in sorted(frames):
        declared = [
            DeclaredModeration(a.label or "", a.confidence, a.info.get("parent"))
            for a in frames[timestamp]
        ]
        for label in moderation_labels(declared, min_confidence):
            results.append({"Timestamp": timestamp, "ModerationLabel": label, "ContentTypes": []})
    return sorted(results, key=lambda r: (r["Timestamp"], r["ModerationLabel"]["Name"]))


# --- SegmentDetection -----------------------------------------------------------------------
def _smpte(ms: int, frame_rate: float) -> str:
    seconds, rest = divmod(ms, 1000)
    frames = int(rest * frame_rate / 1000)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}:{frames:02d}"


def _segment(segment: Segment, frame_rate: float, shot_index: int) -> Item:
    duration = segment.end_ms - segment.start_ms
    start_frame = int(segment.start_ms * frame_rate / 1000)
    end_frame = max(start_frame, int(segment.end_ms * frame_rate / 1000) - 1)
    item: Item = {
        "Type": "SHOT" if segment.type == "SHOT" else "TECHNICAL_CUE",
        "StartTimestampMillis": segment.start_ms,
        "EndTimestampMillis": segment.end_ms,
        "DurationMillis": duration,
        "StartTimecodeSMPTE": _smpte(segment.start_ms, frame_rate),
        "EndTimecodeSMPTE": _smpte(segment.end_ms, frame_rate),
        "DurationSMPTE": _smpte(duration, frame_rate),
        "StartFrameNumber": start_frame,
        "EndFrameNumber": end_frame,
        "DurationFrames": end_frame - start_frame + 1,
    }
    if segment.type == "SHOT":
        item["ShotSegment"] = {"Index": shot_index, "Confidence": round(segment.confidence, 4)}
    else:
        item["TechnicalCueSegment"] = {
            "Type": segment.type,
            "Confidence": round(segment.confidence, 4),
        }
    return item


def _segments(ctx: Context, spec: VideoSpec, request: Request) -> list[Item]:
    wanted = set(request["SegmentTypes"])
    filters = request.get("Filters") or {}
    cue_min = (filters.get("TechnicalCueFilter") or {}).get("MinSegmentConfidence", 50.0)
    shot_min = (filters.get("ShotFilter") or {}).get("MinSegmentConfidence", 50.0)
    results: list[Item] = []
    if "SHOT" in wanted:
        shots = [s for s in spec.shots if s.confidence >= shot_min]
        results += [_segment(s, spec.frame_rate, i) for i, s in enumerate(shots)]
    if "TECHNICAL_CUE" in wanted:
        cues = [s for s in spec.technical_cues if s.confidence >= cue_min]
        results += [_segment(s, spec.frame_rate, 0) for s in cues]
    return sorted(results, key=lambda r: (r["StartTimestampMillis"], r["Type"]))


def _segment_extras(job: JobRecord, request: Request) -> dict[str, Any]:
    duration = (job.metadata or {}).get("DurationMillis", 0)
    return {
        "AudioMetadata": [
            {"Codec": "aac", "DurationMillis": duration, "SampleRate": 48000, "NumberOfChannels": 2}
        ],
        "SelectedSegmentTypes": [
            {"Type": kind, "ModelVersion": SEGMENT_MODEL_VERSION}
            for kind in sorted(job.request.get("SegmentTypes", []))
        ],
    }


def _by_timestamp(member: str, tie: str) -> Callable[[Item], Any]:
    return lambda item: (item["Timestamp"], item[member][tie])


def _by_member(member: str, first: str) -> Callable[[Item], Any]:
    return lambda item: (item[member][first], item["Timestamp"])


def _check_collection(ctx: Context, request: Request) -> None:
    ctx.collection(request["CollectionId"])


KINDS: tuple[VideoKind, ...] = (
    VideoKind(
        "FaceSearch",
        "Persons",
        _face_search,
        sorts={
            "TIMESTAMP": _by_timestamp("Person", "Index"),
            "INDEX": _by_member("Person", "Index"),
        },
        precheck=_check_collection,
        sees=FACES,
    ),
    VideoKind(
        "TextDetection",
        "TextDetections",
        _text,
        extras=lambda job, request: {"TextModelVersion": TEXT_MODEL_VERSION},
        sees=TEXT,
    ),
    VideoKind(
        "LabelDetection",
        "Labels",
        _labels,
        sorts={"TIMESTAMP": _by_timestamp("Label", "Name"), "NAME": _by_member("Label", "Name")},
        aggregate=lambda items: _segments_of(items, "Label"),
        extras=lambda job, request: {
            "LabelModelVersion": LABEL_MODEL_VERSION,
            **_request_metadata("TIMESTAMP")(job, request),
        },
    ),
    VideoKind("FaceDetection", "Faces", _faces, sees=FACES),
    VideoKind(
        "PersonTracking",
        "Persons",
        _persons,
        sorts={
            "TIMESTAMP": _by_timestamp("Person", "Index"),
            "INDEX": _by_member("Person", "Index"),
        },
        sees=FACES,
    ),
    VideoKind(
        "CelebrityRecognition",
        "Celebrities",
        _celebrities,
        sorts={
            "TIMESTAMP": _by_timestamp("Celebrity", "Id"),
            "ID": _by_member("Celebrity", "Id"),
        },
    ),
    VideoKind(
        "ContentModeration",
        "ModerationLabels",
        _moderation,
        sorts={
            "TIMESTAMP": _by_timestamp("ModerationLabel", "Name"),
            "NAME": _by_member("ModerationLabel", "Name"),
        },
        aggregate=lambda items: _segments_of(items, "ModerationLabel"),
        extras=lambda job, request: {
            "ModerationModelVersion": MODERATION_MODEL_VERSION,
            **_request_metadata("TIMESTAMP")(job, request),
        },
    ),
    VideoKind(
        "SegmentDetection",
        "Segments",
        _segments,
        extras=_segment_extras,
        metadata_list=True,
    ),
)

#: The kinds by their ``Start*`` and by their ``Get*`` operation.
BY_START = {kind.start: kind for kind in KINDS}
BY_GET = {kind.get: kind for kind in KINDS}
