"""A request the installed botocore cannot serialise fails clearly, before anything is sent.

rekog's models come from a newer botocore than many installs have (the floor is older than
the generator's botocore). Run by every nox session, these tests meet the real gap on the
floor and a simulated one everywhere.
"""

from __future__ import annotations

import copy
from types import SimpleNamespace
from typing import Any

import boto3
import botocore
import pytest
from botocore.model import ServiceModel
from botocore.session import get_session
from botocore.stub import Stubber

from rekog import InvalidRequestError, Rekognition
from rekog import _installed_model as installed
from rekog._generated.operations import GENERATED_WITH_BOTOCORE
from rekog._requests import check_known
from rekog.retry import _upcoming_sleep

SETTINGS_SHAPE = "CreateFaceLivenessSessionRequestSettings"


def service_data() -> dict[str, Any]:
    loader = get_session().get_component("data_loader")
    return copy.deepcopy(loader.load_service_model("rekognition", "service-2"))


def older_model(*, drop_member: tuple[str, str] | None = None, drop_operation: str = "") -> Any:
    """The installed service model with one member or operation taken out, as an older
    botocore's would be."""
    data = service_data()
    if drop_member is not None:
        shape, member = drop_member
        data["shapes"][shape]["members"].pop(member, None)
    data["operations"].pop(drop_operation, None)
    return ServiceModel(data, service_name="rekognition")


def installed_knows_challenge_preferences() -> bool:
    shape = service_data()["shapes"][SETTINGS_SHAPE]
    return "ChallengePreferences" in shape["members"]


def liveness_call(rk: Rekognition) -> Any:
    return rk.create_face_liveness_session(
        settings={"challenge_preferences": [{"type": "FaceMovementAndLightChallenge"}]},
    )


def test_an_unknown_nested_member_names_the_member_the_botocore_and_the_fix() -> None:
    model = older_model(drop_member=(SETTINGS_SHAPE, "ChallengePreferences"))
    wire = {"Settings": {"ChallengePreferences": [{"Type": "FaceMovementAndLightChallenge"}]}}
    with pytest.raises(InvalidRequestError) as caught:
        installed.check_installed_model("CreateFaceLivenessSession", wire, service_model=model)
    error = caught.value
    assert error.parameter == "settings.challenge_preferences"
    assert error.operation == "CreateFaceLivenessSession"
    assert botocore.__version__ in error.rule and GENERATED_WITH_BOTOCORE in error.rule
    assert "pip install -U" in error.rule


def test_members_inside_lists_and_known_requests_pass() -> None:
    model = older_model(drop_member=("Image", "Bytes"))
    known = {"CollectionId": "c", "Image": {"S3Object": {"Bucket": "b", "Name": "k"}}}
    installed.check_installed_model("SearchFacesByImage", known, service_model=model)
    unknown = {"SourceImage": {"Bytes": b"x"}, "TargetImage": {"Bytes": b"y"}}
    with pytest.raises(InvalidRequestError) as caught:
        installed.check_installed_model("CompareFaces", unknown, service_model=model)
    assert caught.value.parameter == "source_image.bytes"


def test_an_unknown_operation_is_an_invalid_request() -> None:
    model = older_model(drop_operation="GetMediaAnalysisJob")
    with pytest.raises(InvalidRequestError) as caught:
        installed.check_installed_model("GetMediaAnalysisJob", {"JobId": "j"}, service_model=model)
    assert caught.value.parameter == "operation"
    assert "GetMediaAnalysisJob" in str(caught.value)
    with pytest.raises(InvalidRequestError, match="botocore"):
        check_known(frozenset({"ListFaces"}), "DetectText")


def test_the_client_refuses_before_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    model = older_model(drop_member=(SETTINGS_SHAPE, "ChallengePreferences"))
    monkeypatch.setattr(installed, "INSTALLED_IS_OLDER", True)
    monkeypatch.setattr(installed, "_installed_service_model", lambda: model)
    client = boto3.client("rekognition", region_name="us-east-1")
    with Stubber(client) as stubber:  # nothing queued: a request sent would fail otherwise
        with pytest.raises(InvalidRequestError) as caught:
            liveness_call(Rekognition(client=client))
        stubber.assert_no_pending_responses()
    assert caught.value.parameter == "settings.challenge_preferences"


def test_the_installed_botocore_as_it_is() -> None:
    """On the floor the member is really unknown; on a newer botocore the call goes out."""
    client = boto3.client("rekognition", region_name="us-east-1")
    rk = Rekognition(client=client)
    with Stubber(client) as stubber:
        if installed_knows_challenge_preferences():
            stubber.add_response(
                "create_face_liveness_session",
                {"SessionId": "3b9a0a2c-3c1b-4d3e-9a57-6f0c1d2e3f40"},
            )
            assert liveness_call(rk).session_id.startswith("3b9a0a2c")
        else:
            assert installed.installed_botocore_is_older()
            with pytest.raises(InvalidRequestError) as caught:
                liveness_call(rk)
            assert caught.value.parameter == "settings.challenge_preferences"
            assert botocore.__version__ in str(caught.value)


@pytest.mark.parametrize(
    ("version", "older"),
    [("1.37.4", True), ("1.38.31", True), (GENERATED_WITH_BOTOCORE, False), ("99.0.0", False)],
)
def test_only_an_older_botocore_is_walked(version: str, older: bool) -> None:
    assert installed.installed_botocore_is_older(version) is older


def test_the_retry_log_reads_the_wait_on_every_tenacity() -> None:
    # tenacity < 8.3 has no upcoming_sleep; the wait chosen sits on next_action.
    assert _upcoming_sleep(SimpleNamespace(next_action=SimpleNamespace(sleep=1.5))) == 1.5  # type: ignore[arg-type]
    state = SimpleNamespace(upcoming_sleep=0.25, next_action=None)
    assert _upcoming_sleep(state) == 0.25  # type: ignore[arg-type]
