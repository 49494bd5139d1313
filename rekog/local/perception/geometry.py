"""Relative bounding boxes, the geometry every emulator module shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Box:
    """A relative bounding box (ratios of the image width and height)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def area(self) -> float:
        """Width times height."""
        return self.width * self.height

    def wire(self) -> dict[str, float]:
        """The AWS ``BoundingBox`` dict."""
        return {
            "Width": round(self.width, 6),
            "Height": round(self.height, 6),
            "Left": round(self.left, 6),
            "Top": round(self.top, 6),
        }

    def polygon(self) -> list[dict[str, float]]:
        """The four corners clockwise from top-left, as AWS ``Point`` dicts."""
        right, bottom = self.left + self.width, self.top + self.height
        return [
            {"X": round(x, 6), "Y": round(y, 6)}
            for x, y in (
                (self.left, self.top),
                (right, self.top),
                (right, bottom),
                (self.left, bottom),
            )
        ]

    @classmethod
    def parse(cls, raw: Any) -> Box:
        """Read ``{"Left", "Top", "Width", "Height"}`` (ratios in 0..1)."""
        if not isinstance(raw, dict):
            raise ValueError(f"box must be an object, got {raw!r}")
        try:
            box = cls(
                float(raw["Left"]), float(raw["Top"]), float(raw["Width"]), float(raw["Height"])
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"box needs numeric Left, Top, Width, Height: {raw!r}") from exc
        if box.width <= 0 or box.height <= 0:
            raise ValueError(f"box must have a positive size: {raw!r}")
        return box

    def clipped(self) -> Box:
        """This box cut to the image (0..1 on both axes)."""
        left, top = max(0.0, self.left), max(0.0, self.top)
        right = min(1.0, self.left + self.width)
        bottom = min(1.0, self.top + self.height)
        return Box(left, top, max(right - left, 1e-6), max(bottom - top, 1e-6))
