"""Check that an environment holds every declared floor exactly (run by the lowest sessions).

    python tools/check_floors.py core local test     # the core dependencies and two extras
    python tools/check_floors.py async plot          # only those extras' own requirements

Reads rekog's installed metadata (what pyproject.toml declares) and compares each direct
requirement of the named groups (``core``: the unconditional ones) with the installed version. A floor that the
resolver could not install (because another floor needs more) is not a floor: it is reported,
and the session fails, so pyproject.toml never promises a version nothing runs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from importlib import metadata

from packaging.requirements import Requirement
from packaging.version import Version


def selected(requirements: Iterable[str], groups: set[str]) -> list[Requirement]:
    """The requirements (``Requires-Dist`` texts) of ``groups``: ``core`` for the
    unconditional ones, and extras by name. The noxfile installs by the same rule."""
    chosen = []
    for text in requirements:
        requirement = Requirement(text)
        if requirement.name == "rekog":
            continue  # an extra naming another of rekog's extras
        marker = requirement.marker
        if marker is None:
            wanted = "core" in groups
        else:
            wanted = any(marker.evaluate({"extra": e}) for e in groups - {"core"})
        if wanted:
            chosen.append(requirement)
    return chosen


def floors(groups: set[str]) -> dict[str, Version]:
    """The declared lower bound of each installed rekog requirement of ``groups``."""
    found: dict[str, Version] = {}
    for requirement in selected(metadata.requires("rekog") or [], groups):
        lower = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        if lower:
            name = re.sub(r"[-_.]+", "-", requirement.name).lower()
            found[name] = max(lower + ([found[name]] if name in found else []))
    return found


def main(extras: list[str]) -> int:
    problems = []
    declared = floors(set(extras))
    for name, floor in sorted(declared.items()):
        try:
            installed: Version | None = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            installed = None
        mark = "ok" if installed == floor else "NOT THE FLOOR"
        print(f"{name:24} declared >= {floor!s:12} installed {installed!s:12} {mark}")
        if installed != floor:
            problems.append(name)
    if problems:
        print(f"check_floors: {len(problems)} floor(s) not installed exactly: {problems}")
        return 1
    print(f"check_floors: all {len(declared)} floors installed exactly")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
