"""rekog vs raw boto3, side by side in one run: cold start, small/medium/large calls, memory.

    python benchmarks/perf_table.py [--cold-runs 15] [--rounds 15] [--only cold|warm|memory]
                                    [--check]

What users pay, measured the way they pay it:

- cold start: whole fresh processes (as an AWS Lambda cold start), each command alternating
  with its boto3 twin round after round; the ratio is the median of the rounds' ratios (the
  medians of each side are shown beside it); once in this virtualenv, and
  once more from a Lambda-style package directory holding only the runtime distributions
  (``_package_dir.py``: pydantic's first model scans every installed distribution);
- warm calls: the same canned responses served from 127.0.0.1 (by a child process, as a
  real endpoint is not on the caller's CPU) to three clients -- stock boto3, boto3 *tuned*
  like the client rekog creates (parameter validation off, one attempt, no retry handler,
  the User-Agent built once; for large bodies also rekog's collector setting while parsing)
  and rekog --
  in blocks whose order rotates every round; each ratio is the median of the rounds' own
  ratios. Small (``CreateCollection``, also with the network cut out), medium
  (``DetectText``, 100 detections) and large (``GetFaceSearch``, 1000 persons: a light
  page of 1.1 MB, and a full page of 3.7 MB whose faces carry every attribute), each large
  page also read to the end;
- memory held: bytes a 1000-person page keeps alive as rekog models vs as botocore dicts
  (tracemalloc, after a warm-up call and a full collection), light and full, as parsed and
  after every person was read; and the bytes one instance of the small shapes holds.

Every ratio is rekog / boto3 (lower is better). The targets are those of the performance
issue, each on the ratio it names (stock or tuned boto3); ``--check`` exits 1 if any is
missed (the default always exits 0: the machines are noisy, so this is a report, not a test).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from _package_dir import build_package_dir  # noqa: E402
from _stub_service import CREATE_COLLECTION, SpawnedStubService  # noqa: E402


@dataclass
class Row:
    """One line of the table: a rekog measurement against its boto3 twins.

    ``ratio`` is rekog / stock boto3 and ``tuned_ratio`` rekog / boto3 tuned like the client
    rekog creates; where the sides were measured in paired rounds, each is the median of the
    rounds' own ratios, else the quotient of the two values.
    """

    metric: str
    boto3: float
    rekog: float
    unit: str
    target: float | None
    #: The median of per-round ratios rekog / stock boto3, where rounds were paired.
    paired_ratio: float | None = None
    #: boto3 tuned like rekog's botocore (see :func:`tuned_boto3_client`), where measured.
    tuned: float | None = None
    paired_tuned_ratio: float | None = None
    #: Which ratio the target applies to: "boto3" (stock) or "tuned".
    target_on: str = "boto3"

    @property
    def ratio(self) -> float:
        if self.paired_ratio is not None:
            return self.paired_ratio
        return self.rekog / self.boto3

    @property
    def tuned_ratio(self) -> float | None:
        if self.paired_tuned_ratio is not None:
            return self.paired_tuned_ratio
        if self.tuned is None:
            return None
        return self.rekog / self.tuned

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        ratio = self.tuned_ratio if self.target_on == "tuned" else self.ratio
        return "ok" if ratio is not None and ratio <= self.target else "MISSED"


# -- cold start ------------------------------------------------------------------------------

# One first small call three ways: boto3, rekog, and botocore with one trivial pydantic model.
_BOTO3_FIRST_CALL = (
    "import boto3\nc = boto3.client('rekognition', endpoint_url='{url}')\nc.list_collections()"
)
_REKOG_FIRST_CALL = (
    "from rekog import Rekognition\nrk = Rekognition(endpoint_url='{url}')\nrk.list_collections()"
)
_FLOOR_FIRST_CALL = (
    "import botocore.session\nfrom pydantic import BaseModel\n"
    "c = botocore.session.Session().create_client('rekognition', endpoint_url='{url}')\n"
    "class Page(BaseModel):\n    CollectionIds: list[str] = []\n"
    "Page.model_validate(c.list_collections())"
)

COLD_PAIRS: list[tuple[str, str, str, float | None]] = [
    (
        "import: `from rekog import Rekognition` vs `import boto3`",
        "import boto3",
        "from rekog import Rekognition",
        1.3,
    ),
    (
        "import + client + first small call (fresh process)",
        _BOTO3_FIRST_CALL,
        _REKOG_FIRST_CALL,
        1.3,
    ),
    (
        # Not rekog: what any pydantic-based layer over botocore pays at least -- pydantic's
        # import, its plugin scan and schema machinery on the first model (see the docs).
        "floor: that first call via botocore + one trivial pydantic model, no rekog",
        _BOTO3_FIRST_CALL,
        _FLOOR_FIRST_CALL,
        None,
    ),
    (
        # rekog against that floor directly (the floor's time in the boto3 column): what rekog
        # itself adds to a first call, free of the drift between rows.
        "  rekog's first call vs that floor (floor in the boto3 column)",
        _FLOOR_FIRST_CALL,
        _REKOG_FIRST_CALL,
        None,
    ),
    (
        "import + client + first large call (fresh process)",
        "import boto3\n"
        "c = boto3.client('rekognition', endpoint_url='{url}')\n"
        "c.get_face_search(JobId='j')",
        "from rekog import Rekognition\n"
        "rk = Rekognition(endpoint_url='{url}')\n"
        "rk.get_face_search(job_id='j')",
        None,
    ),
]


def _run_fresh(code: str, package: Path | None = None) -> float:
    """Wall time of a fresh interpreter running ``code``.

    With ``package``, the interpreter starts without site-packages (``-S``) and imports the
    third-party code from that directory only, as a Lambda function imports its package.
    """
    command = [sys.executable, "-c", code]
    cwd = ROOT
    if package is not None:
        command = [
            sys.executable,
            "-S",
            "-c",
            f"import sys; sys.path.insert(0, {str(package)!r})\n{code}",
        ]
        cwd = package
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True)
    return time.perf_counter() - start


def _compile_rekog() -> None:
    # A pip install writes every module's bytecode, and boto3's here was installed that way;
    # a checkout has none, and with PYTHONDONTWRITEBYTECODE set (as on CI machines) every fresh
    # process would compile rekog from source. Compile it once, as an install would.
    # Compiled in a child run where the cold runs run, so it is the rekog they will import.
    _run_fresh(
        "import compileall, os, rekog\n"
        "compileall.compile_dir(os.path.dirname(rekog.__file__), quiet=1)"
    )


def _cold_row(
    metric: str, pair: list[str], runs: int, target: float | None, package: Path | None = None
) -> Row:
    for code in pair:  # warm the file system and bytecode caches
        _run_fresh(code, package)
    times: list[list[float]] = [[], []]
    for index in range(runs):
        order = (0, 1) if index % 2 == 0 else (1, 0)
        for side in order:
            times[side].append(_run_fresh(pair[side], package))
    # The ratio is the median of each round's ratio: the two runs of a round are neighbours,
    # so a slow minute on this shared machine slows both and cancels out.
    paired = statistics.median([rekog / boto3 for boto3, rekog in zip(*times, strict=True)])
    return Row(
        metric,
        statistics.median(times[0]) * 1000,
        statistics.median(times[1]) * 1000,
        "ms",
        target,
        paired_ratio=paired,
    )


def cold_rows(url: str, runs: int) -> list[Row]:
    _compile_rekog()
    rows = []
    for metric, boto3_code, rekog_code, target in COLD_PAIRS:
        pair = [boto3_code.format(url=url), rekog_code.format(url=url)]
        rows.append(_cold_row(metric, pair, runs, target))
    # The same first calls from a Lambda-style package: only the runtime distributions.
    with tempfile.TemporaryDirectory(prefix="rekog-package-") as tmp:
        package = Path(tmp)
        build_package_dir(package, ROOT)
        for metric, boto3_code, rekog_code, target in COLD_PAIRS[:4]:
            pair = [boto3_code.format(url=url), rekog_code.format(url=url)]
            rows.append(_cold_row(f"{metric}, Lambda-style package", pair, runs, target, package))
    return rows


# -- warm calls ------------------------------------------------------------------------------


def _alternate(
    calls: list[Callable[[], Any]], rounds: int, per_round: int
) -> tuple[list[float], list[list[float]]]:
    """Each call's median seconds per call, and the rounds' ratios of the last to each other.

    Calls run in blocks of ``per_round``, all of them in every round, the order rotating
    from round to round; a round's ratios compare neighbours, so a slow spell of this shared
    machine lands on both sides of a ratio instead of on one side of a median.
    """
    for _ in range(2):
        for call in calls:
            call()
    samples: list[list[float]] = [[] for _ in calls]
    for index in range(rounds):
        order = list(range(len(calls)))
        shift = index % len(calls)
        order = order[shift:] + order[:shift]
        if index // len(calls) % 2:
            order.reverse()
        for side in order:
            call = calls[side]
            start = time.perf_counter()
            for _ in range(per_round):
                call()
            samples[side].append((time.perf_counter() - start) / per_round)
    medians = [statistics.median(side) for side in samples]
    last = samples[-1]
    ratios = [[typed / other for other, typed in zip(side, last, strict=True)] for side in samples]
    return medians, ratios[:-1]


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def _canned_create_collection(request: Any, **_: Any) -> Any:
    """A ``before-send`` handler: answers ``CreateCollection`` of collection "offline"."""
    from botocore.awsrequest import AWSResponse

    if b'"offline"' not in (request.body or b""):
        return None  # send it
    from botocore.awsrequest import HTTPHeaders

    body = json.dumps(CREATE_COLLECTION).encode()
    headers = HTTPHeaders()  # the headers the service answers with
    headers["x-amzn-RequestId"] = "5b7e1cf4-2d5a-4c0e-9f0e-7d4f3b0a9c11"
    headers["Content-Type"] = "application/x-amz-json-1.1"
    headers["Content-Length"] = str(len(body))
    headers["Date"] = "Mon, 07 Dec 2026 12:00:00 GMT"
    return AWSResponse(request.url, 200, headers, _Body(body))


def tuned_boto3_client(url: str) -> Any:
    """A boto3 client given the botocore settings of the clients rekog creates.

    Parameter validation off and one attempt (``rekog._requests.OWNED_CLIENT_OPTIONS``), no
    retry handler and the User-Agent header built once per feature set
    (``rekog._requests.tune_botocore_client``): what is left between this client and rekog
    is rekog's own layer (validation, typed parsing, its retry loop).
    """
    import boto3
    from botocore.config import Config

    from rekog._requests import OWNED_CLIENT_OPTIONS, tune_botocore_client

    client = boto3.client("rekognition", endpoint_url=url, config=Config(**OWNED_CLIENT_OPTIONS))
    tune_botocore_client(client)
    return client


def _with_relaxed_gc(call: Callable[[], Any]) -> Callable[[], Any]:
    """``call`` under the collector setting rekog uses while it parses a large body."""
    from rekog._collector import relaxed

    def under_relaxed_gc() -> Any:
        with relaxed():
            return call()

    return under_relaxed_gc


def _validated_typed_call(client: Any) -> Callable[[], Any]:
    """``CreateCollection`` "offline" on ``client`` (one rekog created), validated and typed by
    the models' pydantic-core validators and serializer alone."""
    from rekog._parsing import RAW_BODY_KEY, built_model
    from rekog._requests import _request_codec

    validate, dump = _request_codec("CreateCollectionRequest")  # pydantic-core's own methods
    parse = built_model("CreateCollectionResponse").__pydantic_validator__.validate_json

    def call() -> Any:
        wire = dump(validate({"CollectionId": "offline"}), by_alias=True, exclude_unset=True)
        return parse(client.create_collection(**wire)[RAW_BODY_KEY])

    return call


