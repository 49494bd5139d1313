"""Users' own code, written with plain boto3 (no rekog in the pipelines), run end to end
against ``rekog local serve`` -- a real subprocess -- with S3, SNS and SQS from a moto server.

The two pipelines follow AWS's own image and video detection examples: a labels-and-moderation
triage of images, and a stored-video label detection that waits for the SNS/SQS completion
message and then pages through the results.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from rekog.local import VideoItem, make_face_image, make_scene, make_video

ROOT = Path(__file__).resolve().parents[2]
AWS = {
    "region_name": "us-east-1",
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
}


# ---------------------------------------------------------------------------------------------
# The users' code: plain boto3, nothing from rekog.
# ---------------------------------------------------------------------------------------------
def triage_images(rekognition: Any, images: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    """Label every image, and hold back those with moderation labels (a user's pipeline)."""
    decisions = {}
    for name, data in images.items():
        labels = rekognition.detect_labels(Image={"Bytes": data}, MaxLabels=10, MinConfidence=70)
        moderation = rekognition.detect_moderation_labels(Image={"Bytes": data}, MinConfidence=60)
        flagged = sorted(
            label["Name"] for label in moderation["ModerationLabels"] if label["TaxonomyLevel"] == 1
        )
        decisions[name] = {
            "tags": sorted(label["Name"] for label in labels["Labels"]),
            "boxes": sum(len(label["Instances"]) for label in labels["Labels"]),
            "publish": not flagged,
            "reasons": flagged,
        }
    return decisions


def detect_video_labels(
    rekognition: Any, sns: Any, sqs: Any, bucket: str, key: str
) -> tuple[str, list[dict[str, Any]]]:
    """Start label detection, wait for the SNS->SQS notification, page through the labels."""
    topic_arn = sns.create_topic(Name="AmazonRekognitionLabels")["TopicArn"]
    queue_url = sqs.create_queue(QueueName="rekognition-labels")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn)
    job_id = rekognition.start_label_detection(
        Video={"S3Object": {"Bucket": bucket, "Name": key}},
        MinConfidence=50,
        NotificationChannel={
            "SNSTopicArn": topic_arn,
            "RoleArn": "arn:aws:iam::123456789012:role/AmazonRekognitionServiceRole",
        },
        JobTag="pipeline",
    )["JobId"]
    status = None
    deadline = time.monotonic() + 30
    while status is None and time.monotonic() < deadline:
        messages = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1).get("Messages", [])
        for message in messages:
            notification = json.loads(json.loads(message["Body"])["Message"])
            if notification["JobId"] == job_id:
                status = notification["Status"]
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    labels: list[dict[str, Any]] = []
    kwargs = {"JobId": job_id, "MaxResults": 10, "SortBy": "TIMESTAMP"}
    while True:
        page = rekognition.get_label_detection(**kwargs)
        labels.extend(page["Labels"])
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    return str(status), labels


# ---------------------------------------------------------------------------------------------
# The harness: moto for S3/SNS/SQS, ``python -m rekog local serve`` for Rekognition.
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{server._server.server_port}"  # noqa: SLF001 (port 0 chosen by the OS)
    finally:
        server.stop()


@contextmanager
def rekog_local_serve(*args: str) -> Iterator[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen(
        [sys.executable, "-m", "rekog", "local", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("rekog.local listening on http://127.0.0.1:"), line
        yield line.rsplit(" ", 1)[1].strip()
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=15)


def test_labels_and_moderation_pipeline_with_plain_boto3() -> None:
    images = {
        "dog.png": make_scene(
            labels=[
                {
                    "name": "Dog",
                    "confidence": 97,
                    "instances": [{"Left": 0.2, "Top": 0.2, "Width": 0.5, "Height": 0.5}],
                }
            ]
        ),
        "party.jpg": make_scene(["alice", "bob"], format="JPEG"),
        "smoker.png": make_scene(["carol"], labels=["Person"], moderation=["Smoking"]),
        "portrait.png": make_face_image("dave"),
    }
    with rekog_local_serve("--seed", "1") as endpoint:
        rekognition = boto3.client("rekognition", endpoint_url=endpoint, **AWS)
        decisions = triage_images(rekognition, images)
    assert decisions["dog.png"] == {
        "tags": ["Animal", "Canine", "Dog", "Mammal", "Pet"],
        "boxes": 1,
        "publish": True,
        "reasons": [],
    }
    assert decisions["party.jpg"]["tags"] == ["Face", "Head", "Person"]
    assert decisions["party.jpg"]["boxes"] == 4  # two faces, two persons
    assert decisions["smoker.png"] == {
        "tags": ["Person"],
        "boxes": 0,
        "publish": False,
        "reasons": ["Drugs & Tobacco"],
    }
    assert decisions["portrait.png"]["publish"] is True


def test_video_label_detection_pipeline_with_plain_boto3(moto_endpoint: str) -> None:
    s3 = boto3.client("s3", endpoint_url=moto_endpoint, **AWS)
    sns = boto3.client("sns", endpoint_url=moto_endpoint, **AWS)
    sqs = boto3.client("sqs", endpoint_url=moto_endpoint, **AWS)
    s3.create_bucket(Bucket="user-videos")
    s3.put_object(
        Bucket="user-videos",
        Key="walk.mp4",
        Body=make_video(
            labels=[
                VideoItem("Dog", from_ms=0, to_ms=10_000, every_ms=1000, confidence=93.0),
                VideoItem("Bicycle", timestamps=[2000, 7000], confidence=88.0),
            ],
            duration_ms=10_000,
        ),
    )
    with rekog_local_serve(
        "--job-seconds",
        "0.3",
        "--s3-endpoint-url",
        moto_endpoint,
        "--sns-endpoint-url",
        moto_endpoint,
    ) as endpoint:
        rekognition = boto3.client("rekognition", endpoint_url=endpoint, **AWS)
        status, labels = detect_video_labels(rekognition, sns, sqs, "user-videos", "walk.mp4")
    assert status == "SUCCEEDED"
    # Dog (+ Animal, Canine, Mammal, Pet) at 10 timestamps, Bicycle (+ Transportation, Vehicle) at 2
    assert len(labels) == 10 * 5 + 2 * 3
    assert [x["Timestamp"] for x in labels] == sorted(x["Timestamp"] for x in labels)
    assert {x["Label"]["Name"] for x in labels if x["Timestamp"] == 2000} == {
        "Dog",
        "Animal",
        "Canine",
        "Mammal",
        "Pet",
        "Bicycle",
        "Transportation",
        "Vehicle",
    }
