"""The generated reference pages are current, complete, and the site builds with them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from rekog import errors, models
from rekog._generated.operations import OPERATIONS

from .blocks import DOCS, ROOT

sys.path.insert(0, str(ROOT / "tools"))
from docs_hooks import strip_roles  # noqa: E402

REFERENCE = DOCS / "reference"


def test_reference_pages_are_current() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "docs_reference.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr


def headings(page: str) -> set[str]:
    text = (REFERENCE / page).read_text(encoding="utf-8")
    return set(re.findall(r"^## (\w+) \{#", text, re.M))


def test_every_operation_model_enum_and_error_is_documented() -> None:
    assert headings("operations.md") == set(OPERATIONS)
    assert len(OPERATIONS) == 75
    names = [getattr(models, n) for n in models.__all__]
    model_names = {
        m.__name__
        for m in names
        if isinstance(m, type)
        and issubclass(m, models.RekogModel)
        and m.__module__ == models.__name__  # generated (the bases live in models.base)
    }
    enum_names = {
        e.__name__
        for e in names
        if isinstance(e, type) and issubclass(e, models.OpenEnum) and e is not models.OpenEnum
    }
    assert headings("models.md") == model_names and len(model_names) > 300
    assert headings("enums.md") == enum_names
    error_names = {
        n
        for n in errors.__all__
        if isinstance(getattr(errors, n), type) and issubclass(getattr(errors, n), BaseException)
    }
    assert headings("errors.md") == error_names
    troubleshooting = (DOCS / "troubleshooting.md").read_text(encoding="utf-8")
    assert set(re.findall(r"^### (\w+)$", troubleshooting, re.M)) == error_names


def test_operation_entries_have_signature_errors_and_entry_points() -> None:
    text = (REFERENCE / "operations.md").read_text(encoding="utf-8")
    section = text[text.index("## GetFaceSearch {#") :]
    section = section[: section.index("\n## ", 5)]
    assert "rk.get_face_search(" in section and "job_id: str" in section
    assert "[ResourceNotFoundException](errors.md#ResourceNotFoundException)" in section
    assert "rk.paginate.get_face_search" in section and "rk.jobs.face_search(job_id)" in section
    start = text[text.index("## StartFaceSearch {#") :]
    assert "rk.jobs.start_face_search(...)" in start[: start.index("\n## ", 5)]


def test_rest_roles_become_code() -> None:
    html = (
        "<p>see :meth:<code>first_page</code> and :class:<code>~rekog.PaginationError</code>::</p>"
    )
    assert (
        strip_roles(html) == "<p>see <code>first_page</code> and <code>PaginationError</code>:</p>"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        capture_output=True,
        text=True,
        timeout=280,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def test_built_site_is_true(site: Path) -> None:
    pages = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    }
    assert "getting-started.html" in pages and "reference/operations.html" in pages
    for name, html in pages.items():
        assert not re.search(r":(meth|class|func|attr|mod|exc|data):<code>", html), name
        assert 'id="rekog._exceptions"' not in html, name
        assert "pip install rekog" not in html, name
        # use_directory_urls: false -> links point at .html files, not directories.
        assert not re.search(r'href="(?!https?:|#|mailto:)[^"]*/"', html), name
    assert '<img alt="' in pages["gallery.html"]
    assert pages["index.html"].count("gallery/index_faces.png") == 1
