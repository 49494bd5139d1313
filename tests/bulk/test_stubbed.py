"""DetectLabels and DetectModerationLabels in bulk, with botocore's Stubber (no emulator yet)."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config
from botocore.stub import Stubber

from rekog import Rekognition, RetryPolicy
from rekog.bulk import LimiterConfig
from rekog.local import make_face_image
from rekog.models import DetectLabelsResponse, DetectModerationLabelsResponse


def stubbed() -> tuple[Rekognition, Stubber]:
    client: Any = boto3.client(
        "rekognition", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
    )
    stubber = Stubber(client)
    rk = Rekognition(client=client, retry=RetryPolicy(initial=0.001, maximum=0.001))
    return rk, stubber


def test_detect_labels_in_bulk_with_a_throttle_retried_under_the_limiter() -> None:
    rk, stubber = stubbed()
    images = [make_face_image(f"x{i}", size=(16, 16)) for i in range(3)]
    label = {"Name": "Person", "Confidence": 99.0}
    stubber.add_response(
        "detect_labels", {"Labels": [label]}, {"Image": {"Bytes": images[0]}, "MaxLabels": 5}
    )
    stubber.add_client_error(
        "detect_labels", "ProvisionedThroughputExceededException", "over the quota", 400
    )
    stubber.add_response("detect_labels", {"Labels": [label, label]})
    stubber.add_response("detect_labels", {"Labels": []})
    with stubber:
        run = rk.bulk.detect_labels(
            images, max_labels=5, concurrency=1, limiter=LimiterConfig(initial_rate=50)
        )
        outcomes = list(run)
        stubber.assert_no_pending_responses()
    assert [
        len(o.result.labels) for o in outcomes if isinstance(o.result, DetectLabelsResponse)
    ] == [1, 2, 0]
    assert run.summary.failed == 0 and run.summary.throttles == 1
    assert run.limiter is not None and run.limiter.acquired == 4  # the retry took a slot too
    assert run.limiter.decreases == 1


def test_detect_moderation_labels_per_item_errors() -> None:
    rk, stubber = stubbed()
    images = [make_face_image(f"y{i}", size=(16, 16)) for i in range(2)]
    stubber.add_response(
        "detect_moderation_labels",
        {
            "ModerationLabels": [{"Name": "Violence", "Confidence": 91.0}],
            "ModerationModelVersion": "7.0",
        },
    )
    stubber.add_client_error(
        "detect_moderation_labels", "InvalidImageFormatException", "bad image", 400
    )
    with stubber:
        run = rk.bulk.detect_moderation_labels(images, min_confidence=60, concurrency=1)
        outcomes = list(run)
    ok = [o.result for o in outcomes if isinstance(o.result, DetectModerationLabelsResponse)]
    assert len(ok) == 1 and ok[0].moderation_labels[0].name == "Violence"
    assert run.summary.errors == {"InvalidImageFormatException": 1}
