"""Collect the rows and spans of a video result, then draw them on a matplotlib Figure.

Collecting is one pass that keeps only ``(row, start, end)`` numbers, never the items, so a
pager over a long video holds one page at a time. Drawing uses a bare
``matplotlib.figure.Figure`` on the Agg canvas: no pyplot state, no window, nothing shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..errors import InvalidRequestError
from ..results import DEFAULT_GAP_MS, TimeSpan, merge_timestamps

Key = Literal["auto", "person", "face", "user"]

__all__ = ["KINDS", "Timeline", "collect", "draw", "timeline"]

#: The kind of timeline for each item model, and the page member that lists the items.
KINDS: dict[str, str] = {
    "PersonMatch": "face search",
    "LabelDetection": "label detection",
    "SegmentDetection": "segment detection",
    "ContentModerationDetection": "content moderation",
    "CelebrityRecognition": "celebrity recognition",
    "PersonDetection": "person tracking",
    "TextDetectionResult": "text detection",
    "FaceDetection": "face detection",
}
_PAGE_MEMBERS = (
    "persons",
    "labels",
    "segments",
    "moderation_labels",
    "celebrities",
    "text_detections",
    "faces",
)
_COLOURS = ("#0074D9", "#FF851B", "#2ECC40", "#B10DC9", "#FF4136", "#39CCCC", "#F012BE", "#85144B")


@dataclass
class Timeline:
    """What a timeline shows: its kind, and each row's spans (ms), in row order.

    Attributes:
        kind: ``"face search"``, ``"label detection"``, ...
        rows: row name -> its spans, most visible first (at most ``max_rows`` of them).
        hidden_rows: how many rows were left out by ``max_rows``.
        items: how many result items were read.
        duration_ms: the video's length when a page said so, else the last span's end.
    """

    kind: str
    rows: dict[str, list[TimeSpan]] = field(default_factory=dict)
    hidden_rows: int = 0
    items: int = 0
    duration_ms: int | None = None


class _Collector:
    """Timestamps (point sightings) and intervals per row, for one kind of result."""

    def __init__(self, key: Key) -> None:
        self.key = key
        self.kind: str | None = None
        self.items = 0
        self.duration_ms: int | None = None
        # Face search keeps every key's timestamps, so "auto" can choose after one pass.
        self.points: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.intervals: dict[str, list[TimeSpan]] = defaultdict(list)

    def add(self, item: Any) -> None:
        name = type(item).__name__
        kind = KINDS.get(name)
        if kind is None:
            raise InvalidRequestError(
                "results",
                "must hold items of a stored-video result (" + ", ".join(KINDS) + ")",
                name,
            )
        if self.kind is None:
            self.kind = kind
        elif kind != self.kind:
            raise InvalidRequestError("results", f"mixes {self.kind} and {kind} items", name)
        self.items += 1
        getattr(self, "_" + name)(item)

    def _point(self, row: str, timestamp: int | None, group: str = "") -> None:
        if timestamp is not None:
            self.points[group][row].append(timestamp)

    def _interval(self, row: str, start: int | None, end: int | None) -> None:
        if start is not None:
            self.intervals[row].append(TimeSpan(start, end if end is not None else start))

    def _PersonMatch(self, item: Any) -> None:
        if item.person is not None and item.person.index is not None:
            self._point(f"person {item.person.index}", item.timestamp, "person")
        users: set[str] = set()
        faces: set[str] = set()
        for match in item.face_matches:
            face = match.face
            if face is None:
                continue
            if face.face_id and face.face_id not in faces:
                faces.add(face.face_id)
                self._point(_face_row(face), item.timestamp, "face")
            if face.user_id and face.user_id not in users:
                users.add(face.user_id)
                self._point(f"user {face.user_id}", item.timestamp, "user")

    def _LabelDetection(self, item: Any) -> None:
        row = (item.label.name if item.label is not None else None) or "?"
        if item.start_timestamp_millis is not None:  # AggregateBy=SEGMENTS
            self._interval(row, item.start_timestamp_millis, item.end_timestamp_millis)
        else:
            self._point(row, item.timestamp)

    def _SegmentDetection(self, item: Any) -> None:
        if str(item.type) == "SHOT":
            row = "shots"
        else:
            cue = item.technical_cue_segment
            row = f"cue: {cue.type if cue is not None and cue.type else '?'}"
        self._interval(row, item.start_timestamp_millis, item.end_timestamp_millis)

    def _ContentModerationDetection(self, item: Any) -> None:
        label = item.moderation_label
        name = (label.name if label is not None else None) or "?"
        parent = label.parent_name if label is not None else None
        row = f"{parent} / {name}" if parent else name
        if item.start_timestamp_millis is not None:
            self._interval(row, item.start_timestamp_millis, item.end_timestamp_millis)
        else:
            self._point(row, item.timestamp)

    def _CelebrityRecognition(self, item: Any) -> None:
        celebrity = item.celebrity
        row = (celebrity.name or celebrity.id if celebrity is not None else None) or "?"
        self._point(row, item.timestamp)

    def _PersonDetection(self, item: Any) -> None:
        index = item.person.index if item.person is not None else None
        self._point(f"person {index if index is not None else '?'}", item.timestamp)

    def _TextDetectionResult(self, item: Any) -> None:
        text = item.text_detection
        if text is not None and str(text.type) == "LINE":
            self._point(text.detected_text or "?", item.timestamp)

    def _FaceDetection(self, item: Any) -> None:
        self._point("faces", item.timestamp)

    def result(self, gap_ms: int, max_rows: int) -> Timeline:
        group = ""
        if self.kind == "face search":
            group = self.key if self.key != "auto" else _auto_key(self.points)
        elif self.key != "auto":
            raise InvalidRequestError(
                "key", "applies to face search only", self.key, operation=None
            )
        rows: dict[str, list[TimeSpan]] = {
            row: merge_timestamps(stamps, gap_ms=gap_ms)
            for row, stamps in self.points.get(group, {}).items()
        }
        for row, spans in self.intervals.items():
            rows[row] = sorted(spans)
        # Most visible rows first; "shots" stays on top of a segment timeline.
        order = sorted(rows, key=lambda r: (r != "shots", -_covered(rows[r]), r))
        shown = order[:max_rows]
        ends = [s.end_ms for spans in rows.values() for s in spans]
        duration = self.duration_ms if self.duration_ms is not None else max(ends, default=None)
        return Timeline(
            kind=self.kind or "empty",
            rows={r: rows[r] for r in shown},
            hidden_rows=len(order) - len(shown),
            items=self.items,
            duration_ms=duration,
        )


def _face_row(face: Any) -> str:
    ident = (face.face_id or "?")[:8]
    return f"face {face.external_image_id} ({ident})" if face.external_image_id else f"face {ident}"


def _auto_key(points: dict[str, dict[str, list[int]]]) -> str:
    """Users when faces carry user ids, else collection faces, else person indexes."""
    for group in ("user", "face"):
        if points.get(group):
            return group
    return "person"


def _covered(spans: list[TimeSpan]) -> int:
    return sum(s.duration_ms for s in spans) + len(spans)


def _items(results: Any, collector: _Collector) -> Iterator[Any]:
    """Items from a pager, pages or items; notes the video's duration from page metadata."""
    if isinstance(results, (str, bytes)) or not isinstance(results, Iterable):
        raise InvalidRequestError(
            "results", "must be a pager, pages or a list of result items", type(results).__name__
        )
    first_page = getattr(results, "first_page", None)
    if callable(first_page):  # a Pager: its first page is fetched once and then iterated
        _note_duration(first_page(), collector)
    for entry in results:
        member = _page_member(entry)
        if member is None:
            yield entry
            continue
        _note_duration(entry, collector)
        yield from getattr(entry, member)


