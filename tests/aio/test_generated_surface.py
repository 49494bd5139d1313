"""Both clients come from one operation table: the async methods have exactly the sync
methods' signatures and docstrings; generated code lives in one home and imports run one way."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from support.tools import import_tool

from rekog import AsyncRekognition, Rekognition
from rekog._generated.aio_namespaces import AsyncJobs, AsyncPaginators
from rekog._generated.namespaces import Jobs, Paginators
from rekog._generated.operations import OPERATIONS
from rekog.jobs.entry_points import ENTRY_POINTS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "rekog"
GENERATED = PACKAGE / "_generated"
#: Generated modules outside ``_generated``: the sync flavours defining public classes, written
#: into their public home so type checkers name them from there (``rekog.pager.Pager``).
PUBLIC_GENERATED = {
    ROOT / path for path in import_tool("unasync").UNASYNC_PAIRS if "/_generated/" not in path
}


def public_methods(cls: type) -> list[str]:
    return sorted(n for n, v in vars(cls).items() if not n.startswith("_") and callable(v))


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_each_async_method_mirrors_the_sync_one(operation: str) -> None:
    method = OPERATIONS[operation].method
    sync, aio = getattr(Rekognition, method), getattr(AsyncRekognition, method)
    assert inspect.iscoroutinefunction(aio) and not inspect.iscoroutinefunction(sync)
    assert inspect.signature(aio) == inspect.signature(sync)
    assert aio.__doc__ == sync.__doc__


@pytest.mark.parametrize(("sync", "aio"), [(Paginators, AsyncPaginators), (Jobs, AsyncJobs)])
def test_namespaces_mirror_each_other(sync: type, aio: type) -> None:
    assert public_methods(sync) == public_methods(aio)
    for name in public_methods(sync):
        ours, theirs = inspect.signature(getattr(aio, name)), inspect.signature(getattr(sync, name))
        assert ours.parameters == theirs.parameters
        assert getattr(aio, name).__doc__ == getattr(sync, name).__doc__
        # Coroutines: what calls an operation (video starts, long-running entry points);
        # attaching to existing work by its identifier sends nothing.
        calls = name.startswith("start_") or name in ENTRY_POINTS
        assert inspect.iscoroutinefunction(getattr(aio, name)) == calls


def test_every_generated_module_is_in_one_home() -> None:
    for path in PACKAGE.rglob("*.py"):
        generated = path.read_text().startswith("# GENERATED")
        home = GENERATED in path.parents or path in PUBLIC_GENERATED
        assert generated == home, path.relative_to(ROOT)
    public = {path.relative_to(ROOT).as_posix() for path in PUBLIC_GENERATED}
    assert public == {"rekog/pager.py", "rekog/jobs/video_job.py", "rekog/jobs/long_running.py"}


def is_module(name: str) -> bool:
    """Whether ``name`` (``rekog.x.y``) is a module or package of the source tree."""
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the rekog modules ``path`` imports (type-checking imports included)."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rsplit(".", 1)[0]
            target = (
                f"{base}.{node.module}" if node.level and node.module else (node.module or base)
            )
            # ``from .. import models`` imports the submodule rekog.models, not a name of rekog.
            submodules = {f"{target}.{alias.name}" for alias in node.names}
            found = {name for name in submodules if is_module(name)}
            names.update(found)
            if found != submodules:
                names.add(target)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.startswith("rekog")}


def test_generated_code_never_imports_a_client_module() -> None:
    clients = {"rekog.client", "rekog.aio", "rekog.aio.client", "rekog"}
    for path in [*GENERATED.rglob("*.py"), *PUBLIC_GENERATED]:
        assert not imported_modules(path) & clients, path.name


def test_namespaces_and_client_no_longer_import_each_other() -> None:
    namespaces = imported_modules(GENERATED / "namespaces.py")
    assert "rekog.client" not in namespaces
    # The client reaches them the other way only, on first use of ``rk.paginate``.
    from rekog import Rekognition
    from rekog._generated.namespaces import Paginators

    assert isinstance(Rekognition(region="us-east-1").paginate, Paginators)
