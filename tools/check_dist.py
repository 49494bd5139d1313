"""Check what a release carries: the wheel's licence and metadata, the sdist's test material.

    python tools/check_dist.py dist/rekog-0.1.0.tar.gz dist/rekog-0.1.0-py3-none-any.whl

twine checks that the metadata renders; this checks that it says what pyproject.toml promises
(licence file and expression, a classifier per supported Python, ``Typing :: Typed``, the
``py.typed`` marker, the models' stub) and that a distribution packager can run the tests from
the sdist.
"""

from __future__ import annotations

import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

PYTHONS = ("3.10", "3.11", "3.12", "3.13")
REQUIRED_CLASSIFIERS = (
    "Typing :: Typed",
    "Operating System :: OS Independent",
    *(f"Programming Language :: Python :: {version}" for version in PYTHONS),
)
# What the sdist must hold beside the package to build the docs and run the tests.
SDIST_MEMBERS = (
    "LICENSE",
    "README.md",
    "pyproject.toml",
    "constraints-dev.txt",
    "noxfile.py",
    "mkdocs.yml",
    "tests/conftest.py",
    "docs/index.md",
    "examples/quickstart.py",
    "tools/generate.py",
)


def check_wheel(path: Path) -> list[str]:
    problems = []
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(wheel.read(metadata_name).decode())
        dist_info = metadata_name.rsplit("/", 1)[0]
        if f"{dist_info}/licenses/LICENSE" not in names:
            problems.append("wheel: no LICENSE under .dist-info/licenses/")
        elif b"Apache License" not in wheel.read(f"{dist_info}/licenses/LICENSE"):
            problems.append("wheel: LICENSE is not the Apache License text")
        if "rekog/py.typed" not in names:
            problems.append("wheel: no rekog/py.typed marker")
        # Type checkers read the models from it (they load lazily at run time).
        if "rekog/models/__init__.pyi" not in names:
            problems.append("wheel: no rekog/models/__init__.pyi stub")
    if metadata.get("License-Expression") != "Apache-2.0":
        problems.append(f"wheel: License-Expression is {metadata.get('License-Expression')!r}")
    if "LICENSE" not in (metadata.get_all("License-File") or []):
        problems.append("wheel: no License-File: LICENSE in METADATA")
    classifiers = set(metadata.get_all("Classifier") or [])
    problems += [
        f"wheel: missing classifier {c!r}" for c in REQUIRED_CLASSIFIERS if c not in classifiers
    ]
    if metadata.get("Requires-Python") != ">=3.10":
        problems.append(f"wheel: Requires-Python is {metadata.get('Requires-Python')!r}")
    return problems


def check_sdist(path: Path) -> list[str]:
    with tarfile.open(path) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    return [f"sdist: missing {member}" for member in SDIST_MEMBERS if member not in names]


def main(paths: list[str]) -> int:
    problems: list[str] = []
    kinds = {".whl": check_wheel, ".gz": check_sdist}
    for text in paths:
        path = Path(text)
        problems += kinds[path.suffix](path)
    if not any(p.endswith(".whl") for p in paths) or not any(p.endswith(".tar.gz") for p in paths):
        problems.append("expected one sdist (.tar.gz) and one wheel (.whl)")
    for problem in problems:
        print(problem)
    print(f"check_dist: {len(problems)} problem(s) in {len(paths)} file(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
