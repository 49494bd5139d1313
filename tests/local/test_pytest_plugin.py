"""The pytest plugin, used from a test file the way a user would (through ``pytester``)."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

# Each user run is a subprocess: pytester's in-process runs restore sys.modules afterwards,
# dropping the rekog modules first imported inside them, and classes imported again later
# would no longer be the ones earlier objects are instances of.

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = "rekog.pytest_plugin"

USER_TESTS = """
import boto3
import pytest
from botocore.config import Config

from rekog.local import VideoPerson

NO_RETRIES = Config(retries={"total_max_attempts": 1})


def test_typed_and_plain_clients(rekog_client, rekog_boto3_client, rekog_make_face_image):
    rekog_client.create_collection(collection_id="staff")
    indexed = rekog_boto3_client.index_faces(
        CollectionId="staff", Image={"Bytes": rekog_make_face_image("alice")}
    )
    assert len(indexed["FaceRecords"]) == 1
    match = rekog_client.search_faces_by_image(
        collection_id="staff", image=rekog_make_face_image("alice")
    )
    assert match.face_matches[0].similarity == 100.0


@pytest.mark.rekog_local(seed=7)
def test_video_job_finishes_at_once(rekog_local, rekog_client, rekog_make_video):
    rekog_local.backend.put_object("videos", "v.mp4", rekog_make_video(
        persons=[VideoPerson(face="bob", timestamps=(0,))]))
    rekog_client.create_collection(collection_id="c")
    job = rekog_client.jobs.start_text_detection(video="s3://videos/v.mp4")
    assert job.wait(timeout=5).status() == "SUCCEEDED"


@pytest.mark.rekog_local(job_seconds=60)
def test_marker_sets_job_duration(rekog_local, rekog_make_video):
    rekog_local.backend.put_object("videos", "v.mp4", rekog_make_video())
    client = rekog_local.client()
    job = client.start_text_detection(Video={"S3Object": {"Bucket": "videos", "Name": "v.mp4"}})
    assert client.get_text_detection(JobId=job["JobId"])["JobStatus"] == "IN_PROGRESS"


@pytest.mark.rekog_local(tps={"ListCollections": 1})
def test_marker_sets_quotas(rekog_local):
    client = rekog_local.client(config=NO_RETRIES)
    client.list_collections()
    with pytest.raises(client.exceptions.ProvisionedThroughputExceededException):
        client.list_collections()


@pytest.mark.rekog_local(fault_rate=1.0, seed=1)
def test_marker_sets_faults(rekog_local):
    rekog_local.call("CreateCollection", CollectionId="direct")  # backend calls skip faults
    outcomes = set()
    client = rekog_local.client(config=NO_RETRIES)
    for _ in range(6):
        try:
            client.list_collections()
            outcomes.add("ok")
        except Exception as exc:
            outcomes.add(type(exc).__name__)
    assert "ok" not in outcomes


def test_command_line_options(rekog_local):
    assert rekog_local.backend.config.seed == 42


@pytest.mark.rekog_local(jobseconds=1)
def test_bad_marker(rekog_local):
    pass


def test_patch_all(rekog_patch_all):
    client = boto3.client("rekognition", region_name="us-east-1",
                          aws_access_key_id="a", aws_secret_access_key="b")
    client.create_collection(CollectionId="patched")
    assert "patched" in rekog_patch_all.backend.state.collections


def test_server(rekog_server, rekog_local):
    client = boto3.client("rekognition", endpoint_url=rekog_server.endpoint_url,
                          region_name="us-east-1", aws_access_key_id="a",
                          aws_secret_access_key="b")
    client.create_collection(CollectionId="over-http")
    assert "over-http" in rekog_local.backend.state.collections
"""


def docs_example() -> str:
    """The test file shown in docs/testing.md."""
    text = (ROOT / "docs" / "testing.md").read_text()
    return text.split("## A test file\n\n```python\n", 1)[1].split("```", 1)[0]


def test_fixtures_from_a_user_test_file(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=USER_TESTS, test_docs_example=docs_example())
    result = pytester.runpytest_subprocess(
        "-p", PLUGIN, "-p", "no:cacheprovider", "-p", "no:asyncio", "--rekog-seed", "42"
    )
    result.assert_outcomes(passed=12, errors=1)
    result.stdout.fnmatch_lines(["*rekog_local takes keyword arguments*jobseconds*"])


def test_the_installed_distribution_declares_the_entry_point() -> None:
    # What pip installed from pyproject.toml (portable: tomllib is 3.11+).
    (entry_point,) = [
        ep for ep in metadata.distribution("rekog").entry_points if ep.group == "pytest11"
    ]
    assert (entry_point.name, entry_point.value) == (PLUGIN, PLUGIN)


def test_plugin_imports_nothing_heavy() -> None:
    code = (
        "import sys; import rekog.pytest_plugin; "
        "heavy = [m for m in ('boto3', 'botocore', 'PIL', 'numpy', 'moto', 'waitress', "
        "'rekog.local.emulator') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip() == "[]"


PERCEPTION_TESTS = """
import pytest


def test_declared_by_default(rekog_local):
    assert rekog_local.backend.perception.name == "declared"


@pytest.mark.rekog_local(perception="declared")
def test_marker_names_the_perception(rekog_local):
    assert rekog_local.backend.perception.name == "declared"
"""


def test_perception_option_and_marker(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_perception=PERCEPTION_TESTS)
    common = ("-p", PLUGIN, "-p", "no:cacheprovider", "-p", "no:asyncio")
    pytester.runpytest_subprocess(*common).assert_outcomes(passed=2)
    # The command line chooses for every test without a marker: vision here, so the first
    # test fails (or errors, without rekog[vision]); the marked one stays declared.
    result = pytester.runpytest_subprocess(*common, "--rekog-perception", "vision")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed") == 1
    assert outcomes.get("failed", 0) + outcomes.get("errors", 0) == 1
