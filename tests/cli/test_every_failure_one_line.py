"""Every ``rekog`` command, run wrong in every way a user can: bad options, bad paths, bad
endpoints, a closed port and a reader that goes away. Each ends in one line on stderr and an
exit status, never a traceback."""

from __future__ import annotations

import functools
import io
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rekog import RetryPolicy
from rekog.cli import build_parser
from rekog.cli import main as cli_main
from rekog.local import LocalServer, make_face_image, make_video, serve
from rekog.local.videos import VideoText


def main(argv: list[str]) -> int:
    """``rekog argv...``'s exit status (argparse's errors exit, the rest return)."""
    try:
        return cli_main(argv)
    except SystemExit as done:
        return int(done.code or 0)


FACE_ID = "11111111-2222-3333-4444-555555555555"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "alice.png").write_bytes(make_face_image("alice"))
    result = tmp_path / "result.json"
    result.write_text(json.dumps({"FaceDetails": []}))
    return {
        "PHOTO": str(photos / "alice.png"),
        "PHOTOS": str(photos),
        "RESULT": str(result),
        "OUT": str(tmp_path / "out.png"),
    }


#: One working command line per command (the placeholders are the files above).
COMMANDS: dict[str, list[str]] = {
    "collections create": ["collections", "create", "c1"],
    "collections list": ["collections", "list"],
    "collections describe": ["collections", "describe", "c1"],
    "faces index": ["faces", "index", "c1", "PHOTOS", "--no-progress"],
    "faces list": ["faces", "list", "c1"],
    "users create": ["users", "create", "c1", "u1"],
    "users list": ["users", "list", "c1"],
    "users associate": ["users", "associate", "c1", "u1", FACE_ID],
    "search": ["search", "c1", "PHOTO"],
    "detect text": ["detect", "text", "PHOTO"],
    "detect labels": ["detect", "labels", "PHOTO"],
    "detect faces": ["detect", "faces", "PHOTO"],
    "detect moderation": ["detect", "moderation", "PHOTO"],
    "video": ["video", "text", "s3://videos/v.json", "--wait", "--no-progress"],
    "collections delete": ["collections", "delete", "c1"],
}
OFFLINE = {"draw": ["draw", "PHOTO", "RESULT", "-o", "OUT"]}
#: Commands whose argument is a local path, with that argument replaced by a missing one.
BAD_PATHS: dict[str, list[str]] = {
    "faces index": ["faces", "index", "c1", "/no/such/dir"],
    "faces index glob": ["faces", "index", "c1", "/no/such/*.jpg"],
    "search": ["search", "c1", "/no/such.png"],
    "detect text": ["detect", "text", "/no/such.png"],
    "detect labels --draw dir": ["detect", "labels", "PHOTO", "--draw", "/nonexistent/dir/x.png"],
    "detect faces --draw txt": ["detect", "faces", "PHOTO", "--draw", "OUT.txt"],
    "search --draw dir": ["search", "c1", "PHOTO", "--draw", "/nonexistent/dir/x.png"],
    "draw -o dir": ["draw", "PHOTO", "RESULT", "-o", "/nonexistent/dir/x.png"],
    "draw image": ["draw", "/no/such.png", "RESULT", "-o", "OUT"],
}


def _fill(argv: list[str], files: dict[str, str]) -> list[str]:
    out = []
    for arg in argv:
        for name, path in sorted(files.items(), key=lambda item: -len(item[0])):
            if arg.startswith(name):
                arg = path + arg[len(name) :]
                break
        out.append(arg)
    return out


def _one_line(status: int, err: str, expected: int | tuple[int, ...]) -> None:
    expected = expected if isinstance(expected, tuple) else (expected,)
    assert status in expected, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("rekog") and "error: " in err