def _touch_every_item(page: Any) -> Any:
    # What an application reading the whole page pays: every person and its nested members.
    for person in page.persons:
        face = person.person.face
        _ = face.bounding_box.width, face.landmarks[-1].x, person.face_matches[-1].similarity
    return page


def _touch_every_dict(page: dict[str, Any]) -> dict[str, Any]:
    for person in page["Persons"]:
        face = person["Person"]["Face"]
        _ = face["BoundingBox"]["Width"], face["Landmarks"][-1]["X"]
        _ = person["FaceMatches"][-1]["Similarity"]
    return page


def warm_rows(url: str, rounds: int) -> list[Row]:
    import boto3

    from rekog import Rekognition

    raw = boto3.client("rekognition", endpoint_url=url)
    tuned = tuned_boto3_client(url)
    typed = Rekognition(endpoint_url=url)
    Case = tuple[str, Callable[[Any], Any], Callable[[], Any], int, float | None, str, bool]
    large = 0.5
    cases: list[Case] = [
        (
            "small call: CreateCollection",
            lambda c: c.create_collection(CollectionId="bench"),
            lambda: typed.create_collection(collection_id="bench"),
            200,
            1.0,
            "boto3",
            False,
        ),
        (
            # The network cut out (a botocore ``before-send`` handler answers): what remains
            # is each SDK's own work (serialise, sign, validate, parse).
            "  the same, no network: the SDKs' own work",
            lambda c: c.create_collection(CollectionId="offline"),
            lambda: typed.create_collection(collection_id="offline"),
            500,
            1.0,
            "tuned",
            False,
        ),
        (
            # rekog's botocore client alone, no validation and no typing: its request
            # serializer and response parser in botocore's place (rekog._request_serializer,
            # rekog._raw_body_parser), the rest of botocore tuned as in the boto3 column.
            "  rekog's botocore client alone: its serializer and parser, no validation",
            lambda c: c.create_collection(CollectionId="offline"),
            lambda: typed.client.create_collection(CollectionId="offline"),
            500,
            None,
            "tuned",
            False,
        ),
        (
            # What a layer doing only what rekog's must -- validate the request, type the
            # response -- costs on that call: rekog's botocore client (its parser keeps the
            # body) between the request model's pydantic-core validator and serializer and the
            # response model's JSON validator, with none of rekog's own code in between.
            "  floor: tuned botocore + request validation + typed parse",
            lambda c: c.create_collection(CollectionId="offline"),
            _validated_typed_call(typed.client),
            500,
            None,
            "tuned",
            False,
        ),
        (
            "medium call: DetectText, 100 detections",
            lambda c: c.detect_text(
                Image={"S3Object": {"Bucket": "bench-bucket", "Name": "k.png"}}
            ),
            lambda: typed.detect_text(image="s3://bench-bucket/k.png"),
            50,
            None,
            "boto3",
            False,
        ),
        (
            "large call: GetFaceSearch, 1000 persons (light page)",
            lambda c: c.get_face_search(JobId="j"),
            lambda: typed.get_face_search(job_id="j"),
            1,
            large,
            "tuned",
            True,
        ),
        (
            "  the same, then every person read",
            lambda c: _touch_every_dict(c.get_face_search(JobId="j")),
            lambda: _touch_every_item(typed.get_face_search(job_id="j")),
            1,
            None,
            "tuned",
            True,
        ),
        (
            "large call: GetFaceSearch, 1000 persons (full page)",
            lambda c: c.get_face_search(JobId="full"),
            lambda: typed.get_face_search(job_id="full"),
            1,
            large,
            "tuned",
            True,
        ),
        (
            "  the same, then every person read",
            lambda c: _touch_every_dict(c.get_face_search(JobId="full")),
            lambda: _touch_every_item(typed.get_face_search(job_id="full")),
            1,
            None,
            "tuned",
            True,
        ),
    ]
    for client in (raw, tuned, typed.client):
        client.meta.events.register("before-send.rekognition", _canned_create_collection)
    rows = []
    for metric, boto3_call, typed_call, per_round, target, target_on, large_body in cases:
        stock_call = partial(boto3_call, raw)
        tuned_call = partial(boto3_call, tuned)
        if large_body:  # the collector setting rekog uses while parsing a large body
            tuned_call = _with_relaxed_gc(tuned_call)
        medians, ratios = _alternate([stock_call, tuned_call, typed_call], rounds, per_round)
        unit, scale = ("us", 1e6) if per_round > 1 else ("ms", 1e3)
        rows.append(
            Row(
                metric,
                medians[0] * scale,
                medians[2] * scale,
                unit,
                target,
                paired_ratio=statistics.median(ratios[0]),
                tuned=medians[1] * scale,
                paired_tuned_ratio=statistics.median(ratios[1]),
                target_on=target_on,
            )
        )
    return rows


