"""The committed gallery pictures are what tools/gallery.py makes today (pixel-tolerant)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

from .blocks import DOCS, ROOT

GALLERY = DOCS / "gallery"


def load_gallery() -> object:
    spec = importlib.util.spec_from_file_location("gallery", ROOT / "tools" / "gallery.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gallery_pictures_are_current(tmp_path: Path) -> None:
    gallery = load_gallery()
    written = gallery.make(tmp_path)  # type: ignore[attr-defined]
    assert {p.name for p in written} == {p.name for p in GALLERY.glob("*.png")}
    page = (DOCS / "gallery.md").read_text(encoding="utf-8")
    for fresh in written:
        assert f"gallery/{fresh.name}" in page
        assert f'"gallery.py:{fresh.stem}"' in page  # shown with the code that made it
        committed = Image.open(GALLERY / fresh.name).convert("RGB")
        made = Image.open(fresh).convert("RGB")
        assert made.size == committed.size, fresh.name
        diff = ImageChops.difference(made, committed)
        # Font hinting or a matplotlib upgrade may move a few pixels; a changed drawing
        # moves many.
        assert max(ImageStat.Stat(diff).mean) < 2.0, fresh.name
        changed = sum(diff.convert("L").histogram()[65:])
        assert changed < 0.01 * made.width * made.height, (fresh.name, changed)
        assert (GALLERY / fresh.name).stat().st_size < 100_000  # small PNGs


def test_readme_shows_a_gallery_picture() -> None:
    assert "docs/gallery/" in (ROOT / "README.md").read_text(encoding="utf-8")
