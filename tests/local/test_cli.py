"""``rekog local serve`` / ``python -m rekog local serve`` as a real subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from rekog.cli import build_parser, main
from rekog.local import make_face_image, make_video
from rekog.local.emulator import dummy_session

from .conftest import http_client
from .helpers import error_code

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def serve_process(*args: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Start ``python -m rekog local serve --port 0 ...``; yield its URL and process; SIGTERM it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rekog",
            "local",
            "serve",
            "--port",
            "0",
            "--log-level",
            "WARNING",
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("rekog.local listening on http://127.0.0.1:"), (
            line,
            process.stderr and process.stderr.read(),
        )
        yield line.rsplit(" ", 1)[1].strip(), process
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert "rekog.local stopped" in out


@contextmanager
def rekog_serve(*args: str) -> Iterator[str]:
    """Start ``python -m rekog local serve --port 0 ...``; yield its endpoint URL; stop it."""
    with serve_process(*args) as (url, _):
        yield url


def test_python_m_rekog_local_serve() -> None:
    with rekog_serve("--seed", "3", "--job-seconds", "0") as url:
        client = http_client(url)
        client.create_collection(CollectionId="cli")
        indexed = client.index_faces(CollectionId="cli", Image={"Bytes": make_face_image("alice")})
        assert len(indexed["FaceRecords"]) == 1
        assert (
            error_code(client.create_collection, CollectionId="cli")
            == "ResourceAlreadyExistsException"
        )


def test_cli_data_survives_restart(tmp_path: Path) -> None:
    data = str(tmp_path / "rekog.db")
    with rekog_serve("--data", data) as url:
        http_client(url).create_collection(CollectionId="kept")
    with rekog_serve("--data", data) as url:
        assert http_client(url).list_collections()["CollectionIds"] == ["kept"]


def test_cli_lifecycle_seconds_and_job_limit() -> None:
    with rekog_serve("--lifecycle-seconds", "0", "--max-concurrent-jobs", "1") as url:
        client = http_client(url)
        arn = client.create_project(ProjectName="cli")["ProjectArn"]
        # With no lifecycle delay a new dataset is ready at once.
        dataset = client.create_dataset(ProjectArn=arn, DatasetType="TEST")["DatasetArn"]
        status = client.describe_dataset(DatasetArn=dataset)["DatasetDescription"]["Status"]
        assert status == "CREATE_COMPLETE"
        s3 = dummy_session().client("s3", endpoint_url=url)
        s3.create_bucket(Bucket="videos")
        s3.put_object(Bucket="videos", Key="party.mp4", Body=make_video())
        video = {"S3Object": {"Bucket": "videos", "Name": "party.mp4"}}
        client.start_label_detection(Video=video)
        assert error_code(client.start_label_detection, Video=video) == "LimitExceededException"


def test_cli_quota() -> None:
    with rekog_serve("--tps", "ListCollections=2") as url:
        client = http_client(url)
        codes = []
        for _ in range(4):
            try:
                client.list_collections()
                codes.append("ok")
            except client.exceptions.ProvisionedThroughputExceededException:
                codes.append("throttled")
        # Four calls well within one second: the first two pass.
        assert codes[:2] == ["ok", "ok"] and "throttled" in codes


def test_parser_options() -> None:
    args = build_parser().parse_args(
        [
            "local",
            "serve",
            "--port",
            "0",
            "--tps",
            "IndexFaces=5",
            "--tps",
            "DetectText=2.5",
            "--fault-rate",
            "0.3",
        ]
    )
    assert args.tps == [("IndexFaces", 5.0), ("DetectText", 2.5)]
    assert args.fault_rate == 0.3


@pytest.mark.parametrize(
    "argv",
    [
        ["local", "serve", "--tps", "IndexFaces"],
        ["local", "serve", "--tps", "IndexFaces=0"],
        ["local", "serve", "--fault-rate", "2"],
    ],
)
def test_bad_arguments_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["local"]) == 2
    assert "serve" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--port", "70000"], "--port"),
        (["--log-level", "bogus"], "--log-level"),
        (["--data", str(ROOT)], "is a directory"),
        (["--data", str(ROOT / "pyproject.toml")], "not an SQLite database"),
        (["--job-seconds", "-5"], "--job-seconds"),
        (["--lifecycle-seconds", "-1"], "--lifecycle-seconds"),
        (["--max-concurrent-jobs", "0"], "--max-concurrent-jobs"),
        (["--latency-ms", "-3"], "--latency-ms"),
        (["--credentials", "nocolon"], "ACCESS_KEY:SECRET"),
        (["--auth", "basic"], "--auth"),
        (["--connection-limit", "0"], "--connection-limit"),
        (["--request-timeout", "0"], "--request-timeout"),
        (["--queue-seconds", "-1"], "--queue-seconds"),
    ],
)
def test_bad_option_is_one_line_and_exit_2(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["local", "serve", *argv])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "Traceback" not in err


def test_missing_pillow_names_the_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "PIL" else real(name, *a)
    )
    assert main(["local", "serve", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Pillow" in err and 'pip install "rekog[local]"' in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("rekog ")


def test_non_loopback_host_warns() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rekog",
            "local",
            "serve",
            "--port",
            "0",
            "--host",
            "0.0.0.0",
            "--no-aws-services",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().startswith(
            "rekog.local listening on http://0.0.0.0:"
        )
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=15)
    assert "anyone on the network can use this emulator" in err


def test_server_bounds_reach_the_server_options(monkeypatch: pytest.MonkeyPatch) -> None:
    import rekog.local.server as server_module

    seen: list[object] = []

    class Refused(Exception):
        pass

    def capture(*args: object, options: object, **kwargs: object) -> object:
        seen.append(options)
        raise Refused  # stop before listening

    monkeypatch.setattr(server_module, "LocalServer", capture)
    argv = ["--port", "0", "--connection-limit", "7", "--request-timeout", "2.5"]
    # The command's catch-all turns the stop into a one-line failure; the options were built.
    assert main(["local", "serve", *argv, "--queue-seconds", "0.5"]) != 0
    (options,) = seen
    assert (options.connection_limit, options.request_timeout, options.queue_seconds) == (
        7,
        2.5,
        0.5,
    )