# -- memory ----------------------------------------------------------------------------------


def _held_bytes(call: Callable[[], Any]) -> int:
    """Bytes still allocated after ``call()``, while its result is kept alive."""
    call()  # warm: schemas, caches and connection pools are not part of a page
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = call()
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    del result
    return held


def memory_rows(url: str) -> list[Row]:
    import boto3

    from rekog import Rekognition

    raw = boto3.client("rekognition", endpoint_url=url)
    typed = Rekognition(endpoint_url=url)
    rows = []
    for job, name, target in (("j", "light", None), ("full", "full", 1.2)):
        raw_held = _held_bytes(lambda: raw.get_face_search(JobId=job))  # noqa: B023
        typed_held = _held_bytes(lambda: typed.get_face_search(job_id=job))  # noqa: B023
        read_held = _held_bytes(
            lambda: _touch_every_item(typed.get_face_search(job_id=job))  # noqa: B023
        )
        rows += [
            Row(
                f"memory held: 1000-person {name} page, models vs dicts",
                raw_held / 1e6,
                typed_held / 1e6,
                "MB",
                target,
            ),
            Row(
                "  the same after every person was read",
                raw_held / 1e6,
                read_held / 1e6,
                "MB",
                None,
            ),
        ]
    return rows


def instance_rows() -> list[Row]:
    """Bytes one instance holds, model vs dict, for the shapes a page is made of."""
    from rekog import models

    samples: list[tuple[str, dict[str, Any]]] = [
        ("Landmark", {"Type": "eyeLeft", "X": 0.1, "Y": 0.2}),
        ("BoundingBox", {"Width": 0.1, "Height": 0.2, "Left": 0.3, "Top": 0.4}),
        ("Pose", {"Roll": 1.0, "Yaw": 2.0, "Pitch": 3.0}),
        ("Emotion", {"Type": "HAPPY", "Confidence": 99.0}),
    ]
    rows = []
    for name, data in samples:
        model = getattr(models, name).from_response(data)
        rows.append(
            Row(f"bytes per instance: {name}", _own_bytes(data), _own_bytes(model), "B", None)
        )
    return rows