def test_the_tables_cover_every_command() -> None:
    names = set()
    parser = build_parser()
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        for group, sub in action.choices.items():  # type: ignore[union-attr]
            inner = [a for a in sub._actions if a.choices and isinstance(a.choices, dict)]
            names |= {f"{group} {c}" for a in inner for c in a.choices} if inner else {group}
    assert names - {"local serve"} == set(COMMANDS) | set(OFFLINE)


@pytest.mark.parametrize("name", [*COMMANDS, *OFFLINE, "local serve"])
def test_an_unknown_option(
    name: str, files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = {**COMMANDS, **OFFLINE, "local serve": ["local", "serve"]}[name]
    status = main([*_fill(argv, files), "--no-such-option"])
    _one_line(status, capsys.readouterr().err, 2)


@pytest.mark.parametrize("name", [*COMMANDS])
@pytest.mark.parametrize("url", ["notaurl", "ftp://host", "http://", "http://host:port"])
@pytest.mark.parametrize("where", ["after", "before"])
def test_a_bad_endpoint_url(
    name: str, url: str, where: str, files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _fill(COMMANDS[name], files)
    option = ["--endpoint-url", url]
    status = main([*argv, *option] if where == "after" else [*option, *argv])
    err = capsys.readouterr().err
    _one_line(status, err, 2)
    assert "--endpoint-url" in err


@pytest.mark.parametrize("name", [*BAD_PATHS])
def test_a_bad_path(name: str, files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    # Refused before anything is sent: the endpoint is never reached.
    argv = _fill(BAD_PATHS[name], files)
    status = main([*argv, "--endpoint-url", "http://127.0.0.1:9"])
    _one_line(status, capsys.readouterr().err, (2,) if not name.startswith("draw") else (1, 2))


def test_a_file_that_is_not_an_image_is_not_echoed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    status = main(["detect", "text", str(secret), "--endpoint-url", "http://127.0.0.1:9"])
    err = capsys.readouterr().err
    _one_line(status, err, 2)
    assert "root:x" not in err and "JPEG or PNG" in err


@pytest.fixture
def closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # bound, then closed: nothing listens


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """rekog's retries against the closed port, with a clock that only moves when they sleep."""
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    policy = functools.partial(RetryPolicy, sleep=sleep, clock=lambda: now[0])
    monkeypatch.setattr("rekog.client.RetryPolicy", policy)


@pytest.mark.parametrize("name", [*COMMANDS])
def test_a_closed_port(
    name: str,
    files: dict[str, str],
    closed_port: str,
    no_backoff: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main([*_fill(COMMANDS[name], files), "--endpoint-url", closed_port])
    err = capsys.readouterr().err
    _one_line(status, err, 1)
    assert "could not connect" in err


class _GoneReader(io.TextIOBase):
    """A stdout whose reader went away: every write fails as a closed pipe does."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with serve(port=0, job_seconds=0.0) as running:
        video = make_video(text=[VideoText("EXIT", timestamps=[0, 500])])
        running.emulator.backend.put_object("videos", "v.json", video)
        yield running


def test_a_reader_that_goes_away(
    server: LocalServer,
    files: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Each command in turn, in an order that gives the next one something to print.
    for name, argv in {**COMMANDS, **OFFLINE}.items():
        with monkeypatch.context() as patch:
            patch.setattr(sys, "stdout", _GoneReader())
            endpoint = [] if name in OFFLINE else ["--endpoint-url", server.endpoint_url]
            status = main([*_fill(argv, files), *endpoint])
        err = capsys.readouterr().err
        assert status == 141, (name, err)
        # Nothing to say and nowhere to say it: not even a line (draw notes its file).
        assert "Traceback" not in err and "Broken pipe" not in err, (name, err)


def test_a_closed_pipe_for_real(server: LocalServer) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-m", "rekog", "collections", "list"]
    with subprocess.Popen(
        [*command, "--endpoint-url", server.endpoint_url, "--output", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # `| head -0`: the reader is gone before anything is written
        err = process.stderr.read().decode()
        status = process.wait()
    assert status == 141 and err == "", err
