"""Typed async usage checked by ``mypy --strict`` and ``pyright`` (tests/aio/test_typing.py);
never executed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from rekog import AsyncRekognition, InvalidRequestError, RetryPolicy, ServiceError
from rekog.aio import AsyncPager, AsyncVideoJob
from rekog.bulk import AsyncBulkRun
from rekog.errors import ResourceNotFoundException
from rekog.models import (
    DetectProtectiveEquipmentResponse,
    DetectTextResponse,
    Face,
    GetFaceSearchResponse,
    ListFacesResponse,
    PersonMatch,
    TextTypes,
)


async def lines(rk: AsyncRekognition, photo: Path) -> list[str]:
    result: DetectTextResponse = await rk.detect_text(image=photo)
    return [
        t.detected_text
        for t in result.text_detections
        if t.type is TextTypes.LINE and t.detected_text is not None
    ]


async def faces(rk: AsyncRekognition) -> list[str]:
    pager: AsyncPager[ListFacesResponse, Face] = rk.paginate.list_faces(
        collection_id="people", max_results=100, max_items=1000
    )
    ids: list[str] = []
    async for face in pager:
        if face.face_id is not None:
            ids.append(face.face_id)
    async for page in pager.pages():
        token: str | None = page.next_token
        del token
    resume: str | None = pager.resume_token
    del resume
    return ids


async def video(rk: AsyncRekognition) -> int:
    job: AsyncVideoJob[GetFaceSearchResponse, PersonMatch] = await rk.jobs.start_face_search(
        video="s3://videos/door.mp4", collection_id="people"
    )
    await job.wait(timeout=600)
    await job.wait_for_notification("https://sqs.eu-west-1.amazonaws.com/1/q", timeout=60)
    total = 0
    async for person in job.results(page_size=1000):
        timestamp: int | None = person.timestamp
        total += timestamp or 0
    first: GetFaceSearchResponse = await job.results().first_page()
    again = rk.jobs.face_search(job.job_id)
    status: str = await again.status()
    return total + len(first.persons) + len(status)


async def errors(rk: AsyncRekognition) -> str:
    try:
        await rk.describe_collection(collection_id="people")
    except ResourceNotFoundException as error:
        return error.code
    except ServiceError as error:
        return str(error.status_code)
    except InvalidRequestError as error:
        return error.parameter
    return ""


async def bulk(rk: AsyncRekognition, photos: list[Path]) -> int:
    run: AsyncBulkRun[Any, DetectProtectiveEquipmentResponse] = rk.bulk.detect_protective_equipment(
        photos, concurrency=4
    )
    persons = 0
    async for outcome in run:
        if outcome.result is not None:
            persons += len(outcome.result.persons)
    labels = rk.bulk.detect_custom_labels(photos, project_version_arn="arn:aws:rekognition:x")
    async for labelled in labels:
        if labelled.result is not None:
            persons += len(labelled.result.custom_labels)
    celebrities = await rk.bulk.recognize_celebrities(photos).run()
    return persons + celebrities.succeeded


async def main() -> None:
    async with AsyncRekognition(region="eu-west-1", retry=RetryPolicy(max_attempts=3)) as rk:
        results = await asyncio.gather(*(lines(rk, Path(f"{i}.jpg")) for i in range(3)))
        print(results, await faces(rk), await video(rk), await errors(rk), await bulk(rk, []))