def _note_duration(page: Any, collector: _Collector) -> None:
    metadata = getattr(page, "video_metadata", None)
    # GetSegmentDetection lists one VideoMetadata per stream.
    for meta in metadata if isinstance(metadata, list) else [metadata]:
        if meta is not None and getattr(meta, "duration_millis", None) is not None:
            collector.duration_ms = max(collector.duration_ms or 0, meta.duration_millis)


def _page_member(entry: Any) -> str | None:
    if type(entry).__name__ in KINDS or not hasattr(entry, "job_status"):
        return None
    for member in _PAGE_MEMBERS:
        if member in type(entry).model_fields:
            return member
    return None


def collect(
    results: Iterable[Any],
    *,
    key: Key = "auto",
    gap_ms: int = DEFAULT_GAP_MS,
    max_rows: int = 30,
) -> Timeline:
    """The rows and spans `timeline` draws, without drawing them (same arguments)."""
    if max_rows < 1:
        raise InvalidRequestError("max_rows", "must be at least 1", max_rows)
    if gap_ms < 0:
        raise InvalidRequestError("gap_ms", "must not be negative", gap_ms)
    if key not in ("auto", "person", "face", "user"):
        raise InvalidRequestError("key", "must be 'auto', 'person', 'face' or 'user'", key)
    collector = _Collector(key)
    for item in _items(results, collector):
        collector.add(item)
    return collector.result(gap_ms, max_rows)


