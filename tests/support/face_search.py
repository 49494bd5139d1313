"""A stub GetFaceSearch job for client tests of pagers and job handles, sync and async."""

from __future__ import annotations

from typing import Any

from rekog import PollPolicy

from .stub_server import Reply

TOTAL = 2500
FAST_POLL = PollPolicy(initial=0.001, multiplier=2.0, maximum=0.004)


def face_search_responder(status_sequence: list[str]) -> Any:
    """Answers GetFaceSearch in pages of MaxResults, after the given job statuses."""
    statuses = list(status_sequence)

    def respond(operation: str, body: dict[str, Any]) -> Reply:
        if operation == "StartFaceSearch":
            return Reply(body={"JobId": "job-1"})
        status = statuses.pop(0) if len(statuses) > 1 else statuses[0]
        if status != "SUCCEEDED":
            return Reply(
                body={
                    "JobStatus": status,
                    "StatusMessage": "video unreadable" if status == "FAILED" else None,
                }
            )
        size = body.get("MaxResults", 1000)
        start = int(body.get("NextToken", "0"))
        end = min(start + size, TOTAL)
        page: dict[str, Any] = {
            "JobStatus": "SUCCEEDED",
            "VideoMetadata": {"DurationMillis": 100000, "FrameRate": 25.0},
            "Persons": [
                {"Timestamp": i * 40, "Person": {"Index": i % 3}} for i in range(start, end)
            ],
        }
        if end < TOTAL:
            page["NextToken"] = str(end)
        return Reply(body=page)

    return respond
