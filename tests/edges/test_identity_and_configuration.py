"""Pickled clients keep their identity; configuration problems are rekog errors with a hint."""

from __future__ import annotations

import pickle
from pathlib import Path

import boto3
import pytest

from rekog import Rekognition, RekognitionError
from rekog.errors import ConfigurationError
from rekog.local import DUMMY_CREDENTIALS

SECRET_ID = "AKIAEXAMPLEKEYMATERIAL"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.fixture
def clean_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No region, no credentials, no config files, no instance metadata."""
    for name in (
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    return tmp_path


def write_profile(home: Path, name: str, region: str) -> None:
    (home / "config").write_text(f"[profile {name}]\nregion = {region}\n")
    (home / "credentials").write_text(
        f"[{name}]\naws_access_key_id = {SECRET_ID}\naws_secret_access_key = {SECRET}\n"
    )


# -- pickling -----------------------------------------------------------------------------


def test_region_is_kept_when_pickled_before_first_use(
    clean_machine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    rk = Rekognition()  # region from the environment, client not created yet
    data = pickle.dumps(rk)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")  # "another machine"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    copy = pickle.loads(data)
    assert copy.client.meta.region_name == "eu-west-1"


def test_region_of_a_session_is_kept(clean_machine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_profile(clean_machine, "prod", "eu-central-1")
    rk = Rekognition(session=boto3.Session(profile_name="prod", region_name="us-west-2"))
    copy = pickle.loads(pickle.dumps(rk))
    assert copy._profile == "prod"
    assert copy.client.meta.region_name == "us-west-2"


def test_named_profile_is_kept_and_no_secret_travels(clean_machine: Path) -> None:
    write_profile(clean_machine, "prod", "eu-central-1")
    rk = Rekognition(session=boto3.Session(profile_name="prod"))
    rk.client  # noqa: B018 (resolves credentials from the profile)
    data = pickle.dumps(rk)
    assert SECRET_ID.encode() not in data and SECRET.encode() not in data
    assert b"prod" in data
    copy = pickle.loads(data)
    assert copy.client.meta.region_name == "eu-central-1"
    credentials = copy.client._request_signer._credentials
    assert credentials.access_key == SECRET_ID  # the profile's keys, resolved anew


@pytest.mark.parametrize("used", [False, True])
def test_explicit_keys_refuse_to_pickle(clean_machine: Path, used: bool) -> None:
    session = boto3.Session(
        aws_access_key_id=SECRET_ID, aws_secret_access_key=SECRET, region_name="eu-west-1"
    )
    rk = Rekognition(session=session)
    if used:
        rk.client  # noqa: B018
    with pytest.raises(ConfigurationError, match="explicit access keys") as info:
        pickle.dumps(rk)
    assert isinstance(info.value, RekognitionError)
    assert SECRET not in str(info.value)


def test_a_user_client_with_explicit_keys_refuses_to_pickle(clean_machine: Path) -> None:
    client = boto3.client(
        "rekognition",
        region_name="eu-west-1",
        aws_access_key_id=SECRET_ID,
        aws_secret_access_key=SECRET,
    )
    with pytest.raises(ConfigurationError):
        pickle.dumps(Rekognition(client=client))


# -- configuration errors -------------------------------------------------------------------


def test_no_region_is_a_configuration_error_with_a_hint(clean_machine: Path) -> None:
    rk = Rekognition(endpoint_url="http://127.0.0.1:4566")
    with pytest.raises(ConfigurationError) as info:
        rk.list_collections()
    message = str(info.value)
    assert "region" in message and "AWS_DEFAULT_REGION" in message
    assert "rekog local serve" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_no_credentials_is_a_configuration_error_with_a_hint(clean_machine: Path) -> None:
    rk = Rekognition(region="us-east-1", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(ConfigurationError) as info:
        rk.list_collections()
    message = str(info.value)
    assert "credentials" in message and "AWS_ACCESS_KEY_ID" in message
    assert "rekog local serve" in message


def test_dummy_credentials_of_the_hint_work(clean_machine: Path) -> None:
    from rekog.local import LocalRekognition

    with LocalRekognition() as emulator:
        rk = Rekognition(session=boto3.Session(**DUMMY_CREDENTIALS, region_name="us-east-1"))
        emulator.attach(rk.client)
        assert rk.list_collections().collection_ids == []