def timeline(
    results: Iterable[Any],
    *,
    key: Key = "auto",
    gap_ms: int = DEFAULT_GAP_MS,
    max_rows: int = 30,
    title: str | None = None,
    width: float = 10.0,
) -> Figure:
    """A matplotlib ``Figure``: one row per person, label, celebrity, cue, ... and when.

    Args:
        results: a job's pager (``job.results()``, ``rk.paginate.get_label_detection(...)``),
            its pages (``pager.pages()``, a list of ``Get*Response``), or a list of items
            (``PersonMatch``, ``LabelDetection``, ``SegmentDetection``,
            ``ContentModerationDetection``, ``CelebrityRecognition``, ``PersonDetection``,
            ``TextDetectionResult``, ``FaceDetection``). Read once.
        key: face search only: one row per ``"person"`` (index in the video), ``"face"``
            (matched collection face) or ``"user"``; ``"auto"`` picks users when the
            matched faces have user ids, else faces, else persons.
        gap_ms: sightings at most this far apart form one span (as in
            `rekog.results.appearances`).
        max_rows: show the rows covering most time; the legend says how many were left out.
        title: the figure's title (default: the kind of result and its counts).
        width: the figure's width in inches; the height grows with the rows.

    Returns:
        A ``matplotlib.figure.Figure`` on the Agg canvas: ``fig.savefig("t.png")``; a
        notebook displays it inline.

    Raises:
        rekog.InvalidRequestError: an argument breaks a rule, or the items are not of one
            stored-video result.
    """
    data = collect(results, key=key, gap_ms=gap_ms, max_rows=max_rows)
    return draw(data, title=title, width=width)


def draw(data: Timeline, *, title: str | None = None, width: float = 10.0) -> Figure:
    """Draw collected rows: a horizontal bar per span, a tick per single sighting."""
    names = list(data.rows)
    height = 1.4 + 0.32 * max(1, len(names))
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for index, name in enumerate(names):
        y = len(names) - 1 - index  # first row on top
        spans = data.rows[name]
        colour = _COLOURS[index % len(_COLOURS)]
        if name == "shots":  # alternate shades so neighbouring shots stay apart
            colours: Any = [("#555555", "#AAAAAA")[i % 2] for i in range(len(spans))]
        else:
            colours = colour
        axes.broken_barh(
            [(s.start_ms, s.duration_ms) for s in spans],
            (y - 0.35, 0.7),
            facecolors=colours,
            gid=name,
        )
        points = [s.start_ms for s in spans if s.duration_ms == 0]
        if points:  # a single sighting has no length: mark it
            axes.plot(points, [y] * len(points), "|", color=colour, markersize=10)
    axes.set_yticks(range(len(names)), list(reversed(names)))
    axes.set_ylim(-0.7, max(0, len(names) - 1) + 0.7)
    ends = [s.end_ms for spans in data.rows.values() for s in spans]
    end = max([data.duration_ms or 0, *ends]) or 1000
    axes.set_xlim(0, end * 1.02)  # room for a sighting at the very end
    axes.xaxis.set_major_formatter(FuncFormatter(_clock))
    axes.set_xlabel("time in the video")
    axes.grid(axis="x", alpha=0.3)
    summary = f"{data.kind}: {data.items} results, {len(names)} rows"
    if data.hidden_rows:
        summary += f" ({data.hidden_rows} more not shown)"
    axes.set_title(title or summary)
    if not names:
        axes.text(0.5, 0.5, "no results", transform=axes.transAxes, ha="center", va="center")
    return figure


def _clock(value: float, _position: Any = None) -> str:
    seconds = value / 1000
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{int(rest):02d}" if minutes else f"{rest:.1f}s"
