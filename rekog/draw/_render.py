"""One function per drawable response: what to outline, in which colour, with which tag."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from PIL import Image, ImageDraw

from ._canvas import (
    CELEBRITY,
    COVERED,
    FACE,
    LANDMARK,
    LINE,
    MATCH,
    NOT_COVERED,
    PERSON,
    REJECTED,
    SOURCE,
    UNKNOWN,
    WORD,
    Canvas,
    colour_for,
    with_legend,
)
from .source import orientation_for

MAX_LISTED = 8  # labels without a position listed in the legend


def _pct(value: float | None) -> str:
    """`` 99.5%``: one decimal, rounded down (99.96 is not yet "100%"), ``.0`` left out."""
    if value is None:
        return ""
    text = f"{math.floor(value * 10) / 10:.1f}".removesuffix(".0")
    return f" {text}%"


def _reasons(reasons: Iterable[Any]) -> str:
    return ", ".join(str(r) for r in reasons) or "no reason given"


def _short_id(value: str | None) -> str:
    return "?" if not value else value[:8]


def _face_tag(face: Any) -> str:
    """``age 25-35 HAPPY 97%`` from a ``FaceDetail`` (parts missing when not returned)."""
    parts = []
    age = face.age_range
    if age is not None and (age.low is not None or age.high is not None):
        parts.append(
            f"age {age.low if age.low is not None else '?'}-{age.high if age.high is not None else '?'}"
        )
    emotions = [e for e in face.emotions if e.type is not None]
    if emotions:
        top = max(emotions, key=lambda e: e.confidence or 0.0)
        parts.append(f"{top.type}{_pct(top.confidence)}")
    return " ".join(parts) or f"face{_pct(face.confidence)}"


def _landmarks(canvas: Canvas, landmarks: Iterable[Any]) -> None:
    for mark in landmarks:
        canvas.dot(mark.x, mark.y, LANDMARK, "landmark")


def detect_faces(canvas: Canvas, result: Any) -> None:
    for face in result.face_details:
        canvas.box(face.bounding_box, FACE, "face", _face_tag(face))
        _landmarks(canvas, face.landmarks)
    if not result.face_details:
        canvas.note("no face detected")


def index_faces(canvas: Canvas, result: Any) -> None:
    for record in result.face_records:
        face, detail = record.face, record.face_detail
        box = (face.bounding_box if face is not None else None) or (
            detail.bounding_box if detail is not None else None
        )
        name = face.external_image_id if face is not None and face.external_image_id else None
        ident = _short_id(face.face_id if face is not None else None)
        canvas.box(box, FACE, "indexed", f"indexed {name or ident}")
        if detail is not None:
            _landmarks(canvas, detail.landmarks)
    for unindexed in result.unindexed_faces:
        detail = unindexed.face_detail
        canvas.box(
            detail.bounding_box if detail is not None else None,
            REJECTED,
            "not indexed",
            f"not indexed: {_reasons(unindexed.reasons)}",
        )
    canvas.note(f"{len(result.face_records)} indexed, {len(result.unindexed_faces)} not indexed")


def search_faces_by_image(canvas: Canvas, result: Any) -> None:
    best = max(result.face_matches, key=lambda m: m.similarity or 0.0, default=None)
    if best is not None and best.face is not None:
        who = best.face.external_image_id or _short_id(best.face.face_id)
        tag = f"best match {who}{_pct(best.similarity)}"
    else:
        tag = "no match"
    canvas.box(result.searched_face_bounding_box, MATCH if best else REJECTED, "searched face", tag)
    canvas.note(f"{len(result.face_matches)} matching faces in the collection")


def search_users_by_image(canvas: Canvas, result: Any) -> None:
    best = max(result.user_matches, key=lambda m: m.similarity or 0.0, default=None)
    if best is not None:
        user = best.user.user_id if best.user is not None else None
        tag = f"user {user or '?'}{_pct(best.similarity)}"
    else:
        tag = "no matching user"
    searched = result.searched_face.face_detail if result.searched_face is not None else None
    canvas.box(
        searched.bounding_box if searched is not None else None,
        MATCH if best else REJECTED,
        "searched face",
        tag,
    )
    for face in result.unsearched_faces:
        detail = face.face_details
        canvas.box(
            detail.bounding_box if detail is not None else None,
            UNKNOWN,
            "not searched",
            f"not searched: {_reasons(face.reasons)}",
        )


def compare_target(canvas: Canvas, result: Any) -> list[tuple[float, float]]:
    """Matches and unmatched faces on the target; returns the centres of the matches."""
    centres = []
    for match in result.face_matches:
        face = match.face
        box = face.bounding_box if face is not None else None
        if canvas.box(box, MATCH, "match", f"match{_pct(match.similarity)}"):
            centre = canvas.centre(box)
            if centre is not None:
                centres.append(centre)
    for face in result.unmatched_faces:
        canvas.box(face.bounding_box, REJECTED, "no match", "no match")
    return centres


def compare_faces(target: Canvas, source: Canvas | None, result: Any, legend: bool) -> Image.Image:
    """Source and target side by side, the source face joined to each match."""
    centres = compare_target(target, result)
    if source is None:
        target.note("pass source= to show the source image and the joins")
        return target.finish(legend)
    face = result.source_image_face
    box = face.bounding_box if face is not None else None
    source.box(box, SOURCE, "source face", f"source{_pct(face.confidence if face else None)}")
    start = source.centre(box)
    gap = max(4, target.line * 4)
    width = source.width + gap + target.width
    height = max(source.height, target.height)
    joined = Image.new("RGB", (width, height), (255, 255, 255))
    joined.paste(source.image, (0, 0))
    offset = source.width + gap
    joined.paste(target.image, (offset, 0))
    draw = ImageDraw.Draw(joined)
    if start is not None:
        for x, y in centres:
            draw.line((start, (x + offset, y)), fill=MATCH, width=target.line)
    if not legend:
        return joined
    entries = {**source.legend, **target.legend}
    return with_legend(joined, entries.items(), source.notes + target.notes, target.font_size)


def detect_text(canvas: Canvas, result: Any) -> None:
    lines = [t for t in result.text_detections if str(t.type) == "LINE"]
    words = [t for t in result.text_detections if str(t.type) != "LINE"]
    for word in words:
        _text_shape(canvas, word, WORD, "word", None, width=max(1, canvas.line // 2))
    for line in lines:
        # Every line's box is known before any caption is placed: none may cover another.
        if line.geometry is not None:
            around = canvas.polygon_pixels(line.geometry.polygon)
            canvas.reserve(around or canvas.box_pixels(line.geometry.bounding_box))
    for line in lines:
        _text_shape(
            canvas, line, LINE, "line", f"{line.detected_text or ''}{_pct(line.confidence)}"
        )
    if not result.text_detections:
        canvas.note("no text detected")


def _text_shape(
    canvas: Canvas, item: Any, colour: Any, category: str, tag: str | None, *, width: int = 0
) -> None:
    geometry = item.geometry
    if geometry is None:
        canvas.legend.setdefault(category, colour)
        return
    if not canvas.polygon(geometry.polygon, colour, category, tag, width=width):
        canvas.box(geometry.bounding_box, colour, category, tag, width=width)


def detect_labels(canvas: Canvas, result: Any) -> None:
    unplaced = []
    for label in result.labels:
        name = label.name or "?"
        if not label.instances:
            unplaced.append(f"{name}{_pct(label.confidence)}")
        for instance in label.instances:
            canvas.box(
                instance.bounding_box, colour_for(name), name, f"{name}{_pct(instance.confidence)}"
            )
    if unplaced:
        shown = ", ".join(unplaced[:MAX_LISTED])
        more = f" and {len(unplaced) - MAX_LISTED} more" if len(unplaced) > MAX_LISTED else ""
        canvas.note(f"in the image: {shown}{more}")
    if not result.labels:
        canvas.note("no label detected")


def detect_protective_equipment(canvas: Canvas, result: Any) -> None:
    for person in result.persons:
        canvas.box(
            person.bounding_box,
            PERSON,
            "person",
            f"person {person.id if person.id is not None else '?'}",
        )
    for person in result.persons:
        for part in person.body_parts:
            for item in part.equipment_detections:
                covers = item.covers_body_part
                covered = bool(covers is not None and covers.value)
                colour, category = (
                    (COVERED, "covers") if covered else (NOT_COVERED, "does not cover")
                )
                what = f"{item.type or 'equipment'} on {part.name or '?'}"
                canvas.box(
                    item.bounding_box,
                    colour,
                    category,
                    f"{what}: {'covered' if covered else 'not covered'}",
                )
    summary = result.summary
    if summary is not None:
        canvas.note(
            f"with required equipment: {list(summary.persons_with_required_equipment)}; "
            f"without: {list(summary.persons_without_required_equipment)}; "
            f"indeterminate: {list(summary.persons_indeterminate)}"
        )
    if not result.persons:
        canvas.note("no person detected")


def recognize_celebrities(canvas: Canvas, result: Any) -> None:
    for celebrity in result.celebrity_faces:
        face = celebrity.face
        name = celebrity.name or celebrity.id or "?"
        canvas.box(
            face.bounding_box if face else None,
            CELEBRITY,
            "celebrity",
            f"{name}{_pct(celebrity.match_confidence)}",
        )
        if face is not None:
            _landmarks(canvas, face.landmarks)
    for face in result.unrecognized_faces:
        canvas.box(face.bounding_box, UNKNOWN, "not recognized", "not recognized")
        _landmarks(canvas, face.landmarks)


def detect_custom_labels(canvas: Canvas, result: Any) -> None:
    unplaced = []
    for label in result.custom_labels:
        name = label.name or "?"
        geometry = label.geometry
        tag = f"{name}{_pct(label.confidence)}"
        if geometry is None:
            unplaced.append(tag)
        elif not canvas.polygon(geometry.polygon, colour_for(name), name, tag):
            canvas.box(geometry.bounding_box, colour_for(name), name, tag)
    if unplaced:
        canvas.note(f"in the image: {', '.join(unplaced[:MAX_LISTED])}")
    if not result.custom_labels:
        canvas.note("no custom label detected")


RENDERERS = {
    "DetectFaces": detect_faces,
    "IndexFaces": index_faces,
    "SearchFacesByImage": search_faces_by_image,
    "SearchUsersByImage": search_users_by_image,
    "DetectText": detect_text,
    "DetectLabels": detect_labels,
    "DetectProtectiveEquipment": detect_protective_equipment,
    "RecognizeCelebrities": recognize_celebrities,
    "DetectCustomLabels": detect_custom_labels,
}

__all__ = ["RENDERERS", "compare_faces", "orientation_for"]
