"""S3, SNS and SQS on the emulator's own port (moto's server, mounted in-process)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from rekog.local import make_face_image, make_video
from rekog.local.emulator import dummy_session
from rekog.local.videos import VideoPerson

from .conftest import http_client
from .test_cli import rekog_serve


def clients(url: str) -> tuple[Any, Any, Any, Any]:
    session: Any = dummy_session()
    return (
        http_client(url),
        session.client("s3", endpoint_url=url),
        session.client("sns", endpoint_url=url),
        session.client("sqs", endpoint_url=url),
    )


def test_video_job_reads_s3_and_notifies_sqs_through_sns() -> None:
    with rekog_serve("--job-seconds", "0") as url:
        rekognition, s3, sns, sqs = clients(url)
        s3.create_bucket(Bucket="videos")
        video = make_video(persons=[VideoPerson(face="alice", timestamps=(0, 500))])
        s3.put_object(Bucket="videos", Key="lobby.mp4", Body=video)
        s3.put_object(Bucket="videos", Key="alice.png", Body=make_face_image("alice"))
        topic = sns.create_topic(Name="jobs")["TopicArn"]
        queue = sqs.create_queue(QueueName="jobs")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)

        rekognition.create_collection(CollectionId="staff")
        image = {"S3Object": {"Bucket": "videos", "Name": "alice.png"}}
        assert rekognition.index_faces(CollectionId="staff", Image=image)["FaceRecords"]
        job_id = rekognition.start_face_search(
            Video={"S3Object": {"Bucket": "videos", "Name": "lobby.mp4"}},
            CollectionId="staff",
            NotificationChannel={
                "SNSTopicArn": topic,
                "RoleArn": "arn:aws:iam::123456789012:role/r",
            },
        )["JobId"]

        deadline = time.monotonic() + 20
        messages: list[dict[str, Any]] = []
        while not messages and time.monotonic() < deadline:
            messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1).get("Messages", [])
        assert messages, "no completion message reached the queue"
        envelope = json.loads(messages[0]["Body"])
        completion = json.loads(envelope["Message"])
        assert (completion["JobId"], completion["Status"]) == (job_id, "SUCCEEDED")
        assert completion["Video"] == {"S3ObjectName": "lobby.mp4", "S3Bucket": "videos"}
        result = rekognition.get_face_search(JobId=job_id)
        assert result["JobStatus"] == "SUCCEEDED" and result["Persons"]


def test_no_aws_services_refuses_s3() -> None:
    with rekog_serve("--no-aws-services") as url:
        _, s3, _, _ = clients(url)
        try:
            s3.list_buckets()
        except s3.exceptions.ClientError as exc:
            assert exc.response["Error"]["Code"] == "InvalidRequest"
            assert "does not serve 's3'" in exc.response["Error"]["Message"]
        else:
            raise AssertionError("S3 was served with --no-aws-services")


def test_readme_video_example_runs_against_the_server(capsys: Any) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    marker = "# first, in a shell: rekog local serve --job-seconds 1\n"
    code = readme.split(marker, 1)[1].split("```", 1)[0]
    with rekog_serve("--job-seconds", "1") as url:
        exec(compile(code.replace("http://127.0.0.1:4566", url), "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(" ", 1)[0] for line in printed] == ["0", "500", "1000"]
