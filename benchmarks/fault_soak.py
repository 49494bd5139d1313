"""Fault soak: many threads, 20 % faults (drops after processing included), no duplicates.

    python benchmarks/fault_soak.py [--calls 6000] [--threads 8] [--seed 1] [--in-process]
                                    [--blind-retries]

Runs a mix of operations through rekog's client against the local emulator (over HTTP by
default) with ``FaultConfig`` injecting 5 % each of: dropped connections before processing,
dropped connections *after* processing (the work is done, the answer lost), throttling and
internal errors. Then it counts, from the emulator's own state:

- duplicated faces (one ``ExternalImageId`` per ``IndexFaces`` call, so >1 face is a repeat),
- duplicated users, collections and video jobs (one video key per ``Start*`` call),
- calls that failed without a typed, documented reason (anything but ``OutcomeUnknownError``,
  ``ConnectionFailedError`` or a throttling/5xx ``ServiceError`` after the retries, e.g. a
  spurious ``ResourceAlreadyExistsException`` from a retried create).

An ``IndexFaces`` ending in ``OutcomeUnknownError`` is followed by the documented check (list
the faces, look for the ``ExternalImageId``) and indexed again only when absent, as a user
would. Prints the counts; the exit status is 1 when a duplicate or an undocumented failure
was seen. ``tests/soak`` runs a bounded version of the same soak.

``--blind-retries`` retries every operation as rekog did before its retry rules (for
comparison: that is what produced duplicated faces and spurious "already exists").
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import boto3  # noqa: E402

from rekog import Rekognition, RetryPolicy, ServiceError  # noqa: E402
from rekog.errors import ConnectionFailedError, OutcomeUnknownError  # noqa: E402
from rekog.local import (  # noqa: E402
    DUMMY_CREDENTIALS,
    FaultConfig,
    LocalRekognition,
    make_face_image,
    make_video,
    serve,
)

FACES = "soak-faces"
DOCUMENTED_CODES = frozenset(
    {
        "ThrottlingException",
        "ProvisionedThroughputExceededException",
        "InternalServerError",
        "LimitExceededException",
    }
)
# Operation mix: (name, weight).
MIX = (
    ("create_collection", 3),
    ("delete_collection", 2),
    ("index_faces", 5),
    ("create_user", 3),
    ("start_job", 2),
    ("detect_faces", 2),
    ("search_faces_by_image", 1),
    ("list_faces", 1),
    ("describe_collection", 1),
)


@dataclass
class SoakResult:
    """What a soak did and what it found."""

    calls: int = 0
    ok: int = 0
    recovered_unknown: int = 0  # IndexFaces outcome unknown, then checked (and redone if absent)
    documented_failures: Counter[str] = field(default_factory=Counter)
    undocumented_failures: Counter[str] = field(default_factory=Counter)
    injected: Counter[str] = field(default_factory=Counter)
    duplicated_faces: int = 0
    lost_faces: int = 0
    duplicated_users: int = 0
    duplicated_collections: int = 0
    duplicated_jobs: int = 0
    seconds: float = 0.0

    @property
    def clean(self) -> bool:
        """No duplicate of anything, no loss, no undocumented failure."""
        return not (
            self.duplicated_faces
            or self.lost_faces
            or self.duplicated_users
            or self.duplicated_collections
            or self.duplicated_jobs
            or self.undocumented_failures
        )

    def report(self) -> str:
        """The counts, one per line."""
        injected = sum(self.injected.values())
        lines = [
            f"calls                      {self.calls} in {self.seconds:.1f}s",
            f"faults injected            {injected} ({injected / max(1, self.calls):.1%} of "
            f"calls incl. retries/checks): {dict(sorted(self.injected.items()))}",
            f"succeeded                  {self.ok}",
            f"IndexFaces outcome unknown {self.recovered_unknown} (checked, redone if absent)",
            f"documented failures        {sum(self.documented_failures.values())} "
            f"{dict(self.documented_failures)}",
            f"undocumented failures      {sum(self.undocumented_failures.values())} "
            f"{dict(self.undocumented_failures)}",
            f"duplicated faces           {self.duplicated_faces}",
            f"lost faces                 {self.lost_faces}",
            f"duplicated users           {self.duplicated_users}",
            f"duplicated collections     {self.duplicated_collections}",
            f"duplicated jobs            {self.duplicated_jobs}",
        ]
        return "\n".join(lines)


@contextmanager
def _client_on(emulator: LocalRekognition, in_process: bool) -> Iterator[Rekognition]:
    session = boto3.Session(**DUMMY_CREDENTIALS, region_name="us-east-1")
    policy = RetryPolicy(
        max_attempts=6,
        initial=0.005,
        maximum=0.1,
        deadline=None,
        limit_exceeded_initial=0.05,
        limit_exceeded_maximum=0.2,
    )
    if in_process:
        rk = Rekognition(session=session, retry=policy)
        emulator.attach(rk.client)
        yield rk
        return
    with serve(emulator=emulator) as server:
        with Rekognition(session=session, endpoint_url=server.endpoint_url, retry=policy) as rk:
            yield rk


class _Worker:
    def __init__(self, rk: Rekognition, number: int, seed: int, images: list[bytes]) -> None:
        self.rk = rk
        self.number = number
        self.random = random.Random(seed * 1000 + number)
        self.images = images
        self.mine: list[str] = []  # collections this worker created and may delete
        self.indexed: set[str] = set()  # ExternalImageIds known to be indexed
        self.jobs: list[str] = []

    def run(self, calls: int, result: SoakResult, lock: threading.Lock) -> None:
        names = [name for name, _ in MIX]
        weights = [weight for _, weight in MIX]
        for i in range(calls):
            name = self.random.choices(names, weights)[0]
            key = f"w{self.number}-{i}"
            try:
                getattr(self, name)(key)
                outcome = "ok"
            except OutcomeUnknownError as error:
                outcome = f"documented:OutcomeUnknownError:{error.operation}"
            except ConnectionFailedError as error:
                outcome = f"documented:{type(error).__name__}:{error.operation}"
            except ServiceError as error:
                kind = "documented" if error.code in DOCUMENTED_CODES else "undocumented"
                outcome = f"{kind}:{error.code}:{error.operation}"
            except Exception as error:  # noqa: BLE001 (the soak counts every escape)
                outcome = f"undocumented:{type(error).__name__}"
            with lock:
                result.calls += 1
                if outcome == "ok":
                    result.ok += 1
                elif outcome.startswith("documented:"):
                    result.documented_failures[outcome.split(":", 1)[1]] += 1
                else:
                    result.undocumented_failures[outcome.split(":", 1)[1]] += 1

    # -- the operations ----------------------------------------------------------------

    def create_collection(self, key: str) -> None:
        self.rk.create_collection(collection_id=f"soak-{key}")
        self.mine.append(f"soak-{key}")

    def delete_collection(self, key: str) -> None:
        if not self.mine:
            return self.create_collection(key)
        self.rk.delete_collection(collection_id=self.mine.pop(0))
        return None

    def index_faces(self, key: str) -> None:
        image = self.random.choice(self.images)
        try:
            self.rk.index_faces(
                collection_id=FACES, image=image, external_image_id=key, max_faces=1
            )
        except OutcomeUnknownError:
            # The documented check, then index only when the first attempt did not.
            self.result_unknown()
            while not self._has_face(key):
                try:
                    self.rk.index_faces(
                        collection_id=FACES, image=image, external_image_id=key, max_faces=1
                    )
                    break
                except OutcomeUnknownError:
                    continue
        self.indexed.add(key)

    def result_unknown(self) -> None:
        self.unknown = getattr(self, "unknown", 0) + 1

    def _has_face(self, key: str) -> bool:
        return any(
            face.external_image_id == key
            for face in self.rk.paginate.list_faces(collection_id=FACES, max_results=4096)
        )

    def create_user(self, key: str) -> None:
        self.rk.create_user(collection_id=FACES, user_id=f"user-{key}")

    def start_job(self, key: str) -> None:
        job = self.rk.jobs.start_text_detection(video=f"s3://soak-videos/{key}.mp4")
        self.jobs.append(job.job_id)

    def detect_faces(self, key: str) -> None:
        self.rk.detect_faces(image=self.random.choice(self.images))

    def search_faces_by_image(self, key: str) -> None:
        try:
            self.rk.search_faces_by_image(
                collection_id=FACES, image=self.random.choice(self.images), max_faces=5
            )
        except ServiceError as error:
            if error.code != "InvalidParameterException":  # no face in an empty collection
                raise

    def list_faces(self, key: str) -> None:
        list(self.rk.paginate.list_faces(collection_id=FACES, max_results=100, max_items=200))

    def describe_collection(self, key: str) -> None:
        self.rk.describe_collection(collection_id=FACES)


def run_soak(
    calls: int = 6000,
    threads: int = 8,
    seed: int = 1,
    *,
    in_process: bool = False,
    fault_share: float = 0.05,
    progress: Callable[[str], None] | None = None,
) -> SoakResult:
    """Run the soak; return the counts (see the module docstring)."""
    faults = FaultConfig(
        seed=seed,
        drop_rate=fault_share,
        drop_after_rate=fault_share,
        throttle_rate=fault_share,
        error_rate=fault_share,
    )
    images = [make_face_image(f"person-{i}", size=(80, 80)) for i in range(12)]
    result = SoakResult()
    lock = threading.Lock()
    started = time.perf_counter()
    with LocalRekognition(job_seconds=0, faults=faults, max_concurrent_jobs=10_000) as emulator:
        emulator.call("CreateCollection", CollectionId=FACES)  # setup, without faults
        with _client_on(emulator, in_process) as rk:
            workers = [_Worker(rk, n, seed, images) for n in range(threads)]
            share = [calls // threads + (1 if n < calls % threads else 0) for n in range(threads)]
            video = make_video()  # every key a Start* may use exists (a missing one is refused)
            for n, count in enumerate(share):
                for i in range(count):
                    emulator.backend.put_object("soak-videos", f"w{n}-{i}.mp4", video)
            pool = [
                threading.Thread(target=w.run, args=(n, result, lock))
                for w, n in zip(workers, share, strict=True)
            ]
            for thread in pool:
                thread.start()
            for thread in pool:
                thread.join()
        result.seconds = time.perf_counter() - started
        result.recovered_unknown = sum(getattr(w, "unknown", 0) for w in workers)
        assert emulator.faults is not None
        result.injected = Counter(what for _, what in emulator.faults.history)
        _count_duplicates(emulator, workers, result)
    if progress is not None:
        progress(result.report())
    return result


def _count_duplicates(
    emulator: LocalRekognition, workers: list[_Worker], result: SoakResult
) -> None:
    faces = _all(emulator, "ListFaces", "Faces", CollectionId=FACES, MaxResults=4096)
    per_image = Counter(face.get("ExternalImageId") for face in faces)
    result.duplicated_faces = sum(count - 1 for count in per_image.values() if count > 1)
    indexed = set().union(*(w.indexed for w in workers))
    result.lost_faces = len(indexed - set(per_image))
    users = _all(emulator, "ListUsers", "Users", CollectionId=FACES, MaxResults=500)
    per_user = Counter(user["UserId"] for user in users)
    result.duplicated_users = sum(count - 1 for count in per_user.values() if count > 1)
    collections = _all(emulator, "ListCollections", "CollectionIds")
    result.duplicated_collections = len(collections) - len(set(collections))
    per_video = Counter(
        job.video["S3Object"]["Name"] for job in emulator.backend.state.jobs.values()
    )
    result.duplicated_jobs = sum(count - 1 for count in per_video.values() if count > 1)


def _all(emulator: LocalRekognition, operation: str, member: str, **params: Any) -> list[Any]:
    items: list[Any] = []
    token = None
    while True:
        page = emulator.call(operation, **params, **({"NextToken": token} if token else {}))
        items.extend(page[member])
        token = page.get("NextToken")
        if not token:
            return items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=6000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--in-process", action="store_true", help="no HTTP server")
    parser.add_argument(
        "--blind-retries", action="store_true", help="retry every operation (the old rule)"
    )
    args = parser.parse_args()
    if args.blind_retries:
        from rekog import idempotency

        for name in idempotency.RETRY_RULES:
            idempotency.RETRY_RULES[name] = idempotency.RetryRule(name, idempotency.Safety.READ)
    where = "in-process" if args.in_process else "over HTTP"
    rules = "blind retries" if args.blind_retries else "rekog's retry rules"
    print(f"fault soak: {args.calls} calls, {args.threads} threads, 20% faults, {where}, {rules}")
    result = run_soak(args.calls, args.threads, args.seed, in_process=args.in_process)
    print(result.report())
    print("CLEAN" if result.clean else "NOT CLEAN")
    return 0 if result.clean else 1


if __name__ == "__main__":
    sys.exit(main())
