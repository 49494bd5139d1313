"""rekog's client against the local emulator: lifecycle, quotas and faults with retries."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.config import Config

from rekog import Rekognition, RetryPolicy
from rekog.errors import (
    ConflictException,
    OutcomeUnknownError,
    ProvisionedThroughputExceededException,
    ResourceAlreadyExistsException,
    ResourceNotFoundException,
    ServiceError,
)
from rekog.local import (
    DUMMY_CREDENTIALS,
    FaultConfig,
    LocalRekognition,
    ManualClock,
    make_face_image,
    serve,
)
from rekog.models import UserStatus

COLLECTION = "people"


def in_process(emulator: LocalRekognition, retry: RetryPolicy | None = None) -> Rekognition:
    session = boto3.Session(**DUMMY_CREDENTIALS, region_name="us-east-1")
    rk = Rekognition(session=session, retry=retry)
    emulator.attach(rk.client)
    return rk


def lifecycle(rk: Rekognition) -> None:
    created = rk.create_collection(collection_id=COLLECTION)
    assert created.face_model_version and created.status_code == 200
    with pytest.raises(ResourceAlreadyExistsException):
        rk.create_collection(collection_id=COLLECTION)
    face_ids = []
    for variant in range(3):
        indexed = rk.index_faces(
            collection_id=COLLECTION,
            image=make_face_image("alice", variant=variant),
            external_image_id="alice",
        )
        face_ids += [r.face.face_id for r in indexed.face_records if r.face and r.face.face_id]
    indexed = rk.index_faces(
        collection_id=COLLECTION, image=make_face_image("bob"), external_image_id="bob"
    )
    assert len(face_ids) == 3 and len(indexed.face_records) == 1
    assert len(list(rk.paginate.list_faces(collection_id=COLLECTION, max_results=2))) == 4
    rk.create_user(collection_id=COLLECTION, user_id="alice")
    with pytest.raises(ConflictException):
        rk.create_user(collection_id=COLLECTION, user_id="alice")
    associated = rk.associate_faces(collection_id=COLLECTION, user_id="alice", face_ids=face_ids)
    assert {f.face_id for f in associated.associated_faces} == set(face_ids)
    users = list(rk.paginate.list_users(collection_id=COLLECTION))
    assert [u.user_id for u in users] == ["alice"]
    assert users[0].user_status in (UserStatus.ACTIVE, UserStatus.UPDATING)
    found = rk.search_users_by_image(
        collection_id=COLLECTION, image=make_face_image("alice", variant=9, format="JPEG")
    )
    assert found.user_matches[0].user is not None and found.user_matches[0].user.user_id == "alice"
    by_face = rk.search_faces(collection_id=COLLECTION, face_id=face_ids[0])
    assert {m.face.face_id for m in by_face.face_matches if m.face} == set(face_ids[1:])
    by_user = rk.search_users(collection_id=COLLECTION, user_id="alice")
    assert by_user.user_matches == [] or by_user.user_matches[0].user is not None
    rk.disassociate_faces(collection_id=COLLECTION, user_id="alice", face_ids=face_ids[:1])
    rk.delete_user(collection_id=COLLECTION, user_id="alice")
    rk.delete_collection(collection_id=COLLECTION)
    with pytest.raises(ResourceNotFoundException):
        rk.describe_collection(collection_id=COLLECTION)


def test_lifecycle_in_process() -> None:
    with LocalRekognition(job_seconds=0) as emulator:
        lifecycle(in_process(emulator))


def test_lifecycle_over_http() -> None:
    with serve(port=0, job_seconds=0) as server:
        session = boto3.Session(**DUMMY_CREDENTIALS, region_name="us-east-1")
        lifecycle(Rekognition(session=session, endpoint_url=server.endpoint_url))


@pytest.fixture
def quota_emulator() -> Iterator[tuple[LocalRekognition, ManualClock]]:
    clock = ManualClock()
    with LocalRekognition(
        clock=clock, job_seconds=0, faults=FaultConfig(tps={"ListCollections": 5})
    ) as emulator:
        yield emulator, clock


def test_above_quota_calls_are_throttled_without_retries(
    quota_emulator: tuple[LocalRekognition, ManualClock],
) -> None:
    emulator, _ = quota_emulator
    rk = in_process(emulator, RetryPolicy.none())
    outcomes = []
    for _ in range(20):  # all within one emulated second
        try:
            rk.list_collections()
            outcomes.append("ok")
        except ProvisionedThroughputExceededException:
            outcomes.append("throttled")
    assert outcomes.count("ok") == 5 and outcomes.count("throttled") == 15


def test_above_quota_calls_all_succeed_with_rekogs_retries(
    quota_emulator: tuple[LocalRekognition, ManualClock],
) -> None:
    emulator, clock = quota_emulator
    # rekog's backoff sleeps on the emulator's clock: no real waiting.
    policy = RetryPolicy(
        max_attempts=20, initial=0.2, maximum=2.0, deadline=None, sleep=clock.sleep, clock=clock.now
    )
    rk = in_process(emulator, policy)
    results = [rk.list_collections() for _ in range(20)]
    assert len(results) == 20


def index_once(rk: Rekognition, person: str) -> None:
    """IndexFaces is never repeated blindly: on an unknown outcome, check, then index."""
    while True:
        try:
            rk.index_faces(
                collection_id=COLLECTION,
                image=make_face_image(person),
                external_image_id=person,
                max_faces=1,
            )
            return
        except OutcomeUnknownError:
            # The documented check: is a face with this ExternalImageId there already?
            if any(
                f.external_image_id == person
                for f in rk.paginate.list_faces(collection_id=COLLECTION)
            ):
                return


def test_twenty_percent_faults_lose_nothing_with_rekogs_retries() -> None:
    clock = ManualClock()
    faults = FaultConfig.with_fault_rate(0.2, seed=7)
    with LocalRekognition(clock=clock, job_seconds=0, faults=faults) as emulator:
        policy = RetryPolicy(
            max_attempts=12,
            initial=0.05,
            maximum=1.0,
            deadline=None,
            sleep=clock.sleep,
            clock=clock.now,
        )
        rk = in_process(emulator, policy)
        rk.create_collection(collection_id=COLLECTION)
        people = [f"person-{i}" for i in range(30)]
        for person in people:
            index_once(rk, person)
        for person in people:
            rk.create_user(collection_id=COLLECTION, user_id=person)
        faces = list(rk.paginate.list_faces(collection_id=COLLECTION, max_results=7))
        users = list(rk.paginate.list_users(collection_id=COLLECTION, max_results=7))
        assert sorted(f.external_image_id or "" for f in faces) == sorted(people)
        assert sorted(u.user_id or "" for u in users) == sorted(people)
        assert emulator.faults is not None
        injected = {what for _, what in emulator.faults.history}
        calls = 1 + 2 * len(people) + 2 * 5
        # Faults really happened (about 20% of the calls), and of every kind configured.
        assert len(emulator.faults.history) >= calls // 10
        assert {"ThrottlingException", "InternalServerError"} <= injected and len(injected) >= 3


def test_faults_hit_a_client_without_retries() -> None:
    faults = FaultConfig.with_fault_rate(0.2, seed=7)
    with LocalRekognition(job_seconds=0, faults=faults) as emulator:
        client = boto3.client(
            "rekognition",
            region_name="us-east-1",
            config=Config(retries={"total_max_attempts": 1}),
            **DUMMY_CREDENTIALS,
        )
        emulator.attach(client)
        rk = Rekognition(client=client, retry=RetryPolicy.none())
        failures = 0
        for _ in range(60):
            try:
                rk.list_collections()
            except ServiceError:
                failures += 1
            except Exception:  # noqa: BLE001 (a dropped connection surfaces as botocore's error)
                failures += 1
        assert 3 <= failures <= 25  # about 20% of 60, deterministic for the seed
