"""A Lambda-style package directory: only rekog's and boto3's runtime distributions.

A function deployed to AWS Lambda imports from its package (``/var/task``) and the runtime's
boto3, not from a development virtualenv with linters, docs tools and test servers. The
cold-start rows run fresh interpreters with ``-S`` (no site-packages) and this directory as
the only third-party ``sys.path`` entry, for boto3 and rekog alike. It matters for pydantic,
which reads the entry points of every installed distribution on its first model (its plugin
scan): 146 distributions in the development virtualenv, a dozen here.

The directory is symlinks into the current environment (and to the rekog checkout), so it
holds exactly the code and bytecode the other rows run.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
from pathlib import Path

from packaging.requirements import Requirement

_NAME = re.compile(r"[-_.]+")


def _canonical(name: str) -> str:
    return _NAME.sub("-", name).lower()


def runtime_closure(roots: list[str]) -> dict[str, metadata.Distribution]:
    """The installed distributions ``roots`` need at run time (no extras), by name."""
    found: dict[str, metadata.Distribution] = {}
    pending = list(roots)
    while pending:
        name = _canonical(pending.pop())
        if name in found:
            continue
        dist = metadata.distribution(name)
        found[name] = dist
        for line in dist.requires or []:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is None or marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return found


def _top_level_entries(dist: metadata.Distribution) -> set[str]:
    """The names a distribution installs at the top of site-packages (packages, modules)."""
    entries = set()
    for file in dist.files or []:
        first = file.parts[0]
        if first in ("..", "__pycache__") or first.endswith((".pth", ".dist-info")):
            continue
        if len(file.parts) == 1 and not first.endswith((".py", ".so")):
            continue
        entries.add(first)
    return entries


def build_package_dir(dest: Path, source_root: Path) -> list[str]:
    """Fill ``dest`` with links to rekog's and boto3's runtime closure; their names."""
    dest.mkdir(parents=True, exist_ok=True)
    closure = runtime_closure(["rekog", "boto3"])
    for name, dist in closure.items():
        site = Path(str(dist.locate_file("")))
        if name == "rekog":  # the checkout (an editable install has no files to link)
            (dest / "rekog").symlink_to(source_root / "rekog", target_is_directory=True)
        else:
            for entry in _top_level_entries(dist):
                target = site / entry
                if target.exists() and not (dest / entry).exists():
                    (dest / entry).symlink_to(target, target_is_directory=target.is_dir())
                    _link_bytecode(site, dest, entry)
        info = getattr(dist, "_path", None)  # the .dist-info directory: metadata, entry points
        if info is not None and Path(info).is_dir():
            info = Path(info).resolve()
            (dest / info.name).symlink_to(info, target_is_directory=True)
    return sorted(closure)


def _link_bytecode(site: Path, dest: Path, entry: str) -> None:
    """Link a top-level module's compiled bytecode too (a package's lives inside it).

    Without it every run would compile ``typing_extensions.py`` or ``six.py`` from source
    (bytecode is not written where ``PYTHONDONTWRITEBYTECODE`` is set).
    """
    if not entry.endswith(".py"):
        return
    for compiled in (site / "__pycache__").glob(f"{entry[:-3]}.*.pyc"):
        (dest / "__pycache__").mkdir(exist_ok=True)
        (dest / "__pycache__" / compiled.name).symlink_to(compiled)
