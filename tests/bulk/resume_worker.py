"""A bulk run in its own process, for the kill-and-resume test: prints one line per outcome."""

from __future__ import annotations

import sys
from pathlib import Path

import boto3

from rekog import Rekognition
from rekog.local import DUMMY_CREDENTIALS


def main(endpoint_url: str, folder: str, checkpoint: str) -> int:
    session = boto3.Session(**DUMMY_CREDENTIALS, region_name="us-east-1")
    rk = Rekognition(session=session, endpoint_url=endpoint_url)
    paths = sorted(Path(folder).glob("*.png"))
    run = rk.bulk.index_faces(
        paths, collection_id="staff", checkpoint=checkpoint, concurrency=4, rate=12
    )
    for outcome in run:
        state = (
            "skipped" if outcome.skipped else ("ok" if outcome.ok else f"failed {outcome.error}")
        )
        print(state, outcome.key, flush=True)
    print("summary", run.summary.succeeded, run.summary.failed, run.summary.skipped, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