def _own_bytes(value: Any) -> int:
    """Bytes of ``value`` and the containers that belong to it alone (not shared strings)."""
    if isinstance(value, dict):
        return sys.getsizeof(value)
    own = sys.getsizeof(value) + sys.getsizeof(value.__dict__)
    for slot in ("__pydantic_fields_set__", "__pydantic_extra__"):
        extra = getattr(value, slot, None)
        if extra is not None:
            own += sys.getsizeof(extra)
    return own


# -- report ----------------------------------------------------------------------------------


def print_table(rows: list[Row]) -> None:
    width = max(len(row.metric) for row in rows)
    print(
        f"{'metric':<{width}}  {'boto3':>10}  {'tuned':>10}  {'rekog':>10}  {'/boto3':>6}"
        f"  {'/tuned':>6}  {'target':>13}"
    )
    for row in rows:
        target = ""
        if row.target is not None:
            target = f"<= {row.target:.1f} {row.target_on}"
        tuned = f"{row.tuned:8.1f}{row.unit:>2}" if row.tuned is not None else ""
        tuned_ratio = row.tuned_ratio
        tuned_ratio_text = f"{tuned_ratio:5.2f}x" if tuned_ratio is not None else ""
        print(
            f"{row.metric:<{width}}  {row.boto3:8.1f}{row.unit:>2}  {tuned:>10}"
            f"  {row.rekog:8.1f}{row.unit:>2}  {row.ratio:5.2f}x  {tuned_ratio_text:>6}"
            f"  {target:>13}  {row.verdict}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-runs", type=int, default=15, help="fresh processes per command")
    parser.add_argument("--rounds", type=int, default=15, help="alternating rounds of warm calls")
    parser.add_argument("--skip-cold", action="store_true", help="only warm calls and memory")
    parser.add_argument(
        "--only", choices=("cold", "warm", "memory"), help="only this part of the table"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    if args.cold_runs < 1 or args.rounds < 1:
        parser.error("--cold-runs and --rounds must be at least 1")

    service = SpawnedStubService()
    try:
        parts = {args.only} if args.only else {"cold", "warm", "memory"}
        if args.skip_cold:
            parts.discard("cold")
        rows = []
        if "cold" in parts:
            rows += cold_rows(service.endpoint_url, args.cold_runs)
        if "warm" in parts:
            rows += warm_rows(service.endpoint_url, args.rounds)
        if "memory" in parts:
            rows += memory_rows(service.endpoint_url) + instance_rows()
    finally:
        service.close()
    print(
        f"rekog / boto3, medians and medians of paired per-round ratios ({sys.executable});"
        " tuned = boto3 with rekog's botocore settings"
    )
    print_table(rows)
    missed = [row.metric for row in rows if row.verdict == "MISSED"]
    print(f"targets missed: {len(missed)}" + (f" ({'; '.join(missed)})" if missed else ""))
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
