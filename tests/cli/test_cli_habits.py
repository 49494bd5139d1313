"""The command line as a user of the AWS CLI expects it: connection options before the
subcommand, bulk runs that stop at an error every image would hit, an empty glob refused,
empty results said in words."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rekog import Rekognition
from rekog.cli import main as cli_main
from rekog.local import LocalServer, make_face_image, make_scene, serve

real_find_spec = importlib.util.find_spec


def main(argv: list[str]) -> int:
    """``rekog argv...``'s exit status (argparse's errors exit, the rest return)."""
    try:
        return cli_main(argv)
    except SystemExit as done:
        return int(done.code or 0)


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with serve(port=0) as running:
        yield running


@pytest.fixture
def photos(tmp_path: Path) -> Path:
    folder = tmp_path / "photos"
    folder.mkdir()
    for index in range(12):
        (folder / f"p{index:02}.png").write_bytes(make_face_image(f"person {index}"))
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    out = captured.out
    return status, json.loads(out) if out.startswith(("{", "[")) else out, captured.err


def test_connection_options_before_the_subcommand(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.endpoint_url
    assert run(capsys, "--endpoint-url", url, "collections", "create", "first")[0] == 0
    status, listed, _ = run(
        capsys, "--endpoint-url", url, "--output", "json", "collections", "list"
    )
    assert status == 0 and "first" in listed["CollectionIds"]
    # Given after the subcommand too, the later one wins (argparse's rule for a repeat).
    status, listed, _ = run(
        capsys,
        "--output",
        "table",
        "collections",
        "list",
        "--endpoint-url",
        url,
        "--output",
        "json",
    )
    assert status == 0 and "first" in listed["CollectionIds"]


def test_faces_index_into_a_missing_collection_stops_before_any_image(
    server: LocalServer, photos: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys, "faces", "index", "nosuch", str(photos), "--endpoint-url", server.endpoint_url
    )
    assert status == 1 and out == ""
    assert len(err.strip().splitlines()) == 1  # one line, not one "failed:" per image
    assert "ResourceNotFoundException" in err and "nosuch" in err


def test_a_run_stops_at_the_first_error_that_fails_every_image(
    server: LocalServer,
    photos: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The collection goes away after the probe: the first IndexFaces that finds it missing
    # ends the run, and the rest of the images are never sent.
    assert (
        run(capsys, "collections", "create", "brief", "--endpoint-url", server.endpoint_url)[0] == 0
    )
    sent: list[str] = []
    send = Rekognition._send

    def counted(self: Rekognition, operation: str, wire: dict[str, Any]) -> Any:
        sent.append(operation)
        return send(self, operation, wire)

    def probe_then_delete(rk: Any, collection_id: str) -> None:
        rk.delete_collection(collection_id=collection_id)

    monkeypatch.setattr(Rekognition, "_send", counted)
    monkeypatch.setattr("rekog.cli.faces.probe_collection", probe_then_delete)
    status, out, err = run(
        capsys,
        "faces",
        "index",
        "brief",
        str(photos),
        "--concurrency",
        "1",
        "--endpoint-url",
        server.endpoint_url,
    )
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and "stopped:" in err and "every image" in err
    # Not all 12: the run ended with the images in flight (at most 2 x concurrency queued).
    assert 1 <= sent.count("IndexFaces") <= 3, sent


@pytest.mark.parametrize("pattern", ["*.gif", "none/**/*.jpg"])
def test_a_glob_that_matches_nothing_is_an_error(
    server: LocalServer, photos: Path, pattern: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(
        capsys, "faces", "index", "c", str(photos / pattern), "--endpoint-url", server.endpoint_url
    )
    assert status == 2 and "no file matches" in err


def test_a_folder_without_images_is_an_error(
    server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("no pictures here")
    status, _, err = run(
        capsys, "faces", "index", "c", str(tmp_path), "--endpoint-url", server.endpoint_url
    )
    assert status == 2 and "no .jpg/.jpeg/.png image" in err


def test_an_empty_moderation_result_says_so(
    server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    picture = tmp_path / "scene.png"
    picture.write_bytes(make_scene([]))
    status, out, _ = run(
        capsys, "detect", "moderation", str(picture), "--endpoint-url", server.endpoint_url
    )
    assert status == 0 and out.strip() == "no moderation labels (nothing unsafe found)"


def test_draw_without_pillow_is_refused_before_the_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    picture = tmp_path / "face.png"
    picture.write_bytes(make_face_image("alice"))
    monkeypatch.setitem(sys.modules, "PIL", None)  # import PIL now fails, as without Pillow
    # An endpoint nothing listens on: reaching it would be a different error.
    status, _, err = run(
        capsys,
        "detect",
        "faces",
        str(picture),
        "--draw",
        str(tmp_path / "out.png"),
        "--endpoint-url",
        "http://127.0.0.1:9",
    )
    assert status == 2 and 'pip install "rekog[draw]"' in err and "-e" not in err


def test_no_progress_bar_says_why_when_tqdm_is_missing(
    server: LocalServer,
    photos: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert (
        run(capsys, "collections", "create", "bar", "--endpoint-url", server.endpoint_url)[0] == 0
    )
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # a terminal, without tqdm
    monkeypatch.setattr(
        "importlib.util.find_spec",
        lambda name, *a: None if name == "tqdm" else real_find_spec(name, *a),
    )
    status, _, err = run(
        capsys, "faces", "index", "bar", str(photos), "--endpoint-url", server.endpoint_url
    )
    assert status == 0
    assert 'no progress bar: it needs tqdm (pip install "rekog[bulk]")' in err
