"""Every ``rekog`` command against the emulator: JSON output parsed and checked, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rekog.bulk import external_image_id, input_key
from rekog.cli import main
from rekog.local import LocalServer, make_face_image, make_scene, make_video, serve
from rekog.local.videos import VideoPerson, VideoText


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serve(port=0, job_seconds=0.3) as running:
        yield running


@pytest.fixture
def photos(tmp_path: Path) -> Path:
    folder = tmp_path / "photos"
    (folder / "more").mkdir(parents=True)
    for name in ("alice", "bob", "carol"):
        (folder / f"{name}.png").write_bytes(make_face_image(name))
    (folder / "more" / "dave.jpg").write_bytes(make_face_image("dave", format="JPEG"))
    (folder / "notes.txt").write_text("not an image")
    return folder


def run(
    capsys: pytest.CaptureFixture[str], server: LocalServer, *argv: str, output: str = "json"
) -> tuple[int, Any, str]:
    """Run ``rekog argv... --endpoint-url URL --output json``; return (status, parsed stdout, stderr)."""
    status = main([*argv, "--endpoint-url", server.endpoint_url, "--output", output])
    captured = capsys.readouterr()
    data = json.loads(captured.out) if output == "json" and captured.out.strip() else captured.out
    return status, data, captured.err


def test_collections(capsys: pytest.CaptureFixture[str], server: LocalServer) -> None:
    status, created, _ = run(capsys, server, "collections", "create", "staff", "--tag", "team=blue")
    assert status == 0 and created["CollectionArn"].endswith("collection/staff")
    assert run(capsys, server, "collections", "create", "guests")[0] == 0
    status, listed, _ = run(capsys, server, "collections", "list")
    assert listed["CollectionIds"] == ["guests", "staff"]
    status, described, _ = run(capsys, server, "collections", "describe", "staff")
    assert status == 0 and described["FaceCount"] == 0 and described["FaceModelVersion"] == "7.0"
    status, _, _ = run(capsys, server, "collections", "delete", "guests")
    assert status == 0
    status, table, _ = run(capsys, server, "collections", "list", output="table")
    assert table.splitlines()[0].split() == ["CollectionId", "FaceModelVersion"]
    assert [line.split()[0] for line in table.splitlines()[1:]] == ["staff"]
    status, out, err = run(capsys, server, "collections", "describe", "guests")
    assert status == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "ResourceNotFoundException" in err and "Traceback" not in err


def test_faces_index_list_search_users(
    capsys: pytest.CaptureFixture[str], server: LocalServer, photos: Path, tmp_path: Path
) -> None:
    run(capsys, server, "collections", "create", "staff")
    checkpoint = str(tmp_path / "index.db")
    status, summary, _ = run(
        capsys,
        server,
        "faces",
        "index",
        "staff",
        str(photos),
        "--checkpoint",
        checkpoint,
        "--no-progress",
    )
    assert status == 0
    assert (
        summary["Succeeded"],
        summary["Failed"],
        summary["Skipped"],
        summary["FacesIndexed"],
    ) == (4, 0, 0, 4)
    # A glob and a rerun: the checkpoint skips what is done.
    status, again, _ = run(
        capsys, server, "faces", "index", "staff", str(photos / "*.png"), "--checkpoint", checkpoint
    )
    assert status == 0 and again["Skipped"] == 3 and again["Succeeded"] == 0

    status, listed, _ = run(capsys, server, "faces", "list", "staff")
    faces = listed["Faces"]
    expected = {
        external_image_id(input_key(path))
        for path in [*photos.glob("*.png"), photos / "more" / "dave.jpg"]
    }
    assert {face["ExternalImageId"] for face in faces} == expected and len(faces) == 4
    alice = next(f["FaceId"] for f in faces if f["ExternalImageId"].startswith("alice.png:"))

    status, found, _ = run(capsys, server, "search", "staff", str(photos / "alice.png"))
    assert status == 0 and found["FaceMatches"][0]["Face"]["FaceId"] == alice
    assert found["FaceMatches"][0]["Similarity"] == pytest.approx(100.0)

    assert run(capsys, server, "users", "create", "staff", "alice")[0] == 0
    status, associated, _ = run(capsys, server, "users", "associate", "staff", "alice", alice)
    assert status == 0 and [f["FaceId"] for f in associated["AssociatedFaces"]] == [alice]
    status, users, _ = run(capsys, server, "users", "list", "staff")
    assert [u["UserId"] for u in users["Users"]] == ["alice"]
    status, matched, _ = run(
        capsys, server, "search", "staff", str(photos / "alice.png"), "--users"
    )
    assert matched["UserMatches"][0]["User"]["UserId"] == "alice"
    status, only_alice, _ = run(capsys, server, "faces", "list", "staff", "--user-id", "alice")
    assert [f["FaceId"] for f in only_alice["Faces"]] == [alice]


def test_faces_index_reports_bad_images_per_item(
    capsys: pytest.CaptureFixture[str], server: LocalServer, tmp_path: Path
) -> None:
    run(capsys, server, "collections", "create", "staff")
    good, bad = tmp_path / "good.png", tmp_path / "bad.png"
    good.write_bytes(make_face_image("ok"))
    bad.write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    status, summary, _ = run(capsys, server, "faces", "index", "staff", str(good), str(bad))
    assert status == 1 and summary["Succeeded"] == 1 and summary["Failed"] == 1
    assert summary["Failures"][0]["Input"] == str(bad)
    assert "InvalidImageFormatException" in summary["Failures"][0]["Error"]


def test_detect(capsys: pytest.CaptureFixture[str], server: LocalServer, tmp_path: Path) -> None:
    scene = tmp_path / "scene.png"
    scene.write_bytes(make_scene(faces=["alice", "bob"], text=["EXIT 12"]))
    status, text, _ = run(capsys, server, "detect", "text", str(scene))
    assert status == 0
    assert [t["DetectedText"] for t in text["TextDetections"] if t["Type"] == "LINE"] == ["EXIT 12"]
    status, faces, _ = run(capsys, server, "detect", "faces", str(scene), "--all-attributes")
    assert status == 0 and len(faces["FaceDetails"]) == 2
    status, table, _ = run(capsys, server, "detect", "faces", str(scene), output="table")
    assert len(table.splitlines()) == 3  # header and two faces


def test_detect_labels_and_moderation(
    capsys: pytest.CaptureFixture[str], server: LocalServer, tmp_path: Path
) -> None:
    image = tmp_path / "a.png"
    image.write_bytes(make_face_image("a"))
    # An image that declares nothing: the emulator's documented defaults (a face is a Person).
    status, labels, _ = run(
        capsys, server, "detect", "labels", str(image), "--min-confidence", "50"
    )
    assert status == 0 and "Person" in [label["Name"] for label in labels["Labels"]]
    status, moderation, _ = run(capsys, server, "detect", "moderation", str(image))
    assert status == 0 and moderation["ModerationLabels"] == []


def test_draw_option_saves_the_annotated_image(
    capsys: pytest.CaptureFixture[str], server: LocalServer, tmp_path: Path
) -> None:
    from PIL import Image

    scene = tmp_path / "scene.png"
    scene.write_bytes(make_scene(faces=["alice", "bob"], text=["EXIT 12"]))
    for kind in ("faces", "text"):
        out = tmp_path / f"{kind}.png"
        status, result, err = run(capsys, server, "detect", kind, str(scene), "--draw", str(out))
        assert status == 0 and isinstance(result, dict)  # stdout stays pure JSON
        assert f"wrote {out}" in err
        with Image.open(out) as picture, Image.open(scene) as original:
            assert picture.width == original.width and picture.height >= original.height
    status, _, err = run(
        capsys, server, "detect", "faces", "s3://bucket/scene.png", "--draw", "x.png"
    )
    assert status == 2 and "--draw needs the image as a local file" in err
    assert len(err.strip().splitlines()) == 1


def test_video_jobs_wait_and_results(
    capsys: pytest.CaptureFixture[str], server: LocalServer, photos: Path
) -> None:
    run(capsys, server, "collections", "create", "staff")
    run(capsys, server, "faces", "index", "staff", str(photos / "alice.png"))
    video = make_video(
        persons=[VideoPerson("alice", timestamps=[0, 500, 1000])],
        text=[VideoText("EXIT 12", timestamps=[0, 1000])],
    )
    server.emulator.backend.put_object("videos", "lobby.json", video)
    status, found, _ = run(
        capsys,
        server,
        "video",
        "face-search",
        "s3://videos/lobby.json",
        "--collection",
        "staff",
        "--wait",
    )
    assert status == 0 and found["JobStatus"] == "SUCCEEDED"
    assert [item["Timestamp"] for item in found["Results"]] == [0, 500, 1000]
    status, started, _ = run(capsys, server, "video", "text", "s3://videos/lobby.json")
    assert status == 0 and started["JobStatus"] == "IN_PROGRESS"
    status, text, _ = run(capsys, server, "video", "text", "--job-id", started["JobId"], "--wait")
    assert status == 0 and {r["TextDetection"]["DetectedText"] for r in text["Results"]} >= {
        "EXIT 12"
    }
    status, _, err = run(capsys, server, "video", "face-search", "s3://videos/lobby.json")
    assert status == 2 and "--collection" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["faces", "index"],
        ["collections"],
        ["collections", "create", "bad id!"],
        ["detect", "sideways", "x.png"],
        ["faces", "index", "staff", "/no/such/dir"],
        ["faces", "list", "staff", "--max-items", "many"],
        ["video", "text", "not-s3"],
        ["collections", "create", "x", "--tag", "novalue"],
        ["bogus"],
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        status = main([*argv, "--endpoint-url", "http://127.0.0.1:9"])
    except SystemExit as exit_:  # argparse's own errors exit
        status = exit_.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("rekog") and "error:" in err


def test_the_console_script_never_shows_a_traceback(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(sys.path),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "rekog",
            "collections",
            "list",
            "--endpoint-url",
            "http://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("rekog collections list: error:")
