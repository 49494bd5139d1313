"""Typed usage checked by ``mypy --strict`` (tests/typecheck/test_typing.py); never executed."""

from __future__ import annotations

from pathlib import Path

from rekog import InvalidRequestError, Rekognition, RetryPolicy, ServiceError
from rekog.errors import ResourceNotFoundException
from rekog.models import (
    EmotionName,
    FaceDetail,
    GetFaceSearchResponse,
    SearchUsersByImageResponse,
    UnsearchedFaceReason,
)


def best_user(rk: Rekognition, photo: Path) -> str | None:
    result: SearchUsersByImageResponse = rk.search_users_by_image(
        collection_id="people", image=photo, max_users=1, quality_filter="AUTO"
    )
    for match in result.user_matches:
        similarity: float | None = match.similarity
        if match.user is not None and similarity is not None and similarity > 90:
            return match.user.user_id
    for unsearched in result.unsearched_faces:
        reasons: list[UnsearchedFaceReason] = unsearched.reasons
        if UnsearchedFaceReason.LOW_FACE_QUALITY in reasons:
            return None
    return None


def happy(face: FaceDetail) -> bool:
    return any(e.type is EmotionName.HAPPY and (e.confidence or 0) > 50 for e in face.emotions)


def persons(rk: Rekognition) -> int:
    page: GetFaceSearchResponse = rk.get_face_search(job_id="job-1", max_results=1000)
    width: float | None = page.persons[0].person.bounding_box.width if page.persons[0].person and page.persons[0].person.bounding_box else None
    duration: int | None = page.video_metadata.duration_millis if page.video_metadata else None
    return len(page.persons) + int(width or 0) + (duration or 0)


def errors(rk: Rekognition) -> str:
    try:
        rk.describe_collection(collection_id="people")
    except ResourceNotFoundException as error:
        return error.code + (error.request_id or "")
    except ServiceError as error:
        return str(error.status_code)
    except InvalidRequestError as error:
        return error.parameter
    return ""


client = Rekognition(region="eu-west-1", retry=RetryPolicy(max_attempts=3, deadline=30.0))
