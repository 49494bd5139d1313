"""Kill a bulk run half way (SIGKILL), rerun it: it finishes the rest, nothing indexed twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from rekog.bulk import Checkpoint, external_image_id, input_key
from rekog.bulk.checkpoint import OK, PENDING
from rekog.local import FaultConfig, make_face_image, serve

from .helpers import client_for

WORKER = Path(__file__).with_name("resume_worker.py")
COUNT = 40


def start_worker(endpoint: str, folder: Path, checkpoint: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, str(WORKER), endpoint, str(folder), str(checkpoint)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_then_rerun_indexes_each_input_once(tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    for number in range(COUNT):
        (folder / f"person-{number:03}.png").write_bytes(
            make_face_image(f"person{number}", size=(80, 80))
        )
    checkpoint = tmp_path / "run.db"
    faults = FaultConfig.with_fault_rate(0.1, seed=11, tps={"IndexFaces": 12})
    with serve(port=0, faults=faults) as server:
        rk = client_for(server.endpoint_url)
        rk.create_collection(collection_id="staff")

        first = start_worker(server.endpoint_url, folder, checkpoint)
        assert first.stdout is not None
        seen = 0
        for line in first.stdout:
            seen += line.startswith("ok ")
            if seen >= COUNT // 2:
                break
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=10)  # also closes its pipes (else: ResourceWarning)
        assert first.returncode == -signal.SIGKILL
        indexed_before = len(list(rk.paginate.list_faces(collection_id="staff")))
        assert COUNT // 2 <= indexed_before < COUNT  # killed half way

        second = start_worker(server.endpoint_url, folder, checkpoint)
        out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
        lines = out.splitlines()
        summary = lines[-1].split()
        succeeded, failed, skipped = map(int, summary[1:])
        assert failed == 0 and succeeded + skipped == COUNT
        assert skipped >= COUNT // 2  # the first run's work is not redone
        assert succeeded == COUNT - indexed_before  # exactly the rest is sent

        faces = list(rk.paginate.list_faces(collection_id="staff"))
        per_image = Counter(face.external_image_id for face in faces)
        assert len(faces) == COUNT and max(per_image.values()) == 1
        expected = {external_image_id(input_key(path)) for path in folder.glob("*.png")}
        assert set(per_image) == expected


def test_an_external_image_id_two_pending_inputs_share_proves_neither(tmp_path: Path) -> None:
    # The one place both resumes take their evidence from (tests/bulk/test_bulk_parity.py
    # runs the resume itself on both clients).
    with Checkpoint(tmp_path / "resume.db", scope="IndexFaces:staff") as checkpoint:
        checkpoint.mark("a.jpg", PENDING, "shared-id")
        checkpoint.mark("b.jpg", PENDING, "shared-id")
        checkpoint.mark("c.jpg", PENDING, "c-id")
        checkpoint.mark("d.jpg", OK, "d-id")
        assert checkpoint.pending_by_detail() == {"c-id": "c.jpg"}
