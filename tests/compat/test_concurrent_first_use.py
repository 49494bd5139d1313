"""Threads that use rekog's models for the first time together, in a fresh process.

A Dask worker process or a bulk run starts several threads that each build the same request
and response models on first use. pydantic before 2.11.5 let such threads see a half-built
model (spurious "Extra inputs are not permitted", "BaseModel cannot be instantiated
directly"): on 2.11.0 this test failed in every run. The barrier makes the threads start
together; nothing depends on timing.
"""

from __future__ import annotations

import json
import subprocess
import sys

THREADS = 8

SCRIPT = f"""
import collections, json, threading
from rekog import Rekognition
from rekog.local import LocalRekognition, make_face_image

image = make_face_image("alice")
rk = Rekognition(client=LocalRekognition().client())
errors = collections.Counter()
barrier = threading.Barrier({THREADS})

def work():
    barrier.wait()
    try:
        rk.detect_labels(image=image)
    except Exception as error:
        errors[type(error).__name__ + ": " + str(error).splitlines()[0]] += 1

threads = [threading.Thread(target=work) for _ in range({THREADS})]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps(dict(errors)))
"""


def test_first_use_from_many_threads_at_once() -> None:
    for _ in range(3):  # a fresh process each time: the models are built again
        run = subprocess.run(
            [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
        )
        assert json.loads(run.stdout.strip().splitlines()[-1]) == {}
