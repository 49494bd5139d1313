"""Public classes are named from their public home by type checkers (issue 23): mypy names a
class by the module that defines it, so ``reveal_type(rekog.Pager)`` must not say
``rekog._generated...`` nor any other private module.

The reveal file is written at test time from the public modules' ``__all__``, so a class
added to a public module is checked without editing this test. There is no exception: the
models and enums of ``rekog.models`` are generated into private modules that load one by one,
yet type checkers read them from the generated stub ``rekog/models/__init__.pyi`` and at run
time their ``__module__`` is ``rekog.models`` (``tests/models/test_public_home.py`` checks the
two agree).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from support.extras import requires_dev_tools
from support.mypy_run import run_mypy

import rekog
import rekog.models

#: Public packages whose layout another issue owns: their modules are checked, not walked.
NOT_WALKED = ("rekog.local.",)
MODELS = "rekog.models"

_REVEALED = re.compile(r':(\d+): note: Revealed type is "(.*)"$')


def public_modules() -> list[str]:
    """Every module of the rekog package with no private part in its name."""
    found = ["rekog"]
    for module in pkgutil.walk_packages(rekog.__path__, "rekog."):
        parts = module.name.split(".")
        if any(part.startswith("_") for part in parts) or module.name.startswith(NOT_WALKED):
            continue
        found.append(module.name)
    return sorted(found)


def public_classes(modules: list[str]) -> list[str]:
    """``module.Name`` of every class in a public module's ``__all__``."""
    names = []
    for module_name in modules:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            if inspect.isclass(getattr(module, name)):
                names.append(f"{module_name}.{name}")
    return names


def revealed_class(revealed: str) -> str:
    """The class a revealed constructor builds: ``def (...) -> rekog.pager.Pager[P, I]`` and
    ``Overload(def ... -> rekog.idempotency.Safety, ...)`` name ``rekog.pager.Pager``,
    ``rekog.idempotency.Safety``."""
    built = revealed.rsplit("-> ", 1)[-1]
    return re.split(r"[\[),]", built, maxsplit=1)[0].strip()


def is_private(qualified: str) -> bool:
    return any(part.startswith("_") for part in qualified.split(".")[:-1])


def reveal_all(tmp_path: Path, expressions: list[str]) -> dict[str, str]:
    """``{expression: the class mypy names}`` for each ``reveal_type(expression)``."""
    modules = sorted({expression.rsplit(".", 1)[0] for expression in expressions})
    lines = [f"import {module}" for module in modules]
    first = len(lines) + 1
    lines += [f"reveal_type({expression})" for expression in expressions]
    sweep = tmp_path / "reveal_public_classes.py"
    sweep.write_text("\n".join(lines) + "\n")
    out = run_mypy(sweep).stdout
    found: dict[str, str] = {}
    for line in out.splitlines():
        match = _REVEALED.search(line)
        # By file name: mypy's cache may report an identical file under its first path.
        if match and line.split(":", 1)[0].endswith(sweep.name):
            found[expressions[int(match[1]) - first]] = revealed_class(match[2])
    assert len(found) == len(expressions), out
    return found


def test_revealed_class_reads_the_constructor() -> None:
    assert revealed_class("def [P, I] (f: def () -> int) -> rekog.pager.Pager[P, I]") == (
        "rekog.pager.Pager"
    )
    assert revealed_class("Overload(def () -> a.B, def (x: int) -> a.B)") == "a.B"
    assert is_private("rekog._generated.sync.paging.Pager")
    assert not is_private("rekog.jobs.long_running.DatasetHandle")


def test_every_public_module_is_walked() -> None:
    modules = public_modules()
    assert {"rekog", "rekog.client", "rekog.pager", "rekog.jobs.long_running"} <= set(modules)
    assert {"rekog.draw", "rekog.plot", "rekog.bulk", "rekog.aio.long_running"} <= set(modules)
    assert not any(is_private(module + ".x") for module in modules)


@requires_dev_tools
def test_public_classes_are_named_from_public_modules(tmp_path: Path) -> None:
    expressions = public_classes(public_modules())
    revealed = reveal_all(tmp_path, expressions)
    private = {expression: name for expression, name in revealed.items() if is_private(name)}
    assert private == {}
    # The generated models and enums are named from rekog.models itself (the stub defines
    # them), every one of them; the hand-written bases from their public modules.
    models = {e: n for e, n in revealed.items() if e.rsplit(".", 1)[0] == MODELS}
    assert len(models) > 300
    elsewhere = {e: n for e, n in models.items() if n != e}
    assert elsewhere == {
        f"{MODELS}.{name}": f"{MODELS}.base.{name}"
        for name in ("InputShapeModel", "RekogModel", "RequestModel", "ResponseModel")
    } | {
        f"{MODELS}.SharedShapeModel": f"{MODELS}.base.SharedShapeModel",
        f"{MODELS}.OpenEnum": f"{MODELS}.open_enum.OpenEnum",
    }


def test_public_classes_report_public_modules_at_run_time() -> None:
    # Reprs, tracebacks and pickles use ``__module__``: a public home there too.
    private = {}
    for expression in public_classes(public_modules()):
        module_name, name = expression.rsplit(".", 1)
        cls = getattr(importlib.import_module(module_name), name)
        if is_private(f"{cls.__module__}.{name}"):
            private[expression] = cls.__module__
    assert private == {}
    assert repr(rekog.models.FaceDetail) == "<class 'rekog.models.FaceDetail'>"
    assert repr(rekog.models.EmotionName.HAPPY) == "<EmotionName.HAPPY: 'HAPPY'>"
    assert rekog.models.EmotionName.__module__ == MODELS
    assert repr(rekog.Pager) == "<class 'rekog.paging.Pager'>"
    assert repr(rekog.VideoJob) == "<class 'rekog.jobs.VideoJob'>"
