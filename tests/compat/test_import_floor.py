"""pip refuses a botocore below the floor; a deployment that shadows it gets a clear error."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata


def declared_floor(name: str) -> str:
    for requirement in metadata.requires("rekog") or []:
        found = re.fullmatch(rf"{name}\s*>=\s*([\d.]+)", requirement.split(";")[0].strip())
        if found:
            return found.group(1)
    raise AssertionError(f"no floor declared for {name}")


def test_a_botocore_without_context_fails_at_import_naming_the_floor() -> None:
    # botocore.context.get_context is what the floor buys; take it away as an older botocore
    # would (botocore's own modules import the rest of botocore.context).
    code = (
        "import boto3, botocore.client, botocore.context as c; del c.get_context; "
        "import rekog._user_agent"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: rekog needs botocore >= ")
    assert f">= {declared_floor('botocore')}," in last
    assert "Lambda" in last


def test_boto3_and_botocore_floors_move_together() -> None:
    assert declared_floor("boto3") == declared_floor("botocore")
